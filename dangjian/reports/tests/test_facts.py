"""Every figure of the drafts' facts layer equals the figure on the module page the fact names:
each fact's own URL is opened as the same user, and the figure read from that page's context
(school A of build_world, its year recorded through the apps' services). A half year's
organizational life and dues, which no page shows as such, equal the sum of the pages' quarters
and months."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest

from dangjian.reports.facts import ReportPeriod, school_facts
from dangjian.reports.tests.draft_helpers import FROZEN_AT, client_for, with_school_year

EXTEND_SHARED_WORLD = with_school_year


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(FROZEN_AT, tick=False)


def _own(context):
    return context["own"]


def _row(rows, org_id):
    return next(r for r in rows if r.org_id == org_id)


# How each fact's figure reads on its page: fact key (or prefix) -> f(context, world).
PAGE_FIGURES = {
    "orglife_required": lambda c, w: _own(c).required,
    "orglife_done": lambda c, w: _own(c).held,
    "orglife_missing": lambda c, w: _own(c).missing,
    "orglife_rate": lambda c, w: _own(c).rate,
    "meetings:": lambda c, w, kind: sum(s.held + s.late for a in _own(c).activities if a.kind == kind for s in a.subs),
    "members_total": lambda c, w: c["stats"].total,
    "members_full": lambda c, w: c["stats"].counts("status")["正式党员"],
    "members_probationary": lambda c, w: c["stats"].counts("status")["预备党员"],
    "members_women": lambda c, w: c["stats"].counts("gender")["女"],
    "files:": lambda c, w, stage: (c["counts"]["admission"] + c["counts"]["probation"] if stage == "probation"
                                   else c["counts"][stage]),
    "done:": lambda c, w, name: c["summary"]["actual"][name],
    "plan:": lambda c, w, name: (c["summary"]["planned"] or {}).get(name),
    "dues_months": lambda c, w: len(c["rows"]),
    "dues_due": lambda c, w: c["total"].due_amount if c["rows"] else None,
    "dues_paid": lambda c, w: c["total"].paid_amount if c["rows"] else None,
    "dues_extra": lambda c, w: c["total"].extra_amount if c["rows"] else None,
    "dues_unpaid": lambda c, w: c["total"].arrears_amount if c["rows"] else None,
    "dues_rate": lambda c, w: round(float(100 * c["total"].paid_amount / c["total"].due_amount), 1),
    "arrears_members": lambda c, w: c["count"],
    "arrears_amount": lambda c, w: c["amount"],
    "rect_": lambda c, w, _state: c["page_obj"].paginator.count,
    "rating_state": lambda c, w: c["own"].get_state_display() if c["own"] else None,
    "rating_stars": lambda c, w: None if c["own"] is None else c["own"].stars,
    "review_graded": lambda c, w: _row(c["rows"], w.branch_a.pk).graded or None,
    "review:": lambda c, w, grade: (_row(c["rows"], w.branch_a.pk).counts.get(grade, 0)
                                    if _row(c["rows"], w.branch_a.pk).graded else None),
    "notes_members": lambda c, w: c["count"],
    "notes_met": lambda c, w: c["met"],
    "notes_count": lambda c, w: sum(r["notes"] for r in c["page"].object_list),
    "notes_chars": lambda c, w: sum(r["chars"] for r in c["page"].object_list),
    "notes_target": lambda c, w: int(re.search(r"不少于 ([\d,]+) 字", c["rule"].text)[1].replace(",", "")),
    "disclosed": lambda c, w: c["counts"].get("published", 0) + c["counts"].get("archived", 0),
    "secretary": lambda c, w: next(p.person_name for p in c["current_positions"] if p.post == "secretary"),
    "term_start": lambda c, w: c["org"].term_start,
    "term_end": lambda c, w: c["org"].term_end,
    "term_status": lambda c, w: c["term"][1],
}
OVERSIGHT = {"decided": "decided", "decided_major": "major", "decision_meetings": "meetings",
             "non_quorate": "non_quorate", "execution_overdue": "overdue", "undecided_large": "undecided_large"}


def page_figure(client, fact, world):
    answer = client.get(fact.url)
    assert answer.status_code == 200, (fact.key, fact.url, answer.status_code)
    context = answer.context
    if fact.key in OVERSIGHT:
        return getattr(_row(context["rows"], world.branch_a.pk), OVERSIGHT[fact.key], 0) if any(
            r.org_id == world.branch_a.pk for r in context["rows"]) else 0
    if fact.key in PAGE_FIGURES:
        return PAGE_FIGURES[fact.key](context, world)
    prefix = next(p for p in PAGE_FIGURES if p.endswith((":", "_")) and fact.key.startswith(p))
    return PAGE_FIGURES[prefix](context, world, fact.key[len(prefix):])


@pytest.mark.django_db
def test_every_fact_of_the_year_is_the_figure_on_its_page(world, frozen):
    """Read by the county administrator (who may open every page named, the committee's
    oversight page among them): each of the ~60 facts against its page."""
    user = world.county_admin
    facts = school_facts(world.branch_a, ReportPeriod(2026), user)
    client = client_for(user)
    compared = 0
    for fact in facts.facts.values():
        expected = page_figure(client, fact, world)
        assert fact.value == expected, (fact.key, fact.value, expected, fact.url)
        compared += 1
    assert compared >= 50
    # the figures are the recorded year's, not zeros: 6 meetings, a plan, four months' ledgers of which
    # three were paid by all but one member
    assert facts.value("meetings:general_meeting") == 3
    assert facts.value("plan:admitted") == 2
    assert facts.value("dues_months") == 4
    assert Decimal("0") < facts.value("dues_paid") < facts.value("dues_due")
    assert facts.value("members_total") == 10 and facts.value("members_probationary") == 1


@pytest.mark.django_db
def test_the_secretary_reads_the_same_figures_through_pages_she_may_open(world, frozen):
    facts = school_facts(world.branch_a, ReportPeriod(2026), world.secretary_a)
    client = client_for(world.secretary_a)
    county = school_facts(world.branch_a, ReportPeriod(2026), world.county_admin)
    for fact in facts.facts.values():
        assert client.get(fact.url).status_code == 200, fact.url  # every source page opens for her
        assert fact.value == county.value(fact.key), fact.key
    # she cannot open the committee's oversight page: the decisions' facts send her to her matters
    assert "oversight" not in facts["decided"].url and "oversight" in county["decided"].url


@pytest.mark.django_db
def test_a_half_year_is_the_sum_of_its_quarters_and_months_on_the_pages(world, frozen):
    facts = school_facts(world.branch_a, ReportPeriod(2026, 1), world.secretary_a)
    client = client_for(world.secretary_a)
    quarters = [client.get(f"/orglife/compliance/?org={world.branch_a.pk}&period=2026-Q{q}").context["own"]
                for q in (1, 2)]
    assert facts.value("orglife_required") == sum(q.required for q in quarters)
    assert facts.value("orglife_done") == sum(q.held for q in quarters)
    assert facts.value("meetings:general_meeting") == 2  # March and June
    yearly = client.get(facts["dues_due"].url).context["rows"]
    first_half = [r for r in yearly if r.org_name < "2026年07月"]
    assert facts.value("dues_due") == sum(r.due_amount for r in first_half) > 0
    assert facts.value("dues_paid") == sum(r.paid_amount for r in first_half)
    assert facts["orglife_rate"].note and facts["dues_due"].note


@pytest.mark.django_db
def test_what_the_system_does_not_hold_reads_as_missing_with_its_name(world, frozen):
    facts = school_facts(world.branch_b, ReportPeriod(2026), world.secretary_b)
    assert facts["dues_due"].text == "【待补充：本期党费台账（尚未生成）】"
    assert facts["plan:admitted"].is_missing and "发展党员计划" in facts["plan:admitted"].text
    assert facts["rating_stars"].text.startswith("【待补充：2026年度")
    assert facts["members_total"].text == "4名"
    last_year = school_facts(world.branch_a, ReportPeriod(2025), world.secretary_a)
    assert last_year["review_graded"].is_missing


def test_periods_parse_and_name_themselves():
    assert ReportPeriod.parse("2026-H1").label == "2026年上半年"
    assert ReportPeriod.parse("2026").end == datetime.date(2026, 12, 31)
    assert ReportPeriod.parse("2026-h2").quarters == ["2026-Q3", "2026-Q4"]
    from dangjian.core.errors import RuleViolation

    with pytest.raises(RuleViolation):
        ReportPeriod.parse("2026-Q1")
