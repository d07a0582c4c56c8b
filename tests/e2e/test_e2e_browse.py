"""A secretary and a county administrator use the system in a real browser: they log in
through the login form (the administrator also through the TOTP step), see their dashboard,
expand the organization tree, open organization and school pages — with no console error,
which is where a CSP violation would show. Screenshots go to var/screenshots/."""

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from dangjian.testing import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page, base_url, username, password=PASSWORD):
    page.goto(f"{base_url}/accounts/login/")
    page.fill('input[name="username"]', username)
    page.fill('input[name="password"]', password)
    page.locator('form button[type="submit"]').first.click()


def pass_second_factor(page, device):
    """Enter the device's current code on the TOTP page and wait until the page has left it.
    It waits for the TOTP page first (the login's redirect may still be on its way) and for the
    answer after: a refused code fails here, with the page's own message, rather than later in
    a wait_for_url that says only that nothing happened."""
    page.wait_for_url("**/accounts/otp/**")
    # The OTP form's field is `otp_token` in django-otp's own forms and `token` in ours.
    field = page.locator('input[name="otp_token"], input[name="token"]').first
    field.fill(f"{totp(device.bin_key):06d}")
    with page.expect_navigation():
        page.locator('form button[type="submit"]').first.click()
    if "/accounts/otp/" in page.url:
        refusal = page.locator(".alert-danger, .invalid-feedback")
        shown = refusal.all_inner_texts() if refusal.count() else []
        raise AssertionError(f"the TOTP step did not pass: {shown or page.url}")


def test_a_secretary_logs_in_browses_the_tree_and_opens_the_school(e2e_world, live_server, page_factory,
                                                                     screenshot_dir):
    w = e2e_world
    page, errors = page_factory()
    log_in(page, live_server.url, "secretary_a")
    page.wait_for_url(f"{live_server.url}/")
    expect(page.locator("h1")).to_have_text("东城区第一中学党支部")
    expect(page.locator(".topbar")).to_contain_text("张伟")
    # The sidebar has the organization pages but no audit log (a secretary lacks audit.view).
    expect(page.locator("#sidebar")).to_contain_text("组织架构")
    expect(page.locator("#sidebar")).not_to_contain_text("审计日志")

    page.locator("#sidebar").get_by_role("link", name="组织架构").click()
    toggle = page.locator(f'button[aria-controls="tree-children-{w.branch_a.pk}"]')
    toggle.click()
    children = page.locator(f"#tree-children-{w.branch_a.pk}")
    expect(children).to_contain_text("第一党小组")
    expect(children).to_contain_text("第二党小组")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    toggle.click()  # folds without another request
    expect(children).to_be_hidden()

    page.goto(f"{live_server.url}/orgs/schools/{w.school_a.pk}/")
    expect(page.locator("h1")).to_have_text("东城区第一中学")
    expect(page.locator(".callout-org")).to_contain_text("东城区第一中学党支部")
    page.screenshot(path=str(screenshot_dir / "school-page-secretary.png"), full_page=True)

    # Another school's page is "not found", not "forbidden".
    response = page.goto(f"{live_server.url}/orgs/schools/{w.school_b.pk}/")
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("未找到您要访问的页面或记录")
    assert not [e for e in errors if "404" not in e], errors


def test_a_county_admin_passes_totp_and_sees_the_county(e2e_world, live_server, page_factory, screenshot_dir):
    w = e2e_world
    device = TOTPDevice.objects.create(user=w.county_admin, name="手机", confirmed=True)
    page, errors = page_factory()
    log_in(page, live_server.url, "county_admin")
    page.wait_for_url(re.compile(r".*/accounts/otp/.*"))
    pass_second_factor(page, device)
    page.wait_for_url(f"{live_server.url}/")

    expect(page.locator("h1")).to_have_text("东城区教育党工委")
    expect(page.locator(".stat").first).to_contain_text("5")  # five schools in county A
    expect(page.locator('[data-chart="kinds"] svg')).to_be_visible()  # ECharts rendered from json_script
    expect(page.locator('[data-chart="coverage"] svg')).to_be_visible()
    expect(page.locator("#sidebar")).to_contain_text("审计日志")
    page.screenshot(path=str(screenshot_dir / "dashboard-county-admin.png"), full_page=True)

    # The tree starts at the county and expands on demand.
    page.goto(f"{live_server.url}/orgs/tree/")
    page.locator(f'button[aria-controls="tree-children-{w.county_a.pk}"]').click()
    expect(page.locator(f"#tree-children-{w.county_a.pk}")).to_contain_text("东城区第一中学党支部")
    page.locator(f'button[aria-controls="tree-children-{w.branch_a.pk}"]').click()
    expect(page.locator(f"#tree-children-{w.branch_a.pk}")).to_contain_text("第二党小组")
    expect(page.locator("#org-tree")).not_to_contain_text("西城区")  # county B is out of scope
    page.screenshot(path=str(screenshot_dir / "tree-expanded.png"), full_page=True)

    # Search from the top bar.
    page.fill('.topbar-search input[name="q"]', "实验")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("东城区实验小学党支部")

    # The joint branch breaks structure rules: findings in red and amber, with their citations.
    page.goto(f"{live_server.url}/orgs/{w.joint.pk}/")
    findings = page.locator(".finding")
    expect(findings.first).to_be_visible()
    expect(page.locator(".finding-danger").first).to_contain_text("不符合规定")
    expect(page.locator(".finding .cite").first).to_contain_text("条例")
    page.screenshot(path=str(screenshot_dir / "org-page-findings.png"), full_page=True)

    # A private school without a party organization shows the reason prominently.
    page.goto(f"{live_server.url}/orgs/schools/{w.school_p.pk}/")
    expect(page.locator(".callout-no-org")).to_contain_text("未建党组织原因")
    page.screenshot(path=str(screenshot_dir / "school-page-no-org.png"), full_page=True)
    assert errors == [], errors


def test_the_dashboard_is_usable_on_a_phone(e2e_world, live_server, page_factory, screenshot_dir):
    w = e2e_world
    device = TOTPDevice.objects.create(user=w.county_admin, name="手机", confirmed=True)
    page, errors = page_factory(width=390, height=844, is_mobile=True, has_touch=True, device_scale_factor=2)
    log_in(page, live_server.url, "county_admin")
    page.wait_for_url(re.compile(r".*/accounts/otp/.*"))
    pass_second_factor(page, device)
    page.wait_for_url(f"{live_server.url}/")

    expect(page.locator("#sidebar")).to_be_hidden()  # collapsed into an offcanvas menu
    # Nothing is wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(screenshot_dir / "dashboard-phone.png"), full_page=True)
    page.get_by_role("button", name="打开菜单").click()
    expect(page.locator("#sidebar")).to_be_visible()
    page.locator("#sidebar").get_by_role("link", name="学校").click()
    expect(page.locator("h1")).to_have_text("学校")
    assert errors == [], errors
