"""递交入党申请书 and 谈话: age 18 on the application day, the applicant's own unit's
organization, one open file per person, and the talk within one month (late = reason needed)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from dangjian.recruitment import rules as R
from dangjian.recruitment.models import RecruitmentFile
from dangjian.recruitment.services import open_file
from dangjian.testing import make_id_number

from .conftest import APPLIED, BIRTH, refused, step_on

pytestmark = pytest.mark.django_db
BORN = datetime.date(1990, 3, 10)


def apply(world, day, birth=BORN, serial=710,
          **kw):
    return open_file(org=kw.pop("org", world.branch_a), name=kw.pop("name", "钱程"),
                     id_number=make_id_number(birth, serial), applied_on=day, **kw)


def test_an_applicant_is_refused_the_day_before_turning_eighteen(world, frozen):
    birth = datetime.date(2008, 3, 10)
    violation = refused(lambda: apply(world, datetime.date(2026, 3, 9), birth=birth))
    assert violation.rule == R.R_AGE and "未满十八周岁" in violation.message


def test_an_applicant_may_apply_on_the_eighteenth_birthday(world, frozen):
    file = apply(world, datetime.date(2026, 3, 10), birth=datetime.date(2008, 3, 10))
    assert file.next_code == "02" and file.stage == R.Stage.APPLICATION


def test_an_application_goes_to_the_organization_of_the_unit_not_to_a_committee_above(world, frozen):
    violation = refused(lambda: apply(world, APPLIED, org=world.county_a))
    assert violation.rule == R.R_OWN_UNIT


def test_a_second_open_file_for_the_same_person_is_refused_even_in_another_school(world, frozen, applicant):
    violation = refused(lambda: open_file(org=world.branch_b, name="赵明", id_number=make_id_number(BIRTH, 700),
                                          applied_on=APPLIED))
    assert violation.code == "duplicate" and violation.rule == R.R_ONE_FILE
    assert RecruitmentFile.objects.count() == 1


def test_a_party_member_cannot_be_recruited_again(world, frozen):
    number = world.m_member_a.get_id_number()
    violation = refused(lambda: open_file(org=world.branch_a, name="杨帆", id_number=number, applied_on=APPLIED))
    assert violation.code == "duplicate"


def test_the_id_number_is_stored_encrypted_and_shown_masked(world, frozen, applicant):
    number = make_id_number(BIRTH, 700)
    assert number not in applicant.id_number_encrypted
    assert applicant.id_number_masked == f"{number[:3]}***********{number[-4:]}"
    assert applicant.get_id_number() == number


def test_a_future_application_date_is_refused(world, frozen):
    assert refused(lambda: apply(world, datetime.date(2026, 11, 24))).rule == R.R_NOT_FUTURE


def test_the_talk_on_the_last_day_of_the_month_needs_no_reason(world, frozen, applicant):
    record = step_on(applicant, "02", "2023-04-01", {"talker": "陈静"})
    assert record.breaches == [] and record.reason == ""


def test_a_talk_one_day_late_asks_for_a_reason(world, frozen, applicant):
    violation = refused(lambda: step_on(applicant, "02", "2023-04-02", {"talker": "陈静"}))
    assert violation.code == "reason_required" and violation.rule == R.T_TALK
    assert "请写明理由" in violation.message and "第七条" in str(violation.rule)


def test_a_late_talk_with_a_reason_is_recorded_with_its_breach(world, frozen, applicant):
    record = step_on(applicant, "02", "2023-04-20", {"talker": "陈静"}, reason="书记外出培训，返校后谈话")
    assert record.reason == "书记外出培训，返校后谈话"
    assert [b["rule"] for b in record.breaches] == ["talk_one_month"]


def test_the_secretary_of_another_school_cannot_open_a_file_in_school_a(world, frozen):
    with pytest.raises(PermissionDenied):
        apply(world, APPLIED, acting_user=world.secretary_b)


def test_the_principal_cannot_open_a_file(world, frozen):
    with pytest.raises(PermissionDenied):
        apply(world, APPLIED, acting_user=world.principal_a)
