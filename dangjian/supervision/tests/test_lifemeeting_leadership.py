"""The 民主生活会 of a school 党委 (西城区第二中学党委): its participants are the committee members,
the leadership's own 对照检查材料 is required and goes to the higher committee, 列席指导 is required
by default (若干规定), and 双重组织生活 is each member's attendance at the 组织生活会 of the branch
their membership is in."""

import datetime

import pytest

from dangjian.core.roles import Post
from dangjian.orglife.services import record_meeting
from dangjian.orgs.models import Position
from dangjian.supervision.rules import lifemeeting as R
from dangjian.supervision.selectors.lifemeeting import own_branches, participants, readiness
from dangjian.supervision.services import lifemeeting as prep
from dangjian.supervision.services import lifemeeting_materials as materials
from dangjian.supervision.services import lifemeeting_meeting as meeting
from dangjian.supervision.tests.lifemeeting_helpers import (
    PLANNED,
    PREP_DAY,
    TODAY,
    frozen,  # noqa: F401 - a fixture
    problem_rows,
    refused,
)
from dangjian.testing import add_member

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
D = datetime.date


@pytest.fixture
def committee(world):
    """韩磊 (secretary) and 吴敏 (organization member) on the school 党委; both members of its first branch."""
    wu = add_member(world.branch_c1, "吴敏", male=False)
    for member, post in ((world.m_c, Post.SECRETARY), (wu, Post.ORGANIZATION_MEMBER)):
        Position.objects.create(org=world.committee_c, post=post, person_name=member.name, member=member,
                                started_on=D(2024, 9, 1))
    return [world.m_c, wu]


def prepared(world, people):
    life = prep.open_process(world.committee_c, kind="leadership_life_meeting", topic="2026年度民主生活会",
                             planned_on=PLANNED, acting_user=world.county_b_admin, today=TODAY)
    prep.record_study(life, held_on=PREP_DAY, form="seminar", topic="专题研讨", today=TODAY)
    prep.record_opinion(life, collected_on=PREP_DAY, channel="form", source="lower", content="班子深入一线不够", today=TODAY)
    prep.summarize_opinions(life, summary="意见 1 条", today=TODAY)
    pair = prep.plan_talk(life, talker=people[0].pk, talkee=people[1].pk)
    prep.record_talk(pair, held_on=PREP_DAY, summary="交换意见", today=TODAY)
    for person in [*people, None]:
        written = materials.write_material(life, member=person.pk if person else None, causes="原因",
                                           problems=problem_rows(person.name if person else "班子"))
        materials.approve_material(materials.submit_material(written, today=TODAY), acting_user=world.county_b_admin,
                                   today=TODAY)
    return life


def test_the_participants_are_the_committee_members(world, committee):
    life = prep.open_process(world.committee_c, kind="leadership_life_meeting", topic="民主生活会", planned_on=PLANNED,
                             today=TODAY)
    assert {e.member for e in participants(life)} == set(committee)


def test_the_leaderships_own_material_is_required_before_the_meeting(world, committee):
    life = prep.open_process(world.committee_c, kind="leadership_life_meeting", topic="民主生活会", planned_on=PLANNED,
                             today=TODAY)
    for person in committee:
        written = materials.write_material(life, member=person.pk, causes="原因", problems=problem_rows(person.name))
        materials.approve_material(materials.submit_material(written), today=TODAY)
    check = readiness(life, TODAY)[3]
    assert not check.done and "班子对照检查材料尚未审核" in check.detail


def test_a_leadership_meeting_needs_the_higher_committees_observer_by_default(world, committee):
    life = prepared(world, committee)
    refusal = refused(lambda: meeting.hold(life, held_on=PLANNED, place="会议室", acting_user=world.county_b_admin,
                                           today=TODAY))
    assert refusal.rule.code == R.R_OBSERVER.code and "民主生活会若干规定" in refusal.rule.citation
    life = meeting.hold(life, held_on=PLANNED, place="会议室", observer_name="赵志刚", observer_org=world.county_b.pk,
                        acting_user=world.county_b_admin, today=TODAY)
    assert (life.stage, life.meeting.kind, life.meeting.expected_count) == (R.Stage.HELD, "leadership_life_meeting", 2)


def test_double_organizational_life_is_each_members_own_branchs_life_meeting(world, committee):
    life = prepared(world, committee)
    assert [(row.member, row.branch, row.attended) for row in own_branches(life)] == [
        (committee[0], world.branch_c1, None), (committee[1], world.branch_c1, None)]
    from dangjian.orglife.services import AttendanceLine

    record_meeting(world.branch_c1, kind="life_meeting", held_on=D(2026, 11, 18), place="会议室", topic="组织生活会",
                   attendance=[AttendanceLine(committee[1].pk, False, "official_duty")])
    assert [row.attended for row in own_branches(life)] == [True, False]
