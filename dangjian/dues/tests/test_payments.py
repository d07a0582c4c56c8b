"""Recording payments: once per member-month, the exact amount, within the 补交 limit, never in
advance; corrections only as reversing entries with a reason; an idempotency key per entry."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from dangjian.core.errors import RuleViolation
from dangjian.core.models import AuditEntry
from dangjian.dues.models import DuesLine, DuesPayment, PaymentKind
from dangjian.dues.services import line_for, record_extra_payment, record_payment, reverse_payment

from .conftest import with_dues

# Every test here uses dues_world: the module's shared world is built with its bases and ledgers.
EXTEND_SHARED_WORLD = with_dues

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 23)


def pay(line, key="k1", amount="40.00", paid_on=TODAY, **kw):
    return record_payment(line, amount=amount, method=kw.pop("method", "cash"), paid_on=paid_on, idempotency_key=key, **kw)


def test_the_organization_member_records_a_months_dues_once(dues_world):
    line = line_for(dues_world.m_member_a, "2026-11")
    result = pay(line, acting_user=dues_world.org_member_a, proxy_name="杨母")
    line.refresh_from_db()
    assert (result.payment.kind, line.paid_total, line.is_settled) == (PaymentKind.REGULAR, Decimal("40.00"), True)
    with pytest.raises(RuleViolation) as refusal:
        pay(line, key="k2", acting_user=dues_world.org_member_a)
    assert refusal.value.code == "duplicate"
    assert DuesPayment.objects.count() == 1


def test_a_payment_for_an_earlier_month_is_a_back_payment_up_to_six_months(dues_world):
    assert pay(line_for(dues_world.m_member_a, "2026-05")).payment.kind == PaymentKind.BACK


def test_the_same_key_and_the_same_facts_give_back_the_first_payment(dues_world):
    line = line_for(dues_world.m_member_a, "2026-11")
    first = pay(line)
    again = pay(line)
    assert again.replayed and again.payment.pk == first.payment.pk
    with pytest.raises(RuleViolation) as refusal:
        pay(line_for(dues_world.m_member_a, "2026-10"))
    assert refusal.value.code == "idempotency_conflict"
    assert DuesPayment.objects.count() == 1


def test_a_reversal_with_a_reason_lets_the_month_be_paid_again(dues_world):
    line = line_for(dues_world.m_member_a, "2026-11")
    first = pay(line, amount="40.00").payment
    reversal = reverse_payment(first, reason="误将陈静的党费登记到杨帆名下").payment
    line.refresh_from_db()
    assert (reversal.amount, line.paid_total, line.is_settled) == (Decimal("-40.00"), Decimal("0.00"), False)
    pay(line, key="k2")
    line.refresh_from_db()
    assert line.paid_total == Decimal("40.00")
    first.refresh_from_db()
    assert first.is_reversed and first.amount == Decimal("40.00")  # flagged, never changed
    assert DuesPayment.objects.count() == 3
    with pytest.raises(RuleViolation):
        reverse_payment(first, reason="再冲一次")
    with pytest.raises(RuleViolation):
        reverse_payment(reversal, reason="冲正的冲正")


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_a_correction_without_a_reason_is_refused_and_nothing_written(dues_world, reason):
    payment = pay(line_for(dues_world.m_member_a, "2026-11")).payment
    with pytest.raises(RuleViolation) as refusal:
        reverse_payment(payment, reason=reason)
    assert refusal.value.field == "reason"
    assert DuesPayment.objects.count() == 1


@pytest.mark.parametrize(("month", "kwargs", "code"), [
    ("2026-11", {"amount": "-40.00"}, "invalid"),
    ("2026-11", {"amount": "0"}, "invalid"),
    ("2026-11", {"amount": "abc"}, "invalid"),
    ("2026-11", {"amount": 40.0}, "invalid"),
    ("2026-11", {"amount": "40.001"}, "invalid"),
    ("2026-11", {"amount": "41.00"}, "amount_mismatch"),
    ("2026-11", {"method": "bitcoin"}, "invalid"),
    ("2026-11", {"method": "online"}, "invalid"),             # online needs a reference
    ("2026-11", {"paid_on": datetime.date(2026, 11, 24)}, "future"),
    ("2026-11", {"paid_on": datetime.date(2026, 10, 31)}, "future"),  # paying November in October: advance
    ("2026-05", {"paid_on": datetime.date(2026, 11, 23)}, "back"),    # 6 months back: allowed
    ("2026-05", {"paid_on": datetime.date(2026, 11, 23), "key": ""}, "invalid"),
])
def test_bad_payments_are_refused_and_write_nothing(dues_world, month, kwargs, code):
    line = line_for(dues_world.m_member_a, month)
    audit_before = AuditEntry.objects.count()
    if code == "back":
        assert pay(line, **kwargs).payment.kind == PaymentKind.BACK
        return
    with pytest.raises(RuleViolation) as refusal:
        pay(line, **kwargs)
    assert refusal.value.code == code
    assert not DuesPayment.objects.exists() and AuditEntry.objects.count() == audit_before
    assert DuesLine.objects.get(pk=line.pk).paid_total == 0


def test_a_month_more_than_six_months_back_cannot_be_paid(dues_world, time_machine):
    line = line_for(dues_world.m_member_a, "2026-05")
    with pytest.raises(RuleViolation) as refusal:
        pay(line, paid_on=datetime.date(2026, 12, 1), today=datetime.date(2026, 12, 1))
    assert refusal.value.code == "too_late"


def test_a_month_not_in_the_ledger_is_refused(dues_world):
    with pytest.raises(RuleViolation) as refusal:
        line_for(dues_world.m_member_a, "2026-04")
    assert refusal.value.code == "not_in_ledger"


def test_a_voluntary_extra_of_1000_or_more_is_flagged_for_remitting_in_full(dues_world):
    line = line_for(dues_world.m_member_a, "2026-11")
    small = record_extra_payment(line, amount="200", method="cash", paid_on=TODAY, idempotency_key="x1").payment
    big = record_extra_payment(line, amount="1000.00", method="transfer", paid_on=TODAY, idempotency_key="x2").payment
    line.refresh_from_db()
    assert (small.remit_in_full, big.remit_in_full, line.extra_total, line.is_settled) == (False, True, Decimal("1200.00"), False)


def test_only_who_manages_the_members_dues_may_record_them(dues_world):
    line = line_for(dues_world.m_member_a, "2026-11")
    for user in (dues_world.secretary_b, dues_world.member_a, dues_world.principal_a):
        with pytest.raises(PermissionDenied):
            pay(line, acting_user=user)
    assert not DuesPayment.objects.exists()
    assert pay(line, acting_user=dues_world.county_admin).payment.recorded_by == dues_world.county_admin
