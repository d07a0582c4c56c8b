"""Before the 组织生活会 (支部工作条例 第十七条: 会前认真学习，谈心谈话，听取意见): the secretary of
branch A opens it and prepares it; each step is a rule, and the meeting cannot be held while one
is not done. Frozen on 2026-11-23; the meeting is planned for 2026-11-20."""

import pytest

from dangjian.members.models import Member
from dangjian.orglife import compliance as C
from dangjian.orglife.models import Meeting
from dangjian.orglife.rules import PersonCheck, parse_period
from dangjian.supervision.models.lifemeeting import Problem, ReviewMaterial, TalkPair
from dangjian.supervision.rules import lifemeeting as R
from dangjian.supervision.selectors.lifemeeting import readiness
from dangjian.supervision.services import lifemeeting as prep
from dangjian.supervision.services import lifemeeting_materials as materials
from dangjian.supervision.services import lifemeeting_meeting as meeting
from dangjian.supervision.tests.lifemeeting_helpers import (
    PLANNED,
    PREP_DAY,
    TODAY,
    approve_all,
    frozen,  # noqa: F401 - a fixture
    open_branch_a,
    opinions,
    people,
    problem_rows,
    refused,
    study,
    talks,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def test_the_secretary_opens_the_branchs_life_meeting_with_its_members_as_participants(world):
    life = open_branch_a(world)
    assert (life.stage, life.year, life.kind) == (R.Stage.PREPARING, 2026, "life_meeting")
    assert {m.name for m in people(life)} == set(Member.objects.filter(org=world.branch_a).values_list("name", flat=True))


def test_a_county_does_not_hold_a_branchs_life_meeting(world):
    refusal = refused(lambda: prep.open_process(world.county_a, kind="life_meeting", topic="组织生活会",
                                                planned_on=PLANNED, acting_user=world.county_admin, today=TODAY))
    assert refusal.rule == R.R_ORG


def test_a_branch_does_not_hold_the_leadership_meeting_of_a_school_committee(world):
    refusal = refused(lambda: prep.open_process(world.branch_a, kind="leadership_life_meeting", topic="民主生活会",
                                                planned_on=PLANNED, acting_user=world.secretary_a, today=TODAY))
    assert refusal.rule == R.R_ORG


def test_a_fresh_life_meeting_has_every_preparation_step_still_open(world):
    life = open_branch_a(world)
    checks = readiness(life, TODAY)
    assert [c.code for c in checks] == ["study", "opinions", "talks", "materials"]
    assert not any(c.done for c in checks)
    assert [c.rule for c in checks] == [R.R_STUDY, R.R_OPINIONS, R.R_TALKS, R.R_MATERIALS]


def test_opinions_cannot_be_summarized_before_any_is_collected(world):
    life = open_branch_a(world)
    refusal = refused(lambda: prep.summarize_opinions(life, summary="无", acting_user=world.secretary_a))
    assert refusal.rule == R.R_OPINIONS


def test_a_new_opinion_after_the_summary_asks_for_the_summary_again(world):
    life = opinions(world, open_branch_a(world))
    assert life.opinion_summary
    prep.record_opinion(life, collected_on=PREP_DAY, channel="box", source="parents", content="希望多开展家访",
                        acting_user=world.secretary_a, today=TODAY)
    life.refresh_from_db()
    assert life.opinion_summary == "" and not readiness(life, TODAY)[1].done


def test_an_opinion_about_someone_outside_the_branch_is_refused_naming_the_rule(world):
    life = open_branch_a(world)
    refusal = refused(lambda: prep.record_opinion(life, collected_on=PREP_DAY, channel="forum", source="staff",
                                                  content="意见", addressed_to=world.m_secretary_b.pk,
                                                  acting_user=world.secretary_a, today=TODAY))
    assert refusal.rule == R.R_PARTICIPANT
    assert life.opinions.count() == 0


def test_a_study_dated_tomorrow_is_refused(world):
    life = open_branch_a(world)
    refusal = refused(lambda: prep.record_study(life, held_on="2026-11-24", form="seminar", topic="研讨",
                                                acting_user=world.secretary_a, today=TODAY))
    assert refusal.rule == R.R_NOT_FUTURE


def test_a_talk_is_planned_between_two_participants_only(world):
    life = open_branch_a(world)
    assert refused(lambda: prep.plan_talk(life, talker=world.m_secretary_a.pk, talkee=world.m_secretary_b.pk,
                                          acting_user=world.secretary_a)).rule == R.R_PARTICIPANT
    assert refused(lambda: prep.plan_talk(life, talker=world.m_member_a.pk, talkee=world.m_member_a.pk,
                                          acting_user=world.secretary_a)).rule == R.R_TALKS
    prep.plan_talk(life, talker=world.m_secretary_a.pk, talkee=world.m_member_a.pk, acting_user=world.secretary_a)
    duplicate = refused(lambda: prep.plan_talk(life, talker=world.m_member_a.pk, talkee=world.m_secretary_a.pk,
                                               acting_user=world.secretary_a))
    assert duplicate.code == "duplicate" and TalkPair.objects.filter(life=life).count() == 1


def test_a_talk_held_here_counts_in_orglifes_yearly_check_of_each_members_talk(world):
    """Reuse: orglife's own 每名党员谈心谈话 sees the talk through its hook, for both people."""
    life = open_branch_a(world)
    pair = prep.plan_talk(life, talker=world.m_secretary_a.pk, talkee=world.m_member_a.pk, acting_user=world.secretary_a)

    def lacking():
        row = C.org_compliance(world.branch_a, parse_period("2026"), TODAY)
        return set(next(c for c in row.checks if c.kind == PersonCheck.HEART_TALK_EACH).lacking)

    assert {world.m_secretary_a.pk, world.m_member_a.pk} <= lacking()
    prep.record_talk(pair, held_on=PREP_DAY, summary="交流思想", acting_user=world.secretary_a, today=TODAY)
    assert not {world.m_secretary_a.pk, world.m_member_a.pk} & lacking()


def test_the_talk_check_names_the_participants_still_without_a_talk(world):
    life = open_branch_a(world)
    pair = prep.plan_talk(life, talker=world.m_secretary_a.pk, talkee=world.m_member_a.pk, acting_user=world.secretary_a)
    prep.record_talk(pair, held_on=PREP_DAY, summary="交流思想", acting_user=world.secretary_a, today=TODAY)
    check = readiness(life, TODAY)[2]
    assert not check.done and "林晓" in check.detail and "杨帆" not in check.detail
    talks(world, life)
    assert readiness(life, TODAY)[2].done


def test_a_material_for_someone_not_in_the_branch_is_refused_naming_the_rule_and_nothing_is_saved(world):
    life = open_branch_a(world)
    refusal = refused(lambda: materials.write_material(life, member=world.m_secretary_b.pk, causes="原因",
                                                       problems=problem_rows("刘芳"), acting_user=world.secretary_a))
    assert refusal.rule == R.R_PARTICIPANT and refusal.field == "member"
    assert "不是本支部（参会）党员" in refusal.message and "支部工作条例" in refusal.rule.citation
    assert (ReviewMaterial.objects.count(), Problem.objects.count()) == (0, 0)


def test_a_material_for_a_member_unknown_to_the_secretary_names_only_the_number(world):
    life = open_branch_a(world)
    refusal = refused(lambda: materials.write_material(life, member=world.m_c.pk, causes="原因",
                                                       problems=problem_rows("韩磊"), acting_user=world.secretary_a))
    assert f"编号为 {world.m_c.pk} 的人员" in refusal.message and world.m_c.name not in refusal.message


def test_a_material_with_a_problem_but_no_measures_saves_nothing(world):
    life = open_branch_a(world)
    rows = [*problem_rows("杨帆"), {"problem": "组织纪律观念不强", "measures": ""}]
    refusal = refused(lambda: materials.write_material(life, member=world.m_member_a.pk, causes="原因", problems=rows,
                                                       acting_user=world.secretary_a))
    assert refusal.rule == R.R_PROBLEMS and "第 2 个问题" in refusal.message
    assert (ReviewMaterial.objects.count(), Problem.objects.count()) == (0, 0)


def test_a_material_finds_at_least_one_problem(world):
    life = open_branch_a(world)
    refusal = refused(lambda: materials.write_material(life, member=world.m_member_a.pk, causes="原因", problems=[],
                                                       acting_user=world.secretary_a))
    assert refusal.rule == R.R_PROBLEMS


@pytest.mark.parametrize("missing", ["study", "opinions", "talks", "materials"])
def test_the_meeting_is_not_held_while_a_preparation_step_is_open_and_nothing_is_recorded(world, missing):
    life = open_branch_a(world)
    steps = {"study": study, "opinions": opinions, "talks": talks, "materials": approve_all}
    for name, step in steps.items():
        if name != missing:
            step(world, life)
    refusal = refused(lambda: meeting.hold(life, held_on=PLANNED, place="党员活动室", acting_user=world.secretary_a,
                                           today=TODAY))
    assert refusal.code == "not_ready" and refusal.field == missing
    assert refusal.rule == {"study": R.R_STUDY, "opinions": R.R_OPINIONS, "talks": R.R_TALKS,
                            "materials": R.R_MATERIALS}[missing]
    life.refresh_from_db()
    assert life.stage == R.Stage.PREPARING and not Meeting.objects.filter(org=world.branch_a).exists()


def test_a_talk_held_after_the_meeting_day_is_not_preparation(world):
    life = open_branch_a(world, planned_on="2026-11-05")
    study(world, life, day="2026-11-01")
    opinions(world, life, day="2026-11-01")
    talks(world, life, day="2026-11-06")
    approve_all(world, life)
    refusal = refused(lambda: meeting.hold(life, held_on="2026-11-05", place="党员活动室", acting_user=world.secretary_a,
                                           today=TODAY))
    assert refusal.rule == R.R_TALKS and "会前" in refusal.message


def test_every_preparation_step_is_audited_with_its_actor(world):
    from dangjian.core.models import AuditEntry

    life = open_branch_a(world)
    study(world, life)
    actions = set(AuditEntry.objects.filter(object_id=str(life.pk), object_type="supervision.lifemeeting")
                  .values_list("action", flat=True))
    assert {"lifemeeting.open", "lifemeeting.study"} <= actions
    assert AuditEntry.objects.filter(action="lifemeeting.study", actor=world.secretary_a).exists()


def test_someone_without_orglife_rights_cannot_prepare(world):
    from django.core.exceptions import PermissionDenied

    life = open_branch_a(world)
    with pytest.raises(PermissionDenied):
        prep.record_study(life, held_on=PREP_DAY, form="self", topic="自学", acting_user=world.principal_a, today=TODAY)
    assert life.studies.count() == 0


def test_a_yearly_talk_recorded_in_orglife_already_counts_without_a_pair_planned_here(world):
    """Reuse the other way: a 谈心谈话 record with everyone present leaves no talk to plan."""
    from dangjian.orglife.services import record_meeting

    record_meeting(world.branch_a, kind="heart_talk", held_on=PREP_DAY, place="党员活动室", topic="年度谈心谈话")
    check = readiness(open_branch_a(world), TODAY)[2]
    assert check.done and check.detail == "未另行安排；参会人员本年度均已谈心谈话"
