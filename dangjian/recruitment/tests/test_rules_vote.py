"""支部大会: quorum is more than half of the members with voting rights; the resolution passes
only with yes votes from more than half of the voting full members who should attend (written
opinions of absentees count); otherwise it is recorded as not passed and the file stops."""

import pytest

from dangjian.recruitment import rules as R
from dangjian.recruitment.models import FileState

from .conftest import refused, step_on, vote, walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def at_meeting(world, frozen, applicant):
    return walk(world, applicant, until="15", skip_last=True)


def meet(file, **numbers):
    return step_on(file, "15", "2024-12-20", {"vote": vote(**numbers)})


def test_exactly_half_attending_is_no_quorum(at_meeting):
    violation = refused(lambda: meet(at_meeting, should=10, attended=5, yes=5))
    assert violation.rule == R.R_QUORUM and "第二十条" in str(violation.rule)
    # 细则's own words, stricter than the 半数以上 of 《支部工作条例》第十一条, and the same for conversion
    assert violation.rule.citation == "《中国共产党发展党员工作细则》第二十条、第三十三条"
    assert "“召开讨论接收预备党员的支部大会，有表决权的到会人数必须超过应到会有表决权人数的半数”" in violation.rule.text


def test_more_than_half_attending_is_a_quorum(at_meeting):
    assert meet(at_meeting, should=9, attended=5, yes=5).passed


def test_yes_votes_of_exactly_half_of_those_who_should_attend_do_not_pass(at_meeting):
    record = meet(at_meeting, should=10, attended=9, yes=5, no=4)
    at_meeting.refresh_from_db()
    assert record.passed is False
    assert at_meeting.state == FileState.STOPPED and "未通过" in at_meeting.stop_reason


def test_a_file_whose_meeting_did_not_pass_cannot_proceed(at_meeting):
    meet(at_meeting, should=10, attended=9, yes=5, no=4)
    assert refused(lambda: step_on(at_meeting, "16", "2025-01-10", {"talker": "李红梅"})).rule == R.R_NOT_PASSED


def test_a_majority_of_those_present_is_not_enough_when_it_is_not_half_of_those_who_should_attend(at_meeting):
    # 6 of 11 attend, all 5 votes cast say yes... 5 is not more than half of 11
    assert meet(at_meeting, should=11, attended=6, yes=5, abstain=1).passed is False


def test_written_opinions_of_absent_members_count(at_meeting):
    record = meet(at_meeting, should=10, attended=6, written=2, yes=6, no=2)
    assert record.passed is True


def test_more_attending_than_should_attend_is_refused(at_meeting):
    assert refused(lambda: meet(at_meeting, should=9, attended=10, yes=9)).rule == R.R_VOTE_NUMBERS


def test_more_votes_than_voters_is_refused(at_meeting):
    violation = refused(lambda: meet(at_meeting, should=9, attended=8, yes=8, no=1))
    assert violation.rule == R.R_VOTE_NUMBERS and violation.field == "yes"


def test_more_written_opinions_than_absentees_is_refused(at_meeting):
    assert refused(lambda: meet(at_meeting, should=9, attended=8, written=2, yes=8)).field == "written"


def test_a_meeting_more_than_a_month_after_the_prereview_needs_a_reason(world, frozen, applicant):
    walk(world, applicant, until="15", skip_last=True)
    violation = refused(lambda: step_on(applicant, "15", "2025-01-02", {"vote": vote()}))
    assert violation.code == "reason_required" and violation.rule == R.T_MEETING_AFTER_PREREVIEW
