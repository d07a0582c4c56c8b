"""党建工作联系点 in a real browser: county A's administrator, liaison of school A this year, finds
the school due on his 联系点 page, records a visit with what he found, and puts the finding on the
school's 整改台账; school A's secretary then sees the visit and the rectification item on the
school's page. Screenshots go to var/screenshots/liaison-*.png."""

import datetime

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FINDING = "党小组会记录不全，个别会议无签到"


def test_a_liaison_visit_finding_becomes_a_rectification_item_the_school_sees(e2e_world, signed_in, screenshot_dir):
    from dangjian.supervision.services.liaison import assign_liaison

    w = e2e_world
    today = datetime.date.today()
    assign_liaison(w.county_a, year=today.year, liaison=w.county_admin, school=w.school_a)
    page, errors = signed_in(w.county_admin, "/supervision/liaison/")

    expect(page.locator("#my-liaison")).to_contain_text("东城区第一中学")
    expect(page.locator("#my-liaison")).to_contain_text("待走访")
    page.screenshot(path=str(screenshot_dir / "liaison-overview.png"), full_page=True)

    page.locator("#my-liaison").get_by_role("link", name="东城区第一中学").click()
    form = page.locator("#visit-form")
    form.get_by_label("参加人员").fill("李红梅、区教育党工委组织科")
    form.get_by_label("调研指导情况与发现的问题").fill(f"听取支部书记汇报，查阅“三会一课”记录：{FINDING}")
    form.get_by_role("button", name="登记走访").click()

    expect(page.get_by_text("已登记走访")).to_be_visible()
    finding = page.locator("#finding-form")
    finding.get_by_label("存在问题").fill(FINDING)
    finding.get_by_label("责任人").fill("张伟")
    finding.get_by_label("整改期限").fill((today + datetime.timedelta(days=30)).isoformat())
    page.screenshot(path=str(screenshot_dir / "liaison-visit.png"), full_page=True)
    finding.get_by_role("button", name="列入整改台账").click()

    expect(page.get_by_text("已列入东城区第一中学的整改台账")).to_be_visible()
    expect(page.locator("#visit-items")).to_contain_text(FINDING)

    school, school_errors = signed_in(w.secretary_a, f"/orgs/schools/{w.school_a.pk}/")
    card = school.locator("#liaison-card")
    expect(card).to_contain_text("联系点走访")
    expect(card).to_contain_text(f"列入整改台账：{FINDING}")
    school.screenshot(path=str(screenshot_dir / "liaison-school.png"), full_page=True)
    card.get_by_role("link", name=FINDING).click()
    expect(school.locator("h1")).to_contain_text(FINDING[:10])
    expect(school.get_by_text("联系点走访")).not_to_have_count(0)
    assert errors == [] and school_errors == [], (errors, school_errors)
