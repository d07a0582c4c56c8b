"""The county scale as written: the schools' opening and coverage dates are the plan's, so the
system's coverage as of a date two years back and today (orgs.selectors.coverage_on) and its
count of members in service are the figures the plan gives (../test_seed_001_figures.py checks
those figures at city scale without a database)."""

import datetime

import pytest
from django.utils import timezone

from dangjian.demo.generator import plan_world
from dangjian.demo.seed_figures import before_day, figures
from dangjian.members.selectors import in_service_count
from dangjian.orgs.models import PartyOrg
from dangjian.orgs.selectors import coverage_on, opened_between

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.engine_neutral("two aggregate queries over dates and foreign keys; the selector itself is checked "
                               "on PostgreSQL in reports/tests/test_coverage_history.py"),
]


def test_the_system_reads_the_plan_s_coverage_today_and_two_years_back():
    today = timezone.localdate()
    plan = plan_world("county", today=today)
    f = figures(plan.counties, plan.schools, plan.members, today)
    root = PartyOrg.objects.get_first_root_node()
    before = before_day(today)

    now, then = coverage_on(root, today), coverage_on(root, before)
    assert (now.public_schools, now.public_covered, now.private_schools, now.private_covered) == (
        f.public, f.public_covered, f.private, f.private_covered)
    assert (then.public_schools, then.public_covered, then.private_schools, then.private_covered) == (
        f.public_before, f.public_covered_before, f.private_before, f.private_covered_before)
    assert then.public_covered < now.public_covered and then.private_covered < now.private_covered
    assert round(then.public_rate) == 87
    opened = opened_between(root, before, today)
    assert (opened.schools, opened.with_org) == (f.opened, f.opened_with_org)
    assert in_service_count(root.path) == f.members_in_service
    # A day before anything was recorded: no school yet.
    assert coverage_on(root, datetime.date(1900, 1, 1)).total_rate is None
