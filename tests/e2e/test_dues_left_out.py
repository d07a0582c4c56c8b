"""A member received after this month's ledger was made (issue 15, item 8), in a real browser:
the organization member of school A opens the ledger, finds him under 未列入本月台账, follows
核定基数, enters the base, and finds him in this month's ledger with his dues. No console
error. Screenshots: var/screenshots/dues-left-out.png, dues-left-out-added.png."""

import datetime

import pytest
from playwright.sync_api import expect

from tests.e2e.test_e2e_browse import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_member_left_out_of_the_ledger_is_named_and_added_once_his_base_is_set(e2e_world, live_server,
                                                                                   page_factory, screenshot_dir):
    from dangjian.dues import services
    from dangjian.members.models import Member
    from dangjian.testing import add_member

    w = e2e_world
    this_month = datetime.date.today().replace(day=1)
    for member in Member.objects.filter(org=w.branch_a):
        services.set_base(member, base="4000.00", category="in_service", effective_month=this_month)
    services.generate_ledger(w.branch_a, this_month)
    add_member(w.branch_a, "新转入", joined_on=datetime.date(2015, 7, 1))  # after the ledger was made

    base = live_server.url
    page, errors = page_factory()
    log_in(page, base, "org_member_a")
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/dues/?org={w.branch_a.pk}")
    card = page.locator("#left-out")
    expect(card).to_contain_text("未列入本月台账（1 人）")
    expect(card).to_contain_text("新转入")
    page.screenshot(path=str(screenshot_dir / "dues-left-out.png"), full_page=True)

    card.get_by_role("link", name="核定基数").click()
    form = page.locator("#set-base")
    form.locator('[name="base-category"]').select_option("in_service")
    form.locator('[name="base-effective_month"]').fill(f"{this_month:%Y-%m}")
    form.locator('[name="base-base"]').fill("5000.00")
    form.get_by_role("button", name="保存基数").click()
    expect(page.locator(".alert-success")).to_contain_text("已核定新转入")

    page.goto(f"{base}/dues/?org={w.branch_a.pk}")
    expect(page.locator("#left-out")).to_have_count(0)
    row = page.locator("table tr", has_text="新转入")
    expect(row).to_contain_text("50.00")
    page.screenshot(path=str(screenshot_dir / "dues-left-out-added.png"), full_page=True)
    assert errors == [], errors
