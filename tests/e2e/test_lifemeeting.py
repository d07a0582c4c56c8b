"""A 组织生活会 in a real browser, from preparation to rectification items: the secretary of school
A opens it, records a study and the opinions with their summary; asked to hold it too early, the
page refuses naming the rule; the talks and the other members' materials done (through the
services, as a secretary would over the weeks before), she writes 杨帆's material, submits and
approves it, holds the meeting (林晓 on sick leave; the record goes to organizational life),
records 杨帆's 批评与自我批评, puts the problems on the 整改台账 and sends the 情况报告; the county
reads the list with the report's status. No console error beyond the deliberate 422.
Screenshots go to var/screenshots/lifemeeting-*.png."""

import datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from dangjian.core.pdf import pdf_page_png, text_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.long_scope]


def weeks_of_preparation(w, life):
    """The talks (every participant in a pair) and every material but 杨帆's, approved — the
    secretary's own by the county."""
    from dangjian.supervision.selectors.lifemeeting import participants
    from dangjian.supervision.services import lifemeeting as prep
    from dangjian.supervision.services import lifemeeting_materials as materials

    today = datetime.date.today()
    people = [e.member for e in participants(life)]
    for talker, talkee in zip(people[0::2], people[1::2], strict=True):
        pair = prep.plan_talk(life, talker=talker.pk, talkee=talkee.pk, acting_user=w.secretary_a)
        prep.record_talk(pair, held_on=today, summary="交流思想，互相提醒", acting_user=w.secretary_a)
    for person in people:
        if person.pk == w.m_member_a.pk:
            continue
        written = materials.write_material(life, member=person.pk, causes="党性修养有所放松", acting_user=w.secretary_a,
                                           problems=[{"problem": f"{person.name}：理论学习不够系统", "measures": "制定学习计划"}])
        reviewer = w.county_admin if person.pk == w.m_secretary_a.pk else w.secretary_a
        materials.approve_material(materials.submit_material(written, acting_user=w.secretary_a), acting_user=reviewer)


def the_others_criticism(w, life):
    from dangjian.supervision.services.lifemeeting_meeting import record_criticism

    for attendance in life.meeting.attendance.filter(present=True).exclude(member=w.m_member_a):
        record_criticism(life, subject=attendance.member_id, self_criticism="带头作用发挥不够", acting_user=w.secretary_a)


def test_a_life_meeting_goes_from_preparation_to_rectification_items(e2e_world, live_server, signed_in,
                                                                       screenshot_dir):
    from dangjian.supervision.models import LifeMeeting

    w = e2e_world
    base = live_server.url
    today = datetime.date.today()
    page, errors = signed_in(w.secretary_a)

    page.locator("#sidebar").get_by_role("link", name="组织生活会").click()
    expect(page.locator("h1")).to_have_text("组织生活会和民主生活会")
    page.get_by_role("link", name="开始准备").click()
    page.fill("#id_topic", f"{today.year}年度组织生活会：坚定理想信念，立德树人作表率")
    page.fill("#id_planned_on", today.isoformat())
    page.get_by_role("button", name="开始准备").click()
    expect(page.locator(".alert-success")).to_contain_text("已开始准备")
    expect(page.locator("#checklist")).to_contain_text("第十七条")

    # 学习研讨, 征求意见 and the summary, on the process page
    page.locator("#study summary").click()
    page.fill("#study #id_topic", "学习党章和《中国共产党纪律处分条例》")
    page.locator("#study button[type=submit]").click()
    expect(page.locator("#study")).to_contain_text("学习党章")
    page.locator("#opinions summary", has_text="登记征求到的意见").click()
    page.fill("#opinions #id_content", "希望支部多组织青年教师参加的活动")
    page.locator("#opinions form", has_text="意见内容").locator("button[type=submit]").click()
    expect(page.locator("#opinions")).to_contain_text("青年教师")
    page.locator("#opinions summary", has_text="汇总征求意见").click()
    page.fill("#opinions #id_summary", "会前征求意见 1 条：联系青年教师不够。已反馈给每名参会党员。")
    page.get_by_role("button", name="保存汇总").click()
    expect(page.locator("#opinions")).to_contain_text("汇总")

    # too early: the talks and materials are not done — refused, naming the rule, nothing recorded
    page.locator("#hold-link").click()
    page.locator("#hold-submit").click()
    expect(page.locator(".alert-danger")).to_contain_text("会前准备尚未完成：谈心谈话")
    expect(page.locator(".alert-danger")).to_contain_text("支部工作条例（试行）》第十七条")
    page.screenshot(path=str(screenshot_dir / "lifemeeting-hold-refused.png"), full_page=True)

    life = LifeMeeting.objects.get(org=w.branch_a)
    assert life.meeting is None
    weeks_of_preparation(w, life)

    # 杨帆's material: written, submitted, approved by the secretary
    page.goto(f"{base}/supervision/life-meetings/{life.pk}/")
    page.locator("#materials-table tr", has_text="杨帆").get_by_role("link", name="撰写").click()
    expect(page.locator("h1")).to_have_text("杨帆的对照检查材料")
    page.fill("#id_problem-1", "联系青年教师和学生家长不够主动")
    page.fill("#id_measures-1", "每学期至少走访 5 名学生家庭，结对帮带 1 名青年教师")
    page.fill("#id_causes", "群众观点树得不牢，满足于完成教学任务。")
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(screenshot_dir / "lifemeeting-material.png"), full_page=True)
    page.get_by_role("button", name="保存并提交审核").click()
    expect(page.locator("#materials-table tr", has_text="杨帆")).to_contain_text("待审核")
    page.locator("#materials-table tr", has_text="杨帆").get_by_role("button", name="审核通过").click()
    expect(page.locator("#materials-table tr", has_text="杨帆")).to_contain_text("已审核")
    expect(page.locator("#checklist")).not_to_contain_text("未完成")
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(screenshot_dir / "lifemeeting-preparation.png"), full_page=True)

    # the meeting: 林晓 on sick leave; the record goes to organizational life
    page.locator("#hold-link").click()
    page.select_option("#id_host", label="张伟")
    page.select_option("#id_recorder", label="陈静")
    page.fill("#id_minutes", "一、书记通报征求意见情况和班子对照检查情况。\n二、党员逐一对照检查，开展批评和自我批评。")
    page.locator("#attendance tr", has_text="林晓").locator("select").select_option("sick_leave")
    page.locator("#hold-submit").click()
    expect(page.locator(".alert-success")).to_contain_text("已登记召开")
    expect(page.locator("#meeting")).to_contain_text("9")

    # 杨帆's 批评与自我批评 on the page (the others' entered the same way)
    life.refresh_from_db()
    the_others_criticism(w, life)
    page.reload()
    page.locator("#criticism li", has_text="杨帆").get_by_role("link", name="登记").click()
    page.fill("#id_self_criticism", "联系青年教师和学生家长不够主动，满足于完成教学任务。")
    page.select_option("#id_critic-1", label="陈静")
    page.fill("#id_content-1", "希望在带教青年教师上多下功夫")
    page.fill("#id_response", "诚恳接受，认真整改。")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#criticism li", has_text="杨帆")).to_contain_text("已登记")

    # the problems become rectification items, then the report goes up
    page.locator("#rectify-button").click()
    expect(page.locator(".alert-success")).to_contain_text("已列入整改台账")
    items = page.locator("#rectification-items li")
    expect(items).to_have_count(10)
    expect(page.locator("#rectification-items")).to_contain_text("联系青年教师和学生家长不够主动（责任人 杨帆")
    page.evaluate("window.scrollTo(0, 0)")   # the anchor scrolled it: a full-page shot starts at the top
    page.screenshot(path=str(screenshot_dir / "lifemeeting-rectification.png"), full_page=True)
    page.locator("#report").get_by_role("button", name="报送情况报告").click()
    expect(page.locator("#report")).to_contain_text("按期报送")
    with page.expect_download() as download:
        page.get_by_role("link", name="情况报告（PDF）").click()
    pdf = Path(download.value.path()).read_bytes()
    assert "关于召开" in text_of(pdf) and "四、整改措施" in text_of(pdf)
    pdf_page_png(pdf, screenshot_dir / "lifemeeting-report-pdf.png")
    assert [e for e in errors if "422" not in e] == [], errors

    # the county reads its branches' meetings and the report's status
    county, county_errors = signed_in(w.county_admin,
                                      f"/supervision/life-meetings/?org={w.county_a.pk}&year={today.year}")
    expect(county.locator("#life-table")).to_contain_text("按期报送")
    expect(county.locator("#life-missing")).to_contain_text("东城区实验小学党支部")
    county.screenshot(path=str(screenshot_dir / "lifemeeting-county.png"), full_page=True)
    assert county_errors == [], county_errors
