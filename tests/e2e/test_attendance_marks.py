"""The meeting form never discards an attendance mark (issue 15, item 1). The table is redrawn
by htmx when the kind, date or group changes; the secretary marks absences while a redraw is
on its way (the answer held back a second, as on a loaded server), changes the type away and
back, and the date: every mark is still there, a member who drops out of the expected list is
named on the page, the saved record counts the marks (quorum right) and the console is clean."""

import datetime
import time

import pytest
from playwright.sync_api import expect

from tests.e2e.test_e2e_browse import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def marks_of(page) -> dict[str, str]:
    rows = page.locator("#attendance tr[data-member]")
    return {row.get_attribute("data-name"): row.locator("select").input_value() for row in rows.all()}


def test_attendance_marks_survive_every_redraw_of_the_table(e2e_world, live_server, page_factory, screenshot_dir):
    w = e2e_world
    page, errors = page_factory()
    log_in(page, live_server.url, "secretary_a")
    page.wait_for_url(f"{live_server.url}/")

    def held_back(route):
        time.sleep(2.0)  # the redraw arrives two seconds after the change, as on a loaded server
        route.continue_()

    page.route("**/orglife/attendance/**", held_back)
    page.goto(f"{live_server.url}/orglife/new/?org={w.branch_a.pk}")
    page.select_option("#id_kind", "general_meeting")
    expect(page.locator("#attendance select")).to_have_count(10)

    def mark(name, value, note=""):
        row = page.locator("#attendance tr", has_text=name)
        row.locator("select").select_option(value)
        if note:
            row.locator("input").fill(note)

    # marks made at once after changing the kind, while the redraw is still on its way: 陈静
    # stays expected at the 支委会, 孙丽 drops out of it
    page.select_option("#id_kind", "committee_meeting")
    mark("孙丽", "official_duty")
    mark("陈静", "sick_leave")
    expect(page.locator("#attendance select")).to_have_count(2)
    expect(page.locator("#attendance-dropped")).to_contain_text("孙丽（公差）")
    assert marks_of(page) == {"张伟": "present", "陈静": "sick_leave"}

    # back to the 党员大会 at once, one more mark while it is drawn
    page.select_option("#id_kind", "general_meeting")
    mark("杨帆", "personal_leave", "出差")
    expect(page.locator("#attendance select")).to_have_count(10)
    page.wait_for_timeout(2500)  # the second redraw, asked for because of the late mark
    marks = marks_of(page)
    assert {name: value for name, value in marks.items() if value != "present"} == {
        "陈静": "sick_leave", "孙丽": "official_duty", "杨帆": "personal_leave"}, marks
    expect(page.locator("#attendance-dropped")).to_have_count(0)

    # to the 支委会 again: those outside it are named with their marks, nothing silently gone
    page.select_option("#id_kind", "committee_meeting")
    expect(page.locator("#attendance select")).to_have_count(2)
    expect(page.locator("#attendance-dropped")).to_contain_text("杨帆（请假：出差）")
    expect(page.locator("#attendance-dropped")).to_contain_text("孙丽（公差）")
    page.screenshot(path=str(screenshot_dir / "orglife-attendance-dropped.png"), full_page=True)

    # back, then the date changed: the marks stay
    page.select_option("#id_kind", "general_meeting")
    expect(page.locator("#attendance select")).to_have_count(10)
    page.locator("#id_held_on").fill(datetime.date.today().replace(day=1).isoformat())
    page.wait_for_timeout(2500)
    marks = marks_of(page)
    assert {name: value for name, value in marks.items() if value != "present"} == {
        "陈静": "sick_leave", "孙丽": "official_duty", "杨帆": "personal_leave"}, marks
    expect(page.locator("#attendance tr", has_text="杨帆").locator("input")).to_have_value("出差")

    page.fill("#id_place", "学校会议室")
    page.fill("#id_topic", "讨论发展党员工作")
    page.locator("#meeting-form button[type=submit]").click()
    expect(page.locator(".alert-success")).to_contain_text("已登记")
    # ten expected, three absent: the record counts exactly the marks made
    expect(page.locator(".stat").first).to_contain_text("应到 / 实到10 / 7")
    expect(page.locator("#attendance-list")).to_contain_text("病假")
    expect(page.locator("#attendance-list")).to_contain_text("公差")
    expect(page.locator("#attendance-list")).to_contain_text("出差")
    expect(page.locator("body")).to_contain_text("达到法定人数")
    page.screenshot(path=str(screenshot_dir / "orglife-attendance-kept.png"), full_page=True)
    assert errors == [], "\n".join(errors)
