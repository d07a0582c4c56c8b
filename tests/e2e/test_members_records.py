"""The member records in a real browser: the secretary of school A opens the roster, finds a
member by initials, records a valid event, is refused an impossible one with the rule, starts a
transfer to another county's school through the organization lookup; the member opens 我的党员信息.
No console error (a CSP violation would show there). Screenshots go to var/screenshots/."""

import datetime

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_secretary_finds_a_member_records_events_and_starts_a_transfer(e2e_world, signed_in,
                                                                          screenshot_dir):
    w = e2e_world
    page, errors = signed_in(w.secretary_a, "/members/")
    expect(page.locator("h1")).to_have_text("党员名册")
    expect(page.locator(".result-count")).to_have_text("共 10 名党员")
    expect(page.locator("table")).to_contain_text(w.m_member_a.id_number_masked)
    page.screenshot(path=str(screenshot_dir / "members-list.png"), full_page=True)

    page.fill('#member-filter input[name="q"]', "yf")
    page.locator("#member-filter button[type=submit]").click()
    expect(page.locator(".result-count")).to_have_text("共 1 名党员")
    page.get_by_role("link", name="杨帆").click()
    expect(page.locator("h1")).to_have_text("杨帆")

    # A valid event: only the fields this kind needs are shown.
    page.select_option('select[name="event-kind"]', "lost_contact")
    expect(page.locator('input[name="event-letter_number"]')).to_be_hidden()
    expect(page.locator('input[name="event-reason"]')).to_be_visible()
    page.fill('input[name="event-occurred_on"]', "2026-10-08")
    page.fill('input[name="event-reason"]', "多次电话联系未果")
    page.locator("#record-event button[type=submit]").click()
    expect(page.locator(".alert-success")).to_contain_text("已登记：失去联系")
    expect(page.locator("#timeline .timeline-latest")).to_contain_text("多次电话联系未果")
    expect(page.locator(".subtitle")).to_be_visible()

    # An impossible one: 转正 of a full member is refused with the rule, and nothing is saved.
    page.select_option('select[name="event-kind"]', "confirmed")
    page.fill('input[name="event-occurred_on"]', datetime.date.today().isoformat())
    page.locator("#record-event button[type=submit]").click()
    refusal = page.locator("#record-event .invalid-feedback")
    expect(refusal).to_contain_text("不是预备党员，不能办理转正")
    expect(refusal).to_contain_text("《中国共产党章程》第七条")
    expect(page.locator("#timeline .timeline-item")).to_have_count(2)
    page.screenshot(path=str(screenshot_dir / "members-timeline.png"), full_page=True)

    # A transfer to a school of another county, found by name.
    page.get_by_role("link", name="组织关系转出").click()
    page.fill("#org-lookup-q", "第二中学")
    page.locator(".org-pick[data-code='C01B-001-1']").click()
    expect(page.locator('input[name="to_org_code"]')).to_have_value("C01B-001-1")
    page.fill('input[name="letter_number"]', "东一中组〔2026〕12号")
    page.fill('input[name="reason"]', "工作调动")
    page.get_by_role("button", name="开具介绍信").click()
    expect(page.locator("h1")).to_have_text("组织关系转接")
    expect(page.locator(".alert-success")).to_contain_text("西城区第二中学第一党支部")
    expect(page.locator(".transfer-table").first).to_contain_text("东一中组〔2026〕12号")
    page.screenshot(path=str(screenshot_dir / "members-transfers.png"), full_page=True)
    assert errors == [], errors


def test_a_member_opens_their_own_record(e2e_world, signed_in, screenshot_dir):
    w = e2e_world
    page, errors = signed_in(w.member_a, "/members/", width=1280)  # the roster sends a member without a post here
    expect(page.locator("h1")).to_have_text("我的党员信息")
    expect(page.locator("dl.facts")).to_contain_text(w.m_member_a.get_id_number())
    expect(page.locator("#timeline")).to_contain_text("建立党员档案")
    page.fill('input[name="phone"]', "13900001111")
    page.get_by_role("button", name="提交申请").click()
    expect(page.locator(".alert-success")).to_contain_text("更正申请已提交")
    expect(page.locator("#correction")).to_contain_text("待审核")
    expect(page.locator('input[name="phone"]')).to_have_count(0)  # one request at a time
    page.screenshot(path=str(screenshot_dir / "members-me.png"), full_page=True)
    assert errors == [], errors
