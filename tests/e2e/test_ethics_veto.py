"""师德一票否决 in a real browser: school A's secretary opens 师德师风 from the sidebar, records a
teacher's violation with its handling, sees it on the school's ledger, then raises a 评优选优 matter
naming that teacher: the form refuses it next to 涉及人员, naming the violation and the rule.
Screenshots go to var/screenshots/ethics-*.png."""

import datetime

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_recorded_violation_vetoes_an_honours_matter_naming_the_teacher(e2e_world, live_server, signed_in,
                                                                          screenshot_dir):
    from dangjian.staff.tests.ethics_helpers import with_ethics_staff

    w = e2e_world
    with_ethics_staff(w)
    year = datetime.date.today().year   # the ledger opens on this year
    day = datetime.date.today() - datetime.timedelta(days=20)
    page, errors = signed_in(w.secretary_a)

    page.locator("#sidebar").get_by_role("link", name="师德师风").click()
    expect(page.locator("h1")).to_have_text("东城区第一中学 师德师风台账")
    page.get_by_role("link", name="登记违规行为").click()
    page.get_by_label("教职工").select_option(label="李秀英（语文教研组）")
    page.get_by_label("发生日期").fill(day.isoformat())
    page.get_by_label("违反的准则条目").select_option(label="第九条 坚守廉洁自律")
    page.get_by_label("违规行为").fill("收受学生家长赠送的购物卡")
    page.get_by_label("处理方式").select_option(label="警告（处分，期限6个月）")
    page.get_by_label("处理决定日期").fill((day + datetime.timedelta(days=7)).isoformat())
    page.get_by_label("处理决定单位").fill("东城区第一中学")
    page.screenshot(path=str(screenshot_dir / "ethics-violation-new.png"), full_page=True)
    page.get_by_role("button", name="保存").click()

    expect(page.get_by_text("已登记李秀英的师德违规记录")).to_be_visible()
    expect(page.locator("#violations")).to_contain_text("收受学生家长赠送的购物卡")
    page.screenshot(path=str(screenshot_dir / "ethics-ledger.png"), full_page=True)

    # the year's assessment: one table, a grade per teacher; 李秀英 graded 不合格 for her violation
    page.get_by_role("link", name=f"登记{year}年度考核").click()
    page.get_by_label("王建国的考核等次").select_option(label="优秀")
    page.get_by_label("李秀英的考核等次").select_option(label="不合格")
    page.get_by_label("赵明的考核等次").select_option(label="合格")
    page.screenshot(path=str(screenshot_dir / "ethics-assess.png"), full_page=True)
    page.get_by_role("button", name="保存考核结果").click()
    expect(page.get_by_text(f"已登记 3 名教师的{year}年度师德考核")).to_be_visible()
    expect(page.locator("#grade-counts")).to_contain_text("尚未考核0")

    page.goto(f"{live_server.url}/decisions/new/")
    page.get_by_label("议题名称").fill("推荐李秀英为区级优秀教师")
    page.get_by_label("类别").select_option(label="评优选优")
    page.get_by_label("涉及人员").select_option(label="李秀英（东城区第一中学）")
    page.get_by_role("button", name="保存为草稿").click()

    field = page.locator("#matter-form")
    expect(field).to_contain_text("李秀英有师德违规记录")
    expect(field).to_contain_text("适用师德一票否决")
    expect(field).to_contain_text("中小学教师违反职业道德行为处理办法（2018年修订）》第三条")
    expect(page.locator("h1")).to_have_text("提出议题")
    page.screenshot(path=str(screenshot_dir / "ethics-veto-refused.png"), full_page=True)
    # the refused matter answers 422 on purpose (the browser logs it); nothing else may go wrong
    assert not [e for e in errors if "status of 422" not in e], errors
