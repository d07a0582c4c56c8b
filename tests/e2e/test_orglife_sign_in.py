"""扫码签到 in a real browser: the secretary opens the code of today's 主题党日; 杨帆 opens the link
of the code on a phone (390 × 844), logs in through the usual form, is brought back, taps 确认签到
and sees 已签到; the secretary's list then counts her. No console error (a CSP violation would show).
Screenshots: var/screenshots/orglife-sign-in-code.png and orglife-sign-in-phone.png."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from dangjian.testing import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_member_signs_in_on_her_phone_from_the_secretarys_code(e2e_world, live_server, page_factory, signed_in,
                                                                  screenshot_dir):
    from dangjian.orglife.models import Attendance
    from dangjian.orglife.rules import Kind
    from dangjian.orglife.services import AttendanceLine, record_meeting

    w = e2e_world
    now = timezone.localtime()
    # started ten minutes ago (near midnight: the whole day, as a meeting without a start time)
    starts = (now - datetime.timedelta(minutes=10)).time().replace(second=0, microsecond=0) if now.hour else None
    meeting = record_meeting(w.branch_a, kind=Kind.THEME_DAY, held_on=now.date(), starts_at=starts,
                             place="党员活动室", topic="主题党日：重温入党誓词",
                             attendance=[AttendanceLine(w.m_member_a.pk, False, "personal_leave")])

    secretary, secretary_errors = signed_in(w.secretary_a, f"/orglife/{meeting.pk}/")
    secretary.get_by_role("link", name="扫码签到").click()
    expect(secretary.locator(".sign-in-qr svg")).to_be_visible()
    expect(secretary.get_by_test_id("signed-count")).to_have_text("0")
    link = secretary.locator(".sign-in-url").text_content().strip()
    assert re.fullmatch(rf"{re.escape(live_server.url)}/orglife/sign-in/[^/]+/", link)
    secretary.screenshot(path=str(screenshot_dir / "orglife-sign-in-code.png"), full_page=True)

    phone, phone_errors = page_factory(width=390, height=844, is_mobile=True, has_touch=True)
    phone.goto(link)
    assert "/accounts/login/" in phone.url and "next=" in phone.url
    # the login form the code led to (log_in() would open a fresh one, without the way back)
    phone.fill('input[name="username"]', "member_a")
    phone.fill('input[name="password"]', PASSWORD)
    phone.locator('form button[type="submit"]').first.click()
    phone.wait_for_url(link)
    button = phone.get_by_role("button", name="确认签到")
    assert button.bounding_box()["height"] >= 44  # a thumb's tap target
    button.click()
    expect(phone.get_by_test_id("sign-in-done")).to_contain_text("已签到")
    phone.screenshot(path=str(screenshot_dir / "orglife-sign-in-phone.png"), full_page=True)
    assert Attendance.objects.get(meeting=meeting, member=w.m_member_a).present

    secretary.reload()
    expect(secretary.get_by_test_id("signed-count")).to_have_text("1")
    assert secretary_errors == [] and phone_errors == []
