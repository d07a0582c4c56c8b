"""责任书 in a real browser: county A's administrator opens the year's 全面从严治党主体责任书 from the
sidebar (signers taken from the staff register: the schools' secretaries and principals), the
campaign shows 0 of 4 signed; 周校长 (principal_a) finds the letter on his home page's to-do,
reads it made out to him and signs it; the county's page then shows 1 of 4, 25 %. Screenshots go
to var/screenshots/pledge-*.png."""

import datetime

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_county_opens_a_letter_campaign_the_principal_signs_and_coverage_rises(
        e2e_world, live_server, signed_in, screenshot_dir):
    from dangjian.supervision.tests.pledge_helpers import with_staff

    w = e2e_world
    with_staff(w)
    county, errors = signed_in(w.county_admin)
    county.locator("#sidebar").get_by_role("link", name="责任书签订").click()
    expect(county.locator("h1")).to_have_text("责任书、承诺书签订")
    county.get_by_role("link", name="发起签订").click()
    county.get_by_label("发起单位").select_option(label=w.county_a.name)
    county.get_by_label("种类").select_option(label="全面从严治党主体责任书")
    county.screenshot(path=str(screenshot_dir / "pledge-new.png"), full_page=True)
    county.locator("#pledge-form").get_by_role("button", name="发起签订").click()
    expect(county.get_by_text("列入 4 人")).to_be_visible()
    expect(county.locator("#pledge-coverage")).to_contain_text("已签订 0 / 应签订 4 人，签订率 0%")
    campaign_url = county.url

    principal, principal_errors = signed_in(w.principal_a)
    todo = principal.get_by_role("link", name=f"请签订{datetime.date.today().year}年度全面从严治党主体责任书")
    expect(todo).to_be_visible()
    todo.click()
    expect(principal.locator("#pledge-text")).to_contain_text("与东城区第一中学校长周校长同志签订本责任书")
    principal.screenshot(path=str(screenshot_dir / "pledge-letter.png"), full_page=True)
    principal.get_by_role("button", name="本人签订").click()
    expect(principal.locator("#pledge-state")).to_contain_text("已签订 本人在线签订")

    county.goto(campaign_url)
    expect(county.locator("#pledge-coverage")).to_contain_text("已签订 1 / 应签订 4 人，签订率 25%")
    expect(county.locator("#pledge-schools")).to_contain_text("50%")
    county.screenshot(path=str(screenshot_dir / "pledge-coverage.png"), full_page=True)
    assert errors == [] and principal_errors == [], (errors, principal_errors)
