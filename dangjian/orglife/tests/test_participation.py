"""A member's participation: attendance rate, and months in a row absent without a reason —
a warning at 3, the 自行脱党 risk of 党章 第九条 at 6. Frozen on 2026-11-23 (last ended month: October)."""

import datetime

import pytest

from dangjian.orglife.models import Attendance
from dangjian.orglife.participation import absence_run, participation
from dangjian.orglife.rules import Kind

pytestmark = pytest.mark.django_db
D = datetime.date


def test_a_run_counts_unexcused_months_and_stops_at_an_attended_or_excused_one():
    last = D(2026, 10, 1)
    months = {D(2026, m, 1): (0, 1) for m in range(5, 11)}
    assert absence_run(months, last) == 6
    months[D(2026, 7, 1)] = (0, 0)      # on sick leave that month: a good reason ends the run
    assert absence_run(months, last) == 3
    months[D(2026, 9, 1)] = (1, 0)      # attended in September
    assert absence_run(months, last) == 1
    assert absence_run({D(2026, 9, 1): (0, 1)}, last) == 1  # October had no meeting: neither counts nor ends


def _rows(world, member):
    return [p for p in participation(Attendance.objects.filter(meeting__org=world.branch_a), D(2026, 1, 1),
                                     D(2026, 12, 31), D(2026, 11, 23)) if p.member_id == member.pk][0]


def test_six_months_absent_without_reason_is_flagged_and_three_is_a_warning(world, hold):
    for month in range(5, 11):
        hold(world.branch_a, Kind.THEME_DAY, D(2026, month, 12), absent={world.m_member_a: "unexcused"})
    member_a = _rows(world, world.m_member_a)
    assert (member_a.run, member_a.level, member_a.rate) == (6, "danger", 0.0)
    assert "自行脱党" in member_a.level_label
    secretary = _rows(world, world.m_secretary_a)
    assert (secretary.run, secretary.level, secretary.rate) == (0, "ok", 100.0)


def test_three_months_is_a_warning(world, hold):
    hold(world.branch_a, Kind.THEME_DAY, D(2026, 7, 12))
    for month in (8, 9, 10):
        hold(world.branch_a, Kind.THEME_DAY, D(2026, month, 12), absent={world.m_member_a: "unexcused"})
    assert _rows(world, world.m_member_a).level == "warning"
