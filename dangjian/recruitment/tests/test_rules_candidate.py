"""发展对象: two full members as 入党介绍人, the political review (failing ends the file), and
the training of at least three days or 24 学时."""

import pytest

from dangjian.recruitment import rules as R
from dangjian.recruitment.models import FileState

from .conftest import refused, step_on, walk

pytestmark = pytest.mark.django_db


def test_one_sponsor_is_refused(world, frozen, applicant):
    walk(world, applicant, until="09", skip_last=True)
    violation = refused(lambda: step_on(applicant, "09", "2024-09-15", {"sponsors": [world.m_secretary_a.pk]}))
    assert violation.rule == R.R_SPONSORS and "第十四条" in str(violation.rule)


def test_the_same_sponsor_twice_counts_once(world, frozen, applicant):
    walk(world, applicant, until="09", skip_last=True)
    twice = [world.m_secretary_a.pk, world.m_secretary_a.pk]
    assert refused(lambda: step_on(applicant, "09", "2024-09-15", {"sponsors": twice})).rule == R.R_SPONSORS


def test_a_probationary_sponsor_is_refused(world, frozen, applicant):
    walk(world, applicant, until="09", skip_last=True)
    pair = [world.m_secretary_a.pk, world.m_probationary_a.pk]
    assert "不是正式党员" in refused(lambda: step_on(applicant, "09", "2024-09-15", {"sponsors": pair})).message


def test_a_failed_political_review_ends_the_file(world, frozen, applicant):
    walk(world, applicant, until="10", skip_last=True)
    record = step_on(applicant, "10", "2024-10-10", {"conclusion": "fail"})
    applicant.refresh_from_db()
    assert record.passed is False
    assert applicant.state == FileState.STOPPED and applicant.stop_reason == "政治审查不合格"
    violation = refused(lambda: step_on(applicant, "11", "2024-10-20", {"training_days": 3}))
    assert violation.rule == R.R_NOT_PASSED


@pytest.mark.parametrize(("days", "hours"), [(2, 23), (0, 0), (2, None)])
def test_training_shorter_than_three_days_and_24_hours_is_refused(world, frozen, applicant, days, hours):
    walk(world, applicant, until="11", skip_last=True)
    violation = refused(lambda: step_on(applicant, "11", "2024-10-20", {"training_days": days,
                                                                         "training_hours": hours}))
    assert violation.rule == R.T_TRAINING_DAYS and "第十七条" in str(violation.rule)


@pytest.mark.parametrize(("days", "hours"), [(3, None), (0, 24), (1, 30)])
def test_three_days_or_24_hours_of_training_are_enough(world, frozen, applicant, days, hours):
    walk(world, applicant, until="11", skip_last=True)
    assert step_on(applicant, "11", "2024-10-20", {"training_days": days, "training_hours": hours}).passed


def test_a_candidate_leaving_within_three_months_is_not_prereviewed(world, frozen, applicant):
    walk(world, applicant, until="13", skip_last=True)
    violation = refused(lambda: step_on(applicant, "13", "2024-12-01", {"leaving_soon": True}))
    assert violation.rule == R.R_LEAVING and "第十九条" in str(violation.rule)
