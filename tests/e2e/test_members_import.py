"""The secretary of school A uploads a roster with several bad rows in a real browser and sees the
preview: every error by row and column, in Chinese, and nothing imported; then fixes the file,
uploads it again and confirms, one row's ID number bearing a retired region code (北京市崇文区,
110103), which is imported with a warning to check it. Screenshot:
var/screenshots/members-import-preview.png."""

import datetime

import pytest
from playwright.sync_api import expect

from dangjian.members.models import Member
from dangjian.members.tests.importfiles import new_id, person, workbook
from dangjian.testing import PASSWORD, make_id_number

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page, base_url, username):
    page.goto(f"{base_url}/accounts/login/")
    page.fill('input[name="username"]', username)
    page.fill('input[name="password"]', PASSWORD)
    page.locator('form button[type="submit"]').first.click()


def test_a_secretary_sees_every_bad_row_in_the_preview_then_imports_the_fixed_file(e2e_world, live_server, page_factory,
                                                                                   screenshot_dir, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    twin = new_id()
    good = [person(name="周晓梅", gender="女", id_number=new_id(male=False)), person(name="吴国强", group="第二党小组")]
    bad = [
        *good,
        person(name="郑海", phone="1391234"),
        person(name="王磊", id_number="110105198503010010"),
        person(name="冯丽", status="预备党员", joined_on=datetime.date(2026, 3, 1), gender="男",
               id_number=new_id(male=False)),
        person(name="陈晨", id_number=twin),
        person(name="褚明", id_number=twin, org_code="C01A-002"),
        person(name="卫东", group="第三党小组", joined_on="2030-01-01"),
    ]
    bad_file, good_file = tmp_path / "党员信息（有错误）.xlsx", tmp_path / "党员信息.xlsx"
    bad_file.write_bytes(workbook(bad))
    chongwen = person(name="钱文华", id_number=make_id_number(datetime.date(1975, 4, 12), 41, region="110103"))
    good_file.write_bytes(workbook([*good, chongwen]))
    before = Member.objects.count()

    page, errors = page_factory()
    log_in(page, live_server.url, "secretary_a")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/members/import/")
    expect(page.locator("h1")).to_have_text("导入党员信息")
    page.set_input_files('input[name="file"]', str(bad_file))
    page.get_by_role("button", name="上传并校验").click()
    page.wait_for_url(f"{live_server.url}/members/import/jobs/*/")

    expect(page.locator(".alert-danger")).to_contain_text("未导入任何数据")
    table = page.locator("table.import-errors")
    for row, column, message in [
        ("第 4 行", "手机号", "手机号码应为 11 位数字"),
        ("第 5 行", "身份证号", "校验码不正确"),
        ("第 6 行", "性别", "性别与身份证号第 17 位不一致"),
        ("第 6 行", "转正日期", "预备党员尚未转正"),
        ("第 7 行", "身份证号", "另见第 8 行"),
        ("第 8 行", "所属党组织代码", "组织代码不存在：C01A-002"),
        ("第 9 行", "所属党小组", "没有名为「第三党小组」的党小组"),
        ("第 9 行", "入党日期", "晚于今天"),
    ]:
        expect(table.locator("tr", has_text=row).filter(has_text=column).filter(has_text=message)).to_have_count(1)
    expect(page.get_by_role("button", name="确认导入")).to_have_count(0)
    page.screenshot(path=str(screenshot_dir / "members-import-preview.png"), full_page=True)
    assert Member.objects.count() == before

    page.goto(f"{live_server.url}/members/import/")
    page.set_input_files('input[name="file"]', str(good_file))
    page.get_by_role("button", name="上传并校验").click()
    page.wait_for_url(f"{live_server.url}/members/import/jobs/*/")
    expect(page.locator(".alert-info")).to_contain_text("新建 3 人")
    page.get_by_role("button", name="确认导入").click()
    expect(page.locator(".alert-success").first).to_contain_text("导入完成：新建 3 人")
    expect(page.locator("table.import-warnings tr", has_text="第 4 行")).to_contain_text(
        "身份证号前六位 110103（原北京市崇文区，2010 年起停用）已不是现行行政区划代码（GB/T 2260）")
    assert Member.objects.filter(name__in=["周晓梅", "吴国强", "钱文华"], org=e2e_world.branch_a).count() == 3
    assert not errors, errors
