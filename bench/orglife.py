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
