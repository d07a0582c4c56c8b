"""One person, one record: the ID number's blind index refuses a second record for the same
person, in any organization, however the number is typed."""

import datetime

import pytest

from dangjian.core.errors import RuleViolation
from dangjian.members import rules as R
from dangjian.members.models import Member
from dangjian.members.services import create_member, receive_from_outside
from dangjian.testing import make_id_number

pytestmark = pytest.mark.django_db

DUPLICATE = "该身份证号已有党员档案（可能在其他组织），不能重复建档"


def refused(call) -> RuleViolation:
    with pytest.raises(RuleViolation) as caught:
        call()
    return caught.value


def test_the_same_id_number_in_another_county_is_refused(world):
    number = world.m_member_a.get_id_number()
    error = refused(lambda: create_member(org=world.branch_c1, name="杨帆", id_number=number))
    assert error.message == DUPLICATE and error.code == "duplicate" and error.field == "id_number"
    assert error.rule == R.R_UNIQUE_ID and error.rule.citation == "本系统党员信息管理规则（一人一档）；GB 11643-1999《公民身份号码》"
    assert Member.objects.filter(name="杨帆").count() == 1


def test_a_lower_case_x_or_surrounding_spaces_are_the_same_number(world):
    with_x = next(m for m in Member.objects.all() if m.get_id_number().endswith("X"))
    typed = f"  {with_x.get_id_number().lower()} "
    error = refused(lambda: create_member(org=world.branch_b, name=with_x.name, id_number=typed))
    assert error.message == DUPLICATE and error.rule == R.R_UNIQUE_ID


def test_a_transfer_in_from_outside_of_someone_already_on_record_is_refused(world):
    error = refused(lambda: receive_from_outside(
        org=world.branch_b, name="杨帆", id_number=world.m_member_a.get_id_number(), received_on=datetime.date(2026, 3, 1),
        other_org_name="外省某中学党支部", letter_number="外组转〔2026〕3号"))
    assert error.message == DUPLICATE and error.rule == R.R_UNIQUE_ID


def test_the_database_holds_the_blind_index_not_the_number(world):
    number = make_id_number(datetime.date(1991, 4, 5), 960)
    member = create_member(org=world.branch_b, name="新档", id_number=number)
    stored = Member.objects.filter(pk=member.pk).values("id_number_index", "id_number_encrypted", "id_number_masked").get()
    assert number not in "".join(stored.values())
    assert stored["id_number_masked"] == number[:3] + "*" * 11 + number[-4:]
    assert Member.objects.get(id_number_index=member.id_number_index) == member
