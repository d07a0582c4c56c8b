"""Arrears levels and their reminders, the collection sheet, reconciliation with remittances,
a member's own dues, and the two workbooks."""

import datetime
import io
from decimal import Decimal

import pytest
import python_calamine
from django.db.models import F

from dangjian.core.models import Notification
from dangjian.dues import exports, selectors, services
from dangjian.dues.reminders import send_arrears_notices
from dangjian.dues.rules import ArrearsLevel as Level
from dangjian.dues.services import line_for, record_payment

from .conftest import with_dues

# Every test here uses dues_world: the module's shared world is built with its bases and ledgers.
EXTEND_SHARED_WORLD = with_dues

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 23)


def pay(member, month, key):
    record_payment(line_for(member, month), amount="40.00", method="cash", paid_on=TODAY, idempotency_key=key)


def test_three_months_unpaid_is_a_warning_and_six_a_flag_for_the_general_meeting(dues_world):
    for month in ("2026-05", "2026-06", "2026-07"):
        pay(dues_world.m_member_a, month, f"y{month}")
    found = {row.member_name: row for row in selectors.arrears(dues_world.branch_a, today=TODAY)}
    assert (found["杨帆"].count, found["杨帆"].level) == (3, Level.WARNING)      # August to October
    assert (found["张伟"].count, found["张伟"].level) == (6, Level.LAPSE)        # May to October
    assert found["杨帆"].amount == Decimal("120.00")
    # November is still payable, so it is not yet arrears.
    assert datetime.date(2026, 11, 1) not in found["张伟"].months


def test_a_quarterly_payer_is_not_in_arrears_for_an_unfinished_quarter(dues_world):
    services.set_payment_plan(dues_world.m_member_a, plan="quarterly", consented_on=datetime.date(2026, 1, 10))
    for month in ("2026-05", "2026-06", "2026-07", "2026-08", "2026-09"):
        pay(dues_world.m_member_a, month, f"q{month}")
    found = {row.member_name: row for row in selectors.arrears(dues_world.branch_a, today=TODAY)}
    assert "杨帆" not in found  # October is in the quarter that ends in December


def test_a_line_owes_until_paid_in_full_and_the_database_keeps_the_flag(dues_world):
    # DuesLine.owing is computed by the database from the two amounts; the arrears read it.
    from dangjian.dues.models import DuesLine

    line = line_for(dues_world.m_member_a, "2026-10")
    assert DuesLine.objects.get(pk=line.pk).owing and line.amount_due == Decimal("40.00")
    record_payment(line, amount="40.00", method="cash", paid_on=TODAY, idempotency_key="full")
    assert not DuesLine.objects.get(pk=line.pk).owing
    same = DuesLine.objects.filter(pk=line.pk)
    same.update(paid_total=Decimal("15.00"))  # a total below what is due, however it came about
    assert same.get().owing
    assert set(DuesLine.objects.unsettled().values_list("pk", flat=True)) == set(
        DuesLine.objects.filter(amount_due__isnull=False).exclude(paid_total__gte=F("amount_due"))
        .values_list("pk", flat=True))
    same.update(amount_due=None)
    assert not same.get().owing  # no base: listed, not owed


def test_the_secretary_and_the_organization_member_are_told_once(dues_world):
    assert send_arrears_notices(TODAY) == 2 * 10
    assert send_arrears_notices(TODAY) == 0
    titles = Notification.objects.filter(user=dues_world.secretary_a).values_list("title", flat=True)
    assert any("支部大会" in t for t in titles)
    assert not Notification.objects.filter(user=dues_world.secretary_b).exists()


def test_the_collection_sheet_counts_people_and_money(dues_world):
    pay(dues_world.m_member_a, "2026-11", "n1")
    rows, total = selectors.collection_sheet(dues_world.county_a, datetime.date(2026, 11, 1))
    assert [r.org_name for r in rows] == ["东城区第一中学党支部"]
    assert (total.due_count, total.paid_count, total.due_amount, total.paid_amount, total.arrears_amount) == (
        10, 1, Decimal("400.00"), Decimal("40.00"), Decimal("360.00"))


def test_reconciliation_sets_what_was_collected_beside_what_was_remitted(dues_world):
    pay(dues_world.m_member_a, "2026-10", "r1")
    pay(dues_world.m_secretary_a, "2026-10", "r2")
    services.record_remittance(dues_world.branch_a, period_start="2026-10", period_end="2026-11", amount="40.00",
                               remitted_on=TODAY)
    q4 = selectors.reconciliation(dues_world.branch_a, 2026)[3]
    assert (q4.collected, q4.remitted, q4.difference) == (Decimal("80.00"), Decimal("40.00"), Decimal("40.00"))


def test_a_member_sees_their_base_lines_payments_and_arrears(dues_world):
    pay(dues_world.m_member_a, "2026-11", "m1")
    own = selectors.member_dues(dues_world.m_member_a, today=TODAY)
    assert own.base.base == Decimal("4000.00") and len(own.lines) == 7 and len(own.payments) == 1
    assert own.arrears.count == 6 and not own.recheck_due


def read(buffer):
    buffer.seek(0)
    return python_calamine.CalamineWorkbook.from_filelike(buffer).get_sheet_by_index(0).to_python()


def test_the_collection_sheet_and_the_disclosure_statement_are_printable_workbooks(dues_world):
    pay(dues_world.m_member_a, "2026-11", "w1")
    sheet = io.BytesIO()
    assert exports.collection_sheet_xlsx(sheet, dues_world.branch_a, datetime.date(2026, 11, 1), made_on=TODAY) == 2
    cells = read(sheet)
    assert cells[0][0] == "2026年11月党费收缴情况表" and cells[3][1:3] == [10.0, 1.0]
    statement = io.BytesIO()
    assert exports.disclosure_xlsx(statement, dues_world.branch_a, 2026, made_on=TODAY) == 10
    rows = {row[0]: row for row in read(statement)[3:13]}
    assert rows["杨帆"][2 + 10] == 40.0  # November
