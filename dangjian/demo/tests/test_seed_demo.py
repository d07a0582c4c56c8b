"""seed_demo builds a world the rest of the system can trust: a valid tree, valid and unique ID
numbers, the personas with their posts, the shapes the rules expect, and the same world for
the same seed. The county scale's counts and shapes are checked with its member data in
test_member_data.py (one seed for both); the city scale only by bench/run.py (it takes
seconds, not minutes, but the suite stays fast)."""

import base64
import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import password_validation
from django.core.management import CommandError
from django.test import override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from dangjian.accounts.models import User
from dangjian.core.audit import verify_chain
from dangjian.core.models import AuditEntry
from dangjian.core.roles import COMMITTEE_POSTS, Post
from dangjian.demo.generator import plan_world
from dangjian.demo.personas import PERSONAS
from dangjian.demo.tests.seeding import KnownCredentials, assert_valid_tree, seed, seeded_once
from dangjian.members.models import Member
from dangjian.orgs.models import OrgKind, PartyOrg, Position, School
from dangjian.testing import build_world

pytestmark = [pytest.mark.django_db, pytest.mark.long_scope]


class TestTheSchoolScale:
    """The school scale seeded once for these tests (the county scale and a real commit below
    seed their own); each test reads it in its own savepoint."""

    @pytest.fixture(scope="class")
    @classmethod
    def school_accounts(cls, django_db_setup, django_db_blocker, tmp_path_factory):
        with seeded_once("school", django_db_blocker, tmp_path_factory.mktemp("school")) as accounts:
            yield accounts

    def test_school_scale_has_the_personas_on_a_valid_tree(self, school_accounts):
        accounts = school_accounts

        assert [a["persona"] for a in accounts] == list(PERSONAS)
        assert_valid_tree()
        by_persona = {a["persona"]: a for a in accounts}
        for account in accounts:
            user = User.objects.get(username=account["username"])
            assert user.check_password(account["password"])
            password_validation.validate_password(account["password"], user)
        city = PartyOrg.objects.get(depth=1)
        county = PartyOrg.objects.get(depth=2)
        assert by_persona["city_admin"]["org_id"] == city.id
        assert by_persona["county_admin"]["org_id"] == county.id

        branch_a = PartyOrg.objects.get(pk=by_persona["secretary_a"]["org_id"])
        branch_b = PartyOrg.objects.get(pk=by_persona["secretary_b"]["org_id"])
        assert branch_a != branch_b and branch_a.kind == branch_b.kind == OrgKind.BRANCH
        assert PartyOrg.objects.get_parent(branch_a) == PartyOrg.objects.get_parent(branch_b) == county
        assert Member.objects.filter(org=branch_a).count() == 40
        assert PartyOrg.objects.filter(path__startswith=branch_a.path, kind=OrgKind.GROUP).count() == 3
        committee = Position.objects.active_on(datetime.date.today()).filter(org=branch_a, post__in=COMMITTEE_POSTS)
        assert 3 <= committee.count() <= 5
        for persona, post in [("secretary_a", Post.SECRETARY), ("org_member_a", Post.ORGANIZATION_MEMBER),
                              ("principal_a", Post.PRINCIPAL), ("secretary_b", Post.SECRETARY)]:
            position = Position.objects.get(user__username=persona)
            assert position.post == post and position.ended_on is None
            assert position.member.user.username == persona
        member_a = Member.objects.get(user__username="member_a")
        assert member_a.org == branch_a and member_a.group is not None and not member_a.positions.exists()
        assert not Position.objects.filter(user__username="member_a").exists()
        assert School.objects.get(party_org=branch_a).supervisor == county

    def test_committee_admins_get_a_confirmed_totp_device(self, school_accounts):
        import base64

        accounts = school_accounts
        for account in accounts:
            devices = TOTPDevice.objects.filter(user__username=account["username"], confirmed=True)
            if account["persona"] in ("city_admin", "county_admin"):
                device = devices.get()
                key = base64.b32decode(account["totp_secret"])
                assert device.bin_key == key
                assert device.verify_token(f"{totp(key):06d}")
            else:
                assert account["totp_secret"] is None and not devices.exists()

    def test_one_audit_entry_per_run(self, school_accounts):
        entry = AuditEntry.objects.get(action="demo.seed")
        assert entry.changes["members"] == Member.objects.count() == 46 + 2
        assert verify_chain().ok

    def test_if_empty_leaves_an_existing_database_alone(self, school_accounts):
        seed("county", if_empty=True)  # make run: no error, nothing added
        assert School.objects.count() == 2


# --reset flushes the database; inside a test transaction PostgreSQL refuses to TRUNCATE rows
# with pending deferred-constraint checks, so this test commits for real.
@pytest.mark.django_db(transaction=True)
def test_refuses_a_non_empty_database_unless_reset_and_each_run_draws_new_secrets(tmp_path):
    first = seed("school", tmp_path)
    with pytest.raises(CommandError, match="--reset"):
        seed("school")
    assert Member.objects.count() == 48

    second = seed("school", tmp_path, reset=True)
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


def test_a_test_may_ask_for_passwords_it_knows_beforehand(tmp_path):
    known = KnownCredentials("seed-demo-test")

    accounts = seed("school", tmp_path, credentials=known)

    city_admin = next(a for a in accounts if a["persona"] == "city_admin")
    assert city_admin["password"] == known.password("city_admin", 0)
    assert User.objects.get(username="city_admin").check_password(known.password("city_admin", 0))
    assert base64.b32decode(city_admin["totp_secret"]) == known.totp_key("city_admin")
    # The file holds live passwords: its owner alone may read it.
    assert (tmp_path / "accounts.json").stat().st_mode & 0o777 == 0o600


@override_settings(PRODUCTION=True)
def test_production_refuses_to_seed_demo_accounts():
    with pytest.raises(CommandError, match="生产环境.*拒绝生成演示数据"):
        seed("school")

    assert not User.objects.exists() and not PartyOrg.objects.exists()


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
