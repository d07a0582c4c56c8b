"""seed_demo at school scale builds a world the rest of the system can trust: the personas with
their posts on a valid tree, their passwords and TOTP devices, one audit entry for the run, and
nothing added by a second run with --if-empty. (The command's own behaviour on an empty
database — refusals, --reset, the same world for the same seed — is in
../test_seed_demo.py.)"""

import base64
import datetime

import pytest
from django.contrib.auth import password_validation
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from dangjian.accounts.models import User
from dangjian.core.audit import verify_chain
from dangjian.core.models import AuditEntry
from dangjian.core.roles import COMMITTEE_POSTS, Post
from dangjian.demo.personas import PERSONAS
from dangjian.demo.tests.seeding import SCHOOL_PACKAGE_CREDENTIALS, assert_valid_tree, seed
from dangjian.members.models import Member
from dangjian.orgs.models import OrgKind, PartyOrg, Position, School

pytestmark = pytest.mark.django_db


def test_school_scale_has_the_personas_on_a_valid_tree(demo_accounts):
    accounts = demo_accounts

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


def test_committee_admins_get_a_confirmed_totp_device(demo_accounts):
    accounts = demo_accounts
    for account in accounts:
        devices = TOTPDevice.objects.filter(user__username=account["username"], confirmed=True)
        if account["persona"] in ("city_admin", "county_admin"):
            device = devices.get()
            key = base64.b32decode(account["totp_secret"])
            assert device.bin_key == key
            assert device.verify_token(f"{totp(key):06d}")
        else:
            assert account["totp_secret"] is None and not devices.exists()


def test_a_test_may_ask_for_passwords_it_knows_beforehand(demo_accounts):
    """The package's seed took its secrets from SCHOOL_PACKAGE_CREDENTIALS (conftest.py)."""
    known = SCHOOL_PACKAGE_CREDENTIALS

    city_admin = next(a for a in demo_accounts if a["persona"] == "city_admin")
    assert city_admin["password"] == known.password("city_admin", 0)
    assert User.objects.get(username="city_admin").check_password(known.password("city_admin", 0))
    assert base64.b32decode(city_admin["totp_secret"]) == known.totp_key("city_admin")
    # The file holds live passwords: its owner alone may read it.
    assert demo_accounts.file.stat().st_mode & 0o777 == 0o600


def test_one_audit_entry_per_run():
    entry = AuditEntry.objects.get(action="demo.seed")
    assert entry.changes["members"] == Member.objects.count() == 46 + 2
    assert verify_chain().ok


def test_if_empty_leaves_an_existing_database_alone():
    seed("county", if_empty=True)  # make run: no error, nothing added
    assert School.objects.count() == 2
