"""The staff register's services: 登记, 离职, 班子任职 — each refusal names its rule."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from dangjian.core.errors import RuleViolation
from dangjian.core.models import AuditEntry
from dangjian.staff.models import LeadershipRole, StaffMember, StaffPost
from dangjian.staff.services import (
    create_staff_member,
    create_staff_members,
    end_employment,
    end_leadership_term,
    start_leadership_term,
    update_staff_member,
)
from dangjian.testing.world import make_id_number

pytestmark = pytest.mark.django_db
BIRTH = datetime.date(1990, 5, 4)


def teacher(world, school=None, serial=900, **extra):
    record = {"name": "吴老师", "gender": "male", "id_number": make_id_number(BIRTH, serial), "post": StaffPost.TEACHER,
              "employed_from": datetime.date(2015, 9, 1), "phone": "13800138000", **extra}
    return create_staff_member(school or world.school_a, acting_user=extra.pop("acting_user", world.secretary_a),
                               **{k: v for k, v in record.items() if k != "acting_user"})


def test_the_secretary_registers_a_teacher_stored_encrypted_and_masked_and_audited(world):
    staff = teacher(world)
    assert staff.id_number_masked.startswith("110") and "*" in staff.id_number_masked
    assert staff.get_id_number() == make_id_number(BIRTH, 900) and staff.get_phone() == "13800138000"
    assert make_id_number(BIRTH, 900) not in staff.id_number_encrypted
    entry = AuditEntry.objects.filter(action="staff.create").latest("id")
    assert entry.actor == world.secretary_a and entry.object_id == str(staff.pk)


def test_a_wrong_id_number_a_gender_against_it_and_a_second_entry_are_refused_naming_the_rule(world):
    right = make_id_number(BIRTH, 900)
    with pytest.raises(RuleViolation, match="校验码") as bad_id:
        teacher(world, id_number=right[:17] + ("0" if right[-1] != "0" else "1"))
    assert "GB 11643" in bad_id.value.rule.citation
    with pytest.raises(RuleViolation, match="与身份证号不一致"):
        teacher(world, gender="female")
    teacher(world)
    with pytest.raises(RuleViolation, match="已在本校教职工名册中") as twice:
        teacher(world)
    assert twice.value.rule.code == "staff_one_entry"


def test_the_member_link_only_to_a_member_of_the_schools_own_organization(world):
    with pytest.raises(RuleViolation, match="不在本校党组织"):
        teacher(world, name="韩磊", id_number=world.m_c.get_id_number(), member=world.m_c)
    with pytest.raises(RuleViolation, match="身份证号与该教职工不一致"):
        teacher(world, member=world.m_member_a)
    staff = teacher(world, name="杨帆", id_number=world.m_member_a.get_id_number(), member=world.m_member_a)
    assert staff.is_party_member


def test_the_secretary_of_school_b_cannot_register_at_school_a_nor_a_plain_member(world):
    with pytest.raises(PermissionDenied):
        teacher(world, acting_user=world.secretary_b)
    with pytest.raises(PermissionDenied):
        teacher(world, acting_user=world.member_a)
    assert teacher(world, acting_user=world.county_admin).school == world.school_a


def test_one_principal_at_a_time_and_terms_end_with_employment(world):
    first = teacher(world, post=StaffPost.LEADER)
    term = start_leadership_term(first, role=LeadershipRole.PRINCIPAL, started_on=datetime.date(2020, 9, 1),
                                 acting_user=world.secretary_a)
    second = teacher(world, name="郑老师", serial=901)
    with pytest.raises(RuleViolation, match="已有在任校长") as busy:
        start_leadership_term(second, role=LeadershipRole.PRINCIPAL, started_on=datetime.date(2024, 9, 1),
                              acting_user=world.secretary_a)
    assert busy.value.rule.code == "staff_one_holder"
    with pytest.raises(RuleViolation, match="早于入职日期"):
        start_leadership_term(second, role=LeadershipRole.VICE_PRINCIPAL, started_on=datetime.date(2010, 1, 1),
                              acting_user=world.secretary_a)
    end_employment(first, on=datetime.date(2024, 7, 31), acting_user=world.secretary_a)
    term.refresh_from_db()
    assert term.ended_on == datetime.date(2024, 7, 31)
    with pytest.raises(RuleViolation, match="已于 2024-07-31 离职"):
        end_employment(first, on=datetime.date(2024, 8, 1), acting_user=world.secretary_a)
    new = start_leadership_term(second, role=LeadershipRole.PRINCIPAL, started_on=datetime.date(2024, 9, 1),
                                acting_user=world.secretary_a)
    with pytest.raises(RuleViolation, match="卸任日期早于任职日期"):
        end_leadership_term(new, on=datetime.date(2024, 8, 1), acting_user=world.secretary_a)


def test_a_batch_is_all_or_nothing_and_names_the_refused_record(world):
    good = {"name": "甲", "gender": "男", "id_number": make_id_number(BIRTH, 910), "post": "专任教师",
            "employed_from": "2018-09-01"}
    bad = {**good, "name": "乙", "id_number": make_id_number(BIRTH, 911), "post": "门卫"}
    with pytest.raises(RuleViolation, match="岗位类别") as refused:
        create_staff_members(world.school_a, [good, bad], acting_user=world.secretary_a)
    assert refused.value.index == 1
    assert not StaffMember.objects.filter(school=world.school_a).exists()
    created = create_staff_members(world.school_a, [good, {**bad, "post": "工勤人员"}], acting_user=world.secretary_a)
    assert [s.post for s in created] == ["teacher", "worker"]


def test_an_edit_changes_the_post_and_refuses_an_id_field(world):
    staff = teacher(world)
    update_staff_member(staff, post="中层干部", department="教务处", acting_user=world.secretary_a)
    staff.refresh_from_db()
    assert (staff.post, staff.department) == ("middle", "教务处")
    with pytest.raises(RuleViolation, match="不可在此修改"):
        update_staff_member(staff, id_number="1", acting_user=world.secretary_a)


def test_seats_in_a_batch_are_checked_as_one_by_one_and_a_second_principal_names_its_index(world):
    from dangjian.staff.services import start_leadership_terms

    first, second = teacher(world, post="leader"), teacher(world, name="郑老师", serial=901, post="leader")
    day = datetime.date(2022, 9, 1)
    with pytest.raises(RuleViolation, match="已有人在任") as twice:
        start_leadership_terms(world.school_a, [(first, "principal", day), (second, "principal", day)],
                               acting_user=world.secretary_a)
    assert twice.value.index == 1 and not first.leadership_terms.exists()
    terms = start_leadership_terms(world.school_a, [(first, "principal", day), (second, "secretary", day)],
                                   acting_user=world.secretary_a)
    assert [t.role for t in terms] == ["principal", "secretary"]
