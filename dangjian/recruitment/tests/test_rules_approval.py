"""上级党委审批 within three months of the 支部大会 (later: a reason; after six months: refused).
Approval is the higher committee's, and it makes the person a probationary member whose 入党日期
is the day of the 支部大会."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from dangjian.members.models import EventKind, MemberStatus
from dangjian.recruitment import rules as R
from dangjian.recruitment.models import FileState
from dangjian.recruitment.services import record_step

from .conftest import refused, step_on, walk

pytestmark = pytest.mark.django_db
NOTICE = {"approved": True, "publicity_start": "2025-01-13", "publicity_end": "2025-01-17"}


@pytest.fixture
def awaiting(world, frozen, applicant):
    return walk(world, applicant, until="17", skip_last=True)


def test_approval_exactly_three_months_after_the_meeting_needs_no_reason(awaiting):
    assert step_on(awaiting, "17", "2025-03-20", NOTICE).breaches == []


def test_approval_a_day_after_three_months_needs_a_reason(awaiting):
    violation = refused(lambda: step_on(awaiting, "17", "2025-03-21", NOTICE))
    assert violation.code == "reason_required" and violation.rule == R.T_APPROVAL
    record = step_on(awaiting, "17", "2025-03-21", NOTICE, reason="党委换届，延期审批")
    assert record.breaches[0]["rule"] == "approval_three_months"


def test_approval_a_day_after_six_months_is_refused_even_with_a_reason(awaiting):
    violation = refused(lambda: step_on(awaiting, "17", "2025-06-21", NOTICE, reason="材料遗失"))
    assert violation.rule == R.T_APPROVAL_MAX
    assert step_on(awaiting, "17", "2025-06-20", NOTICE, reason="党委换届，延期审批").passed


def test_approval_creates_the_probationary_member_joined_on_the_day_of_the_meeting(awaiting, world):
    step_on(awaiting, "17", "2025-02-20", NOTICE)
    awaiting.refresh_from_db()
    member = awaiting.member
    assert member.status == MemberStatus.PROBATIONARY and member.org == world.branch_a
    assert member.joined_on == datetime.date(2024, 12, 20)
    assert member.get_id_number() == awaiting.get_id_number()
    assert member.events.get().kind == EventKind.ADMITTED


def test_not_approved_ends_the_file_and_makes_no_member(awaiting):
    record = step_on(awaiting, "17", "2025-02-20", {"approved": False})
    awaiting.refresh_from_db()
    assert record.passed is False and awaiting.member is None and awaiting.state == FileState.STOPPED


def test_the_branch_secretary_cannot_approve_her_own_branch(awaiting, world):
    with pytest.raises(PermissionDenied) as caught:
        record_step(awaiting, "17", {**NOTICE, "occurred_on": "2025-02-20"}, acting_user=world.secretary_a)
    assert "上级党委" in str(caught.value)


def test_the_county_committee_approves(awaiting, world):
    record = record_step(awaiting, "17", {**NOTICE, "occurred_on": "2025-02-20"}, acting_user=world.county_admin)
    assert record.recorded_by == world.county_admin


def test_the_secretary_records_the_branch_steps_but_not_another_schools(world, frozen, applicant):
    assert record_step(applicant, "02", {"talker": "陈静", "occurred_on": "2023-03-20"}, acting_user=world.secretary_a)
    with pytest.raises(PermissionDenied):
        record_step(applicant, "03", {"recommendation": "members", "decided_by": "committee_meeting",
                                      "occurred_on": "2023-09-01"}, acting_user=world.secretary_b)
