"""扫码签到: a member expected at a meeting scans the secretary's code within its window, logs in
and is marked present — once; a member not expected, or too late, is refused in Chinese; a
member of another school and a forged code find nothing; the secretary still corrects by hand."""

import datetime

import pytest

from dangjian.core.models import AuditEntry
from dangjian.orglife.models import Attendance, MeetingSignIn
from dangjian.orglife.rules import Kind
from dangjian.orglife.services import AttendanceLine, update_meeting
from dangjian.orglife.services.sign_in import make_token, read_token

pytestmark = pytest.mark.django_db
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


@pytest.fixture
def meeting(world, hold, frozen):
    """Today's 主题党日 of branch A, 09:30–11:00 (signing in 09:00–11:30; it is 10:00), 杨帆 recorded on leave."""
    return hold(world.branch_a, Kind.THEME_DAY, frozen, starts_at=datetime.time(9, 30), ends_at=datetime.time(11, 0),
                absent={world.m_member_a: "personal_leave"})


def sign_in_url(meeting) -> str:
    return f"/orglife/sign-in/{make_token(meeting)}/"


def present(world, meeting) -> bool:
    return Attendance.objects.get(meeting=meeting, member=world.m_member_a).present


def test_an_expected_member_signs_in_within_the_window_and_is_present(world, client_as, meeting):
    client = client_as("member_a")
    assert "确认签到" in client.get(sign_in_url(meeting)).content.decode()
    response = client.post(sign_in_url(meeting))
    assert response.status_code == 200 and "已签到" in response.content.decode()
    meeting.refresh_from_db()
    assert present(world, meeting) and (meeting.present_count, meeting.expected_count) == (10, 10)
    entry = AuditEntry.objects.get(action="orglife.sign_in")
    assert entry.actor == world.member_a and entry.object_id == str(meeting.pk)
    from dangjian.core.audit_changes import describe_changes

    labels = [item.label for item in describe_changes(entry.action, entry.object_type, entry.changes)]
    # in words, never the code names; as a set: PostgreSQL's jsonb keeps its own key order
    assert sorted(labels) == sorted(["党员编号", "出席情况", "签到时间"])


def test_a_second_scan_says_already_signed_in_and_changes_nothing(world, client_as, meeting):
    client = client_as("member_a")
    client.post(sign_in_url(meeting))
    again = client.post(sign_in_url(meeting))
    assert again.status_code == 200 and "您此前已签到" in again.content.decode()
    assert MeetingSignIn.objects.filter(meeting=meeting).count() == 1
    assert AuditEntry.objects.filter(action="orglife.sign_in").count() == 1


def test_a_member_not_expected_at_the_meeting_is_refused_in_chinese(world, client_as, hold, frozen):
    group_meeting = hold(world.branch_a, Kind.GROUP_MEETING, frozen, group=world.group_a1, starts_at=datetime.time(9, 30))
    response = client_as("member_a").post(sign_in_url(group_meeting))
    assert response.status_code == 403
    assert "您不在本次会议" in response.content.decode() and "应到名单" in response.content.decode()
    assert not MeetingSignIn.objects.exists()


def test_outside_the_window_the_sign_in_is_refused(world, client_as, meeting, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 23, 11, 31, tzinfo=SHANGHAI), tick=False)
    late = client_as("member_a").post(sign_in_url(meeting))
    assert late.status_code == 403 and "签到已结束" in late.content.decode()
    time_machine.move_to(datetime.datetime(2026, 11, 23, 8, 59, tzinfo=SHANGHAI), tick=False)
    early = client_as("member_a").post(sign_in_url(meeting))
    assert early.status_code == 403 and "签到尚未开始" in early.content.decode()
    assert not present(world, meeting) and not MeetingSignIn.objects.exists()


def test_a_member_of_another_school_finds_nothing(world, client_as, meeting):
    assert client_as("secretary_b").get(sign_in_url(meeting)).status_code == 404
    assert client_as("secretary_b").post(sign_in_url(meeting)).status_code == 404
    assert not MeetingSignIn.objects.exists()


def test_a_forged_or_altered_code_finds_nothing(world, client_as, meeting):
    token = make_token(meeting)
    assert read_token(token)[0] == meeting.pk
    forged = token.replace(token.split(":")[0], "eyJtIjoxLCJlIjo5OTk5OTk5OTk5fQ")
    assert read_token(forged) is None
    assert client_as("member_a").post(f"/orglife/sign-in/{forged}/").status_code == 404


def test_an_anonymous_scan_goes_to_the_login_and_comes_back(world, client, meeting):
    url = sign_in_url(meeting)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert "next=" in response["Location"] and make_token(meeting).split(":")[0] in response["Location"]


def test_the_secretary_shows_the_code_and_sees_who_signed_in(world, client_as, meeting):
    client_as("member_a").post(sign_in_url(meeting))
    page = client_as("secretary_a").get(f"/orglife/{meeting.pk}/sign-in/").content.decode()
    assert "<svg" in page and "已签到 <strong data-testid=\"signed-count\">1</strong> / 应到 10" in page
    for without_orglife_rights in ("member_a", "principal_a"):  # the record is not theirs to see
        assert client_as(without_orglife_rights).get(f"/orglife/{meeting.pk}/sign-in/").status_code == 404


def test_the_secretary_still_corrects_a_signed_in_member_by_hand(world, client_as, meeting):
    client_as("member_a").post(sign_in_url(meeting))
    update_meeting(meeting, attendance=[AttendanceLine(world.m_member_a.pk, False, "sick_leave", "")],
                   acting_user=world.secretary_a)
    assert not present(world, meeting)
    assert MeetingSignIn.objects.filter(meeting=meeting, member=world.m_member_a).exists()


def test_the_record_offers_the_code_on_the_day_of_the_meeting_only(world, client_as, meeting, hold, frozen):
    earlier = hold(world.branch_a, Kind.THEME_DAY, frozen - datetime.timedelta(days=5))
    client = client_as("secretary_a")
    assert f"/orglife/{meeting.pk}/sign-in/" in client.get(f"/orglife/{meeting.pk}/").content.decode()
    assert "/sign-in/" not in client.get(f"/orglife/{earlier.pk}/").content.decode()
