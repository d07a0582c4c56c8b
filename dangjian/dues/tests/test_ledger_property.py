"""Property: whatever sequence of payments, extra payments and reversals is attempted, each
line's totals equal the sum of its entries, the month totals equal the sum of all entries, and
no member-month ever has two live payments."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dangjian.core.errors import RuleViolation
from dangjian.dues import selectors
from dangjian.dues.models import REGULAR_KINDS, DuesLine, DuesPayment, PaymentKind
from dangjian.dues.services import record_extra_payment, record_payment, reverse_payment

from .conftest import with_dues

# Every test here uses dues_world: the module's shared world is built with its bases and ledgers.
EXTEND_SHARED_WORLD = with_dues

pytestmark = [pytest.mark.django_db, pytest.mark.long_scope]
TODAY = datetime.date(2026, 11, 23)

amounts = st.one_of(st.sampled_from(["40.00", "39.99", "0", "-40", "40.001", "abc"]),
                    st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1500"), places=2).map(str))
operation = st.one_of(
    st.tuples(st.just("pay"), st.integers(0, 13), amounts),
    st.tuples(st.just("extra"), st.integers(0, 13), amounts),
    st.tuples(st.just("reverse"), st.integers(0, 40), st.sampled_from(["登记错误", ""])),
    st.tuples(st.just("replay"), st.integers(0, 40), st.just("")),
)


def check_invariants(lines):
    for line in DuesLine.objects.filter(pk__in=[line.pk for line in lines]):
        entries = DuesPayment.objects.filter(line=line)
        regular = entries.filter(kind__in=REGULAR_KINDS).aggregate(s=Sum("amount"))["s"] or Decimal("0")
        extra = entries.filter(kind=PaymentKind.EXTRA).aggregate(s=Sum("amount"))["s"] or Decimal("0")
        assert (line.paid_total, line.extra_total) == (regular, extra)
        live = entries.filter(kind__in=REGULAR_KINDS, reverses__isnull=True, is_reversed=False)
        assert live.count() <= 1
        assert line.paid_total in (Decimal("0"), line.amount_due)
    for month in {line.month for line in lines}:
        _, total = selectors.collection_sheet(lines[0].org, month)
        entries = DuesPayment.objects.filter(line__month=month, line__org=lines[0].org)
        assert total.paid_amount == (entries.filter(kind__in=REGULAR_KINDS).aggregate(s=Sum("amount"))["s"] or 0)
        assert total.extra_amount == (entries.filter(kind=PaymentKind.EXTRA).aggregate(s=Sum("amount"))["s"] or 0)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=st.lists(operation, max_size=25))
def test_any_sequence_of_payments_and_reversals_keeps_the_ledger_exact(dues_world, operations):
    lines = list(DuesLine.objects.filter(member__in=[dues_world.m_member_a, dues_world.m_secretary_a])
                 .order_by("member_id", "month"))
    with transaction.atomic():
        keys = []
        for number, (kind, index, value) in enumerate(operations):
            try:
                if kind in ("pay", "extra"):
                    record = record_payment if kind == "pay" else record_extra_payment
                    key = f"op-{number}"
                    record(lines[index], amount=value, method="cash", paid_on=TODAY, idempotency_key=key, today=TODAY)
                    keys.append((key, lines[index], value, record))
                elif kind == "reverse":
                    entries = list(DuesPayment.objects.order_by("id"))
                    if entries:
                        reverse_payment(entries[index % len(entries)], reason=value, today=TODAY)
                elif keys:
                    key, line, amount, record = keys[index % len(keys)]
                    record(line, amount=amount, method="cash", paid_on=TODAY, idempotency_key=key, today=TODAY)
            except RuleViolation:
                pass
            check_invariants(lines)
        transaction.set_rollback(True)
