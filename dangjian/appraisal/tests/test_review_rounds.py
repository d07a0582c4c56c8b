"""A branch's yearly round and its steps, with the clock frozen: the 评议基准日 window, one round
a year, only a branch that holds members, the steps in their order (none skipped, none dated
before the last or in the future), and what each step needs before it may be taken."""

import pytest
from django.core.exceptions import PermissionDenied

from dangjian.appraisal.models import BallotToken, FollowUp, PollCount, ReviewRound, RoundEvent
from dangjian.appraisal.rules import review as R
from dangjian.appraisal.selectors.review import roster
from dangjian.appraisal.services import review as S
from dangjian.appraisal.services import review_followups as F
from dangjian.appraisal.services import review_grades as G
from dangjian.core.models import AuditEntry

from .review_helpers import AS_OF, YEAR, branch_a_round, grade_all, on, refused, reported, to_decision, to_poll


def test_the_secretary_opens_the_branch_round_of_the_year_with_its_roster_date(world, time_machine):
    on(time_machine, "2026-12-01")
    round_ = branch_a_round(world)
    assert (round_.state, round_.year, str(round_.as_of)) == (R.Step.STUDY, YEAR, AS_OF)
    assert RoundEvent.objects.get(round=round_).target == R.Step.STUDY
    assert AuditEntry.objects.filter(action="appraisal.round.create", object_id=str(round_.pk)).exists()


def test_the_roster_date_may_be_in_the_first_half_of_the_next_year_but_not_later(world, time_machine):
    on(time_machine, "2027-08-01")
    S.create_round(world.branch_a, year=2026, as_of="2027-06-30", acting_user=world.secretary_a)
    refusal = refused(lambda: S.create_round(world.branch_b, year=2026, as_of="2027-07-01",
                                             acting_user=world.secretary_b))
    assert refusal.rule is R.R_AS_OF and refusal.field == "as_of"
    refusal = refused(lambda: S.create_round(world.branch_b, year=2026, as_of="2025-12-31",
                                             acting_user=world.secretary_b))
    assert refusal.rule is R.R_AS_OF


def test_a_roster_date_in_the_future_is_refused(world, time_machine):
    on(time_machine, "2026-11-30")
    S.create_round(world.branch_a, year=2026, as_of="2026-11-30", acting_user=world.secretary_a)
    refusal = refused(lambda: S.create_round(world.branch_b, year=2026, as_of="2026-12-01",
                                             acting_user=world.secretary_b))
    assert refusal.rule is R.R_AS_OF


def test_a_second_round_of_the_same_year_is_refused_naming_the_yearly_rule(world, time_machine):
    on(time_machine, "2026-12-01")
    branch_a_round(world)
    refusal = refused(lambda: branch_a_round(world))
    assert refusal.rule is R.R_YEARLY and refusal.code == "duplicate"
    assert ReviewRound.objects.filter(org=world.branch_a).count() == 1


def test_a_party_group_holds_no_round_of_its_own(world, time_machine):
    on(time_machine, "2026-12-01")
    refusal = refused(lambda: S.create_round(world.group_a1, year=YEAR, as_of=AS_OF, acting_user=world.secretary_a))
    assert refusal.rule is R.R_ORG


def test_another_schools_secretary_may_not_open_branch_a_round(world, time_machine):
    on(time_machine, "2026-12-01")
    with pytest.raises(PermissionDenied):
        S.create_round(world.branch_a, year=YEAR, as_of=AS_OF, acting_user=world.secretary_b)


def test_a_step_cannot_be_skipped_and_the_refusal_names_the_order(world, time_machine):
    on(time_machine, "2026-12-02")
    round_ = branch_a_round(world)
    refusal = refused(lambda: S.transition(round_, R.Step.POLL, facts={"poll_mode": "entered"},
                                           acting_user=world.secretary_a))
    assert refusal.rule is R.R_ORDER and "下一环节是“个人自评”" in refusal.message
    assert refused(lambda: S.transition(round_, "graded", acting_user=world.secretary_a)).rule is R.R_ORDER


def test_a_step_dated_before_the_last_one_or_tomorrow_is_refused(world, time_machine):
    on(time_machine, "2026-12-02")
    round_ = branch_a_round(world)
    S.transition(round_, R.Step.SELF_REVIEW, occurred_on="2026-12-01", acting_user=world.secretary_a)
    refusal = refused(lambda: S.transition(round_, R.Step.PEER_REVIEW, occurred_on="2026-11-30",
                                           acting_user=world.secretary_a))
    assert refusal.rule is R.R_NOT_FUTURE and "2026-12-01" in refusal.message
    refusal = refused(lambda: S.transition(round_, R.Step.PEER_REVIEW, occurred_on="2026-12-03",
                                           acting_user=world.secretary_a))
    assert refusal.rule is R.R_NOT_FUTURE and refusal.code == "future"
    S.transition(round_, R.Step.PEER_REVIEW, occurred_on="2026-12-02", acting_user=world.secretary_a)


def test_the_poll_needs_its_mode_and_an_online_poll_issues_one_ballot_per_member(world, time_machine):
    on(time_machine, "2026-12-02")
    round_ = branch_a_round(world)
    for step in (R.Step.SELF_REVIEW, R.Step.PEER_REVIEW):
        S.transition(round_, step, acting_user=world.secretary_a)
    refusal = refused(lambda: S.transition(round_, R.Step.POLL, acting_user=world.secretary_a))
    assert refusal.field == "poll_mode" and refusal.rule is R.R_ORDER
    S.transition(round_, R.Step.POLL, facts={"poll_mode": "online"}, acting_user=world.secretary_a)
    assert BallotToken.objects.filter(round=round_).count() == 10
    assert PollCount.objects.filter(round=round_).count() == 10


def test_no_step_is_dated_before_the_roster_date_on_which_the_round_began(world, time_machine):
    on(time_machine, "2026-12-05")
    round_ = S.create_round(world.branch_a, year=YEAR, as_of="2026-12-04", acting_user=world.secretary_a)
    refusal = refused(lambda: S.transition(round_, R.Step.SELF_REVIEW, occurred_on="2026-12-03",
                                           acting_user=world.secretary_a))
    assert refusal.rule is R.R_NOT_FUTURE and "2026-12-04" in refusal.message


def test_the_grades_cannot_be_decided_before_the_poll_results_are_in(world, time_machine):
    on(time_machine, "2026-12-03")
    round_ = to_poll(world, branch_a_round(world))
    refusal = refused(lambda: S.transition(round_, R.Step.DECISION, acting_user=world.secretary_a))
    assert refusal.rule is R.R_POLL_DONE


def test_the_report_needs_every_member_graded_and_the_meeting_that_decided(world, time_machine):
    on(time_machine, "2026-12-05")
    round_ = to_decision(world)
    facts = {"decided_by": R.Body.COMMITTEE, "decided_on": "2026-12-04"}
    everyone_but_lin = [{"member_id": e.member.pk, "grade": "qualified"} for e in roster(round_) if e.member.name != "林晓"]
    G.record_grades(round_, everyone_but_lin, acting_user=world.secretary_a)
    refusal = refused(lambda: S.transition(round_, R.Step.REPORTED, facts=facts, acting_user=world.secretary_a))
    assert refusal.rule is R.R_ALL_GRADED and refusal.message == "还有党员尚未评定：林晓"
    grade_all(world, round_)
    assert refused(lambda: S.transition(round_, R.Step.REPORTED, facts={}, acting_user=world.secretary_a)
                   ).field == "decided_by"
    refusal = refused(lambda: S.transition(round_, R.Step.REPORTED, facts={**facts, "decided_on": "2026-12-02"},
                                           acting_user=world.secretary_a))
    assert refusal.field == "decided_on"
    round_ = S.transition(round_, R.Step.REPORTED, facts=facts, acting_user=world.secretary_a)
    assert (round_.state, round_.decided_by, str(round_.reported_on)) == (R.Step.REPORTED, "committee_meeting",
                                                                         "2026-12-05")


def test_results_are_applied_only_once_every_basically_qualified_member_has_improvement_measures(world, time_machine):
    on(time_machine, "2026-12-05")
    round_ = reported(world, {"高峰": R.Grade.BASIC})
    task = FollowUp.objects.get(grade__round=round_)
    assert task.kind == R.FollowUpKind.IMPROVEMENT and task.owner == world.m_secretary_a
    refusal = refused(lambda: S.transition(round_, R.Step.APPLIED, acting_user=world.secretary_a))
    assert refusal.rule is R.R_IMPROVEMENT and "高峰" in refusal.message
    F.update_follow_up(task, measures="每月参加一次党课并交学习心得；由张伟结对帮助", acting_user=world.secretary_a)
    assert S.transition(round_, R.Step.APPLIED, acting_user=world.secretary_a).state == R.Step.APPLIED
    refusal = refused(lambda: S.transition(round_, R.Step.APPLIED, acting_user=world.secretary_a))
    assert refusal.rule is R.R_ORDER and "评议已全部完成" in refusal.message
