"""The automatic items computed from the live data of the other modules — each with its finding
and the page that shows it — for many organizations at once in a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangjian.appraisal import automatic
from dangjian.decisions import services as decisions
from dangjian.orgs.models import SCHOOL_ORG_KINDS, PartyOrg

from .rating_helpers import YEAR, on


@pytest.fixture
def today(time_machine):
    return on(time_machine, "2026-01-12")


def _orgs(world):
    return list(PartyOrg.objects.filter(path__startswith=world.city.path, kind__in=SCHOOL_ORG_KINDS))


def test_every_check_answers_for_every_organization_with_a_link(world, today):
    found = automatic.compute(_orgs(world), YEAR, today=today)
    assert set(found) == {o.pk for o in _orgs(world)}
    for outcomes in found.values():
        assert set(outcomes) == {c.code for c in automatic.registered()}
        for outcome in outcomes.values():
            assert outcome.finding and outcome.evidence_url.startswith("/")


def test_the_number_of_queries_does_not_grow_with_the_number_of_organizations(world, today):
    orgs = _orgs(world)
    with CaptureQueriesContext(connection) as one:
        automatic.compute([world.branch_a], YEAR, today=today)
    with CaptureQueriesContext(connection) as many:
        automatic.compute(orgs, YEAR, today=today)
    assert len(orgs) == 5 and len(many.captured_queries) <= len(one.captured_queries) + 2


def test_a_branch_that_held_no_organizational_life_earns_nothing_for_it(world, today):
    outcome = automatic.compute([world.branch_a], YEAR, today=today, codes=["orglife_activities"])[
        world.branch_a.pk]["orglife_activities"]
    assert outcome.fraction == 0 and outcome.state == "danger" and "缺失" in outcome.finding


def test_a_large_expense_without_a_decision_is_found(world, today):
    decisions.record_expenditure(world.branch_a, paid_on=datetime.date(2025, 5, 6), amount="80000",
                                 purpose="采购多媒体设备")
    found = automatic.compute([world.branch_a, world.branch_b], YEAR, today=today, codes=["decisions_major"])
    outcome = found[world.branch_a.pk]["decisions_major"]
    assert outcome.fraction == 0 and "1 笔支出前没有党组织会议的决定" in outcome.finding
    assert outcome.evidence_url == f"/decisions/oversight/{world.branch_a.pk}/?year={YEAR}"
    assert found[world.branch_b.pk]["decisions_major"].fraction is None   # nothing to decide: not applicable


def test_an_overdue_election_and_a_missing_committee_are_found(world, today):
    PartyOrg.objects.filter(pk=world.branch_b.pk).update(term_end=datetime.date(2025, 6, 30))
    branch_b = PartyOrg.objects.get(pk=world.branch_b.pk)
    found = automatic.compute([world.branch_a, branch_b], YEAR, today=today, codes=["elections", "structure"])
    assert found[branch_b.pk]["elections"].fraction == 0 and "逾期未换届" in found[branch_b.pk]["elections"].finding
    assert found[world.branch_a.pk]["elections"].fraction == 1
    # branch A has 9 full members and two committee members: a 支委会 of 3 to 5 is owed
    assert found[world.branch_a.pk]["structure"].fraction == 0
    assert "应设支委会" in found[world.branch_a.pk]["structure"].finding


def test_outcomes_become_points_rounded_to_a_tenth():
    from decimal import Decimal

    assert automatic.Outcome(2 / 3, "x").points(Decimal("2")) == Decimal("1.3")
    assert automatic.Outcome(None, "x").points(Decimal("2")) == Decimal("2")
    assert automatic.Outcome(1.7, "x").points(Decimal("2")) == Decimal("2.0")


def test_a_module_registers_its_own_check(world, today):
    seen = []
    check = automatic.Check("test_only", "测试", "测试", "测试", lambda ctx: seen.append(ctx.year) or {
        o.id: automatic.Outcome(1.0, "ok", "/") for o in ctx.orgs})
    automatic.register_check(check)
    try:
        found = automatic.compute([world.branch_a], YEAR, today=today, codes=["test_only"])
        assert found[world.branch_a.pk]["test_only"].fraction == 1.0 and seen == [YEAR]
    finally:
        automatic._checks.pop("test_only")


def test_a_school_without_a_member_review_this_year_earns_nothing_for_it(world, today):
    found = automatic.compute([world.branch_a, world.branch_c1], YEAR, today=today, codes=["member_review"])
    assert found[world.branch_a.pk]["member_review"].fraction == 0
    assert "未开展民主评议党员" in found[world.branch_a.pk]["member_review"].finding
    # a branch of a school 党委 is counted under the 党委 (the school): not applicable on its own
    assert found[world.branch_c1.pk]["member_review"].fraction is None


def test_an_overdue_rectification_item_is_found_through_the_supervision_ledger(world, today):
    from dangjian.supervision.services.rectification import create_rectification_batch

    create_rectification_batch(world.branch_a, source="inspection", issued_on=datetime.date(2025, 3, 1),
                               title="县委巡察反馈", items=[
                                   {"problem": "支部会议记录不规范", "owner_name": "张伟", "deadline": "2025-06-30"},
                                   {"problem": "党费收缴公示不及时", "owner_name": "陈静", "deadline": "2026-06-30"}])
    outcome = automatic.compute([world.branch_a], YEAR, today=today, codes=["rectification"])[
        world.branch_a.pk]["rectification"]
    assert outcome.fraction == 0.5 and "逾期未完成 1 项" in outcome.finding
    assert outcome.evidence_url == f"/supervision/rectification/?org={world.branch_a.pk}"
