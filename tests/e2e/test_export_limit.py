"""Year-end printing in a real browser (issue 15, item 2): the secretary downloads a meeting's
minutes as PDF eleven times in a row and every one arrives; her rosters still count against
the bulk-export limit, and the eleventh in ten minutes is a page that says in Chinese when to
try again. Screenshot: var/screenshots/export-limit-roster-refused.png."""

import datetime

import pytest
from playwright.sync_api import expect

from tests.e2e.test_e2e_browse import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_minutes_print_freely_while_the_eleventh_roster_is_refused(e2e_world, live_server, page_factory,
                                                                   screenshot_dir):
    from dangjian.orglife.rules import Kind
    from dangjian.orglife.services import record_meeting

    w = e2e_world
    meeting = record_meeting(w.branch_a, kind=Kind.THEME_DAY, held_on=datetime.date.today().replace(day=1),
                             place="党员活动室", topic="主题党日：重温入党誓词", attendance=[])
    page, errors = page_factory()
    log_in(page, live_server.url, "secretary_a")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/orglife/{meeting.pk}/")
    for _ in range(11):
        with page.expect_download() as download:
            page.get_by_role("link", name="打印版（PDF）").click()
        assert download.value.suggested_filename.endswith(".pdf")

    roster = f"{live_server.url}/members/stats/roster/?org={w.branch_a.pk}"
    answers = [page.request.get(roster).status for _ in range(10)]
    assert answers == [200] * 10
    refused = page.goto(roster)
    assert refused.status == 429
    expect(page.locator("body")).to_contain_text("导出过于频繁：批量导出党员等个人信息（花名册、名单、统计表）每 10 分钟最多 10 次")
    page.screenshot(path=str(screenshot_dir / "export-limit-roster-refused.png"), full_page=True)
    # the refusal itself is the one 429 the console may show
    assert [e for e in errors if "429" not in e] == [], errors
