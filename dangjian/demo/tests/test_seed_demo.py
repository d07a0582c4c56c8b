"""seed_demo builds a world the rest of the system can trust: a valid tree, valid and unique ID
numbers, the personas with their posts, the shapes the rules expect, and the same world for
the same seed. City scale is exercised only by bench/run.py (it takes seconds, not minutes,
but the suite stays fast)."""

import datetime
from collections import Counter

import pytest
from django.contrib.auth import password_validation
from django.core.management import CommandError
from django.db.models import Count
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from dangjian.accounts.models import User
from dangjian.core.audit import verify_chain
from dangjian.core.models import AuditEntry
from dangjian.core.roles import COMMITTEE_POSTS, Post
from dangjian.core.validators import parse_id_number
from dangjian.demo.generator import plan_world
from dangjian.demo.personas import PERSONAS
from dangjian.demo.tests.seeding import seed, seeded_once
from dangjian.members.models import Member, MemberStatus
from dangjian.orgs import selectors
from dangjian.orgs.models import OrgKind, Ownership, PartyOrg, Position, School
from dangjian.orgs.rules import JOINT_BRANCH_MAX_SCHOOLS
from dangjian.orgs.services import ALLOWED_CHILDREN

pytestmark = pytest.mark.django_db


def assert_valid_tree():
    assert PartyOrg.objects.find_problems() == ([], [], [], [], [])
    # fix_tree recomputes depth and child counts (and, with fix_paths, renumbers the paths
    # densely in order): on a tree written right it has nothing to change.
    before = list(PartyOrg.objects.values_list("id", "path", "depth", "numchild"))
    PartyOrg.objects.fix_tree(fix_paths=True)
    assert list(PartyOrg.objects.values_list("id", "path", "depth", "numchild")) == before
    orgs = {o.path: o for o in PartyOrg.objects.all()}
    for path, org in orgs.items():
        parent = orgs.get(path[:-PartyOrg.steplen])
        assert org.kind in ALLOWED_CHILDREN[parent.kind if parent else None], org.code


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
def test_refuses_a_non_empty_database_unless_reset():
    seed("school")
    with pytest.raises(CommandError, match="--reset"):
        seed("school")
    assert Member.objects.count() == 48

    seed("school", reset=True)
    assert Member.objects.count() == 48
    assert User.objects.count() == len(PERSONAS)


def test_county_scale_counts_shapes_and_ids():
    seed("county")
    county = PartyOrg.objects.get(depth=2)

    schools = School.objects.all()
    assert schools.count() == 150
    assert schools.filter(ownership=Ownership.PUBLIC).count() == 120
    assert 1_400 <= Member.objects.count() <= 1_600
    retirees_share = Member.objects.filter(birth_date__lt=datetime.date(1966, 1, 1)).count() / Member.objects.count()
    assert 0.10 <= retirees_share <= 0.20
    assert Member.objects.filter(status=MemberStatus.PROBATIONARY).exists()
    assert_valid_tree()

    coverage = selectors.coverage_for(county)
    assert coverage.public_rate == 100.0
    assert 85 <= coverage.private_rate < 100
    for school in schools.filter(party_org__isnull=True):
        assert school.ownership == Ownership.PRIVATE and school.no_org_reason

    joint = Counter(School.objects.filter(party_org__kind=OrgKind.JOINT_BRANCH).values_list("party_org", flat=True))
    assert joint and min(joint.values()) >= 2 and max(joint.values()) <= JOINT_BRANCH_MAX_SCHOOLS

    # Every school-level organization has a secretary on record, and some break a rule.
    school_orgs = selectors.school_orgs_within(county)
    findings = selectors.findings_for(school_orgs)
    assert any(findings.values())
    flagged = sum(1 for items in findings.values() if items)
    assert flagged < len(school_orgs) / 4

    seen = set()
    for member in Member.objects.all():
        facts = parse_id_number(member.get_id_number())
        assert facts.birth_date == member.birth_date
        assert facts.gender == member.gender
        seen.add(facts.number)
    assert len(seen) == Member.objects.count()

    # Branches with groups have 10 members or more; groups have members.
    groups = PartyOrg.objects.filter(kind=OrgKind.GROUP).annotate(n=Count("group_members"))
    assert groups.exists() and all(g.n > 0 for g in groups)


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
