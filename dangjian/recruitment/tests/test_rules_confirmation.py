"""转正: the 支部大会 discusses it once the year of probation is over; the higher committee's
approval applies 按期转正, 延长预备期 (once, 6–12 months) or 取消资格 to the member's record
through the members services."""

import datetime

import pytest

from dangjian.members.models import MemberStatus, Standing
from dangjian.recruitment import rules as R
from dangjian.recruitment.models import FileState

from .conftest import refused, step_on, vote, walk

pytestmark = pytest.mark.django_db
CONFIRM_NOTICE = {"publicity_start": "2026-01-05", "publicity_end": "2026-01-09"}


@pytest.fixture
def probationer(world, frozen, applicant):
    return walk(world, applicant, until="23", skip_last=True)


def test_the_whole_path_confirms_the_member_when_the_probation_ends(world, frozen, applicant):
    walk(world, applicant, until="25")
    applicant.refresh_from_db()
    assert applicant.state == FileState.DONE and applicant.next_code == ""
    member = applicant.member
    assert member.status == MemberStatus.FULL and member.confirmed_on == datetime.date(2025, 12, 20)


def test_the_discussion_a_day_before_the_year_is_up_is_refused(probationer):
    violation = refused(lambda: step_on(probationer, "23", "2025-12-19", {"outcome": "confirm", "vote": vote()}))
    assert violation.rule == R.T_PROBATION and "2025-12-20" in violation.message


def test_the_discussion_on_the_day_the_year_is_up_is_allowed(probationer):
    assert step_on(probationer, "23", "2025-12-20", {"outcome": "confirm", "vote": vote()}).passed


def test_a_failed_confirmation_vote_is_discussed_again(probationer):
    record = step_on(probationer, "23", "2025-12-22", {"outcome": "confirm", "vote": vote(yes=4, no=4)})
    probationer.refresh_from_db()
    assert record.passed is False and probationer.state == FileState.OPEN and probationer.next_code == "23"


def test_an_extension_of_six_months_extends_the_member_and_the_file_waits_for_it(probationer):
    step_on(probationer, "23", "2025-12-22", {"outcome": "extend", "extend_months": 6, "vote": vote()})
    step_on(probationer, "24", "2026-01-20", {})
    probationer.refresh_from_db()
    member = probationer.member
    assert member.probation_extended_to == datetime.date(2026, 6, 20)
    assert probationer.next_code == "23" and probationer.earliest_on == datetime.date(2026, 6, 20)
    violation = refused(lambda: step_on(probationer, "23", "2026-06-19", {"outcome": "confirm", "vote": vote()}))
    assert violation.rule == R.T_PROBATION
    violation = refused(lambda: step_on(probationer, "23", "2026-06-22",
                                        {"outcome": "extend", "extend_months": 6, "vote": vote()}))
    assert "延长过一次" in violation.message
    step_on(probationer, "23", "2026-06-22", {"outcome": "confirm", "vote": vote()})
    step_on(probationer, "24", "2026-07-20", {"publicity_start": "2026-07-06", "publicity_end": "2026-07-10"})
    member.refresh_from_db()
    assert member.status == MemberStatus.FULL and member.confirmed_on == datetime.date(2026, 6, 20)


@pytest.mark.parametrize("months", [5, 13, None])
def test_an_extension_outside_six_to_twelve_months_is_refused(probationer, months):
    violation = refused(lambda: step_on(probationer, "23", "2025-12-22",
                                        {"outcome": "extend", "extend_months": months, "vote": vote()}))
    assert violation.rule == R.R_CONFIRM_OUTCOME


def test_cancellation_takes_the_member_out_and_the_file_is_archived(probationer):
    step_on(probationer, "23", "2025-12-22", {"outcome": "cancel", "vote": vote()})
    step_on(probationer, "24", "2026-01-20", {})
    probationer.refresh_from_db()
    assert probationer.member.standing == Standing.LEFT
    step_on(probationer, "25", "2026-01-25", {})
    probationer.refresh_from_db()
    assert probationer.state == FileState.DONE


def test_the_confirmation_notice_is_required_before_confirming(probationer):
    step_on(probationer, "23", "2025-12-22", {"outcome": "confirm", "vote": vote()})
    assert refused(lambda: step_on(probationer, "24", "2026-01-20", {})).rule == R.T_PUBLICITY
    assert step_on(probationer, "24", "2026-01-20", CONFIRM_NOTICE)


def test_a_late_request_for_confirmation_needs_a_reason(world, frozen, applicant):
    walk(world, applicant, until="22", skip_last=True)
    violation = refused(lambda: step_on(applicant, "22", "2025-12-21", {}))
    assert violation.code == "reason_required" and violation.rule == R.T_CONFIRM_REQUEST
