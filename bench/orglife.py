"""Organizational-life compliance (issue 4) beside a hand-written SQL baseline, on whatever
database DATABASE_URL points at (seed it first: `manage.py seed_demo --scale city`).

    DATABASE_URL=... python -m bench.orglife [--repeat 3]

    table     compliance.subtree_compliance(root, quarter) — every organization of the city
    one year  compliance.org_compliance(one branch, year)

The baseline is the one grouped SELECT the system's fold starts from (meetings by
organization, activity, month and group, with the countable / 补开 / non-quorate counts),
fetched with a raw cursor — the physical lower bound of answering the question from the
rows. Both sides are checked to count the same countable meetings. Not a timed test."""

from __future__ import annotations

import argparse
import os
import sys
import time


def _setup():
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


BASELINE = """
SELECT m.org_id, m.kind, m.counts_month, m.group_id,
       SUM(CASE WHEN (m.quorate IS NULL OR m.quorate) AND m.makeup_for IS NULL THEN 1 ELSE 0 END),
       SUM(CASE WHEN (m.quorate IS NULL OR m.quorate) AND m.makeup_for IS NOT NULL THEN 1 ELSE 0 END),
       SUM(CASE WHEN m.quorate = %s THEN 1 ELSE 0 END)
FROM orglife_meeting m JOIN orgs_partyorg o ON o.id = m.org_id
WHERE o.path LIKE %s AND m.counts_month BETWEEN %s AND %s
GROUP BY m.org_id, m.kind, m.counts_month, m.group_id
"""


def baseline(path: str, period) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(BASELINE, [False, path + "%", period.start, period.end])
        return sum(row[4] + row[5] for row in cursor.fetchall())


PERSON_FACTS = [
    # the roster of the year's last day (or today), without suspended members
    """SELECT ms.org_id, ms.member_id FROM members_membership ms JOIN orgs_partyorg o ON o.id = ms.org_id
       JOIN members_member mm ON mm.id = ms.member_id
       WHERE o.path LIKE %(path)s AND ms.started_on <= %(day)s AND (ms.ended_on IS NULL OR ms.ended_on > %(day)s)
         AND mm.standing <> 'suspended'""",
    # who took part in a 谈心谈话 that year
    """SELECT DISTINCT m.org_id, a.member_id FROM orglife_attendance a JOIN orglife_meeting m ON m.id = a.meeting_id
       JOIN orgs_partyorg o ON o.id = m.org_id
       WHERE o.path LIKE %(path)s AND a.present AND m.kind = 'heart_talk' AND a.held_on BETWEEN %(start)s AND %(end)s""",
    # the secretaries of the year
    """SELECT p.org_id, p.member_id FROM orgs_position p JOIN orgs_partyorg o ON o.id = p.org_id
       WHERE o.path LIKE %(path)s AND p.post = 'secretary' AND p.member_id IS NOT NULL AND p.started_on <= %(day)s
         AND (p.ended_on IS NULL OR p.ended_on >= %(start)s)""",
    # who gave a 党课
    """SELECT DISTINCT m.org_id, m.lecturer_id FROM orglife_meeting m JOIN orgs_partyorg o ON o.id = m.org_id
       WHERE o.path LIKE %(path)s AND m.kind = 'party_lecture' AND m.lecturer_id IS NOT NULL
         AND m.held_on BETWEEN %(start)s AND %(end)s""",
]


def baseline_year(path: str, period, today) -> int:
    """The year's baseline: the grouped meetings, and the raw facts of the person checks."""
    from django.db import connection

    held = baseline(path, period)
    params = {"path": path + "%", "day": min(period.end, today), "start": period.start, "end": period.end}
    with connection.cursor() as cursor:
        for sql in PERSON_FACTS:
            cursor.execute(sql, params)
            cursor.fetchall()
    return held


def counted(result) -> int:
    """Countable meetings (on time or 补开) the system found, over every organization of its answer."""
    rows = result if isinstance(result, list) else [result]
    return sum(s.held + s.late for r in rows for a in r.activities for s in a.subs)


def results(measure, http_get, client, city, today, repeat) -> list:
    """Issue 4's operations for bench/run.py: the city's compliance table for a quarter, one
    branch's year, and the compliance page, each beside its raw SQL in the same run."""
    from dangjian.orglife import compliance as C
    from dangjian.orglife import rules as R
    from dangjian.orglife.models import Attendance, Meeting
    from dangjian.orgs.models import PartyOrg

    quarter = R.period_of(R.add_months(today.replace(day=1), -3), R.Frequency.QUARTERLY)
    year = R.period_of(R.add_months(today.replace(day=1), -12), R.Frequency.YEARLY)
    branch = (PartyOrg.objects.filter(path__startswith=city.path, kind__in=["branch", "joint_branch"],
                                      meetings__isnull=False).order_by("path").first())
    volume = f"库中会议 {Meeting.objects.count():,} 次、出席记录 {Attendance.objects.count():,} 条"
    note = ("基线：按组织、活动、月份、党小组分组的一条聚合 SELECT（系统折算所依据的同一组事实，原始游标取回），"
            "不判定、不排序；“一致”＝系统计入的会议数不多于基线（系统只计该组织应开展的活动）。" + volume)
    same = lambda got, expected: got <= expected  # noqa: E731
    found = []
    found.append(measure(f"市级组织生活落实情况表 {quarter.label}（compliance.subtree_compliance，全部组织）",
                         lambda: counted(C.subtree_compliance(city, quarter, today)),
                         lambda: baseline(city.path, quarter), repeat, check=same, note=note,
                         rows=lambda got, _: f"计入会议 {got:,}"))
    found.append(measure(f"一个支部 {year.label}全年落实情况（compliance.org_compliance，含谈心谈话、书记讲党课）",
                         lambda: counted(C.org_compliance(branch, year, today)),
                         lambda: baseline_year(branch.path, year, today), repeat, check=same,
                         note="基线另加人员检查的 4 条原始 SELECT（名册、谈心谈话出席、书记、党课授课人）。",
                         rows=lambda got, _: f"{branch.name}：计入会议 {got}"))
    if client is not None:
        from django.urls import reverse

        url = f"{reverse('orglife:compliance')}?org={city.pk}&period={quarter.code}"
        found.append(measure(f"页面 组织生活落实情况 GET /orglife/compliance/?org=市&period={quarter.code}",
                             http_get(client, url), lambda: baseline(city.path, quarter), repeat, compare=False,
                             rows=lambda _, expected: f"基线计入会议 {expected:,}"))
    return found


def best_of(repeat: int, fn):
    times, value = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - started)
    return min(times), value


def main(argv=None) -> None:
    _setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from dangjian.orglife import compliance as C
    from dangjian.orglife import rules as R
    from dangjian.orglife.models import Attendance, Meeting
    from dangjian.orgs.models import PartyOrg

    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    today = timezone.localdate()
    root = PartyOrg.objects.filter(depth=1).order_by("path").first()
    quarter = R.period_of(R.add_months(today.replace(day=1), -3), R.Frequency.QUARTERLY)
    year = R.period_of(today, R.Frequency.YEARLY)
    branch = (PartyOrg.objects.filter(kind__in=["branch", "joint_branch"], meetings__isnull=False)
              .order_by("path").first())
    print(f"database: {connection.vendor}; meetings {Meeting.objects.count():,}, attendance {Attendance.objects.count():,}")
    cases = [
        (f"城市组织生活落实情况表 {quarter.label}（全部组织）", root, quarter,
         lambda: C.subtree_compliance(root, quarter, today)),
        (f"一个支部的全年落实情况 {year.label}", branch, year, lambda: C.org_compliance(branch, year, today)),
    ]
    for label, org, period, system in cases:
        with CaptureQueriesContext(connection) as queries:
            system()
        seconds, result = best_of(args.repeat, system)
        rows = result if isinstance(result, list) else [result]
        held = sum(s.held + s.late for r in rows for a in r.activities for s in a.subs)
        base_seconds, base_held = best_of(args.repeat, lambda org=org, period=period: baseline(org.path, period))
        check = "一致" if held <= base_held else "不一致"  # the system counts only the activities owed
        print(f"{label}: 系统 {seconds * 1000:.0f} ms（{len(queries.captured_queries)} 条查询，{len(rows)} 个组织），"
              f"基线 {base_seconds * 1000:.0f} ms，倍数 {seconds / base_seconds:.1f}；计入会议 {held:,} / 基线 {base_held:,}（{check}）")


if __name__ == "__main__":
    main()
