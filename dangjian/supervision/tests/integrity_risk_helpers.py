"""What the 廉政风险台账 tests share (the unit tests, the matrix, the browser test): school A's staff
— 王会计 at the finance office, 李主任 heading 总务处, 赵老师 who left in June — and 孙主任 at school
C; two small powers of school A and one of school C; a short way to register a risk."""

from __future__ import annotations

import datetime

from dangjian.decisions import services as decisions
from dangjian.staff.models import StaffMember, StaffPost
from dangjian.staff.services.register import create_staff_member
from dangjian.supervision.services.integrity_risk import create_risk
from dangjian.testing.world import make_id_number

BIRTH = datetime.date(1982, 4, 9)
HIRED = datetime.date(2012, 9, 1)


def _staff(world, school, serial: int, name: str, post: str, office: str, by):
    return create_staff_member(school, name=name, gender="male", id_number=make_id_number(BIRTH, serial), post=post,
                               employed_from=HIRED, office=office, department=office[:3], acting_user=by)


def with_risk_ledger_people(w) -> None:
    """Staff and small powers the risk ledger needs (made through their services)."""
    w.staff_accountant_a = _staff(w, w.school_a, 801, "王会计", StaffPost.ADMINISTRATIVE, "财务室会计", w.secretary_a)
    w.staff_head_a = _staff(w, w.school_a, 802, "李主任", StaffPost.MIDDLE, "总务处主任", w.secretary_a)
    w.staff_former_a = _staff(w, w.school_a, 803, "赵老师", StaffPost.TEACHER, "教务处干事", w.secretary_a)
    # 离职 written on the row: staff.services.register.end_employment locks with select_related over the
    # school's nullable party_org, which PostgreSQL refuses (FOR UPDATE on an outer join; reported)
    StaffMember.objects.filter(pk=w.staff_former_a.pk).update(employed_until=datetime.date(2026, 6, 30))
    w.staff_c = _staff(w, w.school_c, 804, "孙主任", StaffPost.MIDDLE, "总务处主任", w.city_admin)
    w.power_purchase_a = decisions.save_power(w.branch_a, {
        "name": "小额物资采购", "basis": "学校财务管理制度", "responsible_post": "总务处",
        "steps": "提出申请\n分管校长审批\n询价采购\n验收入库"}, acting_user=w.secretary_a)
    w.power_aid_a = decisions.save_power(w.branch_a, {
        "name": "学生资助评定", "basis": "学生资助管理办法", "responsible_post": "学生资助专干",
        "steps": "学生申请\n班级评议\n学校审核\n公示"}, acting_user=w.secretary_a)
    w.power_c = decisions.save_power(w.committee_c, {
        "name": "小额物资采购", "basis": "学校财务管理制度", "responsible_post": "总务处",
        "steps": "提出申请\n审批\n采购"}, acting_user=None)   # school C's own list, as the system


def purchase_risk(world, **kw):
    """A 高 risk of school A's 小额物资采购, owned by 李主任, registered by its secretary."""
    data = {"post": "总务处主任", "description": "询价时指定供应商，拆分采购规避集体决策", "level": "high",
            "measures": "三家以上询价并留存记录；单笔超过限额提交校长办公会研究；验收与采购分离",
            "owner": world.staff_head_a.pk, "power": world.power_purchase_a.pk}
    data.update(kw)
    by = data.pop("by", world.secretary_a)
    return create_risk(world.branch_a, acting_user=by, **data)
