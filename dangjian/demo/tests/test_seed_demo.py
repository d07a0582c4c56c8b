"""seed_demo, the command, on an empty database: it refuses a database that holds data unless
--reset, draws new secrets on every run, gives a test the passwords it asks for, refuses in
production, and plans the same world for the same seed. What it builds at school scale — the
personas with their posts on a valid tree — is checked in school_scale/test_seed_demo.py, on the
school seed shared by that package; the county scale's counts and shapes with its member data in
county_scale/test_member_data.py; the city scale only by bench/run.py (it takes seconds, not
minutes, but the suite stays fast)."""

import base64
import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError
from django.test import override_settings

from dangjian.accounts.models import User
from dangjian.demo.generator import plan_world
from dangjian.demo.personas import PERSONAS
from dangjian.demo.tests.seeding import seed
from dangjian.members.models import Member
from dangjian.orgs.models import PartyOrg
from dangjian.staff.models import StaffMember
from dangjian.testing import build_world

# Few tests, long: the school scale's accounts seeded twice for real (--reset) and a process started
# to be refused. (A test's known credentials are checked on school_scale/'s shared seed, which takes them.)
pytestmark = pytest.mark.long_scope


# --reset flushes the database; inside a test transaction PostgreSQL refuses to TRUNCATE rows
# with pending deferred-constraint checks, so this test commits for real.
@pytest.mark.django_db(transaction=True)
def test_refuses_a_non_empty_database_unless_reset_and_each_run_draws_new_secrets(tmp_path):
    # Through the accounts (--through positions): what this test is about is the command, the
    # reset and the secrets; the whole school world is checked on school_scale/'s shared seed.
    first = seed("school", tmp_path, through="positions")
    assert not StaffMember.objects.exists()  # the phases after the accounts did not run
    with pytest.raises(CommandError, match="--reset"):
        seed("school")
    assert Member.objects.count() == 48

    second = seed("school", tmp_path, reset=True, through="positions")
    assert Member.objects.count() == 48
    assert User.objects.count() == len(PERSONAS)

    # Same public seed, same world, but nothing an outsider could recompute from the seed.
    assert [a["username"] for a in first] == [a["username"] for a in second]
    for before, now in zip(first, second, strict=True):
        assert before["password"] != now["password"]
        if now["totp_secret"] is not None:
            assert before["totp_secret"] != now["totp_secret"]
        assert User.objects.get(username=now["username"]).check_password(now["password"])
        assert not User.objects.get(username=now["username"]).check_password(before["password"])
    assert sum(a["totp_secret"] is not None for a in second) == 2


@pytest.mark.django_db
@pytest.mark.engine_neutral("the refusal is decided in Python before the command reads the database; what is "
                            "checked after it is two SELECTs of empty tables")
@override_settings(PRODUCTION=True)
def test_production_refuses_to_seed_demo_accounts():
    with pytest.raises(CommandError, match="生产环境.*拒绝生成演示数据"):
        seed("school")

    assert not User.objects.exists() and not PartyOrg.objects.exists()


@pytest.mark.django_db
@pytest.mark.engine_neutral("the refusal is decided in Python before anything is flushed; the world it leaves "
                            "alone is build_world's, which every test of a shared world runs on PostgreSQL")
@override_settings(PRODUCTION=True)
def test_production_refuses_even_with_reset_and_flushes_nothing():
    build_world()
    people, members = User.objects.count(), Member.objects.count()

    with pytest.raises(CommandError, match="拒绝生成演示数据"):
        seed("school", reset=True)

    assert (User.objects.count(), Member.objects.count()) == (people, members) != (0, 0)


def test_seed_demo_run_as_production_exits_non_zero_with_the_reason(tmp_path):
    """What an operator types: `DANGJIAN_ENV=production manage.py seed_demo`. The database is
    not even migrated: the refusal comes before anything is read."""
    manage = Path(__file__).resolve().parents[3] / "manage.py"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DANGJIAN_", "DATABASE_URL"))}
    env |= {"DANGJIAN_ENV": "production", "DANGJIAN_VAR_DIR": str(tmp_path / "var"),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "DJANGO_SECRET_KEY": "p" * 64, "DJANGO_ALLOWED_HOSTS": "dangjian.example.cn",
            "DANGJIAN_ENCRYPTION_KEY": base64.b64encode(os.urandom(32)).decode()}

    result = subprocess.run([sys.executable, str(manage), "seed_demo", "--scale", "school"], env=env,
                            capture_output=True, text=True, timeout=120, cwd=manage.parent)

    assert result.returncode != 0
    assert "拒绝生成演示数据" in result.stderr and "DANGJIAN_ENV=production" in result.stderr
    assert "Traceback" not in result.stderr


def test_same_seed_same_world_other_seed_other_world():
    day = datetime.date(2026, 3, 1)

    def fingerprint(seed_value):
        plan = plan_world("county", seed_value, day)
        return (
            [(n.code, n.name, n.kind) for n in plan.root.walk()],
            [(s.code, s.name, s.staff, s.students, s.principal_name) for s in plan.schools],
            [(m.name, m.id_number, m.org.code) for m in plan.members],
            [(p.org.code, p.post, p.person_name) for p in plan.positions],
        )

    first = fingerprint(7)
    assert fingerprint(7) == first
    assert fingerprint(8) != first


@pytest.mark.parametrize("enabled", [True, False])
def test_the_seed_hands_the_garbage_collector_back_as_it_found_it(enabled):
    import gc

    from dangjian.demo.generator import _collector_spares_what_lives_on

    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        with _collector_spares_what_lives_on():
            assert not gc.isenabled() and gc.get_freeze_count() > 0
        assert gc.isenabled() is enabled and gc.get_freeze_count() == 0
        with pytest.raises(RuntimeError), _collector_spares_what_lives_on():
            raise RuntimeError("a phase fails")
        assert gc.isenabled() is enabled and gc.get_freeze_count() == 0
    finally:
        (gc.enable if was else gc.disable)()


@pytest.mark.django_db
def test_statistics_are_fresh_when_the_references_are_checked_and_only_our_tables_are_analysed():
    # A run stopped after any phase re-adds every foreign key, each checked by one join planned from
    # the statistics: they are refreshed just before, not left from a phase when the tables were
    # empty. And no bare ANALYZE: it would also lock the catalogues every database shares.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dangjian.demo.generator import _references_checked_at_the_end

    phases: dict = {}
    with CaptureQueriesContext(connection) as run, _references_checked_at_the_end(phases):
        pass
    statements = [q["sql"] for q in run.captured_queries]
    if connection.vendor != "postgresql":  # no keys dropped on SQLite: nothing to check again
        assert statements == [] and phases == {}
        return
    analyses = [i for i, sql in enumerate(statements) if sql.startswith("ANALYZE")]
    re_added = [i for i, sql in enumerate(statements) if "ADD CONSTRAINT" in sql]
    dropped = [i for i, sql in enumerate(statements) if "DROP CONSTRAINT" in sql]
    assert len(analyses) == 1 and re_added and dropped
    assert max(dropped) < analyses[0] < min(re_added)
    analysed = statements[analyses[0]]
    assert '"members_member"' in analysed and '"dues_duesline"' in analysed and "pg_" not in analysed
    assert "references" in phases
