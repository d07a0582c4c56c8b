"""A year's 会议记录 as PDF in a real browser: the secretary of branch A clicks 打印版（PDF） on a
year of twenty records; the page that answers says the file is written in the background, and
the worker's progress bar ends in a download link that gives the PDF. A second page shows a
bar half way (a job the worker is on). Screenshots: var/screenshots/orglife-minutes-export-*.png."""

import datetime

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_secretary_gets_a_years_pdf_through_the_progress_page(e2e_world, signed_in, screenshot_dir, monkeypatch,
                                                                 settings, tmp_path):
    from huey.contrib.djhuey import HUEY

    from dangjian.orglife.models import MinutesExport, MinutesExportState
    from dangjian.orglife.rules import Kind
    from dangjian.orglife.services import record_meeting

    monkeypatch.setattr(HUEY, "immediate", True)  # the worker's task runs in the server, once committed
    settings.MEDIA_ROOT = tmp_path
    w = e2e_world
    year = datetime.date.today().year - 1
    for month in range(1, 11):
        for day in (5, 20):
            record_meeting(w.branch_a, kind=Kind.THEME_DAY, held_on=datetime.date(year, month, day),
                           place="党员活动室", topic=f"{month}月{day}日主题党日")

    page, errors = signed_in(w.secretary_a, f"/orglife/?org={w.branch_a.pk}&year={year}")
    page.get_by_role("link", name="打印版（PDF）").click()
    expect(page.get_by_test_id("export-state")).to_contain_text("已完成", timeout=60000)
    expect(page.locator("progress")).to_have_attribute("value", "20")
    page.screenshot(path=str(screenshot_dir / "orglife-minutes-export-done.png"), full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="下载文件").click()
    assert download.value.suggested_filename.endswith(f"{year}年组织生活记录.pdf")

    running = MinutesExport.objects.create(org=w.branch_a, year=year, fmt="pdf", total=83, done=40,
                                           state=MinutesExportState.RUNNING, file_name=f"{w.branch_a.name}_{year}年组织生活记录",
                                           requested_by=w.secretary_a)
    page.goto(page.url.rsplit("/minutes-exports/", 1)[0] + f"/minutes-exports/{running.pk}/")
    expect(page.get_by_test_id("export-state")).to_contain_text("已排版 40 / 83 条记录")
    page.screenshot(path=str(screenshot_dir / "orglife-minutes-export-running.png"), full_page=True)
    assert errors == []
