"""The organization edit form in a browser: the secretary's form for his own branch has no
有效 box and says who switches an organization off; the county's has it, with the reason."""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from dangjian.orgs.models import PartyOrg
from tests.e2e.test_e2e_browse import log_in, pass_second_factor

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_secretary_cannot_switch_off_his_branch_and_the_county_can_with_a_reason(
        e2e_world, live_server, page_factory, screenshot_dir):
    w = e2e_world
    page, errors = page_factory()
    log_in(page, live_server.url, "secretary_a")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/orgs/{w.branch_a.pk}/edit/")
    expect(page.locator("h1")).to_have_text("编辑组织信息")
    expect(page.locator('input[name="is_active"]')).to_have_count(0)
    expect(page.locator(".form-card")).to_contain_text("撤销或恢复本组织由上级党组织办理")
    page.screenshot(path=str(screenshot_dir / "org-edit-secretary.png"), full_page=True)

    county, county_errors = page_factory()
    device = TOTPDevice.objects.create(user=w.county_admin, name="手机", confirmed=True)
    log_in(county, live_server.url, "county_admin")
    county.wait_for_url(re.compile(r".*/accounts/otp/.*"))
    pass_second_factor(county, device)
    county.wait_for_url(f"{live_server.url}/")  # the code accepted before the next page is asked for
    county.goto(f"{live_server.url}/orgs/{w.branch_a.pk}/edit/")
    county.locator('input[name="is_active"]').uncheck()
    county.locator(".form-card button[type=\"submit\"]").click()
    expect(county.locator(".invalid-feedback")).to_contain_text("撤销组织须填写原因")
    county.screenshot(path=str(screenshot_dir / "org-edit-county-needs-reason.png"), full_page=True)
    county.fill('input[name="status_reason"]', "学校撤并，党员组织关系已全部转出")
    county.locator(".form-card button[type=\"submit\"]").click()
    county.wait_for_url(f"{live_server.url}/orgs/{w.branch_a.pk}/")
    expect(county.locator(".subtitle")).to_contain_text("已撤销")
    assert not PartyOrg.objects.get(pk=w.branch_a.pk).is_active
    assert errors == [] and county_errors == []
