"""The home page's to-do (工作台) in a real browser, per persona: open the home, follow one line
to the page where the work is done, do it, come back — the line is gone. No console error (a
CSP violation would show there). Screenshots of each role's home go to var/screenshots/
(home-todo-*.png), the secretary's also at phone size (390 × 844).

The live server runs on today's date: the data is seeded relative to it."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def todo_line(page, text):
    return page.locator("#todo-list .todo-item", has_text=text)


def follow(page, text):
    """Open the line's link: the place where its work is done."""
    todo_line(page, text).locator("a.todo-link").click()


def back_home_without(page, base, text):
    """Back on the home, the line of the work just done is gone."""
    page.goto(f"{base}/")
    expect(page.locator("#todo")).to_be_visible()
    expect(todo_line(page, text)).to_have_count(0)


def test_the_secretary_records_this_months_theme_day_from_her_to_do(e2e_world, live_server, signed_in, screenshot_dir):
    w, base = e2e_world, live_server.url
    phone, phone_errors = signed_in(w.secretary_a, width=390, height=844)
    expect(todo_line(phone, "本月尚未开展主题党日")).to_be_visible()
    phone.screenshot(path=str(screenshot_dir / "home-todo-secretary-phone.png"), full_page=False)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390   # nothing wider than the phone
    # each line (its title and facts) is one tap target of at least 44 px
    heights = phone.locator("#todo-list .todo-item .position-relative").evaluate_all(
        "blocks => blocks.map(b => b.getBoundingClientRect().height)")
    assert heights and min(heights) >= 44, heights
    assert phone_errors == []

    page, errors = signed_in(w.secretary_a)
    expect(page.locator("#todo-title")).to_have_text("我的待办")
    expect(todo_line(page, "支委会今年缺")).to_contain_text("已逾期")
    page.screenshot(path=str(screenshot_dir / "home-todo-secretary.png"), full_page=True)

    follow(page, "本月尚未开展主题党日")
    expect(page.locator("h1")).to_have_text("登记组织生活")
    expect(page.locator("#id_kind")).to_have_value("theme_day")
    page.fill("#id_place", "党员活动室")
    page.fill("#id_topic", "主题党日：重温入党誓词")
    page.locator("#meeting-form button[type=submit]").click()
    expect(page.locator(".alert-success")).to_contain_text("已登记")

    back_home_without(page, base, "本月尚未开展主题党日")
    expect(todo_line(page, "本月尚未开展支委会")).to_be_visible()
    assert errors == []


def test_the_organization_member_generates_the_months_ledger_from_her_to_do(e2e_world, live_server, signed_in,
                                                                               screenshot_dir):
    w, base = e2e_world, live_server.url
    month = timezone.localdate().replace(day=1)
    page, errors = signed_in(w.org_member_a)
    title = f"{month:%Y年%m月}党费台账尚未生成"
    page.screenshot(path=str(screenshot_dir / "home-todo-organization-member.png"), full_page=True)

    follow(page, title)
    expect(page.locator("h1")).to_have_text("党费月度台账")
    page.locator("#generate-form button").click()
    expect(page.locator(".alert-success")).to_contain_text("新生成 10 条")

    back_home_without(page, base, title)
    # nobody in the world has a base yet: the next thing to do is theirs
    expect(todo_line(page, "10 名党员缺少缴费基数")).to_be_visible()
    assert errors == []


def test_the_principal_reports_and_closes_his_overdue_execution_from_his_to_do(e2e_world, live_server, signed_in,
                                                                               screenshot_dir):
    from dangjian.decisions import services
    from dangjian.decisions.rules import State

    w, base = e2e_world, live_server.url
    today = timezone.localdate()
    matter = services.create_matter(w.branch_a, title="更换教室照明", category="routine",
                                    raised_on=today - datetime.timedelta(days=40), acting_user=w.principal_a)
    services.transition(matter, State.PROPOSED, occurred_on=today - datetime.timedelta(days=39),
                        facts={"meeting_note": "校长办公会研究同意"}, acting_user=w.principal_a)
    services.transition(matter, State.EXECUTING, occurred_on=today - datetime.timedelta(days=38), owner=w.principal_a,
                        facts={"unit": "总务处", "deadline": (today - datetime.timedelta(days=5)).isoformat()},
                        acting_user=w.principal_a)
    services.create_matter(w.branch_a, title="修订教师绩效考核方案", category="major_decision",
                           raised_on=today, acting_user=w.principal_a)

    page, errors = signed_in(w.principal_a)
    expect(todo_line(page, "修订教师绩效考核方案")).to_contain_text("下一步提交校长办公会研究")
    expect(todo_line(page, "执行决定：更换教室照明")).to_contain_text("已逾期")
    page.screenshot(path=str(screenshot_dir / "home-todo-principal.png"), full_page=True)

    follow(page, "执行决定：更换教室照明")
    expect(page.locator("h1")).to_contain_text("更换教室照明")
    report = page.locator("#report-form")
    report.locator('input[name="progress"]').fill("100")
    report.locator('textarea[name="text"]').fill("全校教室照明已更换完毕")
    page.get_by_role("button", name="报告执行情况").click()
    expect(page.locator("#reports")).to_contain_text("全校教室照明已更换完毕")
    page.locator("#to-closed button[type=submit]").click()
    expect(page.locator("#matter-state")).to_have_text("已办结")

    back_home_without(page, base, "更换教室照明")
    expect(todo_line(page, "修订教师绩效考核方案")).to_be_visible()
    assert errors == []


def test_the_county_files_an_activist_from_its_to_do_and_sees_counts_per_school(e2e_world, live_server, signed_in,
                                                                                screenshot_dir):
    from dangjian.recruitment.services import open_file, record_step
    from dangjian.testing import make_id_number

    w, base = e2e_world, live_server.url
    today = timezone.localdate()
    file = open_file(org=w.branch_a, name="赵明", id_number=make_id_number(datetime.date(2000, 5, 4), 700),
                     applied_on=today - datetime.timedelta(days=60), unit="东城区第一中学 数学教师")
    record_step(file, "02", {"talker": "陈静", "occurred_on": today - datetime.timedelta(days=50)})
    record_step(file, "03", {"recommendation": "members", "decided_by": "committee_meeting",
                             "occurred_on": today - datetime.timedelta(days=10)})

    page, errors = signed_in(w.county_admin)
    line = todo_line(page, "赵明（入党积极分子）的档案等待“报上级党委备案”")
    expect(line).to_contain_text("东城区第一中学党支部")
    expect(todo_line(page, "今年组织生活有缺失")).to_contain_text("按学校")
    expect(page.locator("#figures-title")).to_have_text("辖区概况")   # the coverage dashboard stays, below
    page.screenshot(path=str(screenshot_dir / "home-todo-county-admin.png"), full_page=True)

    follow(page, "赵明")
    expect(page.locator("#step-form-card")).to_contain_text("报上级党委备案")
    page.locator("#step-form button[type=submit]").click()
    expect(page.locator("#timeline")).to_contain_text("报上级党委备案")

    back_home_without(page, base, "赵明")
    assert errors == []


def test_the_city_approves_the_closure_of_its_own_inspections_item_from_its_to_do(
        e2e_world, live_server, signed_in, screenshot_dir, settings, tmp_path):
    """The city's own work: its 巡察 gave school A an item, the school asks for 销号, and the closure
    is the issuing level's to decide — the city's, not the county's between them. The city's counts
    per school (oversight: the work is the school's) lead to each school's own list."""
    from dangjian.supervision.services import rectification_flow as flow
    from dangjian.supervision.services.rectification import create_rectification_batch
    from dangjian.supervision.tests.rectification_helpers import evidence, item

    w, base, today = e2e_world, live_server.url, timezone.localdate()
    settings.MEDIA_ROOT = tmp_path
    problem = "党员发展计划与实际执行不一致"
    batch = create_rectification_batch(
        w.branch_a, source="inspection", issued_on=today - datetime.timedelta(days=45), issuer=w.city,
        issuer_detail="第一巡察组", reference="示教巡反〔2026〕1号",
        items=[item(problem, owner="陈静", deadline=(today + datetime.timedelta(days=30)).isoformat())],
        acting_user=w.city_admin)
    flow.request_closure(batch.items.get(), text="已制定年度发展计划并按季度对照检查", files=[evidence()],
                         acting_user=w.org_member_a)

    page, errors = signed_in(w.city_admin)
    expect(todo_line(page, "1 项整改任务申请销号，待审核")).to_be_visible()
    counts = todo_line(page, "今年组织生活有缺失")
    expect(counts).to_contain_text("西城区第二中学党委")
    page.screenshot(path=str(screenshot_dir / "home-todo-city-admin.png"), full_page=True)

    follow(page, "申请销号，待审核")
    expect(page.locator("#todo-awaiting")).to_contain_text("待审核的销号申请（1）")
    page.locator("#todo-awaiting").get_by_role("link", name=problem).click()
    page.get_by_role("button", name="同意销号").click()
    expect(page.locator("#item-state")).to_have_text("已销号")

    back_home_without(page, base, "申请销号")
    page.screenshot(path=str(screenshot_dir / "home-todo-city-admin-done.png"), full_page=True)
    counts.locator("summary").click()
    counts.get_by_role("link", name="东城区第一中学党支部").click()
    expect(page.locator("h1")).to_contain_text("落实情况")
    expect(page.locator("body")).to_contain_text("东城区第一中学党支部")
    assert errors == []


def test_a_member_writes_the_reading_notes_his_to_do_asks_for(e2e_world, live_server, signed_in, screenshot_dir):
    from dangjian.dues import services as dues
    from dangjian.orglife.models import PlanItem
    from dangjian.orglife.services import generate_plan, update_plan_item

    w, today = e2e_world, timezone.localdate()
    # this month's dues billed on his base, and the branch's 主题党日 planned for the day after tomorrow
    dues.set_base(w.m_member_a, base="5200.00", category="in_service", effective_month=today.replace(day=1))
    dues.generate_ledger(w.branch_a, today.replace(day=1))
    generate_plan(w.branch_a, today.year)
    theme_day = PlanItem.objects.get(org=w.branch_a, kind="theme_day", period_start=today.replace(day=1))
    update_plan_item(theme_day, planned_on=today + datetime.timedelta(days=2), topic="重温入党誓词")

    page, errors = signed_in(w.member_a)
    expect(page.locator("h1")).to_have_text("我的党员信息")
    expect(todo_line(page, "参加主题党日：重温入党誓词")).to_be_visible()
    expect(todo_line(page, "党费 78.00 元待交纳")).to_be_visible()
    expect(todo_line(page, "今年读书笔记 0 字")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "home-todo-member.png"), full_page=True)

    follow(page, "今年读书笔记")
    page.fill("#id_title", "学习党章的体会")
    page.fill("#id_book", "《中国共产党章程》")
    page.fill("#id_content", "认真学习党章，" * 1500)
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".alert-success")).to_contain_text("已保存读书笔记")

    back_home_without(page, live_server.url, "读书笔记")
    assert errors == []
