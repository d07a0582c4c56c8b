"""The steps go in order, on dates that never run backwards or into the future; unknown facts
and skipped steps are refused; a stopped file takes no more steps."""

import pytest

from dangjian.recruitment import rules as R
from dangjian.recruitment.models import StepRecord

from .conftest import refused, step_on, walk

pytestmark = pytest.mark.django_db


def test_a_step_out_of_order_is_refused_and_names_the_next_one(world, frozen, applicant):
    violation = refused(lambda: step_on(applicant, "07", "2024-09-01", {"opinions": True,
                                                                          "decided_by": "committee_meeting"}))
    assert violation.rule == R.R_ORDER and "02 党组织派人谈话" in violation.message


def test_a_date_before_the_previous_step_is_refused(world, frozen, applicant):
    step_on(applicant, "02", "2023-03-20", {"talker": "陈静"})
    violation = refused(lambda: step_on(applicant, "03", "2023-03-19", {"recommendation": "members",
                                                                         "decided_by": "committee_meeting"}))
    assert violation.field == "occurred_on" and "早于上一步骤" in violation.message


def test_a_date_in_the_future_is_refused(world, frozen, applicant):
    assert refused(lambda: step_on(applicant, "02", "2026-11-24", {"talker": "陈静"})).rule == R.R_NOT_FUTURE


def test_a_fact_the_step_does_not_have_is_refused_and_nothing_is_written(world, frozen, applicant):
    violation = refused(lambda: step_on(applicant, "02", "2023-03-20", {"talker": "陈静", "grade": "优秀"}))
    assert violation.field == "grade"
    assert StepRecord.objects.filter(file=applicant).count() == 1


def test_a_missing_required_fact_is_refused(world, frozen, applicant):
    assert refused(lambda: step_on(applicant, "02", "2023-03-20", {})).field == "talker"


def test_a_choice_outside_its_list_is_refused(world, frozen, applicant):
    step_on(applicant, "02", "2023-03-20", {"talker": "陈静"})
    violation = refused(lambda: step_on(applicant, "03", "2023-09-01", {"recommendation": "self",
                                                                         "decided_by": "committee_meeting"}))
    assert violation.field == "recommendation"


def test_the_half_yearly_assessment_may_be_recorded_again_while_an_activist(world, frozen, applicant):
    walk(world, applicant, until="06")
    step_on(applicant, "06", "2024-08-31", {"kind": "report"}, reason="补记本年度思想汇报")
    applicant.refresh_from_db()
    assert applicant.next_code == "07"
    assert applicant.steps.filter(code="06").count() == 3


def test_the_board_fields_follow_the_file(world, frozen, applicant):
    walk(world, applicant, until="07")
    applicant.refresh_from_db()
    assert (applicant.stage, applicant.last_code, applicant.next_code) == (R.Stage.CANDIDATE, "07", "08")
