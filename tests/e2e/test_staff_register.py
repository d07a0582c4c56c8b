"""教职工名册 in a real browser: school A's secretary opens 导入教职工名册 from the sidebar, uploads a
small staff sheet with a post category that does not exist, reads the row's error (nothing was
imported), fixes the row, imports the file, opens the party member's entry (linked, no seat yet), and finds the register's 教职工 and 专任教师 on the
school's page with their source. Screenshots go to var/screenshots/staff-*.png."""

import datetime
import io

import pytest
import xlsxwriter
from playwright.sync_api import expect

from dangjian.staff.importer import COLUMNS
from dangjian.testing.world import make_id_number

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def staff_sheet(world, post_of_second: str) -> dict:
    rows = [
        {"name": "杨帆", "id_number": world.m_member_a.get_id_number(), "post": "专任教师", "employed_from": "2012-09-01"},
        {"name": "邱月", "id_number": make_id_number(datetime.date(1991, 4, 5), 501, male=False), "gender": "女",
         "post": post_of_second, "employed_from": "2020-09-01", "phone": "13912345678"},
        {"name": "龙飞", "id_number": make_id_number(datetime.date(1986, 8, 8), 502), "post": "专任教师",
         "employed_from": "2016-09-01", "title": "一级教师"},
    ]
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"strings_to_numbers": False, "strings_to_formulas": False})
    sheet = book.add_worksheet("教职工名册")
    for index, column in enumerate(COLUMNS):
        sheet.write_string(0, index, column.title)
    for number, row in enumerate(rows, start=1):
        for index, column in enumerate(COLUMNS):
            if row.get(column.key):
                sheet.write_string(number, index, row[column.key])
    book.close()
    return {"name": "东城区第一中学教职工.xlsx", "buffer": buffer.getvalue(),
            "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def test_the_secretary_imports_a_staff_sheet_fixes_a_row_and_the_school_page_counts_the_register(
        e2e_world, live_server, signed_in, screenshot_dir):
    w = e2e_world
    page, errors = signed_in(w.secretary_a)

    page.locator("#sidebar").get_by_role("link", name="导入教职工名册").click()
    expect(page.locator("h1")).to_have_text("导入教职工名册")
    page.get_by_label("学校").select_option(label="东城区第一中学")
    page.get_by_label("名册文件（.xlsx）").set_input_files(staff_sheet(w, "门卫"))
    page.get_by_role("button", name="上传并导入").click()

    report = page.locator("#import-errors")
    expect(report).to_contain_text("未导入任何数据")
    expect(report).to_contain_text("第 3 行")
    expect(report).to_contain_text("应为以下之一：校级领导、中层干部、专任教师")
    page.screenshot(path=str(screenshot_dir / "staff-import-errors.png"), full_page=True)

    page.get_by_label("学校").select_option(label="东城区第一中学")
    page.get_by_label("名册文件（.xlsx）").set_input_files(staff_sheet(w, "工勤人员"))
    page.get_by_role("button", name="上传并导入").click()
    expect(page.get_by_text("已导入 3 名教职工，其中 1 名关联了本校党员档案")).to_be_visible()
    expect(page.locator("#school-counts")).to_contain_text("在职教职工 3 人，其中专任教师 2 人（来源：教职工名册）")
    expect(page.locator("#staff-table")).to_contain_text("龙飞")
    page.screenshot(path=str(screenshot_dir / "staff-list.png"), full_page=True)

    page.locator("#staff-table").get_by_role("link", name="杨帆").click()
    expect(page.locator("h1")).to_have_text("杨帆")
    expect(page.locator("#terms")).to_contain_text("未担任班子职务")
    page.screenshot(path=str(screenshot_dir / "staff-detail.png"), full_page=True)
    page.go_back()

    page.locator("#school-counts").get_by_role("link", name="学校页面").click()
    figures = page.locator("#staff-figures")
    expect(figures).to_contain_text("教职工 3 人，其中专任教师 2 人")
    expect(figures).to_contain_text("教职工名册")
    expect(figures).to_contain_text("学校填报教职工 80 人")
    page.screenshot(path=str(screenshot_dir / "staff-school-page.png"), full_page=True)
    # the refused file answers 422 on purpose (the browser logs it); nothing else may go wrong
    assert [e for e in errors if "status of 422" not in e] == [], errors
