"""The benchmark's database: a fresh one created beside the configured one (never its data), or
the demo world already seeded in it (--existing). Shared by bench/run.py and the modules that
also run alone (bench/reports.py); Django is set up by the caller."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def create_database() -> str:
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        name = str(db["NAME"])
        # A file, as in production, not the in-memory database Django tests use by default.
        target = name.removesuffix(".sqlite3") + ".bench.sqlite3" if name != ":memory:" else str(ROOT / "var/bench.sqlite3")
        db.setdefault("TEST", {})["NAME"] = target
    else:
        # Not Django's `test_<name>`: a test run of the suite on the same server uses that one,
        # and autoclobber would drop it under the running tests.
        db.setdefault("TEST", {})["NAME"] = f"bench_{db['NAME']}"
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=False)
    return connection.settings_dict["NAME"]


def existing_world():
    """--existing: the demo world already in the database, described like seed_demo's result."""
    from types import SimpleNamespace

    from dangjian.members.models import Member
    from dangjian.orgs.models import OrgKind, PartyOrg, Position, School

    city = PartyOrg.objects.filter(depth=1).order_by("path").first()
    county = PartyOrg.objects.filter(kind=OrgKind.EDUCATION_COMMITTEE, depth=2).order_by("path").first()
    accounts = [SimpleNamespace(persona="city_admin", username="city_admin", org_id=city.pk),
                SimpleNamespace(persona="county_admin", username="county_admin", org_id=county.pk)]
    counts = {"schools": School.objects.count(), "public_schools": School.objects.filter(ownership="public").count(),
              "private_schools": School.objects.filter(ownership="private").count(),
              "orgs": PartyOrg.objects.count(), "members": Member.objects.count(), "positions": Position.objects.count()}
    return SimpleNamespace(accounts=accounts, counts=counts, seconds=0.0, phases={"（已有数据，未生成）": 0.0})
