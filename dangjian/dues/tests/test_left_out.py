"""Members received or imported after the month's ledger was made (issue 15, item 8: roster 44,
December ledger 40): the ledger page names them under 未列入本月台账 with a link to set the
base; setting it adds their line to every generated month from the base's first month, through
the one calculator; generating again (补充生成) also adds them; a suspended member is not
listed; and nothing else moves."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from dangjian.core.models import AuditEntry
from dangjian.dues.models import DuesBase, DuesLine
from dangjian.members.models import Member, Standing
from dangjian.testing import add_member, login

from .conftest import with_dues

EXTEND_SHARED_WORLD = with_dues
pytestmark = pytest.mark.django_db
LEDGER = reverse("dues:ledger")


@pytest.fixture
def secretary(dues_world) -> Client:
    client = Client()
    login(client, dues_world.secretary_a)
    return client


def left_out_card(client, world, month="2026-11") -> str:
    html = client.get(LEDGER, {"org": world.branch_a.pk, "month": month}).content.decode()
    return html.split('id="left-out"')[1].split("</ul>")[0] if 'id="left-out"' in html else ""


def test_a_member_imported_after_the_ledger_is_named_and_added_once_his_base_is_set(secretary, dues_world):
    newcomer = add_member(dues_world.branch_a, "新来", joined_on=datetime.date(2019, 7, 1))
    lines_before = DuesLine.objects.filter(org=dues_world.branch_a, month="2026-11-01").count()
    card = left_out_card(secretary, dues_world)
    assert "新来" in card and f'{reverse("dues:member", args=[newcomer.pk])}#set-base' in card

    answer = secretary.post(reverse("dues:set_base", args=[newcomer.pk]), {
        "base-category": "in_service", "base-effective_month": "2026-10", "base-base": "5000.00"})
    assert answer.status_code == 302
    added = DuesLine.objects.filter(member=newcomer).order_by("month")
    assert [(f"{x.month:%Y-%m}", x.amount_due) for x in added] == [("2026-10", 50), ("2026-11", 50)]
    assert DuesLine.objects.filter(org=dues_world.branch_a, month="2026-11-01").count() == lines_before + 1
    assert left_out_card(secretary, dues_world) == ""
    page = secretary.get(LEDGER, {"org": dues_world.branch_a.pk, "month": "2026-11"}).content.decode()
    assert "新来" in page.split('id="left-out"')[-1]  # a row of the ledger now
    entry = AuditEntry.objects.filter(action="dues.base.set", object_id=str(newcomer.pk)).latest("id")
    assert entry.changes["added_lines"] == 2


def test_a_member_with_a_base_is_added_by_generating_again_and_a_suspended_one_is_not_listed(secretary, dues_world):
    # a record loaded with its base (no service ran for the ledger): named, with 已有基数
    with_base = add_member(dues_world.branch_a, "有基数", joined_on=datetime.date(2019, 7, 1))
    DuesBase.objects.create(member=with_base, base="3000.00", category="in_service",
                            effective_month=datetime.date(2026, 1, 1), checked_on=datetime.date(2026, 1, 5))
    suspended = add_member(dues_world.branch_a, "停止党籍", joined_on=datetime.date(2019, 7, 1))
    Member.objects.filter(pk=suspended.pk).update(standing=Standing.SUSPENDED)
    card = left_out_card(secretary, dues_world)
    assert "有基数" in card and "已有基数" in card and "停止党籍" not in card

    answer = secretary.post(reverse("dues:generate"), {"org": dues_world.branch_a.pk, "month": "2026-11"})
    assert answer.status_code == 302
    assert DuesLine.objects.get(member=with_base, month="2026-11-01").amount_due == 15
    assert left_out_card(secretary, dues_world) == ""
