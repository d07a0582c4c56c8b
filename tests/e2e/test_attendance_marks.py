"""The meeting form never discards an attendance mark (issue 15, item 1). The table is redrawn
by htmx when the kind, date or group changes; the secretary marks absences while a redraw is on
its way (the answer held back until the marks are made, as on a loaded server), changes the type
away and back, and the date: every mark is still there, a member who drops out of the expected
list is named on the page, the saved record counts the marks (quorum right), the console is clean."""

import datetime

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

    # Every redraw is held back until the test lets it through, as a slow server would hold it:
    # marks made meanwhile land on the old table, deterministically.
    held: list = []
    page.route("**/orglife/attendance/**", lambda route: held.append(route))

    def let_redraws_through() -> None:
        """Answer every held redraw, and those asked for on settling, until none is on its way."""
        quiet = 0
        while quiet < 3:
            page.wait_for_timeout(150)
            if held:
                held.pop(0).continue_()
                quiet = 0
            elif page.locator("#attendance-box.htmx-request").count() == 0:
                quiet += 1

    page.goto(f"{live_server.url}/orglife/new/?org={w.branch_a.pk}")
    page.select_option("#id_kind", "general_meeting")
    let_redraws_through()
    expect(page.locator("#attendance select")).to_have_count(10)

    def mark(name, value, note=""):
        row = page.locator("#attendance tr", has_text=name)
        row.locator("select").select_option(value)
        if note:
            row.locator("input").fill(note)

    # marks made right after changing the kind, while the redraw is on its way: 陈静 stays
    # expected at the 支委会, 孙丽 drops out of it
    page.select_option("#id_kind", "committee_meeting")
    mark("孙丽", "official_duty")
    mark("陈静", "sick_leave")
    let_redraws_through()  # the answer, and the redraw asked for because of the late marks
    expect(page.locator("#attendance select")).to_have_count(2)
    expect(page.locator("#attendance-dropped")).to_contain_text("孙丽（公差）")
    assert marks_of(page) == {"张伟": "present", "陈静": "sick_leave"}

    # back to the 党员大会, a note written while it is drawn; 孙丽 comes back with her mark
    page.select_option("#id_kind", "general_meeting")
    page.locator("#attendance tr", has_text="陈静").locator("input").fill("住院")
    let_redraws_through()
    expect(page.locator("#attendance select")).to_have_count(10)
    expect(page.locator("#attendance tr", has_text="陈静").locator("input")).to_have_value("住院")
    mark("杨帆", "personal_leave", "出差")
    marks = marks_of(page)
    assert {name: value for name, value in marks.items() if value != "present"} == {
        "陈静": "sick_leave", "孙丽": "official_duty", "杨帆": "personal_leave"}, marks
    expect(page.locator("#attendance-dropped")).to_have_count(0)

    # to the 支委会 again: those outside it are named with their marks, nothing silently gone
    page.select_option("#id_kind", "committee_meeting")
    let_redraws_through()
    expect(page.locator("#attendance select")).to_have_count(2)
    expect(page.locator("#attendance-dropped")).to_contain_text("杨帆（请假：出差）")
    expect(page.locator("#attendance-dropped")).to_contain_text("孙丽（公差）")
    page.evaluate("window.scrollTo(0, 0)")  # else the sticky top bar is drawn mid-page
    page.screenshot(path=str(screenshot_dir / "orglife-attendance-dropped.png"), full_page=True)

    # back, then the date changed: the marks stay
    page.select_option("#id_kind", "general_meeting")
    let_redraws_through()
    page.locator("#id_held_on").fill(datetime.date.today().replace(day=1).isoformat())
    let_redraws_through()
    expect(page.locator("#attendance select")).to_have_count(10)
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
