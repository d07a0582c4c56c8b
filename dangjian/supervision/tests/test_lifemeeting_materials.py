"""对照检查材料 and who approves them (R_APPROVAL): the branch's secretary approves a member's; the
secretary's own and the leadership's go to the higher committee; nobody approves their own; a
committee member who is not the secretary does not approve at all."""

import pytest
from django.core.exceptions import PermissionDenied

from dangjian.supervision.models.lifemeeting import ReviewMaterial
from dangjian.supervision.rules import lifemeeting as R
from dangjian.supervision.services import lifemeeting_materials as materials
from dangjian.supervision.tests.lifemeeting_helpers import (
    TODAY,
    frozen,  # noqa: F401 - a fixture
    open_branch_a,
    problem_rows,
    refused,
    write,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def submitted(world, life, member):
    return materials.submit_material(write(world, life, member), acting_user=world.secretary_a, today=TODAY)


def test_the_secretary_approves_a_members_material(world):
    life = open_branch_a(world)
    material = materials.approve_material(submitted(world, life, world.m_member_a), acting_user=world.secretary_a,
                                          today=TODAY)
    assert (material.state, material.reviewed_by, material.reviewed_on) == ("approved", world.secretary_a, TODAY)
    assert list(material.problems.values_list("problem", flat=True)) == ["杨帆：理论学习不够系统"]


def test_a_committee_member_who_is_not_the_secretary_may_not_approve(world):
    life = open_branch_a(world)
    material = submitted(world, life, world.m_member_a)
    with pytest.raises(PermissionDenied):
        materials.approve_material(material, acting_user=world.org_member_a, today=TODAY)
    assert ReviewMaterial.objects.get(pk=material.pk).state == "submitted"


def test_the_secretary_does_not_approve_her_own_material_the_county_does(world):
    life = open_branch_a(world)
    material = submitted(world, life, world.m_secretary_a)
    refusal = refused(lambda: materials.approve_material(material, acting_user=world.secretary_a, today=TODAY))
    assert refusal.rule == R.R_APPROVAL and refusal.code == "own_material"
    assert materials.approve_material(material, acting_user=world.county_admin, today=TODAY).state == "approved"


def test_the_leaderships_material_is_approved_by_the_higher_committee_only(world):
    life = open_branch_a(world)
    material = materials.submit_material(write(world, life, None), acting_user=world.secretary_a, today=TODAY)
    refusal = refused(lambda: materials.approve_material(material, acting_user=world.secretary_a, today=TODAY))
    assert (refusal.rule, refusal.code) == (R.R_APPROVAL, "higher_reviews")
    assert materials.approve_material(material, acting_user=world.county_admin, today=TODAY).state == "approved"


def test_a_returned_material_says_why_and_can_be_rewritten_and_submitted_again(world):
    life = open_branch_a(world)
    material = submitted(world, life, world.m_member_a)
    assert refused(lambda: materials.return_material(material, reason=" ", acting_user=world.secretary_a)).field == "reason"
    returned = materials.return_material(material, reason="问题查摆不具体，请联系岗位实际", acting_user=world.secretary_a)
    assert (returned.state, returned.return_reason) == ("returned", "问题查摆不具体，请联系岗位实际")
    rewritten = write(world, life, world.m_member_a)
    assert rewritten.state == "draft"
    assert materials.submit_material(rewritten, acting_user=world.secretary_a).state == "submitted"


def test_an_approved_material_is_no_longer_rewritten(world):
    life = open_branch_a(world)
    materials.approve_material(submitted(world, life, world.m_member_a), acting_user=world.secretary_a, today=TODAY)
    refusal = refused(lambda: materials.write_material(life, member=world.m_member_a.pk, causes="新原因",
                                                       problems=problem_rows("杨帆"), acting_user=world.secretary_a))
    assert refusal.code == "wrong_state"


def test_only_a_submitted_material_is_approved(world):
    life = open_branch_a(world)
    draft = write(world, life, world.m_member_a)
    assert refused(lambda: materials.approve_material(draft, acting_user=world.secretary_a)).code == "wrong_state"


def test_a_problems_deadline_before_the_meeting_is_refused(world):
    life = open_branch_a(world)
    rows = [{"problem": "学习不够", "measures": "加强学习", "deadline": "2026-11-01"}]
    refusal = refused(lambda: materials.write_material(life, member=world.m_member_a.pk, causes="原因", problems=rows,
                                                       acting_user=world.secretary_a))
    assert refusal.rule == R.R_PROBLEMS and "不能早于会议日期" in refusal.message
