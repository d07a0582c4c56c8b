"""The local rules of the 组织生活会 at their boundaries: a higher committee may make the report's
days shorter (never longer) and ask for 列席指导, always naming its own document; the strictest
rule above an organization in force on the day wins; the report is on time up to and including
its due day."""

import datetime

import pytest

from dangjian.core.errors import RuleViolation
from dangjian.supervision.rules import lifemeeting as R

D = datetime.date
COUNTY = "0001000A"
BRANCH = "0001000A0001"
SEPTEMBER = D(2026, 9, 1)
NOTICE = "《东城区教育党工委关于召开2026年度基层党组织组织生活会的通知》（东教党〔2026〕21号）"


def local(path=COUNTY, *, days=7, observer=False, on=SEPTEMBER, kind=R.Kind.LIFE_MEETING, name="东城区教育党工委"):
    return R.LocalRow(path, name, kind, days, observer, on, NOTICE)


def test_without_a_local_rule_a_branch_reports_within_the_default_days_and_needs_no_observer():
    rules = R.rules_in_force(R.Kind.LIFE_MEETING, BRANCH, D(2026, 11, 20), [])
    assert (rules.report_days, rules.observer_required) == (15, False)
    assert "本系统默认" in rules.report_source


def test_the_leadership_meeting_defaults_to_fifteen_days_and_an_observer_from_the_regulation():
    rules = R.rules_in_force(R.Kind.LEADERSHIP_LIFE_MEETING, BRANCH, D(2026, 11, 20), [])
    assert (rules.report_days, rules.observer_required) == (15, True)
    assert "民主生活会若干规定" in rules.report_source and "民主生活会若干规定" in rules.observer_source


def test_a_county_rule_in_force_shortens_the_days_and_names_its_document():
    rules = R.rules_in_force(R.Kind.LIFE_MEETING, BRANCH, D(2026, 11, 20), [local(days=7, observer=True)])
    assert (rules.report_days, rules.observer_required) == (7, True)
    assert NOTICE in rules.report_source and NOTICE in rules.observer_source
    assert rules.report_rule.citation == rules.report_source


def test_a_rule_counts_from_its_effective_day_and_not_the_day_before():
    rows = [local(on=D(2026, 11, 20))]
    assert R.rules_in_force(R.Kind.LIFE_MEETING, BRANCH, D(2026, 11, 19), rows).report_days == 15
    assert R.rules_in_force(R.Kind.LIFE_MEETING, BRANCH, D(2026, 11, 20), rows).report_days == 7


def test_a_rule_of_another_county_or_of_the_other_meeting_does_not_apply():
    rows = [local("0001000B", days=3), local(days=3, kind=R.Kind.LEADERSHIP_LIFE_MEETING)]
    assert R.rules_in_force(R.Kind.LIFE_MEETING, BRANCH, D(2026, 11, 20), rows).report_days == 15


def test_the_strictest_of_the_city_and_the_county_rule_wins_for_each_figure():
    rows = [local("0001", days=5, observer=False, name="示范市教育工委"), local(days=10, observer=True)]
    rules = R.rules_in_force(R.Kind.LIFE_MEETING, BRANCH, D(2026, 11, 20), rows)
    assert (rules.report_days, rules.observer_required) == (5, True)
    assert rules.report_source.startswith("示范市教育工委") and rules.observer_source.startswith("东城区教育党工委")


@pytest.mark.parametrize(("days", "allowed"), [(15, True), (16, False), (1, True), (0, False)])
def test_a_local_rule_may_set_the_default_days_or_fewer_but_not_more_nor_none(days, allowed):
    if allowed:
        R.check_local(R.Kind.LIFE_MEETING, days, False, NOTICE)
        return
    with pytest.raises(RuleViolation) as caught:
        R.check_local(R.Kind.LIFE_MEETING, days, False, NOTICE)
    assert caught.value.rule == R.R_LOCAL and caught.value.field == "report_days"


def test_a_local_rule_without_its_document_is_refused_naming_the_rule():
    with pytest.raises(RuleViolation) as caught:
        R.check_local(R.Kind.LIFE_MEETING, 7, False, "  ")
    assert caught.value.rule == R.R_LOCAL and caught.value.field == "document"
    assert "本地文件" in caught.value.message


def test_a_local_rule_that_asks_for_nothing_is_refused():
    with pytest.raises(RuleViolation):
        R.check_local(R.Kind.LIFE_MEETING, None, False, NOTICE)


def test_the_report_is_due_the_given_number_of_days_after_the_meeting():
    assert R.report_due(D(2026, 11, 20), 15) == D(2026, 12, 5)
    assert R.report_due(D(2026, 12, 25), 7) == D(2027, 1, 1)


@pytest.mark.parametrize(("reported", "today", "status"), [
    (D(2026, 12, 5), D(2026, 12, 20), "on_time"),    # on the due day itself
    (D(2026, 12, 6), D(2026, 12, 20), "late"),       # one day after
    (None, D(2026, 12, 5), "pending"),              # not yet, due today
    (None, D(2026, 12, 6), "overdue"),              # not yet, due yesterday
])
def test_the_report_status_at_its_due_day(reported, today, status):
    assert R.report_status(D(2026, 12, 5), reported, today) == status


def test_before_the_meeting_the_report_has_no_status():
    assert R.report_status(None, None, D(2026, 12, 5)) == "na"


def test_the_stages_run_in_their_order():
    assert R.reached(R.Stage.REPORTED, R.Stage.HELD) and not R.reached(R.Stage.PREPARING, R.Stage.HELD)
