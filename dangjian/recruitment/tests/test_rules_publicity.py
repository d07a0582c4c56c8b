"""公示 periods are counted in working days: official holidays do not count, 调休 weekend
workdays do (2024 National Day: 1–7 October off; Sunday 29 September and Saturday 12 October
worked)."""

import datetime

import pytest

from dangjian.core.workdays import add_working_days, is_covered, is_working_day, working_days_between
from dangjian.recruitment import rules as R

from .conftest import refused, step_on, walk

pytestmark = pytest.mark.django_db
d = datetime.date


def test_national_day_is_not_a_working_day_and_the_makeup_sunday_is():
    assert not is_working_day(d(2024, 10, 1))
    assert is_working_day(d(2024, 9, 29))          # Sunday, worked in exchange
    assert not is_working_day(d(2024, 9, 28))      # an ordinary Saturday
    assert working_days_between(d(2024, 9, 28), d(2024, 10, 8)) == 3   # 29 Sep, 30 Sep, 8 Oct


def test_five_working_days_from_the_eve_of_national_day_end_on_the_twelfth():
    assert add_working_days(d(2024, 9, 30), 5) == d(2024, 10, 11)
    assert working_days_between(d(2024, 9, 30), d(2024, 10, 11)) == 5


def test_a_year_the_calendar_does_not_cover_counts_monday_to_friday():
    assert not is_covered(d(2030, 1, 1))
    assert working_days_between(d(2030, 1, 7), d(2030, 1, 13)) == 5


def _to_the_review(world, applicant):
    walk(world, applicant, until="12", skip_last=True)


def test_a_notice_over_national_day_is_too_short_in_working_days(world, frozen):
    from dangjian.recruitment.services import open_file
    from dangjian.testing import make_id_number
    # An earlier file, so that the 发展对象 notice falls over National Day 2024.
    file = open_file(org=world.branch_a, name="国庆", id_number=make_id_number(d(1995, 1, 1), 720),
                     applied_on=d(2022, 3, 1))
    dates = {"02": "2022-03-10", "03": "2022-09-01", "04": "2022-09-02", "05": "2022-09-02", "06": "2023-03-01",
             "07": "2023-09-01", "08": "2023-09-02", "09": "2023-09-03", "10": "2023-09-04", "11": "2023-09-20"}
    from .conftest import happy_path
    seen = set()
    for code, _, facts in happy_path(world):
        if code in dates and code not in seen:
            seen.add(code)
            step_on(file, code, dates[code], facts)
            if code == "06":
                step_on(file, "06", "2023-08-30", facts)
    violation = refused(lambda: step_on(file, "12", "2024-10-09", {"publicity_start": "2024-09-30",
                                                                     "publicity_end": "2024-10-08"}))
    assert violation.rule == R.T_PUBLICITY and "只有 2 个工作日" in violation.message


def test_five_working_days_of_notice_are_enough(world, frozen, applicant):
    _to_the_review(world, applicant)
    assert step_on(applicant, "12", "2024-11-18", {"publicity_start": "2024-11-11", "publicity_end": "2024-11-15"})


def test_four_working_days_are_refused(world, frozen, applicant):
    _to_the_review(world, applicant)
    violation = refused(lambda: step_on(applicant, "12", "2024-11-18", {"publicity_start": "2024-11-11",
                                                                         "publicity_end": "2024-11-14"}))
    assert violation.rule == R.T_PUBLICITY


def test_the_review_must_wait_for_the_end_of_the_notice(world, frozen, applicant):
    _to_the_review(world, applicant)
    violation = refused(lambda: step_on(applicant, "12", "2024-11-15", {"publicity_start": "2024-11-11",
                                                                         "publicity_end": "2024-11-15"}))
    assert "公示期满后" in violation.message
