"""The rules of organizational life as data: the national table with its citations, what
"stricter" means for a local rule, quorum boundaries and periods."""

import datetime

import pytest

from dangjian.core.errors import RuleViolation
from dangjian.orglife import rules as R


def test_every_activity_of_the_issue_has_a_national_rule_with_a_citation():
    assert set(R.NATIONAL) == set(R.Kind.values)
    for rule in R.NATIONAL.values():
        assert rule.rule.citation and rule.min_count >= 1
    assert R.NATIONAL[R.Kind.GENERAL_MEETING].frequency == R.Frequency.QUARTERLY
    assert "第十一条" in R.NATIONAL[R.Kind.GENERAL_MEETING].rule.citation
    assert "第十二条" in R.NATIONAL[R.Kind.COMMITTEE_MEETING].rule.citation
    assert "第十三条" in R.NATIONAL[R.Kind.GROUP_MEETING].rule.citation
    political_study = R.NATIONAL[R.Kind.POLITICAL_STUDY]
    assert "市教育局党委《党建工作意见》（本市规定）" in political_study.rule.citation
    assert political_study.standing == "本市规定"


@pytest.mark.parametrize(("kind", "frequency", "count"), [
    (R.Kind.GENERAL_MEETING, R.Frequency.MONTHLY, 1),      # a province asks for one every month
    (R.Kind.GENERAL_MEETING, R.Frequency.QUARTERLY, 2),
    (R.Kind.LIFE_MEETING, R.Frequency.QUARTERLY, 1),
    (R.Kind.COMMITTEE_MEETING, R.Frequency.MONTHLY, 1),    # the same as the national rule is allowed
])
def test_a_stricter_or_equal_local_rule_is_accepted(kind, frequency, count):
    R.check_not_looser(kind, frequency, count)


@pytest.mark.parametrize(("kind", "frequency", "count"), [
    (R.Kind.GENERAL_MEETING, R.Frequency.YEARLY, 4),       # four a year, but all could be in December
    (R.Kind.GENERAL_MEETING, R.Frequency.YEARLY, 1),
    (R.Kind.COMMITTEE_MEETING, R.Frequency.QUARTERLY, 3),
    (R.Kind.THEME_DAY, R.Frequency.MONTHLY, 0),
])
def test_a_looser_local_rule_is_refused_with_the_national_rule(kind, frequency, count):
    with pytest.raises(RuleViolation) as refusal:
        R.check_not_looser(kind, frequency, count)
    assert refusal.value.rule is not None


def test_the_general_meeting_needs_more_than_half_of_the_voting_members():
    quorum = R.Quorum.VOTING_MAJORITY
    assert R.is_quorate(quorum, expected=4, present=2) is False   # exactly half is not more than half
    assert R.is_quorate(quorum, expected=4, present=3) is True
    assert R.is_quorate(quorum, expected=9, present=5) is True
    assert R.is_quorate(quorum, expected=0, present=0) is False


def test_the_committee_meeting_needs_half_of_its_members():
    quorum = R.Quorum.HALF_COMMITTEE
    assert R.is_quorate(quorum, expected=4, present=2) is True    # 半数以上 includes half
    assert R.is_quorate(quorum, expected=5, present=2) is False
    assert R.is_quorate(R.Quorum.NONE, expected=5, present=0) is None


def test_periods_are_written_as_year_quarter_or_month():
    assert R.parse_period("2026-Q3") == R.period_of(datetime.date(2026, 9, 30), R.Frequency.QUARTERLY)
    assert R.parse_period("2026-Q3").end == datetime.date(2026, 9, 30)
    assert R.parse_period("2026-02").end == datetime.date(2026, 2, 28)
    assert R.parse_period("2026").label == "2026年"
    for bad in ("2026-13", "2026-Q5", "26", "", "2026-09-01"):
        with pytest.raises(RuleViolation):
            R.parse_period(bad)


def test_a_yearly_rule_is_not_checked_in_a_month():
    month = R.parse_period("2026-03")
    assert not R.checked_in(R.NATIONAL[R.Kind.LIFE_MEETING], month)
    assert R.checked_in(R.NATIONAL[R.Kind.THEME_DAY], month)


def test_the_deepest_override_in_force_wins():
    rows = [R.OverrideRow("0001", "市", R.Kind.GENERAL_MEETING, R.Frequency.MONTHLY, 1, datetime.date(2026, 1, 1)),
            R.OverrideRow("00010001", "区", R.Kind.GENERAL_MEETING, R.Frequency.QUARTERLY, 2, datetime.date(2026, 6, 1))]
    assert R.rule_in_force(R.Kind.GENERAL_MEETING, "000100010001", datetime.date(2026, 3, 1), rows).frequency == "monthly"
    assert R.rule_in_force(R.Kind.GENERAL_MEETING, "000100010001", datetime.date(2026, 7, 1), rows).min_count == 2
    assert R.rule_in_force(R.Kind.GENERAL_MEETING, "00010002", datetime.date(2026, 7, 1), rows).source == "市"
    assert R.rule_in_force(R.Kind.GENERAL_MEETING, "0002", datetime.date(2026, 7, 1), rows).source == "national"
