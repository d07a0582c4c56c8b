"""The "上级：…" of 组织生活记录 and 落实情况 in a real browser (issue 15, item 5): the secretary of a
school sees her county committee named, not linked (the link answered 404 before); the county
administrator, on a school's pages, follows it up to his county. Screenshots:
var/screenshots/orglife-parent-secretary.png, orglife-parent-county.png."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.e2e.test_e2e_browse import log_in, pass_second_factor

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_parent_is_a_link_only_for_who_may_open_it(e2e_world, live_server, page_factory, screenshot_dir):
    w = e2e_world
    base = live_server.url
    page, errors = page_factory()
    log_in(page, base, "secretary_a")
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/orglife/?org={w.branch_a.pk}")
    subtitle = page.locator(".subtitle")
    expect(subtitle).to_contain_text(f"上级：{w.county_a.name}")
    expect(subtitle.get_by_role("link")).to_have_count(0)
    page.screenshot(path=str(screenshot_dir / "orglife-parent-secretary.png"))
    page.goto(f"{base}/orglife/compliance/?org={w.branch_a.pk}")
    expect(page.locator(".subtitle")).to_contain_text(f"上级：{w.county_a.name}")
    expect(page.locator(".subtitle").get_by_role("link")).to_have_count(0)
    assert errors == [], errors

    device = TOTPDevice.objects.create(user=w.county_admin, name="手机", confirmed=True)
    county, county_errors = page_factory()
    log_in(county, base, "county_admin")
    pass_second_factor(county, device)
    county.wait_for_url(f"{base}/")
    for path in ("/orglife/", "/orglife/compliance/"):
        county.goto(f"{base}{path}?org={w.branch_a.pk}")
        county.locator(".subtitle").get_by_role("link", name=f"上级：{w.county_a.name}").click()
        expect(county.locator(".subtitle")).to_contain_text(w.county_a.name)
        expect(county.locator(".subtitle")).to_contain_text(f"上级：{w.city.name}")  # above him: named only
        expect(county.locator(".subtitle").get_by_role("link")).to_have_count(0)
    county.goto(f"{base}/orglife/?org={w.branch_a.pk}")
    county.screenshot(path=str(screenshot_dir / "orglife-parent-county.png"))
    assert county_errors == [], county_errors
