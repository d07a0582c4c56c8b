"""The rules of 民主评议党员 at their boundaries, as pure functions: the one-third cap on 优秀, a
higher committee's stricter share and probationary policy (never looser), the grades a 预备党员
may get, and 测评 counts within the number present. Each refusal names its rule."""

import datetime
from fractions import Fraction

import pytest

from dangjian.appraisal.rules import review as R
from dangjian.appraisal.rules.review import NATIONAL, OverrideRow, ReviewRules

from .review_helpers import refused


@pytest.mark.parametrize(("full", "cap"), [(0, 0), (2, 0), (3, 1), (8, 2), (9, 3), (10, 3), (12, 4)])
def test_one_third_of_the_full_members_rounded_down_may_be_excellent(full, cap):
    assert R.excellent_cap(full, NATIONAL) == cap


def test_nine_full_members_allow_three_excellent_and_refuse_a_fourth_naming_the_cap_rule():
    R.check_excellent_cap(3, 9, NATIONAL)
    refusal = refused(lambda: R.check_excellent_cap(4, 9, NATIONAL))
    assert refusal.rule is R.R_EXCELLENT_CAP
    assert refusal.code == "excellent_cap"
    assert "超过上限 3 人" in refusal.message and "1/3" in refusal.message
    assert "一般不超过党员总数的 1/3" in str(refusal.rule)


def test_a_committee_share_of_25_percent_allows_two_of_ten():
    stricter = ReviewRules(Fraction(25, 100), R.ProbationaryPolicy.NOT_EXCELLENT, "东城区教育党工委")
    R.check_excellent_cap(2, 10, stricter)
    refusal = refused(lambda: R.check_excellent_cap(3, 10, stricter))
    assert refusal.rule is R.R_EXCELLENT_CAP and "东城区教育党工委" in refusal.message


def row(path, percent=None, policy="", since="2026-01-01", name="上级党委"):
    return OverrideRow(path, name, percent, policy, datetime.date.fromisoformat(since))


def test_the_strictest_rule_in_force_above_an_organization_wins_from_its_date():
    rows = [row("0001", 30, name="市教育工委"), row("00010001", 25, since="2026-12-02", name="区教育党工委"),
            row("00010001", None, R.ProbationaryPolicy.UNGRADED, name="区教育党工委"),
            row("0002", 10, name="别的区")]
    on_dec_1 = R.rules_in_force("000100010001", datetime.date(2026, 12, 1), rows)
    assert on_dec_1.excellent_share == Fraction(30, 100) and on_dec_1.share_source == "市教育工委"
    assert on_dec_1.probationary_policy == R.ProbationaryPolicy.UNGRADED
    on_dec_2 = R.rules_in_force("000100010001", datetime.date(2026, 12, 2), rows)
    assert on_dec_2.excellent_share == Fraction(25, 100) and on_dec_2.share_source == "区教育党工委"
    # A lower committee's looser row cannot loosen what a higher one set.
    looser_below = rows + [row("000100010001", 33, R.ProbationaryPolicy.NOT_EXCELLENT, name="学校党委")]
    assert R.rules_in_force("000100010001", datetime.date(2026, 12, 2), looser_below) == on_dec_2


def test_an_override_may_lower_the_share_to_33_percent_but_not_raise_it_to_34():
    R.check_not_looser(33, "", NATIONAL)
    refusal = refused(lambda: R.check_not_looser(34, "", NATIONAL))
    assert refusal.rule is R.R_EXCELLENT_CAP and "只能规定更低的比例" in refusal.message


def test_an_override_may_not_loosen_what_is_already_in_force_there():
    in_force = ReviewRules(Fraction(20, 100), R.ProbationaryPolicy.UNGRADED, "市教育工委", "市教育工委")
    R.check_not_looser(20, R.ProbationaryPolicy.UNGRADED, in_force)
    assert refused(lambda: R.check_not_looser(21, "", in_force)).rule is R.R_EXCELLENT_CAP
    refusal = refused(lambda: R.check_not_looser(None, R.ProbationaryPolicy.NOT_EXCELLENT, in_force))
    assert refusal.rule is R.R_PROBATIONARY and "市教育工委" in refusal.message
    assert refused(lambda: R.check_not_looser(None, "", in_force)).rule is R.R_OVERRIDE
    assert refused(lambda: R.check_not_looser(0, "", in_force)).rule is R.R_OVERRIDE


def test_a_probationary_member_is_not_excellent_by_default_and_ungraded_where_the_rule_says_so():
    assert R.allowed_grades(False, NATIONAL) == R.POLL_GRADES
    assert R.Grade.EXCELLENT not in R.allowed_grades(True, NATIONAL)
    refusal = refused(lambda: R.check_grade("林晓", R.Grade.EXCELLENT, True, NATIONAL))
    assert refusal.rule is R.R_PROBATIONARY and "林晓是预备党员" in refusal.message
    ungraded = ReviewRules(NATIONAL.excellent_share, R.ProbationaryPolicy.UNGRADED, policy_source="区教育党工委")
    R.check_grade("林晓", R.Grade.NOT_GRADED, True, ungraded)
    assert refused(lambda: R.check_grade("林晓", R.Grade.QUALIFIED, True, ungraded)).rule is R.R_PROBATIONARY
    assert refused(lambda: R.check_grade("张伟", R.Grade.NOT_GRADED, False, ungraded)).rule is R.R_GRADES
    assert refused(lambda: R.check_grade("张伟", "super", False, NATIONAL)).rule is R.R_GRADES


def test_counts_may_reach_the_number_present_but_not_exceed_it():
    R.check_counts("杨帆", {"excellent": 3, "qualified": 5, "basic": 1, "unqualified": 0}, 9)
    refusal = refused(lambda: R.check_counts("杨帆", {"excellent": 3, "qualified": 6, "basic": 1}, 9))
    assert refusal.rule is R.R_COUNTS and refusal.code == "counts_above_present"
    assert "合计 10 票，超过参加测评的 9 人" in refusal.message
    assert refused(lambda: R.check_counts("杨帆", {"basic": -1}, 9)).rule is R.R_COUNTS


@pytest.mark.parametrize(("present", "ok"), [(0, False), (1, True), (9, True), (10, False)])
def test_the_number_present_is_between_one_and_the_roster(present, ok):
    if ok:
        R.check_present(present, 9)
    else:
        assert refused(lambda: R.check_present(present, 9)).rule is R.R_PRESENT


def test_the_steps_run_in_one_order_each_with_a_rule():
    assert [t.target for t in R.TRANSITIONS] == list(R.STEPS[1:])
    assert [R.Step(s).label for s in R.STEPS] == [
        "学习教育", "个人自评", "党员互评", "民主测评", "支委会/党员大会评定", "上报并通报本人", "结果运用"]
    assert all(t.rule.citation for t in R.TRANSITIONS)


def test_every_rule_names_a_source_and_the_national_ones_their_document():
    for rule in R.rules_table():
        assert rule.code.startswith("appraisal_") and rule.text and rule.citation
    assert "第九条" in R.R_HANDLING.citation and "限期改正" in R.R_HANDLING.text
    assert "第七条" in R.R_PROBATION_HANDLING.citation
    assert "共产党员网" in R.R_EXCELLENT_CAP.citation


def test_a_round_counts_under_the_nearest_school_organization_above_its_branch_or_its_own():
    from dangjian.appraisal.selectors.review import school_org_of

    schools = {"00010001", "000100010002", "00010003"}  # a 党委 school with a school of its own below it
    assert school_org_of("000100010002", schools) == "000100010002"  # its own
    assert school_org_of("0001000100020005", schools) == "000100010002"  # the nearest, not the 党委 above
    assert school_org_of("000100010007", schools) == "00010001"
    assert school_org_of("00010002", schools) is None  # no school organization above
    assert school_org_of("0001", schools) is None
