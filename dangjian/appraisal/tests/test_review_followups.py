"""What a grade sets in motion, with the clock frozen: 基本合格 → 改进措施; 不合格 → 限期改正, then
劝其退党 when there is no change, then 除名 when the member refuses (党章 第九条), the member
record changed through the members module; a 预备党员's 不合格 → 第七条, never 劝退. Each task
has an owner in the branch and a deadline not before it opened."""

import datetime

from dangjian.appraisal.models import FollowUp
from dangjian.appraisal.rules import review as R
from dangjian.appraisal.services import review_followups as F
from dangjian.members.models import EventKind, MemberEvent, Standing

from .review_helpers import member, on, refused, reported


def test_an_unqualified_member_gets_a_correction_task_with_the_secretary_as_owner(world, time_machine):
    on(time_machine, "2026-12-05")
    round_ = reported(world, {"高峰": R.Grade.UNQUALIFIED})
    task = FollowUp.objects.get(grade__round=round_)
    assert (task.kind, task.owner.name, task.opened_on, task.deadline) == (
        R.FollowUpKind.CORRECTION, "张伟", datetime.date(2026, 12, 5), datetime.date(2027, 3, 5))


def test_no_change_after_the_correction_opens_persuasion_then_refusal_opens_removal(world, time_machine):
    on(time_machine, "2026-12-05")
    round_ = reported(world, {"高峰": R.Grade.UNQUALIFIED})
    correction = FollowUp.objects.get(grade__round=round_)
    on(time_machine, "2027-03-06")
    F.close_follow_up(correction, outcome=R.Outcome.NOT_IMPROVED, measures="三次谈话，仍不参加组织生活",
                      acting_user=world.secretary_a)
    persuasion = FollowUp.objects.get(previous=correction)
    assert persuasion.kind == R.FollowUpKind.PERSUASION and persuasion.deadline == datetime.date(2027, 4, 5)
    refusal = refused(lambda: F.close_follow_up(persuasion, outcome=R.Outcome.REFUSED, acting_user=world.secretary_a))
    assert refusal.rule is R.R_HANDLING and refusal.field == "measures"
    F.close_follow_up(persuasion, outcome=R.Outcome.REFUSED, measures="支部大会讨论决定劝其退党，本人坚持不退",
                      acting_user=world.secretary_a)
    removal = FollowUp.objects.get(previous=persuasion)
    assert removal.kind == R.FollowUpKind.REMOVAL


def test_removal_needs_the_approving_committee_and_then_the_member_leaves_through_the_members_module(world, time_machine):
    on(time_machine, "2026-12-05")
    round_ = reported(world, {"高峰": R.Grade.UNQUALIFIED})
    correction = FollowUp.objects.get(grade__round=round_)
    F.close_follow_up(correction, outcome=R.Outcome.NOT_IMPROVED, measures="谈话无转变", acting_user=world.secretary_a)
    persuasion = FollowUp.objects.get(previous=correction)
    F.close_follow_up(persuasion, outcome=R.Outcome.REFUSED, measures="坚持不退", acting_user=world.secretary_a)
    removal = FollowUp.objects.get(previous=persuasion)
    refusal = refused(lambda: F.close_follow_up(removal, outcome=R.Outcome.REMOVED, measures="支部大会决定除名",
                                                acting_user=world.secretary_a))
    assert refusal.rule is R.R_HANDLING and refusal.field == "decision_org"
    F.close_follow_up(removal, outcome=R.Outcome.REMOVED, measures="支部大会决定除名", decision_org="东城区教育党工委",
                      acting_user=world.secretary_a)
    gao = member(world, "高峰")
    assert gao.standing == Standing.LEFT
    event = MemberEvent.objects.get(member=gao, kind=EventKind.LEFT)
    assert event.detail["leave_kind"] == "removed"


def test_improvement_after_the_correction_closes_the_handling(world, time_machine):
    on(time_machine, "2026-12-05")
    round_ = reported(world, {"高峰": R.Grade.UNQUALIFIED})
    correction = FollowUp.objects.get(grade__round=round_)
    F.close_follow_up(correction, outcome=R.Outcome.IMPROVED, measures="按时参加组织生活，补交党费",
                      acting_user=world.secretary_a)
    assert not FollowUp.objects.filter(previous=correction).exists()
    assert refused(lambda: F.close_follow_up(correction, outcome=R.Outcome.IMPROVED, acting_user=world.secretary_a)
                   ).code == "closed"


def test_a_probationary_member_graded_unqualified_is_handled_by_article_seven_not_persuaded(world, time_machine):
    on(time_machine, "2026-12-05")
    round_ = reported(world, {"林晓": R.Grade.UNQUALIFIED})
    task = FollowUp.objects.get(grade__round=round_)
    assert task.kind == R.FollowUpKind.PROBATION
    refusal = refused(lambda: F.close_follow_up(task, outcome=R.Outcome.NOT_IMPROVED, measures="x",
                                                acting_user=world.secretary_a))
    assert refusal.rule is R.R_PROBATION_HANDLING
    F.close_follow_up(task, outcome=R.Outcome.EXTENDED, measures="支部大会决定延长预备期六个月", months=6,
                      decision_org="东城区教育党工委", acting_user=world.secretary_a)
    lin = member(world, "林晓")
    assert lin.probation_extended_to == datetime.date(2027, 12, 1)


def test_a_deadline_before_the_task_opened_and_an_owner_outside_the_branch_are_refused(world, time_machine):
    on(time_machine, "2026-12-05")
    round_ = reported(world, {"高峰": R.Grade.BASIC})
    task = FollowUp.objects.get(grade__round=round_)
    F.update_follow_up(task, deadline="2026-12-05", acting_user=world.secretary_a)
    assert refused(lambda: F.update_follow_up(task, deadline="2026-12-04", acting_user=world.secretary_a)
                   ).rule is R.R_FOLLOW_UP
    assert refused(lambda: F.update_follow_up(task, owner_id=world.m_secretary_b.pk, acting_user=world.secretary_a)
                   ).rule is R.R_FOLLOW_UP
    F.update_follow_up(task, owner_id=world.m_org_member_a.pk, acting_user=world.secretary_a)
    task.refresh_from_db()
    assert task.owner == world.m_org_member_a
