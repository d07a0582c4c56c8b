"""A higher committee may make an adjustable limit stricter for its subtree — never looser —
and the strictest setting above a file applies to it."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from dangjian.recruitment import rules as R
from dangjian.recruitment.services import effective_limits, open_file, set_rule_setting
from dangjian.testing import make_id_number

from .conftest import refused, step_on

pytestmark = pytest.mark.django_db
ACTIVIST = {"recommendation": "members", "decided_by": "committee_meeting"}


def test_six_months_from_application_to_activist_in_county_a(world, frozen, applicant):
    set_rule_setting(world.county_a, "activist_after_application", 6, reason="东教组〔2024〕5号",
                     acting_user=world.county_admin)
    step_on(applicant, "02", "2023-03-20", {"talker": "陈静"})
    violation = refused(lambda: step_on(applicant, "03", "2023-08-31", ACTIVIST))
    assert violation.rule == R.T_ACTIVIST_WAIT and "2023-09-01" in violation.message
    assert step_on(applicant, "03", "2023-09-01", ACTIVIST)


def test_the_setting_does_not_reach_county_b(world, frozen):
    set_rule_setting(world.county_a, "activist_after_application", 6, reason="东教组〔2024〕5号")
    file = open_file(org=world.branch_c1, name="西城", id_number=make_id_number(datetime.date(1995, 2, 2), 730),
                     applied_on=datetime.date(2023, 3, 1))
    step_on(file, "02", "2023-03-10", {"talker": "韩磊"})
    assert step_on(file, "03", "2023-04-01", ACTIVIST)


def test_a_looser_limit_than_the_national_rule_is_refused(world):
    violation = refused(lambda: set_rule_setting(world.county_a, "activist_one_year", 11, reason="试点"))
    assert violation.rule == R.R_STRICTER_ONLY and "只能从严" in violation.message


def test_a_county_cannot_loosen_what_the_city_tightened(world):
    set_rule_setting(world.city, "publicity_working_days", 7, reason="市委组织部规定")
    assert refused(lambda: set_rule_setting(world.county_a, "publicity_working_days", 6, reason="区规定")).field == "value"
    set_rule_setting(world.county_a, "publicity_working_days", 8, reason="区规定")
    assert effective_limits(world.branch_a)["publicity_working_days"] == 8
    assert effective_limits(world.branch_c1)["publicity_working_days"] == 7


def test_a_shorter_approval_time_is_stricter(world):
    set_rule_setting(world.county_a, "approval_three_months", 2, reason="区规定")
    assert effective_limits(world.branch_a)["approval_three_months"] == 2
    assert refused(lambda: set_rule_setting(world.county_a, "approval_three_months", 4, reason="x")).field == "value"


def test_a_fixed_rule_cannot_be_set(world):
    assert refused(lambda: set_rule_setting(world.county_a, "approval_six_months", 5, reason="x")).field == "rule_code"


def test_a_school_secretary_cannot_set_limits(world):
    with pytest.raises(PermissionDenied):
        set_rule_setting(world.branch_a, "publicity_working_days", 7, reason="x", acting_user=world.secretary_a)


def test_the_county_admin_cannot_set_limits_for_the_other_county(world):
    with pytest.raises(PermissionDenied):
        set_rule_setting(world.county_b, "publicity_working_days", 7, reason="x", acting_user=world.county_admin)
