"""Recording meetings: who should attend comes from the roster of the day, the quorum from the
members with a vote, and bad input is refused with the rule and nothing saved."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from dangjian.core.errors import RuleViolation
from dangjian.core.models import AuditEntry
from dangjian.members.models import Member
from dangjian.orglife.models import Attendance, Meeting, MeetingAmendment
from dangjian.orglife.rules import Kind
from dangjian.orglife.services import AttendanceLine, is_locked, record_meeting, set_override, update_meeting

pytestmark = pytest.mark.django_db


def test_the_general_meeting_expects_the_whole_branch_and_the_probationary_member_does_not_vote(world, hold):
    meeting = hold(world.branch_a, Kind.GENERAL_MEETING, datetime.date(2026, 11, 20), acting_user=world.secretary_a,
                   host=world.m_secretary_a, recorder=world.m_org_member_a)
    林晓 = meeting.attendance.get(member=world.m_probationary_a)
    assert (meeting.expected_count, meeting.voting_expected, meeting.quorate) == (10, 9, True)
    assert 林晓.present and not 林晓.can_vote
    assert AuditEntry.objects.filter(action="orglife.meeting_create", object_id=str(meeting.pk)).exists()


def test_the_quorum_counts_the_members_with_a_vote_and_too_few_is_still_recorded(world, hold):
    罗军, 梁燕, 刘芳 = (Member.objects.get(org=world.branch_b, name=name) for name in ("罗军", "梁燕", "刘芳"))
    meeting = hold(world.branch_b, Kind.GENERAL_MEETING, datetime.date(2026, 11, 2),
                   absent={罗军: "sick_leave", 梁燕: "unexcused", 刘芳: "official_duty"})
    assert (meeting.voting_expected, meeting.voting_present, meeting.quorate) == (4, 1, False)
    one_more = hold(world.branch_b, Kind.GENERAL_MEETING, datetime.date(2026, 11, 3), absent={罗军: "sick_leave"})
    assert one_more.quorate is True


def test_a_committee_meeting_expects_the_committee_members_only(world, hold):
    meeting = hold(world.branch_a, Kind.COMMITTEE_MEETING, datetime.date(2026, 11, 5),
                   absent={world.m_org_member_a: "official_duty"})
    assert set(meeting.attendance.values_list("member__name", flat=True)) == {"张伟", "陈静"}
    assert meeting.quorate is True  # one of two is half: 半数以上 includes half


def test_a_group_meeting_expects_the_group(world, hold):
    meeting = hold(world.branch_a, Kind.GROUP_MEETING, datetime.date(2026, 11, 6), group=world.group_a2)
    assert set(meeting.attendance.values_list("member_id", flat=True)) == set(
        Member.objects.filter(group=world.group_a2).values_list("id", flat=True))


def test_a_group_meeting_expects_the_group_as_it_was_on_the_day(world, hold):
    from dangjian.members.models import EventKind
    from dangjian.members.services import record_event

    member = world.m_member_a
    before = member.group
    after = world.group_a2 if before == world.group_a1 else world.group_a1
    record_event(member, EventKind.GROUP_CHANGED, datetime.date(2026, 10, 1), group=after)
    september = hold(world.branch_a, Kind.GROUP_MEETING, datetime.date(2026, 9, 15), group=before)
    october_old = hold(world.branch_a, Kind.GROUP_MEETING, datetime.date(2026, 10, 1), group=before)
    october_new = hold(world.branch_a, Kind.GROUP_MEETING, datetime.date(2026, 10, 1), group=after)

    def expected(meeting):
        return set(meeting.attendance.values_list("member_id", flat=True))

    assert member.pk in expected(september)
    assert member.pk not in expected(october_old) and member.pk in expected(october_new)  # moved on the day


def test_a_meeting_dated_tomorrow_cannot_be_recorded_as_held(world, hold):
    with pytest.raises(RuleViolation) as refusal:
        hold(world.branch_a, Kind.THEME_DAY, datetime.date(2026, 11, 24))
    assert "尚未召开" in refusal.value.message and refusal.value.rule.code == "orglife_not_future"
    assert not Meeting.objects.exists()


def test_a_party_lecture_needs_a_lecturer_and_one_from_outside_needs_a_name(world, hold):
    with pytest.raises(RuleViolation) as refusal:
        hold(world.branch_a, Kind.PARTY_LECTURE, datetime.date(2026, 11, 10), lecturer_name="  ")
    assert refusal.value.field == "lecturer"
    assert hold(world.branch_a, Kind.PARTY_LECTURE, datetime.date(2026, 11, 10),
                lecturer_name="市委党校 王教授").lecturer_display == "市委党校 王教授"
    assert hold(world.branch_a, Kind.PARTY_LECTURE, datetime.date(2026, 11, 11),
                lecturer=world.m_secretary_a).lecturer_display == "张伟"


def test_attendance_of_someone_outside_the_organization_is_refused_and_nothing_is_saved(world, frozen):
    with pytest.raises(RuleViolation) as refusal:
        record_meeting(world.branch_a, kind=Kind.THEME_DAY, held_on=datetime.date(2026, 11, 8), place="活动室",
                       topic="主题党日", attendance=[AttendanceLine(world.m_secretary_b.pk)])
    assert str(world.m_secretary_b.pk) in refusal.value.message and "刘芳" not in refusal.value.message
    assert (Meeting.objects.count(), Attendance.objects.count()) == (0, 0)


def test_a_member_who_joined_after_the_meeting_is_not_expected_at_it(world, hold):
    meeting = hold(world.branch_a, Kind.THEME_DAY, datetime.date(2026, 5, 10))
    assert not meeting.attendance.filter(member=world.m_probationary_a).exists()  # joined 2026-06-01


def test_an_absence_needs_a_reason(world, frozen):
    with pytest.raises(RuleViolation) as refusal:
        record_meeting(world.branch_a, kind=Kind.THEME_DAY, held_on=datetime.date(2026, 11, 8), place="活动室",
                       topic="主题党日", attendance=[AttendanceLine(world.m_member_a.pk, present=False)])
    assert refusal.value.rule.code == "orglife_absence_reason"


def test_the_principal_and_another_school_cannot_record_for_school_a(world, hold):
    for outsider in (world.principal_a, world.secretary_b, world.member_a):
        with pytest.raises(PermissionDenied):
            hold(world.branch_a, Kind.THEME_DAY, datetime.date(2026, 11, 8), acting_user=outsider)


def test_a_record_is_editable_for_fifteen_days_then_corrections_are_amendments_with_a_reason(world, hold,
                                                                                            time_machine):
    meeting = hold(world.branch_a, Kind.THEME_DAY, datetime.date(2026, 11, 8))
    update_meeting(meeting, topic="重温入党誓词", acting_user=world.secretary_a)
    assert not MeetingAmendment.objects.exists()
    time_machine.move_to(datetime.datetime(2026, 12, 8, 10, 0, tzinfo=datetime.UTC), tick=False)
    assert is_locked(meeting)
    with pytest.raises(RuleViolation) as refusal:
        update_meeting(meeting, topic="改一下", acting_user=world.secretary_a)
    assert refusal.value.rule.code == "orglife_locked"
    update_meeting(meeting, attendance=[AttendanceLine(world.m_member_a.pk, False, "sick_leave")],
                   reason="杨帆当日病假，原记录误记为出席", acting_user=world.secretary_a)
    amendment = MeetingAmendment.objects.get()
    assert amendment.reason.startswith("杨帆") and "出席情况" in amendment.changes
    meeting.refresh_from_db()
    assert meeting.present_count == meeting.expected_count - 1
    assert meeting.topic == "重温入党誓词"  # an amendment of attendance keeps the rest


def test_the_county_may_make_the_general_meeting_monthly_but_not_less_than_quarterly(world, frozen):
    from dangjian.orglife.services import rule_for

    set_override(world.county_a, kind=Kind.GENERAL_MEETING, frequency="monthly", min_count=1,
                 effective_from=datetime.date(2026, 12, 1), reason="区委组织部〔2026〕8号", acting_user=world.county_admin)
    assert rule_for(world.branch_a, Kind.GENERAL_MEETING, datetime.date(2026, 12, 5)).frequency == "monthly"
    assert rule_for(world.branch_a, Kind.GENERAL_MEETING, datetime.date(2026, 11, 5)).frequency == "quarterly"
    assert rule_for(world.branch_c1, Kind.GENERAL_MEETING, datetime.date(2026, 12, 5)).frequency == "quarterly"
    with pytest.raises(RuleViolation):
        set_override(world.county_a, kind=Kind.GENERAL_MEETING, frequency="yearly", min_count=4,
                     effective_from=datetime.date(2027, 1, 1), reason="x", acting_user=world.county_admin)
    with pytest.raises(RuleViolation):  # dated in the past: reported periods do not move
        set_override(world.county_a, kind=Kind.THEME_DAY, frequency="monthly", min_count=2,
                     effective_from=datetime.date(2026, 1, 1), reason="x", acting_user=world.county_admin)
    with pytest.raises(PermissionDenied):
        set_override(world.county_a, kind=Kind.THEME_DAY, frequency="monthly", min_count=2,
                     effective_from=datetime.date(2027, 1, 1), reason="x", acting_user=world.secretary_b)
