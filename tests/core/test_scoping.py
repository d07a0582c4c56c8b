from dangjian.members.models import Member
from dangjian.orgs.models import PartyOrg, School


def test_a_county_admin_sees_their_county_and_nothing_of_the_other(world):
    orgs = set(PartyOrg.objects.visible_to(world.county_admin).values_list("code", flat=True))
    assert "C01A-001" in orgs and "C01A" in orgs
    assert "C01B" not in orgs and "C01" not in orgs


def test_a_school_secretary_sees_only_their_school(world):
    schools = set(School.objects.visible_to(world.secretary_a).values_list("code", flat=True))
    assert schools == {"S-A"}


def test_a_county_admin_sees_schools_without_a_party_organization(world):
    assert School.objects.visible_to(world.county_admin).filter(code="S-P").exists()


def test_an_ordinary_member_sees_only_their_own_record(world):
    assert list(Member.objects.visible_to(world.member_a)) == [world.m_member_a]


def test_a_principal_sees_the_school_but_not_the_members(world):
    assert School.objects.visible_to(world.principal_a).filter(code="S-A").exists()
    assert not Member.objects.visible_to(world.principal_a).exists()
