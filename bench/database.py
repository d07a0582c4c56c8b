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
    """--existing: the demo world already in the database, described like seed_demo's result.
    The administrators are found by their accounts (their committees differ by scale: at
    province scale the root is the province, not a city); `written` lists the phases the
    seed wrote (a seed `--through` a phase leaves the later ones out), read from its audit entry."""
    from types import SimpleNamespace

    from dangjian.core.models import AuditEntry
    from dangjian.core.roles import Post
    from dangjian.demo.generator import PHASES
    from dangjian.members.models import Member
    from dangjian.orgs.models import PartyOrg, Position, School

    admins = dict(Position.objects.filter(post=Post.COMMITTEE_ADMIN, ended_on__isnull=True,
                                          user__username__in=("city_admin", "county_admin", "province_admin"))
                  .values_list("user__username", "org_id"))
    accounts = [SimpleNamespace(persona=name, username=name, org_id=org_id) for name, org_id in sorted(admins.items())]
    counts = {"schools": School.objects.count(), "public_schools": School.objects.filter(ownership="public").count(),
              "private_schools": School.objects.filter(ownership="private").count(),
              "orgs": PartyOrg.objects.count(), "members": Member.objects.count(), "positions": Position.objects.count()}
    seeded = AuditEntry.objects.filter(action="demo.seed").order_by("-id").values_list("changes", flat=True).first()
    # seed_demo's counts name each later phase by itself, the staff phase as "staff_register".
    keys = {"staff": "staff_register"}
    written = {p for p in PHASES if seeded is None or keys.get(p, p) in seeded}
    return SimpleNamespace(accounts=accounts, counts=counts, seconds=None, phases={},
                           written=written)
