"""籍贯, 参加工作时间 and 职务 in a real browser: the secretary of school A opens a member's page,
is refused a start of work before the member's sixteenth birthday (the rule and its law next to
the field), corrects it and reads the three items on the record. No console error."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_secretary_enters_native_place_and_start_of_work_and_sees_them_on_the_record(
        e2e_world, signed_in, screenshot_dir):
    w = e2e_world
    page, errors = signed_in(w.secretary_a, f"/members/{w.m_member_a.pk}/")
    expect(page.locator("h1")).to_have_text("杨帆")
    page.locator("#edit-record summary").click()
    page.fill('#edit-record input[name="native_place"]', "广西宾阳")
    page.fill('#edit-record input[name="office"]', "教研组长")
    page.fill('#edit-record input[name="work_started_on"]', "1999-09-01")  # born 1985-03-01: fourteen
    page.locator("#edit-record button[type=submit]").click()
    refusal = page.locator("#edit-record .invalid-feedback")
    expect(refusal).to_contain_text("早于年满十六周岁")
    expect(refusal).to_contain_text("《中华人民共和国劳动法》第十五条")
    expect(page.locator(".facts")).not_to_contain_text("广西宾阳")  # nothing saved

    page.fill('#edit-record input[name="work_started_on"]', "2007-09-01")
    page.locator("#edit-record button[type=submit]").click()
    expect(page.locator(".alert-success")).to_contain_text("已保存杨帆的党员信息")
    facts = page.locator(".facts")
    expect(facts).to_contain_text("籍贯广西宾阳")
    expect(facts).to_contain_text("参加工作时间2007年9月1日")
    expect(facts).to_contain_text("职务教研组长")
    page.locator(".facts").scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "members-record-national-items.png"), full_page=True)
    assert errors == []
