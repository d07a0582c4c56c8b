"""Organizational life in a real browser: the secretary of school A records a 党员大会 — the
attendance table follows the kind chosen (htmx), one member absent on sick leave — reads the
record with its quorum and prints its minutes (PDF), generates the year's plan; the county committee reads its compliance
table and drills down to branch A. No console error (a CSP violation would show there).
Screenshots go to var/screenshots/orglife-*.png."""

import datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from dangjian.core.pdf import pdf_page_png, text_of
from dangjian.orglife.tests.images import png_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.long_scope]


@pytest.fixture
def orglife_e2e_world(e2e_world):
    """Last quarter's activities of branch A mostly held (one 支委会 month missing), branch B
    with a non-quorate 党员大会, so the county's table has every colour."""
    from dangjian.members.models import Member
    from dangjian.orglife.rules import Kind, add_months, period_of
    from dangjian.orglife.services import AttendanceLine, record_meeting

    w = e2e_world
    today = datetime.date.today()
    quarter = period_of(add_months(today.replace(day=1), -3), "quarterly")
    months = [m.start for m in quarter.subperiods("monthly")]

    def hold(org, kind, day, absent=(), **facts):
        lines = [AttendanceLine(m.pk, False, "personal_leave") for m in absent]
        return record_meeting(org, kind=kind, held_on=day, place="党员活动室", attendance=lines,
                              topic=facts.pop("topic", "学习贯彻党的二十届四中全会精神"), **facts)

    for i, month in enumerate(months):
        hold(w.branch_a, Kind.THEME_DAY, month.replace(day=15), topic="主题党日：重温入党誓词")
        hold(w.branch_a, Kind.POLITICAL_STUDY, month.replace(day=18))
        for group in (w.group_a1, w.group_a2):
            hold(w.branch_a, Kind.GROUP_MEETING, month.replace(day=12), group=group)
        if i != 1:
            hold(w.branch_a, Kind.COMMITTEE_MEETING, month.replace(day=3))
        hold(w.branch_b, Kind.THEME_DAY, month.replace(day=10))
    hold(w.branch_a, Kind.GENERAL_MEETING, months[2].replace(day=24))
    hold(w.branch_a, Kind.PARTY_LECTURE, months[1].replace(day=20), lecturer=w.m_secretary_a)
    # one of four with a vote present: short of 半数以上 (条例第十一条), so not quorate
    others_b = Member.objects.filter(org=w.branch_b).exclude(pk=w.m_secretary_b.pk)[:3]
    hold(w.branch_b, Kind.GENERAL_MEETING, months[2].replace(day=20), absent=others_b)
    w.quarter = quarter
    return w


def test_the_secretary_records_a_meeting_and_the_county_reads_compliance(orglife_e2e_world, live_server, signed_in,
                                                                          screenshot_dir):
    w = orglife_e2e_world
    base = live_server.url
    page, errors = signed_in(w.secretary_a)

    page.get_by_role("link", name="活动记录").click()
    expect(page.locator("h1")).to_have_text("组织生活记录")
    page.get_by_role("link", name="登记活动").click()
    expect(page.locator("h1")).to_have_text("登记组织生活")
    # htmx binds the kind's change to the attendance table when the page's deferred scripts have
    # run: a change fired before then redraws nothing (it happened on a loaded machine).
    page.wait_for_load_state("load")
    # the attendance table follows the kind: a 支委会 expects the committee members only
    page.select_option("#id_kind", "committee_meeting")
    expect(page.locator("#attendance select")).to_have_count(2)
    page.select_option("#id_kind", "general_meeting")
    expect(page.locator("#attendance select")).to_have_count(10)
    expect(page.locator("#attendance")).to_contain_text("预备党员（列席，无表决权）")
    page.fill("#id_place", "学校会议室")
    page.fill("#id_topic", "讨论发展党员工作")
    page.select_option("#id_host", label="张伟")
    page.select_option("#id_recorder", label="陈静")
    page.fill("#id_minutes", "一、书记传达上级党组织关于发展党员工作的要求。\n二、全体党员讨论。")
    page.fill("#id_resolutions", "同意将孙丽同志列为发展对象培养联系对象。")
    row = page.locator("#attendance tr", has_text="杨帆")
    row.locator("select").select_option("sick_leave")
    page.locator("#meeting-form button[type=submit]").click()
    expect(page.locator(".alert-success")).to_contain_text("已登记")
    expect(page.locator("h1")).to_have_text("讨论发展党员工作")
    expect(page.locator("#attendance-list")).to_contain_text("病假")
    expect(page.locator("body")).to_contain_text("达到法定人数")
    # a scanned sign-in sheet, checked by content: a text file named .png is refused first
    page.select_option("#attachment-kind", "sign_in")
    page.set_input_files("#attachment-file", files=[{"name": "签到表.png", "mimeType": "image/png",
                                                      "buffer": b"not really a picture"}])
    page.locator("#attachments button[type=submit]").click()
    expect(page.locator("#attachments .invalid-feedback")).to_be_visible()
    page.select_option("#attachment-kind", "sign_in")
    page.set_input_files("#attachment-file", files=[{"name": "签到表.png", "mimeType": "image/png",
                                                      "buffer": png_bytes(120, 80)}])
    page.locator("#attachments button[type=submit]").click()
    expect(page.locator("#attachments")).to_contain_text("签到表扫描件")
    page.screenshot(path=str(screenshot_dir / "orglife-record.png"), full_page=True)
    # the printable minutes: the PDF the browser downloads, rendered to a picture to look at
    with page.expect_download() as download:
        page.get_by_role("link", name="打印版（PDF）").click()
    assert download.value.suggested_filename.endswith("党员大会会议记录.pdf")
    pdf = Path(download.value.path()).read_bytes()
    assert "同意将孙丽同志列为发展对象培养联系对象" in text_of(pdf)
    pdf_page_png(pdf, screenshot_dir / "orglife-minutes-pdf.png")

    page.locator("#sidebar").get_by_role("link", name="年度计划").click()
    page.get_by_role("button", name="按规定生成计划").click()
    expect(page.locator(".alert-success")).to_contain_text("已按现行规定生成")
    expect(page.locator("#plan-table")).to_contain_text("组织生活会")
    page.screenshot(path=str(screenshot_dir / "orglife-plan.png"), full_page=True)
    page.locator(".dues-nav").get_by_role("link", name="活动日历").click()
    expect(page.locator("#calendar")).to_contain_text("支部党员大会")
    page.screenshot(path=str(screenshot_dir / "orglife-calendar.png"), full_page=True)
    # the refused upload answers 422 on purpose; anything else in the console is a fault
    assert [e for e in errors if "422" not in e] == [], errors

    county, county_errors = signed_in(w.county_admin, f"/orglife/compliance/?org={w.county_a.pk}&period={w.quarter.code}")
    expect(county.locator("h1")).to_have_text("组织生活落实情况")
    table = county.locator("#compliance-table")
    expect(table).to_contain_text("东城区第一中学党支部")
    expect(table).to_contain_text("东城区实验小学党支部")
    county.screenshot(path=str(screenshot_dir / "orglife-compliance.png"), full_page=True)
    table.get_by_role("link", name="东城区实验小学党支部").click()
    expect(county.locator("#own-compliance")).to_contain_text("未达法定人数")
    county.screenshot(path=str(screenshot_dir / "orglife-compliance-branch.png"), full_page=True)
    # a year adds the checks of people: who has had no 谈心谈话, whether the secretary lectured
    county.goto(f"{base}/orglife/compliance/?org={w.branch_a.pk}&period={w.quarter.start.year}")
    expect(county.locator("#own-compliance")).to_contain_text("每名党员谈心谈话")
    expect(county.locator("#own-compliance")).to_contain_text("书记讲党课")
    county.screenshot(path=str(screenshot_dir / "orglife-compliance-year.png"), full_page=True)
    assert county_errors == [], county_errors
