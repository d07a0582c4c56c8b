"""入党积极分子 → 发展对象: 1–2 full members as 培养联系人, one full year as an activist
(exactly one year counts), the half-yearly assessments, and the opinions heard."""

import datetime

import pytest

from dangjian.recruitment import rules as R
from dangjian.recruitment.progress import deadlines
from dangjian.recruitment.services import effective_limits
from dangjian.testing import add_member

from .conftest import refused, step_on, walk

pytestmark = pytest.mark.django_db
CANDIDATE = {"opinions": True, "decided_by": "committee_meeting"}


def test_no_mentor_or_three_mentors_are_refused(world, frozen, applicant):
    walk(world, applicant, until="05", skip_last=True)
    assert refused(lambda: step_on(applicant, "05", "2023-09-10", {"mentors": []})).field == "mentors"
    three = [world.m_secretary_a.pk, world.m_org_member_a.pk, world.m_member_a.pk]
    assert refused(lambda: step_on(applicant, "05", "2023-09-10", {"mentors": three})).rule == R.R_MENTORS


def test_a_probationary_member_cannot_be_a_mentor(world, frozen, applicant):
    walk(world, applicant, until="05", skip_last=True)
    violation = refused(lambda: step_on(applicant, "05", "2023-09-10", {"mentors": [world.m_probationary_a.pk]}))
    assert violation.rule == R.R_MENTORS and "林晓" in violation.message


def test_a_member_confirmed_after_the_step_date_is_not_yet_a_full_member(world, frozen, applicant):
    late = add_member(world.branch_a, "新转正", joined_on=datetime.date(2022, 12, 1))  # confirmed 2023-12-01
    walk(world, applicant, until="05", skip_last=True)
    assert refused(lambda: step_on(applicant, "05", "2023-09-10", {"mentors": [late.pk]})).rule == R.R_MENTORS


def test_a_member_of_another_school_is_not_found_as_a_mentor(world, frozen, applicant):
    walk(world, applicant, until="05", skip_last=True)
    violation = refused(lambda: step_on(applicant, "05", "2023-09-10", {"mentors": [world.m_secretary_b.pk]}))
    assert "未找到" in violation.message and "刘芳" not in violation.message


def test_one_full_member_is_enough_as_mentor(world, frozen, applicant):
    walk(world, applicant, until="05", skip_last=True)
    record = step_on(applicant, "05", "2023-09-10", {"mentors": [world.m_org_member_a.pk]})
    assert record.facts["mentors"] == [{"id": world.m_org_member_a.pk, "name": "陈静"}]


def test_a_candidate_one_day_short_of_a_year_as_activist_is_refused(world, frozen, applicant):
    walk(world, applicant, until="06")
    violation = refused(lambda: step_on(applicant, "07", "2024-08-31", CANDIDATE))
    assert violation.rule == R.T_ONE_YEAR and "2024-09-01" in violation.message and "第十三条" in str(violation.rule)


def test_exactly_one_year_as_activist_counts(world, frozen, applicant):
    walk(world, applicant, until="06")
    assert step_on(applicant, "07", "2024-09-01", CANDIDATE).breaches == []


def test_a_missing_half_yearly_assessment_needs_a_reason(world, frozen, applicant):
    walk(world, applicant, until="05")
    step_on(applicant, "06", "2024-03-01", {"kind": "assessment"})
    violation = refused(lambda: step_on(applicant, "07", "2024-09-02", CANDIDATE))
    assert violation.code == "reason_required" and violation.rule == R.T_ASSESSMENTS_DONE
    record = step_on(applicant, "07", "2024-09-02", CANDIDATE, reason="第二次考察与确定发展对象同会进行")
    assert record.breaches[0]["rule"] == "assessments_recorded"


def test_an_assessment_more_than_six_months_after_the_last_needs_a_reason(world, frozen, applicant):
    walk(world, applicant, until="05")
    violation = refused(lambda: step_on(applicant, "06", "2024-03-11", {"kind": "assessment"}))
    assert violation.rule == R.T_ASSESSMENT and violation.code == "reason_required"


def test_a_candidate_without_the_opinions_heard_is_refused(world, frozen, applicant):
    walk(world, applicant, until="06")
    violation = refused(lambda: step_on(applicant, "07", "2024-09-01", {**CANDIDATE, "opinions": False}))
    assert violation.rule == R.R_OPINIONS


def test_the_deadline_of_the_next_assessment_is_on_the_file(world, frozen, applicant):
    walk(world, applicant, until="05")
    applicant.refresh_from_db()
    items = {d.label: d.due_on for d in deadlines(list(applicant.steps.all()), effective_limits(world.branch_a))}
    assert items == {"半年考察": datetime.date(2024, 3, 1), "思想汇报": datetime.date(2023, 12, 1),
                     "确定发展对象": datetime.date(2024, 9, 1)}
    assert applicant.due_on == datetime.date(2023, 12, 1)         # the first quarterly report comes first
    assert applicant.earliest_on == datetime.date(2024, 9, 1)     # one year as activist
