"""A recruitment step decided at a meeting names the meeting's record in organizational life, in a
real browser: school A's secretary records 确定发展对象 and picks the 支委会 already entered in
组织生活; for another file she records the 支部大会讨论 and has its record entered from the step.
Each time the timeline links to the meeting's page, which she opens. No console error."""

import datetime

import pytest
from playwright.sync_api import expect

from dangjian.recruitment.tests.conftest import happy_path, walk

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _files(w):
    from dangjian.orglife.services import record_meeting
    from dangjian.recruitment.services import open_file
    from dangjian.testing import make_id_number

    zhao = open_file(org=w.branch_a, name="赵明", id_number=make_id_number(datetime.date(2000, 5, 4), 700),
                     applied_on=datetime.date(2023, 3, 1))
    walk(w, zhao, until="06")
    qian = open_file(org=w.branch_a, name="钱程", id_number=make_id_number(datetime.date(1999, 4, 1), 701),
                     applied_on=datetime.date(2023, 3, 1))
    walk(w, qian, until="15", skip_last=True)
    record_meeting(w.branch_a, kind="committee_meeting", held_on=datetime.date(2024, 9, 1), topic="研究确定发展对象",
                   place="党员活动室")
    return zhao, qian


def test_a_step_links_the_meeting_that_decided_it_or_enters_it(e2e_world, signed_in, live_server, screenshot_dir):
    w = e2e_world
    zhao, qian = _files(w)
    page, errors = signed_in(w.secretary_a, f"/recruitment/files/{zhao.pk}/?step=07")

    page.fill('input[name="occurred_on"]', "2024-09-01")
    page.check('input[name="opinions"]')
    page.select_option('select[name="decided_by"]', "committee_meeting")
    page.select_option('select[name="meeting"]', label="2024-09-01 支委会：研究确定发展对象")
    page.get_by_role("button", name="登记").click()
    expect(page.locator(".alert-success").first).to_contain_text("已登记“07 确定发展对象”")
    link = page.locator("#timeline .step-meeting a")
    expect(link).to_have_text("2024-09-01 支委会：研究确定发展对象")
    page.screenshot(path=str(screenshot_dir / "recruitment-step-meeting-linked.png"), full_page=True)
    link.click()
    expect(page.locator("h1")).to_have_text("研究确定发展对象")

    vote = dict(next(facts for code, _, facts in happy_path(w) if code == "15")["vote"])
    page.goto(f"{live_server.url}/recruitment/files/{qian.pk}/?step=15")
    page.fill('input[name="occurred_on"]', "2024-12-20")
    for key, number in vote.items():
        page.fill(f'input[name="vote_{key}"]', str(number))
    page.select_option('select[name="meeting"]', "new")
    page.fill('input[name="meeting_place"]', "学校会议室")
    page.get_by_role("button", name="登记").click()
    expect(page.locator(".alert-success").first).to_contain_text("已登记“15 支部大会讨论”")
    expect(page.locator(".alert-info").first).to_contain_text("已同时在组织生活中登记该次会议")
    link = page.locator("#timeline .step-meeting a")
    expect(link).to_have_text("2024-12-20 支部党员大会：支部大会讨论（钱程）")
    page.screenshot(path=str(screenshot_dir / "recruitment-step-meeting-created.png"), full_page=True)
    link.click()
    expect(page.locator("h1")).to_have_text("支部大会讨论（钱程）")
    expect(page.locator("body")).to_contain_text("学校会议室")
    page.screenshot(path=str(screenshot_dir / "recruitment-step-meeting-record.png"), full_page=True)
    assert errors == []
