"""Grades and 测评 counts of branch A's 2026 round (nine full members, one 预备党员, roster date
2026-12-01), with the clock frozen: 优秀 at the cap and one above it, a grade for someone who
was not a member of the branch on the roster date, a 预备党员 graded 优秀, counts above the number
present — each refused naming its rule, and nothing of the refused submission saved."""

import datetime

import pytest

from dangjian.appraisal.models import MemberGrade, PollCount
from dangjian.appraisal.rules import review as R
from dangjian.appraisal.services import review_grades as G
from dangjian.appraisal.services import review_poll as P
from dangjian.appraisal.services import review_reports as O
from dangjian.core.models import AuditEntry
from dangjian.members.models import EventKind
from dangjian.members.services import record_event
from dangjian.testing import add_member

from .review_helpers import branch_a_round, member, on, refused, to_decision, to_poll


def rows(world, grades: dict[str, str]):
    return [{"member_id": member(world, name).pk, "grade": grade} for name, grade in grades.items()]


def test_three_of_nine_full_members_may_be_excellent(world, time_machine):
    on(time_machine, "2026-12-04")
    round_ = to_decision(world)
    G.record_grades(round_, rows(world, {"张伟": "excellent", "杨帆": "excellent", "孙丽": "excellent",
                                         "陈静": "qualified"}), acting_user=world.secretary_a)
    assert MemberGrade.objects.filter(round=round_, grade="excellent").count() == 3
    assert AuditEntry.objects.filter(action="appraisal.grades", object_id=str(round_.pk)).exists()


def test_a_fourth_excellent_is_refused_naming_the_cap_and_nothing_of_the_submission_is_saved(world, time_machine):
    on(time_machine, "2026-12-04")
    round_ = to_decision(world)
    G.record_grades(round_, rows(world, {"张伟": "excellent", "杨帆": "excellent", "孙丽": "excellent"}),
                    acting_user=world.secretary_a)
    refusal = refused(lambda: G.record_grades(round_, rows(world, {"陈静": "excellent", "马强": "qualified"}),
                                              acting_user=world.secretary_a))
    assert refusal.rule is R.R_EXCELLENT_CAP
    assert "评为“优秀”的有 4 人，超过上限 3 人（正式党员 9 人的 1/3" in refusal.message
    assert MemberGrade.objects.filter(round=round_).count() == 3          # 马强's 合格 was not saved either


def test_correcting_an_excellent_to_qualified_makes_room_for_another(world, time_machine):
    on(time_machine, "2026-12-04")
    round_ = to_decision(world)
    G.record_grades(round_, rows(world, {"张伟": "excellent", "杨帆": "excellent", "孙丽": "excellent"}),
                    acting_user=world.secretary_a)
    G.record_grades(round_, rows(world, {"杨帆": "qualified", "陈静": "excellent"}), acting_user=world.secretary_a)
    assert set(MemberGrade.objects.filter(round=round_, grade="excellent").values_list("member__name", flat=True)) \
        == {"张伟", "孙丽", "陈静"}


def test_a_stricter_county_share_lowers_the_cap_for_rounds_on_or_after_its_date(world, time_machine):
    on(time_machine, "2026-11-20")
    O.set_override(world.county_a, excellent_percent=20, effective_from="2026-12-01", reason="东教组〔2026〕30号",
                   acting_user=world.county_admin)
    on(time_machine, "2026-12-04")
    round_ = to_decision(world)
    G.record_grades(round_, rows(world, {"张伟": "excellent"}), acting_user=world.secretary_a)
    refusal = refused(lambda: G.record_grades(round_, rows(world, {"杨帆": "excellent"}), acting_user=world.secretary_a))
    assert refusal.rule is R.R_EXCELLENT_CAP and "上限 1 人" in refusal.message and "东城区教育党工委" in refusal.message


def test_a_grade_for_a_member_of_another_branch_is_refused_naming_the_roster_rule(world, time_machine):
    on(time_machine, "2026-12-04")
    round_ = to_decision(world)
    refusal = refused(lambda: G.record_grades(
        round_, rows(world, {"张伟": "qualified", "刘芳": "qualified"}), acting_user=world.secretary_a))
    assert refusal.rule is R.R_ROSTER and refusal.code == "not_on_roster" and refusal.index == 1
    assert "不是评议基准日（2026-12-01）“东城区第一中学党支部”的党员" in refusal.message
    assert not MemberGrade.objects.filter(round=round_).exists()


def test_a_member_who_joined_the_branch_after_the_roster_date_is_not_graded_in_it(world, time_machine):
    on(time_machine, "2026-12-04")
    newcomer = add_member(world.branch_a, "秦月", since=datetime.date(2026, 12, 2))  # came to the branch that day
    round_ = to_decision(world)
    refusal = refused(lambda: G.record_grades(round_, [{"member_id": newcomer.pk, "grade": "qualified"}],
                                              acting_user=world.secretary_a))
    assert refusal.rule is R.R_ROSTER and "秦月" in refusal.message


def test_a_member_transferred_out_after_the_roster_date_is_still_graded_by_the_branch(world, time_machine):
    on(time_machine, "2026-12-04")
    leaving = member(world, "高峰")
    record_event(leaving, EventKind.TRANSFER_OUT, datetime.date(2026, 12, 3), other_org_name="外省某校党支部",
                 letter_number="转〔2026〕1号")
    round_ = to_decision(world)
    G.record_grades(round_, [{"member_id": leaving.pk, "grade": "qualified"}], acting_user=world.secretary_a)
    assert MemberGrade.objects.get(round=round_, member=leaving).grade == "qualified"


def test_a_probationary_member_graded_excellent_is_refused_naming_the_probationary_rule(world, time_machine):
    on(time_machine, "2026-12-04")
    round_ = to_decision(world)
    refusal = refused(lambda: G.record_grades(round_, rows(world, {"林晓": "excellent"}), acting_user=world.secretary_a))
    assert refusal.rule is R.R_PROBATIONARY and "林晓是预备党员" in refusal.message
    G.record_grades(round_, rows(world, {"林晓": "qualified"}), acting_user=world.secretary_a)
    assert MemberGrade.objects.get(round=round_, member__name="林晓").probationary is True


def test_where_the_county_says_probationary_members_are_ungraded_they_get_no_grade(world, time_machine):
    on(time_machine, "2026-11-20")
    O.set_override(world.county_a, probationary_policy=R.ProbationaryPolicy.UNGRADED, effective_from="2026-11-20",
                   reason="东教组〔2026〕31号", acting_user=world.county_admin)
    on(time_machine, "2026-12-04")
    round_ = to_decision(world)
    assert refused(lambda: G.record_grades(round_, rows(world, {"林晓": "qualified"}), acting_user=world.secretary_a)
                   ).rule is R.R_PROBATIONARY
    G.record_grades(round_, rows(world, {"林晓": "not_graded"}), acting_user=world.secretary_a)


def test_grades_are_entered_only_at_the_decision_step(world, time_machine):
    on(time_machine, "2026-12-02")
    round_ = to_poll(world, branch_a_round(world))
    refusal = refused(lambda: G.record_grades(round_, rows(world, {"张伟": "qualified"}), acting_user=world.secretary_a))
    assert refusal.rule is R.R_ORDER and refusal.code == "wrong_step"


def test_counts_equal_to_the_number_present_are_saved(world, time_machine):
    on(time_machine, "2026-12-02")
    round_ = to_poll(world, branch_a_round(world))
    yang = member(world, "杨帆")
    P.record_counts(round_, present=8, rows=[{"member_id": yang.pk, "excellent": 5, "qualified": 3}],
                    acting_user=world.secretary_a)
    assert PollCount.objects.get(round=round_, member=yang).as_dict() == {
        "excellent": 5, "qualified": 3, "basic": 0, "unqualified": 0}


def test_counts_above_the_number_present_are_refused_naming_the_rule_and_nothing_is_saved(world, time_machine):
    on(time_machine, "2026-12-02")
    round_ = to_poll(world, branch_a_round(world))
    yang, zhang = member(world, "杨帆"), member(world, "张伟")
    refusal = refused(lambda: P.record_counts(round_, present=8, rows=[
        {"member_id": zhang.pk, "qualified": 8}, {"member_id": yang.pk, "excellent": 5, "qualified": 4}],
        acting_user=world.secretary_a))
    assert refusal.rule is R.R_COUNTS and refusal.index == 1 and "超过参加测评的 8 人" in refusal.message
    assert not PollCount.objects.filter(round=round_).exclude(qualified=0).exists()
    round_.refresh_from_db()
    assert round_.present is None


def test_lowering_the_number_present_below_counts_already_saved_is_refused(world, time_machine):
    on(time_machine, "2026-12-02")
    round_ = to_poll(world, branch_a_round(world))
    yang = member(world, "杨帆")
    P.record_counts(round_, present=10, rows=[{"member_id": yang.pk, "qualified": 10}], acting_user=world.secretary_a)
    refusal = refused(lambda: P.record_counts(round_, present=9, rows=[], acting_user=world.secretary_a))
    assert refusal.rule is R.R_COUNTS and "杨帆" in refusal.message


@pytest.mark.parametrize("present", [0, 11])
def test_a_number_present_of_zero_or_above_the_roster_is_refused(world, time_machine, present):
    on(time_machine, "2026-12-02")
    round_ = to_poll(world, branch_a_round(world))
    assert refused(lambda: P.record_counts(round_, present=present, rows=[], acting_user=world.secretary_a)
                   ).rule is R.R_PRESENT
