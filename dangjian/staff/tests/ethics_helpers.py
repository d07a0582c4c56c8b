"""The staff of school A and school C that the ethics tests talk about, added once per module to
the shared world (EXTEND_SHARED_WORLD), through the register's service as the pages do."""

import datetime

from dangjian.staff.models import StaffMember
from dangjian.staff.rules.ethics import Handling, Standard
from dangjian.staff.services import create_staff_member, ethics
from dangjian.testing.world import make_id_number

d = datetime.date.fromisoformat
TODAY = d("2026-11-23")


def with_ethics_staff(world) -> None:
    def add(school, name, serial, *, male=True, since="2015-09-01", post="teacher"):
        return create_staff_member(school, name=name, gender="male" if male else "female",
                                   id_number=make_id_number(d("1985-03-02"), 700 + serial, male=male),
                                   post=post, employed_from=d(since), department="语文教研组", acting_user=None)

    world.t_wang = add(world.school_a, "王建国", 1)
    world.t_li = add(world.school_a, "李秀英", 2, male=False)
    world.t_zhao = add(world.school_a, "赵明", 3)
    world.t_former = add(world.school_a, "钱立", 4)
    # the leaving date set on the row: staff.services.register.end_employment locks with an outer
    # join that PostgreSQL refuses (reported to the register's author); the rules read only the date
    StaffMember.objects.filter(pk=world.t_former.pk).update(employed_until=d("2025-06-30"))
    world.t_former.employed_until = d("2025-06-30")
    world.t_sun = add(world.school_c, "孙磊", 5)


def violation(world, staff, *, on: str, user=None, handling=Handling.WARNING):
    return ethics.record_violation(staff, occurred_on=d(on), standard=Standard.INTEGRITY,
                                   description="收受学生家长礼品礼金", handling=handling, decided_on=d(on),
                                   decided_by="东城区第一中学", acting_user=user or world.secretary_a)
