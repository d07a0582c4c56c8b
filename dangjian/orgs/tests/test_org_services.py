import datetime

import pytest
from django.core.exceptions import PermissionDenied

from dangjian.core.errors import RuleViolation
from dangjian.core.models import AuditEntry, Notification
from dangjian.core.roles import Post
from dangjian.orgs import services
from dangjian.orgs.models import OrgKind, PartyOrg, School
from dangjian.orgs.selectors import coverage_for, findings_for

DAY = datetime.date(2026, 11, 23)


def test_a_county_admin_sets_up_a_branch_under_their_county_and_it_is_audited(world):
    org = services.create_org(parent=world.county_a, kind=OrgKind.BRANCH, code="C01A-009", name="东城区第九小学党支部",
                              acting_user=world.county_admin)
    assert PartyOrg.objects.get_parent(org) == world.county_a
    assert AuditEntry.objects.filter(action="org.create", object_id=str(org.pk)).exists()


def test_a_party_group_cannot_hold_a_branch(world):
    with pytest.raises(RuleViolation, match="党小组下不能设立"):
        services.create_org(parent=world.group_a1, kind=OrgKind.BRANCH, code="X1", name="x")


def test_a_secretary_cannot_edit_another_schools_organization(world):
    with pytest.raises(PermissionDenied):
        services.update_org(world.branch_b, name="改名", acting_user=world.secretary_a)
    world.branch_b.refresh_from_db()
    assert world.branch_b.name == "东城区实验小学党支部"


def test_a_second_secretary_at_the_same_time_is_refused_with_the_rule(world):
    with pytest.raises(RuleViolation) as caught:
        services.appoint(org=world.branch_a, post=Post.SECRETARY, person_name="另一人", started_on=DAY,
                         acting_user=world.county_admin)
    assert "支部工作条例" in caught.value.rule.citation


def test_ending_a_position_keeps_it_in_the_history(world):
    position = world.branch_a.positions.get(post=Post.ORGANIZATION_MEMBER)
    services.end_position(position, ended_on=DAY, reason="工作调动", acting_user=world.secretary_a)
    position.refresh_from_db()
    assert position.ended_on == DAY
    services.appoint(org=world.branch_a, post=Post.ORGANIZATION_MEMBER, person_name="新委员",
                     started_on=DAY + datetime.timedelta(days=1), acting_user=world.secretary_a)
    assert world.branch_a.positions.filter(post=Post.ORGANIZATION_MEMBER).count() == 2


def test_a_county_admin_cannot_appoint_another_admin_at_their_own_level(world):
    with pytest.raises(PermissionDenied):
        services.appoint(org=world.county_a, post=Post.COMMITTEE_ADMIN, person_name="x", started_on=DAY,
                         acting_user=world.county_admin)


def test_a_joint_branch_refuses_a_sixth_school(world):
    for i in range(3):
        school = School.objects.create(code=f"S-N{i}", name=f"新校{i}", school_type="primary", ownership="public",
                                       county="东城区", supervisor=world.county_a, no_org_reason="no_members")
        services.attach_school(school, world.joint, acting_user=world.county_admin)
    sixth = School.objects.create(code="S-N9", name="新校9", school_type="primary", ownership="public",
                                  county="东城区", supervisor=world.county_a, no_org_reason="no_members")
    with pytest.raises(RuleViolation) as caught:
        services.attach_school(sixth, world.joint, acting_user=world.county_admin)
    assert caught.value.rule.code == "joint_branch_schools"


def test_coverage_is_reported_separately_for_public_and_private_schools(world):
    county = coverage_for(world.county_a)
    assert (county.public_schools, county.public_covered, county.public_rate) == (4, 4, 100.0)
    assert (county.private_schools, county.private_covered, county.private_rate) == (1, 0, 0.0)


def test_findings_come_from_the_subtree_in_a_bounded_number_of_queries(world, django_assert_max_num_queries):
    orgs = list(PartyOrg.objects.within(world.city))
    with django_assert_max_num_queries(4):
        found = findings_for(orgs, DAY)
    # The joint branch has one member; school C's committee has one member and no secretary.
    assert any(f.rule.code == "branch_min_full_members" for f in found[world.joint.pk])
    assert any(f.rule.code == "secretary_required" for f in found[world.committee_c.pk])


def test_term_reminders_reach_the_secretary_and_the_county_once(world):
    world.branch_a.term_end = DAY + datetime.timedelta(days=30)
    world.branch_a.save()
    first = services.send_term_reminders(DAY)
    again = services.send_term_reminders(DAY)
    assert first >= 3 and again == 0  # secretary A, county admin, city admin
    assert Notification.objects.filter(user=world.secretary_a, level="warning").exists()
    assert not Notification.objects.filter(user=world.secretary_b).exists()
