"""补录: the development file of someone the members module already holds as admitted. Every
step goes through record_step with its rules; approval (17) and 转正 (24) are checked against
the member's record instead of creating a second member or a second 转正."""

import datetime
from types import SimpleNamespace

import pytest

from dangjian.members.models import EventKind, Member, MemberStatus
from dangjian.members.rules import probation_end
from dangjian.recruitment import rules as R
from dangjian.recruitment.progress import probation_ends
from dangjian.recruitment.services import open_file_for_member
from dangjian.testing import add_member

from .conftest import APPLIED, refused, step_on, walk

pytestmark = pytest.mark.django_db
MEETING = datetime.date(2024, 12, 20)   # the happy path's 支部大会


@pytest.fixture
def admitted(world, frozen):
    """吴涛 was admitted by branch A's 支部大会 of 2024-12-20; his paper file is recorded now."""
    return add_member(world.branch_a, "吴涛", status=MemberStatus.PROBATIONARY, joined_on=MEETING,
                      birth=datetime.date(1998, 4, 2))


def test_approval_links_the_file_to_the_member_already_on_the_roll(world, admitted):
    members_before = Member.objects.count()
    file = open_file_for_member(admitted, org=world.branch_a, applied_on=APPLIED)
    walk(world, file, until="17")
    file.refresh_from_db()
    assert file.member == admitted and Member.objects.count() == members_before


def test_the_confirmation_is_then_applied_to_the_member_as_for_any_file(world, admitted):
    file = walk(world, open_file_for_member(admitted, org=world.branch_a, applied_on=APPLIED), until="24")
    admitted.refresh_from_db()
    assert admitted.status == MemberStatus.FULL and admitted.confirmed_on == datetime.date(2025, 12, 20)
    assert admitted.events.filter(kind=EventKind.CONFIRMED).count() == 1 and file.member == admitted


def test_a_confirmation_already_on_the_record_is_checked_not_repeated(world, frozen):
    member = add_member(world.branch_a, "吴涛", joined_on=MEETING, birth=datetime.date(1998, 4, 2))
    Member.objects.filter(pk=member.pk).update(confirmed_on=datetime.date(2025, 12, 22))
    file = walk(world, open_file_for_member(member, org=world.branch_a, applied_on=APPLIED), until="24")
    assert file.steps.filter(code="24").exists()
    assert member.events.filter(kind=EventKind.CONFIRMED).count() == 0


def test_a_confirmation_on_the_record_after_the_approval_is_refused(world, frozen):
    member = add_member(world.branch_a, "吴涛", joined_on=MEETING, birth=datetime.date(1998, 4, 2))
    Member.objects.filter(pk=member.pk).update(confirmed_on=datetime.date(2026, 2, 1))
    file = walk(world, open_file_for_member(member, org=world.branch_a, applied_on=APPLIED), until="24",
                skip_last=True)
    violation = refused(lambda: step_on(file, "24", "2026-01-20",
                                        {"publicity_start": "2026-01-05", "publicity_end": "2026-01-09"}))
    assert violation.rule == R.R_MEMBER_RECORD and "2026-02-01" in violation.message


def test_a_meeting_on_another_day_than_the_joining_date_is_refused_at_approval(world, frozen):
    member = add_member(world.branch_a, "吴涛", status=MemberStatus.PROBATIONARY, joined_on=datetime.date(2024, 12, 27),
                        birth=datetime.date(1998, 4, 2))
    file = walk(world, open_file_for_member(member, org=world.branch_a, applied_on=APPLIED), until="17",
                skip_last=True)
    violation = refused(lambda: step_on(file, "17", "2025-02-20", {"approved": True, "publicity_start": "2025-01-13",
                                                                   "publicity_end": "2025-01-17"}))
    assert violation.rule == R.R_MEMBER_RECORD and "2024-12-27" in violation.message


def test_an_application_after_joining_is_refused(world, admitted):
    violation = refused(lambda: open_file_for_member(admitted, org=world.branch_a, applied_on=datetime.date(2025, 1, 5)))
    assert violation.rule == R.R_MEMBER_RECORD and violation.field == "applied_on"


def test_the_file_belongs_to_the_organization_that_admitted_the_member(world, admitted):
    violation = refused(lambda: open_file_for_member(admitted, org=world.branch_b, applied_on=APPLIED))
    assert violation.rule == R.R_MEMBER_RECORD and violation.field == "org"


def test_a_member_has_one_file(world, admitted):
    open_file_for_member(admitted, org=world.branch_a, applied_on=APPLIED)
    violation = refused(lambda: open_file_for_member(admitted, org=world.branch_a, applied_on=APPLIED))
    assert violation.code == "duplicate"


def test_a_batch_of_steps_is_judged_step_by_step_and_written_all_or_none(world, admitted):
    from dangjian.recruitment.services import record_steps

    file = open_file_for_member(admitted, org=world.branch_a, applied_on=APPLIED)
    batch = [{"step": "02", "occurred_on": "2023-03-20", "talker": "陈静"},
             {"step": "03", "occurred_on": "2023-09-01", "recommendation": "members", "decided_by": "committee_meeting"},
             {"step": "05", "occurred_on": "2023-09-10", "mentors": [world.m_org_member_a.pk]}]   # 04 skipped
    violation = refused(lambda: record_steps(file, batch))
    assert violation.rule == R.R_ORDER and file.steps.count() == 1
    late = [{"step": "02", "occurred_on": "2023-04-20", "talker": "陈静", "reason": "申请人外出培训"}]
    assert record_steps(file, late)[0].breaches[0]["rule"] == R.T_TALK.code


def test_a_paper_file_is_opened_with_its_steps_in_one_call_or_not_at_all(world, admitted):
    from dangjian.core.models import AuditEntry
    from dangjian.recruitment.models import RecruitmentFile

    steps = [{"step": "02", "occurred_on": "2023-03-20", "talker": "陈静"},
             {"step": "04", "occurred_on": "2023-09-10"}]                       # 03 missing
    violation = refused(lambda: open_file_for_member(admitted, org=world.branch_a, applied_on=APPLIED, steps=steps))
    assert violation.rule == R.R_ORDER and not RecruitmentFile.objects.exists()
    file = open_file_for_member(admitted, org=world.branch_a, applied_on=APPLIED, steps=steps[:1])
    assert file.next_code == "03" and file.steps.count() == 2
    assert [e.changes["step"] for e in AuditEntry.objects.filter(action="recruitment.steps").order_by("id")] == ["01", "02"]


def test_the_recruitment_file_and_the_member_record_count_the_year_the_same_way():
    meeting = datetime.date(2024, 2, 29)
    records = [SimpleNamespace(code="15", occurred_on=meeting, id=1)]
    assert probation_ends(records) == probation_end(meeting) == datetime.date(2025, 2, 28)
