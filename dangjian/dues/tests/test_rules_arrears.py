"""The arrears state (欠缴) is judged once, in dangjian.dues.rules, and the arrears page, the API,
the reminders and the member's own page all say what it says."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from dangjian.core.models import Notification
from dangjian.dues import rules as R
from dangjian.dues.reminders import send_arrears_notices
from dangjian.dues.services import line_for, record_payment
from dangjian.testing import login

from .conftest import TODAY

NOVEMBER = datetime.date(2026, 11, 1)


# --- the rule at its boundaries ----------------------------------------------------------------

@pytest.mark.parametrize(("months", "level", "state", "label"), [
    (1, "", "warning", "欠缴"),
    (2, "", "warning", "欠缴"),
    (3, "warning", "warning", "满 3 个月：批评教育"),
    (5, "warning", "warning", "满 3 个月：批评教育"),
    (6, "lapse", "danger", "满 6 个月：提请支部大会"),
    (24, "lapse", "danger", "满 6 个月：提请支部大会"),
])
def test_a_run_of_unpaid_months_is_amber_from_the_first_a_warning_from_three_and_red_from_six(
        months, level, state, label):
    status = R.arrears_status(months)
    assert (status.level, status.state, status.label) == (level, state, label)
    assert status.note == R.ARREARS_LEVEL_LABELS.get(level, "")


def test_six_months_is_the_constitutions_number_and_the_rule_says_so():
    assert R.LAPSE_MONTHS == 6 and R.WARNING_MONTHS == 3
    assert "《中国共产党章程》第九条" in R.R_ARREARS.citation
    assert "连续 6 个月" in R.R_ARREARS.text
    assert "党章第九条" in R.arrears_status(6).note


@pytest.mark.parametrize(("amount_due", "paid", "month", "state", "label"), [
    (None, False, datetime.date(2026, 9, 1), "na", "缺少缴费基数"),
    (Decimal("0.00"), True, datetime.date(2026, 9, 1), "na", "免交"),
    (Decimal("40.00"), True, datetime.date(2026, 9, 1), "ok", "已缴"),
    (Decimal("40.00"), False, NOVEMBER, "warning", "本月待缴"),
    (Decimal("40.00"), False, datetime.date(2026, 10, 1), "danger", "欠缴（1 个月前）"),
    (Decimal("40.00"), False, datetime.date(2026, 5, 1), "danger", "欠缴（6 个月前）"),
])
def test_a_ledger_line_is_payable_in_its_own_month_and_owed_from_the_next(amount_due, paid, month, state, label):
    assert R.line_status(amount_due, paid, month, TODAY) == (state, label)


def test_the_last_day_of_a_month_it_is_still_payable_and_the_first_of_the_next_it_is_owed():
    october = datetime.date(2026, 10, 1)
    assert R.line_status(Decimal("40.00"), False, october, datetime.date(2026, 10, 31)) == ("warning", "本月待缴")
    assert R.line_status(Decimal("40.00"), False, october, datetime.date(2026, 11, 1)) == ("danger", "欠缴（1 个月前）")


# --- the page, the API and the reminder agree ----------------------------------------------------

@pytest.mark.django_db
def test_the_page_the_api_the_reminder_and_the_members_own_page_say_the_same_for_one_member(dues_world):
    """杨帆 paid May to July and nothing since: August, September and October are owed on
    2026-11-23 (November is still payable) — three months, the warning level."""
    member = dues_world.m_member_a
    for month in ("2026-05", "2026-06", "2026-07"):
        record_payment(line_for(member, month), amount="40.00", method="cash", paid_on="2026-11-23",
                       idempotency_key=f"agree-{month}")
    expected = R.arrears_status(3)
    client = Client()
    login(client, dues_world.personas["secretary_a"])

    page = client.get(reverse("dues:arrears"), {"org": dues_world.branch_a.pk})
    row = next(r for r in page.context["page_obj"].object_list if r.member_id == member.pk)
    assert (row.count, row.level, row.state, row.state_label, row.level_label) == (
        3, expected.level, expected.state, expected.label, expected.note)

    answer = client.get("/api/v1/dues/arrears", {"org": dues_world.branch_a.pk})
    item = next(i for i in answer.json()["items"] if i["member_id"] == member.pk)
    assert (item["months"], item["level"], item["state"], item["state_label"], item["level_label"]) == (
        3, expected.level, expected.state, expected.label, expected.note)

    assert send_arrears_notices(TODAY) > 0
    notice = Notification.objects.get(user=dues_world.secretary_a, key__startswith=f"dues:arrears:{member.pk}:")
    assert notice.key.endswith(f":{expected.level}") and notice.level == Notification.Level.WARNING
    assert "连续 3 个月" in notice.title and "批评教育" in notice.title

    own = client.get(reverse("dues:member", args=[member.pk]))
    assert own.context["own"].arrears.level == expected.level


@pytest.mark.django_db
def test_the_ledger_page_and_the_ledger_api_give_each_line_the_same_state(dues_world):
    member = dues_world.m_member_a
    record_payment(line_for(member, "2026-09"), amount="40.00", method="cash", paid_on="2026-11-23",
                   idempotency_key="ledger-agree")
    client = Client()
    login(client, dues_world.personas["secretary_a"])
    for month, expected in (("2026-09", ("ok", "已缴")), ("2026-10", ("danger", "欠缴（1 个月前）")),
                            ("2026-11", ("warning", "本月待缴"))):
        page = client.get(reverse("dues:ledger"), {"org": dues_world.branch_a.pk, "month": month})
        line = next(x for x in page.context["lines"] if x.member_id == member.pk)
        answer = client.get("/api/v1/dues/ledger", {"org": dues_world.branch_a.pk, "month": month})
        item = next(x for x in answer.json()["lines"] if x["member_id"] == member.pk)
        assert (line.state, line.state_label) == (item["state"], item["state_label"]) == expected
