"""Compliance for an organization and a period, and the county's table over its subtree:
done / late (补开) / not quorate / missing / not yet due, with the rule, in a bounded number
of queries. Frozen on 2026-11-23."""

import datetime

import pytest

from dangjian.orglife import compliance as C
from dangjian.orglife.rules import Kind, parse_period

pytestmark = pytest.mark.django_db
D = datetime.date


def activity(row, kind):
    return next(a for a in row.activities if a.kind == kind)


def test_a_general_meeting_on_the_last_day_of_the_quarter_counts_for_that_quarter(world, hold, frozen):
    hold(world.branch_a, Kind.GENERAL_MEETING, D(2026, 9, 30))
    q3 = C.org_compliance(world.branch_a, parse_period("2026-Q3"), frozen)
    assert activity(q3, Kind.GENERAL_MEETING).status == "done"
    q4 = C.org_compliance(world.branch_a, parse_period("2026-Q4"), frozen)
    assert activity(q4, Kind.GENERAL_MEETING).status == "pending"  # Q4 has not ended on 2026-11-23


def test_a_non_quorate_general_meeting_does_not_count(world, hold, frozen):
    from dangjian.members.models import Member

    # one of four with a vote: below 半数以上 (two of four would be a quorum under 条例第十一条)
    absent = dict.fromkeys(Member.objects.filter(org=world.branch_b).exclude(pk=world.m_secretary_b.pk)[:3], "unexcused")
    hold(world.branch_b, Kind.GENERAL_MEETING, D(2026, 8, 20), absent=absent)
    q3 = C.org_compliance(world.branch_b, parse_period("2026-Q3"), frozen)
    general = activity(q3, Kind.GENERAL_MEETING)
    assert (general.status, general.required, general.held) == ("not_quorate", 1, 0)
    assert "第十一条" in general.rule.rule.citation


def test_a_meeting_held_late_for_an_earlier_quarter_is_late_there_and_not_counted_twice(world, hold, frozen):
    hold(world.branch_a, Kind.GENERAL_MEETING, D(2026, 10, 9), makeup_for=D(2026, 7, 1), topic="补开第三季度党员大会")
    assert activity(C.org_compliance(world.branch_a, parse_period("2026-Q3"), frozen), Kind.GENERAL_MEETING).status == "late"
    october = C.org_compliance(world.branch_a, parse_period("2026-Q4"), frozen)
    assert activity(october, Kind.GENERAL_MEETING).held == 0


def test_monthly_activities_are_judged_month_by_month_and_the_rate_follows(world, hold, frozen):
    for month in (7, 8, 9):
        hold(world.branch_a, Kind.THEME_DAY, D(2026, month, 15))
    hold(world.branch_a, Kind.POLITICAL_STUDY, D(2026, 7, 3))
    q3 = C.org_compliance(world.branch_a, parse_period("2026-Q3"), frozen)
    assert activity(q3, Kind.THEME_DAY).status == "done"
    study = activity(q3, Kind.POLITICAL_STUDY)
    assert (study.required, study.held, study.status) == (3, 1, "missing")
    assert [s.status for s in study.subs] == ["done", "missing", "missing"]
    # branch A has 9 full members: a 支委会 is required; two party groups each owe a 党小组会
    assert {a.kind for a in q3.activities} == {Kind.GENERAL_MEETING, Kind.COMMITTEE_MEETING, Kind.GROUP_MEETING,
                                               Kind.PARTY_LECTURE, Kind.THEME_DAY, Kind.POLITICAL_STUDY}
    assert (q3.required, q3.held) == (1 + 3 + 3 + 1 + 3 + 3, 3 + 1)
    assert q3.colour == "danger"


def test_a_branch_under_seven_full_members_owes_no_committee_meeting(world, frozen):
    q3 = C.org_compliance(world.branch_b, parse_period("2026-Q3"), frozen)
    assert Kind.COMMITTEE_MEETING not in {a.kind for a in q3.activities}


def test_each_party_group_owes_its_own_group_meeting(world, hold, frozen):
    hold(world.branch_a, Kind.GROUP_MEETING, D(2026, 9, 8), group=world.group_a1)
    september = C.org_compliance(world.branch_a, parse_period("2026-09"), frozen)
    assert activity(september, Kind.GROUP_MEETING).status == "missing"
    hold(world.branch_a, Kind.GROUP_MEETING, D(2026, 9, 9), group=world.group_a2)
    september = C.org_compliance(world.branch_a, parse_period("2026-09"), frozen)
    assert activity(september, Kind.GROUP_MEETING).status == "done"


def test_a_stricter_county_rule_applies_from_its_date(world, hold, frozen, time_machine):
    from dangjian.orglife.services import set_override

    set_override(world.county_a, kind=Kind.GENERAL_MEETING, frequency="monthly", min_count=1,
                 effective_from=D(2026, 12, 1), reason="区委组织部〔2026〕8号")
    time_machine.move_to(datetime.datetime(2027, 1, 5, 10, 0, tzinfo=datetime.UTC), tick=False)
    hold(world.branch_a, Kind.GENERAL_MEETING, D(2026, 12, 20), acting_user=None)
    december = C.org_compliance(world.branch_a, parse_period("2026-12"), D(2027, 1, 5))
    general = activity(december, Kind.GENERAL_MEETING)
    assert (general.status, general.rule.source) == ("done", "东城区教育党工委")
    # in a month under the national (quarterly) rule the general meeting is not checked at all
    november = C.org_compliance(world.branch_a, parse_period("2026-11"), D(2027, 1, 5))
    assert Kind.GENERAL_MEETING not in {a.kind for a in november.activities}


def test_the_county_table_covers_its_subtree_in_a_fixed_number_of_queries(world, hold, frozen,
                                                                          django_assert_max_num_queries):
    hold(world.branch_a, Kind.THEME_DAY, D(2026, 10, 15))
    # five for the meeting counts, four for a year's person checks (谈心谈话, 书记讲党课), one for the
    # talks held before a 组织生活会 (supervision's talk source, through orglife's hook), one for the
    # local rules switched on in the subtree (思想政治课 is owed only under one)
    with django_assert_max_num_queries(11):
        rows = C.subtree_compliance(world.county_a, parse_period("2026"), frozen)
    assert {r.name for r in rows} == {"东城区第一中学党支部", "东城区实验小学党支部", "东城区乡村小学联合党支部"}
    ordered = sorted(rows, key=C.SORTS["-rate"])
    assert ordered[0].name == "东城区第一中学党支部"


def test_the_table_s_counted_totals_equal_the_activities_an_organization_s_page_builds(world, hold, frozen):
    from dangjian.members.models import Member

    hold(world.branch_a, Kind.THEME_DAY, D(2026, 8, 15))
    hold(world.branch_a, Kind.GROUP_MEETING, D(2026, 8, 8), group=world.group_a1)
    hold(world.branch_a, Kind.GENERAL_MEETING, D(2026, 10, 9), makeup_for=D(2026, 7, 1), topic="补开第三季度党员大会")
    absent = dict.fromkeys(Member.objects.filter(org=world.branch_b).exclude(pk=world.m_secretary_b.pk)[:3], "unexcused")
    hold(world.branch_b, Kind.GENERAL_MEETING, D(2026, 8, 20), absent=absent)
    # the table and the 全景 read totals counted in the fold; the page builds each activity
    for code in ("2026-08", "2026-Q3", "2026"):
        rows = C.subtree_compliance(world.city, parse_period(code), frozen)
        assert any(r.missing for r in rows) and any(r.held for r in rows)
        for row in rows:
            built = (sum(a.required for a in row.activities) + sum(c.required for c in row.checks),
                     sum(a.held for a in row.activities) + sum(c.held for c in row.checks),
                     row.count("missing") + row.count("not_quorate"))
            assert (row.required, row.held, row.missing) == built, (code, row.name)
