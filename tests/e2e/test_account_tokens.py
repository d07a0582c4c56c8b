"""The API token page in a real browser: a county administrator (whose post needs the second
factor) passes TOTP at login, issues a token with a fresh code, sees the secret once, uses it
against the API, and revokes it; a school secretary issues one without a code. No console
error (CSP). Screenshots go to var/screenshots/."""

import re
import time

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from dangjian.accounts.models import ApiToken
from tests.e2e.test_e2e_browse import log_in, pass_second_factor

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_county_admin_issues_a_token_with_a_fresh_code_and_revokes_it(e2e_world, live_server, page_factory,
                                                                          screenshot_dir):
    w = e2e_world
    device = TOTPDevice.objects.create(user=w.county_admin, name="手机", confirmed=True)
    page, errors = page_factory()
    log_in(page, live_server.url, "county_admin")
    page.wait_for_url(re.compile(r".*/accounts/otp/.*"))
    pass_second_factor(page, device)
    page.wait_for_url(f"{live_server.url}/")

    page.locator(".user-menu").click()
    page.get_by_role("link", name="API 令牌").first.click()
    page.wait_for_url(f"{live_server.url}/accounts/tokens/")
    expect(page.locator("h1")).to_have_text("API 令牌")
    expect(page.locator(".empty-state")).to_contain_text("您还没有 API 令牌")

    page.fill('input[name="name"]', "区县报表同步")
    page.check('input[name="scope"][value="read"]')
    page.fill('input[name="days"]', "30")
    page.fill('input[name="otp"]', _next_code(device))
    page.get_by_role("button", name="签发令牌").click()

    secret_box = page.locator("#issued-secret")
    expect(secret_box).to_be_visible()
    secret = secret_box.input_value()
    assert secret.startswith("dj_")
    expect(page.locator(".token-issued")).to_contain_text("只显示这一次")
    expect(page.locator(".token-table")).to_contain_text("区县报表同步")
    expect(page.locator(".token-table")).to_contain_text("只读")
    page.screenshot(path=str(screenshot_dir / "api-tokens-issued.png"), full_page=True)

    api = page.request.get(f"{live_server.url}/api/v1/orgs/", headers={"Authorization": f"Bearer {secret}"})
    assert api.status == 200

    page.get_by_role("button", name="撤销令牌“区县报表同步”").click()
    expect(page.locator(".messages")).to_contain_text("已撤销")
    expect(page.locator(".token-table")).to_contain_text("已撤销")
    expect(page.locator("#issued-secret")).to_have_count(0)  # the secret is gone for good
    assert secret not in page.content()
    page.screenshot(path=str(screenshot_dir / "api-tokens-revoked.png"), full_page=True)

    refused = page.request.get(f"{live_server.url}/api/v1/orgs/", headers={"Authorization": f"Bearer {secret}"})
    assert refused.status == 401 and refused.json()["code"] == "token_revoked"
    assert ApiToken.objects.get().revoked_at is not None
    assert not errors, errors


def test_a_secretary_issues_a_token_without_a_code_on_a_phone(e2e_world, live_server, page_factory, screenshot_dir):
    page, errors = page_factory(width=390, height=844, is_mobile=True, has_touch=True, device_scale_factor=2)
    log_in(page, live_server.url, "secretary_a")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/accounts/tokens/")
    expect(page.locator('input[name="otp"]')).to_have_count(0)

    page.fill('input[name="name"]', "学校数据同步")
    page.check('input[name="scope"][value="write"]')
    page.get_by_role("button", name="签发令牌").click()

    expect(page.locator("#issued-secret")).to_be_visible()
    expect(page.locator(".token-table")).to_contain_text("读写")
    # Nothing is wider than the screen: the table scrolls inside its card.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(screenshot_dir / "api-tokens-phone.png"), full_page=True)
    assert not errors, errors


def _next_code(device) -> str:
    """A code django-otp will accept after the login's: a code is good once, so if the login used
    the current time step, the next step's code — which the device accepts within its tolerance
    of one step, as from a phone whose clock runs a little ahead — rather than waiting up to 30
    seconds for the next step to come."""
    device.refresh_from_db()
    current = int((time.time() - device.t0) // device.step)
    drift = device.drift + (1 if device.last_t >= current + device.drift else 0)
    assert device.tolerance >= 1
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift):06d}"
