"""Party dues in a real browser: the organization member of school A opens the ledger,
generates this month, records a payment, is refused a second form for the same month with the
rule, pays two more in bulk, then looks at the member's page, the arrears list and the
collection sheet. No console error (a CSP violation would show there). Screenshots go to
var/screenshots/."""

import datetime

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def add_months(day: datetime.date, count: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


@pytest.fixture
def dues_e2e_world(e2e_world):
    """Bases for branch A from a year ago (one member without a base), and the ledgers of the
    last seven months, most of them paid — so there are arrears of every level."""
    from dangjian.dues import services
    from dangjian.dues.services import line_for, record_payment
    from dangjian.members.models import Member

    w = e2e_world
    today = datetime.date.today()
    this_month = today.replace(day=1)
    members = list(Member.objects.filter(org=w.branch_a).order_by("id"))
    for i, member in enumerate(members):
        if member.name != "高峰":
            services.set_base(member, base=f"{3500 + 900 * i}.00", category="in_service",
                              effective_month=add_months(this_month, -12))
    for back in range(6, 0, -1):
        month = add_months(this_month, -back)
        services.generate_ledger(w.branch_a, month)
        for member in members:
            paid_until = {"张伟": 0, "孙丽": 4, "马强": 6}.get(member.name, 7)
            if back <= 6 - paid_until or member.name in ("高峰", "林晓"):
                continue
            line = line_for(member, month)
            record_payment(line, amount=line.amount_due, method="cash", paid_on=min(today, add_months(month, 1)),
                           idempotency_key=f"seed-{member.pk}-{month:%Y%m}")
    return w


def test_the_organization_member_generates_the_month_and_records_payments(dues_e2e_world, live_server, signed_in,
                                                                           screenshot_dir):
    w = dues_e2e_world
    base = live_server.url
    page, errors = signed_in(w.org_member_a)

    page.get_by_role("link", name="月度台账").click()
    expect(page.locator("h1")).to_have_text("党费月度台账")
    expect(page.locator(".empty-state")).to_contain_text("尚未生成")
    page.locator("#generate-form button").click()
    expect(page.locator(".alert-success")).to_contain_text("新生成 10 条")
    expect(page.locator(".alert-success")).to_contain_text("1 名党员缺少缴费基数")
    expect(page.locator("#missing-base")).to_contain_text("高峰")
    page.locator("#generate-form button").click()
    expect(page.locator(".alert-success")).to_contain_text("新生成 0 条，已有 10 条保持不变")

    # Two forms for 杨帆's month are open (as if in two tabs); the first records, the second is refused.
    row = page.locator("#ledger-table tr", has_text="杨帆")
    pay_url = row.get_by_role("link", name="登记交纳").get_attribute("href")
    second = page.context.new_page()
    second.goto(f"{base}{pay_url}")
    row.get_by_role("link", name="登记交纳").click()
    expect(page.locator("h1")).to_contain_text("登记党费：杨帆")
    page.locator("#payment-form button[type=submit]").click()
    expect(page.locator(".alert-success")).to_contain_text("已登记杨帆")
    expect(page.locator("#ledger-table tr", has_text="杨帆")).to_contain_text("已缴")
    second.locator("#payment-form button[type=submit]").click()
    refusal = second.locator(".alert-danger")
    expect(refusal).to_contain_text("的党费已经交纳，不能重复登记")
    expect(refusal).to_contain_text("中组发〔2008〕3号")
    second.close()

    # Bulk: tick two members and record them with one method and date.
    for name in ("何静", "郭涛"):
        page.locator("#ledger-table tr", has_text=name).locator("input[name=lines]").check()
    expect(page.locator("#bulk-count")).to_have_text("2")
    page.select_option("#bulk-pay select[name=method]", "transfer")
    page.locator("#bulk-pay button[type=submit]").click()
    expect(page.locator(".alert-success")).to_contain_text("已批量登记 2 笔党费")
    page.screenshot(path=str(screenshot_dir / "dues-ledger.png"), full_page=True)

    page.locator("#ledger-table").get_by_role("link", name="杨帆").click()
    expect(page.locator("h1")).to_have_text("杨帆的党费")
    expect(page.locator("#payment-table")).to_contain_text("按月交纳")
    page.screenshot(path=str(screenshot_dir / "dues-payment.png"), full_page=True)

    page.get_by_role("link", name="欠缴名单").first.click()
    expect(page.locator("h1")).to_have_text("欠缴党费名单")
    expect(page.locator("#arrears-table tr", has_text="张伟")).to_contain_text("满 6 个月：提请支部大会")
    expect(page.locator("#arrears-table tr", has_text="孙丽")).to_contain_text("欠缴")
    page.screenshot(path=str(screenshot_dir / "dues-arrears.png"), full_page=True)

    page.get_by_role("link", name="收缴情况").first.click()
    expect(page.locator("h1")).to_have_text("党费收缴情况")
    expect(page.locator("#collection-table tfoot")).to_contain_text("合计")
    page.screenshot(path=str(screenshot_dir / "dues-collection.png"), full_page=True)
    assert errors == [], errors
    assert w.branch_a.dues_lines.exists()
