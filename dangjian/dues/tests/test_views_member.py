"""A member's dues page (bases, lines, payments, reversal with a reason, voluntary extra
payment, hardship approval) and 我的党费 — by persona."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from dangjian.dues.models import DuesBase, DuesLine, DuesPayment, HardshipApproval
from dangjian.dues.services import line_for, record_payment
from dangjian.testing import login

from .conftest import with_dues

# Every test here uses dues_world: the module's shared world is built with its bases and ledgers.
EXTEND_SHARED_WORLD = with_dues

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_(dues_world):
    def make(persona: str) -> Client:
        client = Client()
        login(client, dues_world.personas[persona])
        return client

    return make


def page_of(member):
    return reverse("dues:member", args=[member.pk])


def pay(member, month="2026-11", key="p1"):
    return record_payment(line_for(member, month), amount="40.00", method="cash", paid_on="2026-11-23",
                          idempotency_key=key).payment


def test_the_organization_member_sees_a_members_base_lines_payments_and_arrears(as_, dues_world):
    pay(dues_world.m_member_a)
    page = as_("org_member_a").get(page_of(dues_world.m_member_a))
    text = page.content.decode()
    assert page.status_code == 200
    assert "4000.00 元（在职（按月工资收入），2025年1月起）" in text
    assert "连续 6 个月（2026年5月起），合计 240.00 元" in text and "提请支部大会" in text
    assert "已缴" in text and "按月交纳" in text
    assert 'id="set-base"' in text and 'action="/dues/payments/' in text


def test_persons_out_of_scope_get_404_and_the_member_is_sent_to_her_own_page(as_, dues_world):
    url = page_of(dues_world.m_member_a)
    assert as_("secretary_b").get(url).status_code == 404
    assert as_("principal_a").get(url).status_code == 404
    own = as_("member_a").get(url)
    assert own.status_code == 302 and own["Location"] == reverse("dues:mine")
    assert as_("member_a").get(page_of(dues_world.m_secretary_a)).status_code == 404


def test_setting_a_base_from_the_components_recomputes_the_unpaid_months(as_, dues_world):
    client = as_("secretary_a")
    data = {"base-category": "in_service", "base-effective_month": "2026-10", "base-post_wage": "3000",
            "base-grade_wage": "1500", "base-performance_pay": "1000.50", "base-allowances": "500"}
    done = client.post(reverse("dues:set_base", args=[dues_world.m_member_a.pk]), data, follow=True)
    assert "已核定杨帆自2026年10月起的缴费基数 6000.50 元" in done.content.decode()
    assert DuesLine.objects.get(member=dues_world.m_member_a, month="2026-11-01").amount_due == Decimal("90.01")  # 6000.50 × 1.5%, half up
    assert DuesBase.objects.filter(member=dues_world.m_member_a).count() == 2  # history kept


@pytest.mark.parametrize(("field", "value", "says"), [
    ("base-base", "3000.001", "最多两位小数"),
    ("base-base", "-1", "不能为负数"),
    ("base-effective_month", "2027-05", "起始月份最晚为下个月"),
    ("base-base", "5000", "与各工资项目之和 4500.00 不一致"),
])
def test_a_bad_base_is_refused_by_its_field_and_nothing_is_written(as_, dues_world, field, value, says):
    data = {"base-category": "in_service", "base-effective_month": "2026-10", "base-base": "",
            "base-post_wage": "3000", "base-grade_wage": "1500", field: value}
    if field == "base-base" and value != "5000":
        data.pop("base-post_wage"), data.pop("base-grade_wage")
    answer = as_("secretary_a").post(reverse("dues:set_base", args=[dues_world.m_member_a.pk]), data)
    assert answer.status_code == 422 and says in answer.content.decode()
    assert DuesBase.objects.filter(member=dues_world.m_member_a).count() == 1


def test_a_reversal_needs_a_reason_and_then_the_month_can_be_paid_again(as_, dues_world):
    payment = pay(dues_world.m_member_a)
    client = as_("org_member_a")
    url = reverse("dues:reverse", args=[payment.pk])
    refused = client.post(url, {"reason": " ", "idempotency_key": "r1"}, follow=True)
    assert "冲正须写明原因" in refused.content.decode() and "依据" in refused.content.decode()
    assert DuesPayment.objects.count() == 1
    done = client.post(url, {"reason": "金额登记错误", "idempotency_key": "r1"}, follow=True)
    assert "已冲正杨帆2026年11月的一笔 40.00 元记录（原因：金额登记错误）" in done.content.decode()
    again = client.post(url, {"reason": "金额登记错误", "idempotency_key": "r1"}, follow=True)
    assert "重复提交只记录一次" in again.content.decode()
    assert DuesPayment.objects.count() == 2
    assert DuesLine.objects.get(pk=payment.line_id).paid_total == 0
    pay(dues_world.m_member_a, key="p2")  # the month is open again


def test_only_a_dues_manager_may_reverse(as_, dues_world):
    payment = pay(dues_world.m_member_a)
    url = reverse("dues:reverse", args=[payment.pk])
    assert as_("member_a").post(url, {"reason": "x", "idempotency_key": "r"}).status_code == 403
    assert as_("secretary_b").post(url, {"reason": "x", "idempotency_key": "r"}).status_code == 404
    assert as_("principal_a").post(url, {"reason": "x", "idempotency_key": "r"}).status_code == 404
    assert not DuesPayment.objects.filter(reverses__isnull=False).exists()


def test_a_voluntary_extra_payment_of_1000_yuan_or_more_is_remitted_in_full(as_, dues_world):
    client = as_("secretary_a")
    data = {"extra-month": "2026-11", "extra-amount": "1000.00", "extra-method": "transfer",
            "extra-paid_on": "2026-11-23", "extra-idempotency_key": "e1"}
    done = client.post(reverse("dues:extra", args=[dues_world.m_member_a.pk]), data, follow=True)
    assert "已登记杨帆自愿多交党费 1000.00 元，一次多交 1000 元以上，全额上缴" in done.content.decode()
    client.post(reverse("dues:extra", args=[dues_world.m_member_a.pk]), data)
    assert DuesPayment.objects.filter(kind="extra", remit_in_full=True).count() == 1


def test_an_extra_payment_for_a_month_not_in_the_ledger_is_refused(as_, dues_world):
    data = {"extra-month": "2025-01", "extra-amount": "10", "extra-method": "cash", "extra-paid_on": "2026-11-23",
            "extra-idempotency_key": "e2"}
    answer = as_("secretary_a").post(reverse("dues:extra", args=[dues_world.m_member_a.pk]), data)
    assert answer.status_code == 422 and "2025年01月的党费台账中没有杨帆" in answer.content.decode()
    assert not DuesPayment.objects.exists()


def test_a_hardship_approval_waives_the_unpaid_months(as_, dues_world):
    data = {"hardship-from_month": "2026-10", "hardship-amount": "0", "hardship-approved_by": "东城区教育党工委",
            "hardship-approved_on": "2026-11-20", "hardship-reason": "家庭重大变故"}
    done = as_("secretary_a").post(reverse("dues:hardship", args=[dues_world.m_member_a.pk]), data, follow=True)
    assert "已登记杨帆经批准免交（自2026年10月起）" in done.content.decode()
    assert DuesLine.objects.get(member=dues_world.m_member_a, month="2026-11-01").amount_due == 0
    assert "免交" in done.content.decode()


def test_a_hardship_without_a_reason_is_refused(as_, dues_world):
    data = {"hardship-from_month": "2026-10", "hardship-amount": "5", "hardship-approved_by": "东城区教育党工委",
            "hardship-approved_on": "2026-11-20", "hardship-reason": ""}
    answer = as_("secretary_a").post(reverse("dues:hardship", args=[dues_world.m_member_a.pk]), data)
    assert answer.status_code == 422 and not HardshipApproval.objects.exists()


def test_the_principal_and_the_member_may_not_write_on_the_member_page(as_, dues_world):
    member = dues_world.m_member_a
    for name in ("set_base", "extra", "hardship"):
        assert as_("member_a").post(reverse(f"dues:{name}", args=[member.pk]), {}).status_code == 403
        assert as_("principal_a").post(reverse(f"dues:{name}", args=[member.pk]), {}).status_code == 404


def test_a_member_sees_her_own_dues_and_nobody_elses(as_, dues_world):
    pay(dues_world.m_member_a)
    page = as_("member_a").get(reverse("dues:mine"))
    text = page.content.decode()
    assert page.status_code == 200 and "我的党费" in text
    assert "4000.00 元" in text and "40.00" in text and "连续 6 个月" in text
    assert "reverse-form" not in text and "登记交纳" not in text
    assert "孙丽" not in text and 'id="set-base"' not in text


def test_a_user_without_a_member_record_is_told_how_to_link_one(as_):
    page = as_("principal_a").get(reverse("dues:mine"))
    assert page.status_code == 200 and "还没有关联党员档案" in page.content.decode()


def test_anonymous_visitors_are_sent_to_log_in(dues_world):
    answer = Client().get(reverse("dues:mine"))
    assert answer.status_code == 302 and "/accounts/login" in answer["Location"]
