"""The staff of the test world's schools that the 责任书 tests sign with, entered through the
staff register's services as the system: school A's principal (周校长, principal_a's account) and
secretary (secretary_a's), a department head, two teachers and a teacher who left; school B's
secretary (secretary_b's account) and its principal (no account); school C's principal (西城区)."""

from __future__ import annotations

import datetime

from dangjian.staff.models import LeadershipRole, StaffMember, StaffPost
from dangjian.staff.services.register import create_staff_member, end_employment, start_leadership_term
from dangjian.testing.world import make_id_number

HIRED = datetime.date(2015, 9, 1)
_serial = [700]


def staff(school, name, post=StaffPost.TEACHER, *, office="", user=None, role=None, male=True, **extra) -> StaffMember:
    _serial[0] += 1
    entry = create_staff_member(school, name=name, gender="male" if male else "female",
                                id_number=make_id_number(datetime.date(1980, 5, 1), _serial[0], male=male), post=post,
                                employed_from=extra.pop("employed_from", HIRED), office=office, user=user,
                                acting_user=None, **extra)
    if role is not None:
        start_leadership_term(entry, role=role, started_on=HIRED, acting_user=None)
    return entry


def with_staff(w) -> None:
    w.st_principal_a = staff(w.school_a, "周校长", StaffPost.LEADER, office="校长", user=w.principal_a,
                             role=LeadershipRole.PRINCIPAL)
    w.st_secretary_a = staff(w.school_a, "王书记", StaffPost.LEADER, office="党支部书记", user=w.secretary_a,
                             role=LeadershipRole.SECRETARY)
    w.st_head_a = staff(w.school_a, "钱主任", StaffPost.MIDDLE, office="教导主任")
    w.st_teacher_a = staff(w.school_a, "孙老师", male=False)
    w.st_teacher_a2 = staff(w.school_a, "李老师")
    w.st_former_a = staff(w.school_a, "赵老师")
    end_employment(w.st_former_a, on=datetime.date(2026, 7, 31), acting_user=None)
    w.st_secretary_b = staff(w.school_b, "吴书记", StaffPost.LEADER, office="党支部书记", user=w.secretary_b,
                             role=LeadershipRole.SECRETARY)
    w.st_principal_b = staff(w.school_b, "郑校长", StaffPost.LEADER, office="校长", role=LeadershipRole.PRINCIPAL)
    w.st_principal_c = staff(w.school_c, "冯校长", StaffPost.LEADER, office="校长", role=LeadershipRole.PRINCIPAL)
