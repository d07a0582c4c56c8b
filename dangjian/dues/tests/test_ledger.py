"""Generating the monthly ledger: who is billed, by whom, from which base — and that running it
again changes nothing."""

import datetime
from decimal import Decimal

import pytest

from dangjian.core.errors import RuleViolation
from dangjian.dues import services
from dangjian.dues.models import DuesBase, DuesLedgerMonth, DuesLine
from dangjian.dues.rules import Category
from dangjian.members.models import EventKind, LeaveKind
from dangjian.members.services import accept_transfer, record_event, start_transfer

pytestmark = pytest.mark.django_db


def lines(org, month):
    return {line.member.name: line for line in DuesLine.objects.filter(org=org, month=month).select_related("member")}


def test_generating_a_month_twice_changes_nothing(dues_world):
    before = list(DuesLine.objects.order_by("id").values())
    again = services.generate_ledger(dues_world.branch_a, "2026-11")
    assert again.created == 0 and again.existing == len(lines(dues_world.branch_a, datetime.date(2026, 11, 1)))
    assert list(DuesLine.objects.order_by("id").values()) == before
    assert DuesLedgerMonth.objects.filter(org=dues_world.branch_a).count() == 7


def test_each_line_takes_the_base_in_force_that_month(dues_world):
    yang = dues_world.m_member_a
    services.set_base(yang, base="5200.00", category=Category.IN_SERVICE, effective_month="2026-12",
                      today=datetime.date(2026, 11, 23))
    services.set_base(yang, post_wage="3000", grade_wage="1500", performance_pay="1500", allowances="1000",
                      category=Category.IN_SERVICE, effective_month="2026-09")
    nov = lines(dues_world.branch_a, datetime.date(2026, 11, 1))["杨帆"]
    aug = lines(dues_world.branch_a, datetime.date(2026, 8, 1))["杨帆"]
    assert (aug.base, aug.amount_due) == (Decimal("4000.00"), Decimal("40.00"))
    # The September base (7,000: 1.5%) recomputed the unpaid lines from September on.
    assert (nov.base, nov.rate, nov.amount_due) == (Decimal("7000.00"), Decimal("0.0150"), Decimal("105.00"))
    assert DuesBase.objects.filter(member=yang).count() == 3  # history kept, nothing edited


def test_a_probationary_member_is_billed_from_the_month_of_the_general_meeting(dues_world):
    assert "林晓" not in lines(dues_world.branch_a, datetime.date(2026, 5, 1))
    assert lines(dues_world.branch_a, datetime.date(2026, 6, 1))["林晓"].amount_due == Decimal("40.00")


def test_a_member_without_a_base_gets_a_line_without_an_amount_and_is_listed(world, frozen):
    result = services.generate_ledger(world.branch_b, "2026-11")
    assert result.created == 4 and len(result.missing_base) == 4
    assert all(line.amount_due is None for line in lines(world.branch_b, datetime.date(2026, 11, 1)).values())
    services.set_base(world.m_secretary_b, base="3500", category=Category.IN_SERVICE, effective_month="2026-11")
    assert lines(world.branch_b, datetime.date(2026, 11, 1))["刘芳"].amount_due == Decimal("35.00")


def test_a_member_who_died_is_billed_up_to_the_month_of_death_and_not_after(world, time_machine):
    time_machine.move_to(datetime.datetime(2026, 9, 20, 10, 0), tick=False)
    gao = world.m_org_member_a
    services.set_base(gao, base="4000", category=Category.IN_SERVICE, effective_month="2020-01")
    record_event(gao, EventKind.DECEASED, datetime.date(2026, 9, 10))
    services.generate_ledger(world.branch_a, "2026-09")
    time_machine.move_to(datetime.datetime(2026, 10, 5, 10, 0), tick=False)
    services.generate_ledger(world.branch_a, "2026-10")
    assert "陈静" in lines(world.branch_a, datetime.date(2026, 9, 1))
    assert "陈静" not in lines(world.branch_a, datetime.date(2026, 10, 1))


def test_a_member_who_left_stops_after_the_month_of_leaving(world, frozen):
    record_event(world.m_member_a, EventKind.LEFT, datetime.date(2026, 10, 12), leave_kind=LeaveKind.WITHDREW,
                 decision_org="东城区教育党工委")
    services.generate_ledger(world.branch_a, "2026-10")
    services.generate_ledger(world.branch_a, "2026-11")
    assert "杨帆" in lines(world.branch_a, datetime.date(2026, 10, 1))
    assert "杨帆" not in lines(world.branch_a, datetime.date(2026, 11, 1))


def test_a_transfer_pays_the_transfer_month_to_the_sender_and_then_to_the_receiver(world, frozen):
    sun = world.m_member_a
    services.set_base(sun, base="6000", category=Category.IN_SERVICE, effective_month="2024-01")
    transfer = start_transfer(sun, to_org=world.branch_b, letter_number="东组转〔2026〕8号",
                              requested_on=datetime.date(2026, 10, 8))
    accept_transfer(transfer, decided_on=datetime.date(2026, 10, 15))
    for month in ("2026-10", "2026-11"):
        services.generate_ledger(world.county_a, month)
    assert lines(world.branch_a, datetime.date(2026, 10, 1))["杨帆"].amount_due == Decimal("90.00")
    assert "杨帆" not in lines(world.branch_b, datetime.date(2026, 10, 1))
    assert "杨帆" in lines(world.branch_b, datetime.date(2026, 11, 1))
    assert "杨帆" not in lines(world.branch_a, datetime.date(2026, 11, 1))


def test_a_hardship_approval_replaces_the_amount_of_the_unpaid_months_it_covers(dues_world):
    services.approve_hardship(dues_world.m_member_a, from_month="2026-10", amount="0", approved_by="东城区教育党工委",
                              approved_on=datetime.date(2026, 10, 20), reason="家人重病，经济困难")
    oct_line = lines(dues_world.branch_a, datetime.date(2026, 10, 1))["杨帆"]
    sep_line = lines(dues_world.branch_a, datetime.date(2026, 9, 1))["杨帆"]
    assert (oct_line.category, oct_line.amount_due, oct_line.is_settled) == (Category.HARDSHIP, Decimal("0.00"), True)
    assert sep_line.amount_due == Decimal("40.00")


def test_a_future_month_cannot_be_generated(world, frozen):
    with pytest.raises(RuleViolation) as refusal:
        services.generate_ledger(world.branch_a, "2026-12")
    assert refusal.value.code == "future"
    assert not DuesLine.objects.exists()


def test_only_who_may_manage_dues_may_generate(world, frozen):
    from django.core.exceptions import PermissionDenied

    for user in (world.secretary_b, world.member_a, world.principal_a):
        with pytest.raises(PermissionDenied):
            services.generate_ledger(world.branch_a, "2026-11", acting_user=user)
    assert services.generate_ledger(world.branch_a, "2026-11", acting_user=world.org_member_a).created == 10


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"base": "-1"}, "base"),
    ({"base": "3000.555"}, "base"),
    ({"base": "三千"}, "base"),
    ({"base": 3000.5}, "base"),
    ({"base": "3000", "effective_month": "2027-01"}, "effective_month"),
    ({"base": "3000", "post_wage": "1000", "grade_wage": "1000"}, "base"),
    ({"base": "3000", "category": "hardship"}, "category"),
])
def test_a_bad_base_is_refused_and_nothing_is_written(world, frozen, kwargs, field):
    args = {"category": Category.IN_SERVICE, "effective_month": "2026-11", **kwargs}
    with pytest.raises(RuleViolation) as refusal:
        services.set_base(world.m_member_a, **args)
    assert refusal.value.field == field
    assert not DuesBase.objects.exists()


def test_a_member_may_declare_their_own_base(world, frozen):
    row = services.set_base(world.m_member_a, base="4100", category=Category.IN_SERVICE, effective_month="2026-11",
                            acting_user=world.member_a)
    assert row.declared_by == "member"


def test_every_generated_line_says_what_the_calculator_says_for_its_base(world, frozen):
    """The ledger computes each distinct base once and writes in bulk: every line must still
    carry exactly the rate, amount and words rules.dues_for gives for its category and base —
    bracket bounds, a half cent, each category, a waiver and a member with no base."""
    from dangjian.dues.rules import dues_for
    from dangjian.members.models import Member

    members = list(Member.objects.filter(org=world.branch_a).order_by("pk"))
    cases = [(Category.IN_SERVICE, "3000.00"), (Category.IN_SERVICE, "3000.01"), (Category.IN_SERVICE, "4567.50"),
             (Category.IN_SERVICE, "10000.01"), (Category.RETIRED, "5000.00"), (Category.RETIRED, "5000.01"),
             (Category.ANNUAL_SALARY, "12345.67"), (Category.STUDENT, "0"), (Category.IN_SERVICE, "4567.50")]
    for member, (category, base) in zip(members, cases, strict=False):
        services.set_base(member, base=base, category=category, effective_month="2026-01")
    services.approve_hardship(members[8], from_month="2026-11", amount="5.50", approved_by="东城区教育党工委",
                              approved_on=datetime.date(2026, 11, 2), reason="家庭经济困难")
    result = services.generate_ledger(world.branch_a, "2026-11")
    assert result.created == len(members) and result.missing_base == [m.pk for m in members[len(cases):]]
    written = {line.member_id: line for line in DuesLine.objects.filter(month=datetime.date(2026, 11, 1))}
    for member, (category, base) in zip(members, cases, strict=False):
        line = written[member.pk]
        if member == members[8]:
            expected = dues_for(Category.HARDSHIP, base, approved_amount=Decimal("5.50"))
            assert (line.category, line.base) == (Category.HARDSHIP, Decimal(base))
        else:
            expected = dues_for(category, base, month=datetime.date(2026, 11, 1))
            assert (line.category, line.base) == (category, Decimal(base))
        assert (line.rate, line.amount_due, line.rule) == (expected.rate, expected.amount, expected.rule)
    assert written[members[2].pk].amount_due == Decimal("45.68")  # 45.675, half up
    for member in members[len(cases):]:
        line = written[member.pk]
        assert (line.category, line.base, line.rate, line.amount_due, line.rule) == (
            Category.IN_SERVICE, None, None, None, "")
