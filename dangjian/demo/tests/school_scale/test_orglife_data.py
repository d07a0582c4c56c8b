"""The demo's five years of organizational life: decided by the same rule functions as the real
code, so every attendee was on the roster of the day, the stored figures and quorum are what
`services.figures` says, and the compliance table has something to show."""

import pytest
from django.utils import timezone

from dangjian.members.models import Member
from dangjian.members.selectors import roster_as_of
from dangjian.orglife import compliance as C
from dangjian.orglife import rules as R
from dangjian.orglife.models import Meeting
from dangjian.orglife.services import figures
from dangjian.orgs.models import Position

pytestmark = pytest.mark.django_db


def test_the_school_demo_has_five_years_of_meetings_that_keep_the_rules():
    school = Position.objects.get(user__username="secretary_a").org
    meetings = list(Meeting.objects.filter(org=school).prefetch_related("attendance"))
    assert len(meetings) > 40
    today = timezone.localdate()
    for meeting in meetings[:: max(1, len(meetings) // 25)]:
        rows = list(meeting.attendance.all())
        assert meeting.held_on < today
        stored = {k: getattr(meeting, k) for k in ("expected_count", "present_count", "voting_expected",
                                                   "voting_present", "quorate")}
        assert stored == figures(meeting.kind, rows)
        if meeting.kind != R.Kind.COMMITTEE_MEETING:
            roster = set(roster_as_of(Member.objects.all(), meeting.held_on).filter(org_on_day_id=school.pk)
                         .values_list("id", flat=True))
            assert {r.member_id for r in rows} <= roster
    year = C.org_compliance(school, R.period_of(R.add_months(today, -3), R.Frequency.QUARTERLY), today)
    assert year.required > 0 and year.held > 0
    years = {m.held_on.year for m in meetings}
    assert min(m.held_on for m in meetings) < R.add_months(today, -57) and len(years) >= 5
    # the secretary of the day gives a 党课 (the yearly 书记讲党课 check has something to pass)
    lectures = [m for m in meetings if m.kind == R.Kind.PARTY_LECTURE and m.lecturer_id]
    assert lectures
    for lecture in lectures:
        assert Position.objects.active_on(lecture.held_on).filter(org=school, post="secretary",
                                                                  member_id=lecture.lecturer_id).exists()
