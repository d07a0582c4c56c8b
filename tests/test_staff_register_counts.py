"""The committees' figures (教职工, 专任教师 in 党建全景 and the committee's summary) count the staff
register where a school keeps one, and the school's declared figures elsewhere — across the staff
and reports apps, so here rather than in either app's tests (the layers forbid staff → reports)."""

import datetime

import pytest
from django.utils import timezone

from dangjian.reports.committee_facts import committee_facts
from dangjian.staff.services import create_staff_member
from dangjian.testing.world import make_id_number

pytestmark = pytest.mark.django_db


def test_the_committees_figures_count_the_register_where_a_school_keeps_one(world):
    before = committee_facts(world.county_admin, world.county_a, timezone.localdate()).total
    for serial, post in ((505, "teacher"), (506, "worker")):
        create_staff_member(world.school_a, name=f"员工{serial}", gender="male", post=post, acting_user=None,
                            id_number=make_id_number(datetime.date(1980, 1, 1), serial),
                            employed_from=datetime.date(2010, 9, 1))
    after = committee_facts(world.county_admin, world.county_a, timezone.localdate()).total
    # school A declared 80 staff and 0 teachers; its register now says 2 and 1
    assert (after.staff, after.teachers) == (before.staff - 80 + 2, before.teachers + 1)
