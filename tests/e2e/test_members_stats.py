"""The county administrator opens 党员统计 in a real browser (through the TOTP step), sees the
tables and the ECharts charts drawn from json_script data with no console error (a CSP violation
would show there), changes the as-of day, and downloads the 统计表. Screenshot:
var/screenshots/members-stats.png."""

import datetime
import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from dangjian.members.models import Education, Job
from dangjian.testing import add_member
from tests.e2e.test_e2e_browse import log_in, pass_second_factor

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def a_more_varied_county(w):
    """Members with the spread a real county has, so that every chart has something to show."""
    people = [
        ("马晓燕", "回族", Education.POSTGRADUATE, Job.TEACHER, datetime.date(1996, 4, 2), datetime.date(2021, 6, 20)),
        ("王建华", "汉族", Education.BACHELOR, Job.MANAGEMENT, datetime.date(1972, 9, 9), datetime.date(1996, 7, 1)),
        ("李秀兰", "汉族", Education.BACHELOR, Job.TEACHER, datetime.date(1988, 1, 15), datetime.date(2012, 5, 4)),
        ("韦丽", "壮族", Education.COLLEGE, Job.TEACHER, datetime.date(1992, 3, 3), datetime.date(2018, 7, 1)),
        ("赵德明", "汉族", Education.SECONDARY, Job.RETIRED, datetime.date(1958, 8, 1), datetime.date(1985, 7, 1)),
        ("金美玉", "朝鲜族", Education.BACHELOR, Job.TEACHER, datetime.date(1990, 10, 10), datetime.date(2016, 6, 1)),
        ("孙立军", "汉族", Education.HIGH_SCHOOL, Job.SUPPORT, datetime.date(1979, 2, 2), datetime.date(2005, 7, 1)),
        ("周婷", "汉族", Education.POSTGRADUATE, Job.TEACHER, datetime.date(1994, 12, 1), datetime.date(2019, 6, 1)),
    ]
    for i, (name, ethnicity, education, job, birth, joined) in enumerate(people):
        add_member(w.branch_b if i % 2 else w.joint, name, ethnicity=ethnicity, education=education, job=job,
                   birth=birth, joined_on=joined, male=i % 3 == 1)


def test_the_county_admin_reads_the_member_statistics(e2e_world, live_server, page_factory, screenshot_dir):
    w = e2e_world
    a_more_varied_county(w)
    device = TOTPDevice.objects.create(user=w.county_admin, name="手机", confirmed=True)
    page, errors = page_factory()
    log_in(page, live_server.url, "county_admin")
    page.wait_for_url(re.compile(r".*/accounts/otp/.*"))
    pass_second_factor(page, device)
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/members/stats/")
    expect(page.locator("h1")).to_have_text("党员统计")
    expect(page.locator(".stat-value").first).to_contain_text("23")  # 15 in the world + 8 above
    expect(page.locator('[data-stats-chart="gender"] svg')).to_be_visible()
    expect(page.locator('[data-stats-chart="age"] svg')).to_be_visible()
    expect(page.locator(".card", has_text="按民族")).to_contain_text("少数民族")
    page.screenshot(path=str(screenshot_dir / "members-stats.png"), full_page=True)

    # An earlier day: 林晓 (admitted in June 2026) is not yet counted.
    page.fill('input[name="as_of"]', "2025-12-31")
    page.locator('#stats-filter button[type="submit"]').click()
    page.wait_for_url(re.compile(r".*as_of=2025-12-31.*"))
    expect(page.locator(".stat-value").first).to_contain_text("22")
    expect(page.locator(".page-head .subtitle")).to_contain_text("2025年12月31日")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="导出统计表（Excel）").click()
    assert download_info.value.suggested_filename == "东城区教育党工委_党员统计表_截至20251231.xlsx"
    assert not errors, errors
