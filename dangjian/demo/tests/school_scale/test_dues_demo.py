"""The demo's five years of dues: written in bulk, but every line is what the ledger's own
calculator says for its base, every payment keeps the payment rules, every month with lines is
marked generated, and the services go on writing after it (the ids the demo gave are behind
the sequences)."""

import datetime

import pytest
from django.db.models import F, Sum
from django.utils import timezone

from dangjian.dues import rules as R
from dangjian.dues import services
from dangjian.dues.models import DuesBase, DuesLedgerMonth, DuesLine, DuesPayment, PaymentKind
from dangjian.orgs.models import Position

pytestmark = pytest.mark.django_db


def test_every_demo_line_says_what_the_calculator_says_for_the_base_in_force():
    lines = list(DuesLine.objects.order_by("member_id", "month"))
    assert len(lines) > 1000
    bases: dict[int, list[DuesBase]] = {}
    for base in DuesBase.objects.order_by("effective_month", "id"):
        bases.setdefault(base.member_id, []).append(base)
    for line in lines:
        base = [b for b in bases[line.member_id] if b.effective_month <= line.month][-1]
        if line.category == R.Category.HARDSHIP:
            expected = R.dues_for(R.Category.HARDSHIP, base.base, approved_amount=line.amount_due)
        else:
            assert line.category == base.category
            expected = R.dues_for(base.category, base.base, month=line.month)
        assert (line.base, line.rate, line.amount_due, line.rule) == (base.base, expected.rate, expected.amount,
                                                                      expected.rule)


def test_every_demo_payment_keeps_the_payment_rules_and_the_lines_carry_their_totals():
    today = timezone.localdate()
    for payment in DuesPayment.objects.select_related("line"):
        month = payment.line.month
        assert month <= payment.paid_on <= today  # never in advance (第十四条)
        late = R.months_between(month, R.first_of_month(payment.paid_on))
        assert late <= R.BACK_PAYMENT_MONTHS  # 补交 at most six months (第十二条)
        assert (payment.kind == PaymentKind.BACK) == (late > 0) or payment.kind == PaymentKind.EXTRA
        assert payment.remit_in_full == (payment.kind == PaymentKind.EXTRA and payment.amount >= R.REMIT_IN_FULL_FROM)
    regular = dict(DuesPayment.objects.exclude(kind=PaymentKind.EXTRA).values("line_id")
                   .annotate(total=Sum("amount")).values_list("line_id", "total"))
    for line_id, paid in DuesLine.objects.values_list("id", "paid_total"):
        assert paid == regular.get(line_id, 0)
    assert not DuesLine.objects.filter(paid_total__gt=F("amount_due")).exists()


def test_every_month_with_lines_is_marked_generated_and_the_services_write_after_the_demo():
    marked = set(DuesLedgerMonth.objects.values_list("org_id", "month"))
    assert set(DuesLine.objects.values_list("org_id", "month").distinct()) <= marked
    school = Position.objects.get(user__username="secretary_a").org
    next_month = R.add_months(R.first_of_month(timezone.localdate()), 1)
    last = DuesLine.objects.order_by("-id").values_list("id", flat=True).first()
    result = services.generate_ledger(school, next_month, today=next_month + datetime.timedelta(days=1))
    assert result.created > 0
    assert DuesLine.objects.filter(month=next_month).order_by("id").values_list("id", flat=True).first() > last
