"""The ledger page: reading a month, generating it, recording payments one by one and in bulk
(a double submit records once; refusals in Chinese with the rule), who may do what, and a
query count that does not grow with the county."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from dangjian.dues import services
from dangjian.dues.models import DuesLine, DuesPayment
from dangjian.members.models import Member
from dangjian.orgs.tests.growth import grow_county_a
from dangjian.testing import login

from .conftest import with_dues

# Every test here uses dues_world: the module's shared world is built with its bases and ledgers.
EXTEND_SHARED_WORLD = with_dues

pytestmark = pytest.mark.django_db
LEDGER = reverse("dues:ledger")


@pytest.fixture
def as_(dues_world):
    def make(persona: str) -> Client:
        client = Client()
        login(client, dues_world.personas[persona])
        return client

    return make


def line(member, month="2026-11"):
    return DuesLine.objects.get(member=member, month=f"{month}-01")


def key_of(page) -> str:
    return re.search(r'name="idempotency_key" value="([0-9a-f]+)"', page.content.decode()).group(1)


def test_the_secretary_sees_her_branchs_month_with_money_in_yuan(as_, dues_world):
    page = as_("secretary_a").get(LEDGER, {"org": dues_world.branch_a.pk, "month": "2026-11"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "杨帆" in text and "4000.00" in text and "40.00" in text and "1%" in text
    assert "本月待缴" in text and "status-warning" in text
    assert "400.00" in text  # 应缴金额 of ten members


def test_without_parameters_the_ledger_opens_on_the_users_organization_and_this_month(as_):
    page = as_("org_member_a").get(LEDGER)
    assert page.status_code == 200
    assert page.context["org"].name == "东城区第一中学党支部"
    assert page.context["month"] == datetime.date(2026, 11, 1)


def test_a_county_admin_sees_the_lines_of_every_school_with_their_organization(as_, dues_world):
    page = as_("county_admin").get(LEDGER, {"org": dues_world.county_a.pk, "month": "2026-11"})
    assert page.status_code == 200 and page.context["show_org"]
    assert page.context["total"].due_count == 10


def test_another_schools_secretary_gets_404_and_the_principal_403(as_, dues_world):
    query = {"org": dues_world.branch_a.pk, "month": "2026-11"}
    assert as_("secretary_b").get(LEDGER, query).status_code == 404
    assert as_("principal_a").get(LEDGER, query).status_code == 403
    assert as_("member_a").get(LEDGER).status_code == 403


@pytest.mark.parametrize("raw", ["2026-13", "abc", "26-11"])
def test_a_bad_month_is_a_400_with_the_reason(as_, dues_world, raw):
    page = as_("secretary_a").get(LEDGER, {"org": dues_world.branch_a.pk, "month": raw})
    assert page.status_code == 400 and "YYYY-MM" in page.content.decode()


@pytest.mark.parametrize("raw", ["x", "-1", "99999999999999999999"])
def test_a_bad_organization_is_a_404(as_, raw):
    assert as_("secretary_a").get(LEDGER, {"org": raw}).status_code == 404


def test_generating_a_month_says_how_many_lines_and_again_creates_none(as_, dues_world):
    url = reverse("dues:generate")
    assert as_("org_member_a").post(url, {"org": dues_world.branch_b.pk, "month": "2026-10"}).status_code == 404
    services.set_base(dues_world.m_secretary_b, base="3000.00", category="in_service", effective_month="2025-01")
    client = as_("secretary_b")
    done = client.post(url, {"org": dues_world.branch_b.pk, "month": "2026-10"}, follow=True)
    text = done.content.decode()
    assert "新生成 4 条" in text and "3 名党员缺少缴费基数" in text
    again = client.post(url, {"org": dues_world.branch_b.pk, "month": "2026-10"}, follow=True)
    assert "新生成 0 条，已有 4 条保持不变" in again.content.decode()
    assert DuesLine.objects.filter(org=dues_world.branch_b, month="2026-10-01").count() == 4
    assert "缺少缴费基数（3 人）" in again.content.decode()


def test_a_future_month_cannot_be_generated_and_the_rule_is_said(as_, dues_world):
    done = as_("secretary_a").post(reverse("dues:generate"), {"org": dues_world.branch_a.pk, "month": "2026-12"},
                                   follow=True)
    assert "不能为尚未到来的月份生成党费台账" in done.content.decode()
    assert "中组发〔2008〕3号" in done.content.decode()
    assert not DuesLine.objects.filter(month="2026-12-01").exists()


def test_the_principal_may_not_generate_and_a_member_does_not_even_see_the_branch(as_, dues_world):
    data = {"org": dues_world.branch_a.pk, "month": "2026-11"}
    assert as_("principal_a").post(reverse("dues:generate"), data).status_code == 403
    assert as_("member_a").post(reverse("dues:generate"), data).status_code == 404


def test_a_payment_is_recorded_once_even_when_the_form_is_sent_twice(as_, dues_world):
    client = as_("org_member_a")
    target = line(dues_world.m_member_a)
    url = reverse("dues:pay", args=[target.pk])
    form = client.get(url)
    assert form.status_code == 200 and 'value="40.00"' in form.content.decode()
    data = {"amount": "40.00", "method": "cash", "paid_on": "2026-11-23", "idempotency_key": key_of(form)}
    first = client.post(url, data, follow=True)
    assert "已登记杨帆2026年11月党费 40.00 元" in first.content.decode()
    second = client.post(url, data, follow=True)
    assert "重复提交只记录一次" in second.content.decode()
    assert DuesPayment.objects.filter(line=target).count() == 1
    assert line(dues_world.m_member_a).paid_total == 40


def test_a_second_form_for_a_paid_month_is_refused_as_a_duplicate_with_the_rule(as_, dues_world):
    client = as_("org_member_a")
    url = reverse("dues:pay", args=[line(dues_world.m_member_a).pk])
    stale = key_of(client.get(url))
    client.post(url, {"amount": "40.00", "method": "cash", "paid_on": "2026-11-23", "idempotency_key": key_of(client.get(url))})
    refused = client.post(url, {"amount": "40.00", "method": "cash", "paid_on": "2026-11-23", "idempotency_key": stale})
    text = refused.content.decode()
    assert refused.status_code == 422
    assert "杨帆2026年11月的党费已经交纳，不能重复登记" in text and "依据：党员应当主动按月交纳党费" in text
    assert DuesPayment.objects.count() == 1


@pytest.mark.parametrize(("month", "amount", "paid_on", "says"), [
    ("2026-04", "40.00", "2026-11-23", "距交纳月份已超过 6 个月，不能再补交"),
    ("2026-11", "40.00", "2026-10-31", "尚未到来，不能预交党费"),
    ("2026-11", "40.00", "2026-11-24", "交纳日期不能晚于今天"),
    ("2026-11", "-5", "2026-11-23", "金额须大于 0"),
    ("2026-11", "abc", "2026-11-23", "不是数字"),
    ("2026-11", "40.001", "2026-11-23", "最多两位小数"),
    ("2026-11", "45.00", "2026-11-23", "应缴金额为 40.00 元"),
])
def test_refusals_are_shown_in_chinese_and_nothing_is_written(as_, dues_world, month, amount, paid_on, says):
    services.generate_ledger(dues_world.branch_a, "2026-04")
    client = as_("secretary_a")
    url = reverse("dues:pay", args=[line(dues_world.m_member_a, month).pk])
    refused = client.post(url, {"amount": amount, "method": "cash", "paid_on": paid_on, "idempotency_key": "k1"})
    assert refused.status_code == 422 and says in refused.content.decode()
    assert "依据" in refused.content.decode()
    assert not DuesPayment.objects.exists()


def test_a_back_payment_within_six_months_is_recorded_as_such(as_, dues_world):
    client = as_("secretary_a")
    url = reverse("dues:pay", args=[line(dues_world.m_member_a, "2026-06").pk])
    done = client.post(url, {"amount": "40.00", "method": "transfer", "paid_on": "2026-11-23", "idempotency_key": "b1"},
                       follow=True)
    assert "（补交，银行转账）" in done.content.decode()


def test_the_pay_form_is_404_out_of_scope_and_403_for_the_member_herself(as_, dues_world):
    url = reverse("dues:pay", args=[line(dues_world.m_member_a).pk])
    assert as_("secretary_b").get(url).status_code == 404
    assert as_("principal_a").get(url).status_code == 404
    assert as_("member_a").get(url).status_code == 403  # her own line: she sees it, she may not record it
    assert as_("county_admin").get(url).status_code == 200


def test_bulk_payment_records_each_ticked_line_once_and_says_what_was_refused(as_, dues_world):
    client = as_("org_member_a")
    page = client.get(LEDGER, {"org": dues_world.branch_a.pk, "month": "2026-11"})
    members = Member.objects.filter(org=dues_world.branch_a, name__in=["杨帆", "孙丽", "马强"])
    ids = [line(m).pk for m in members]
    client.post(reverse("dues:pay", args=[ids[0]]), {"amount": "40.00", "method": "cash", "paid_on": "2026-11-20",
                                                     "idempotency_key": "single"})
    data = {"org": dues_world.branch_a.pk, "month": "2026-11", "lines": ids, "method": "cash",
            "paid_on": "2026-11-23", "idempotency_key": key_of(page)}
    done = client.post(reverse("dues:bulk_pay"), data, follow=True)
    text = done.content.decode()
    assert "已批量登记 2 笔党费" in text and "不能重复登记" in text
    again = client.post(reverse("dues:bulk_pay"), data, follow=True)
    assert "2 笔此前已按同一表单登记" in again.content.decode()
    assert DuesPayment.objects.count() == 3


def test_bulk_payment_with_nothing_ticked_or_a_bad_date_writes_nothing(as_, dues_world):
    client = as_("org_member_a")
    base = {"org": dues_world.branch_a.pk, "month": "2026-11", "method": "cash", "idempotency_key": "bk"}
    assert "请先勾选" in client.post(reverse("dues:bulk_pay"), {**base, "paid_on": "2026-11-23"},
                                     follow=True).content.decode()
    bad = client.post(reverse("dues:bulk_pay"), {**base, "paid_on": "23/11", "lines": [line(dues_world.m_member_a).pk]},
                      follow=True)
    assert "日期格式不正确" in bad.content.decode()
    assert not DuesPayment.objects.exists()


def test_bulk_payment_is_403_for_a_principal_and_404_for_another_school(as_, dues_world):
    data = {"org": dues_world.branch_a.pk, "month": "2026-11", "lines": [line(dues_world.m_member_a).pk],
            "method": "cash", "paid_on": "2026-11-23", "idempotency_key": "x"}
    assert as_("principal_a").post(reverse("dues:bulk_pay"), data).status_code == 403
    assert as_("secretary_b").post(reverse("dues:bulk_pay"), data).status_code == 404
    assert not DuesPayment.objects.exists()


def test_a_viewer_without_dues_manage_sees_no_forms(dues_world):
    from dangjian.orgs.models import Position

    Position.objects.create(org=dues_world.branch_a, post="publicity_member", user=dues_world.member_a,
                            person_name="杨帆", started_on=datetime.date(2024, 9, 1))
    client = Client()
    login(client, dues_world.member_a)
    page = client.get(LEDGER, {"org": dues_world.branch_a.pk})
    assert page.status_code == 200
    assert "bulk-pay" not in page.content.decode() and "登记交纳" not in page.content.decode()


def test_the_ledger_needs_no_more_queries_for_a_bigger_county(as_, dues_world, django_assert_max_num_queries):
    client = as_("county_admin")
    query = {"org": dues_world.county_a.pk, "month": "2026-11"}
    client.get(LEDGER, query)
    with django_assert_max_num_queries(20) as small:
        client.get(LEDGER, query)
    grow_county_a(dues_world, 6)
    for member in Member.objects.filter(name__startswith="党员"):
        services.set_base(member, base="6000.00", category="in_service", effective_month="2026-01")
    services.generate_ledger(dues_world.county_a, "2026-11")
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(LEDGER, query)
    # Branch A's ten, the new schools' eighteen, and branch B and the joint branch now billed too.
    assert page.context["total"].due_count == 10 + 18 + 5
