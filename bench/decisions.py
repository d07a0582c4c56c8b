"""议事决策 oversight (issue 7) beside hand-written SQL, on whatever database DATABASE_URL points
at (seed it first: `manage.py seed_demo --scale city`).

    DATABASE_URL=... python -m bench.decisions [--repeat 5]

    监督表   selectors.oversight(city root, today, start) — per school organization of the city:
             decisions taken, 三重一大 matters, executions overdue and closed late, meetings and
             how many were not quorate, expenditures at or above the threshold and those no
             decision covers — for this year and for all years (what views.oversight.oversight asks)
    钻取     one school's uncovered expenditures (selectors.uncovered_expenditures)

The baseline is the same four grouped SELECTs written by hand (with the NOT EXISTS of the
covering decision), fetched with a raw cursor — the physical lower bound of answering from the
rows. Both sides are checked to give the same totals. Not a timed test."""

from __future__ import annotations

import argparse
import datetime
import os
import sys

DECIDED = ("passed", "executing", "closed", "reported")
COVERED = ("EXISTS (SELECT 1 FROM decisions_matter c WHERE c.id = x.matter_id AND c.state IN (%s, %s, %s, %s) "
           "AND c.decided_on <= x.paid_on)")


def _setup():
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def baseline(path: str, today: datetime.date, start: datetime.date | None) -> dict:
    from django.db import connection

    since = start or datetime.date(1900, 1, 1)
    like = path + "%"
    rows: dict[int, dict] = {}
    queries = [
        ("SELECT m.org_id, COUNT(*), SUM(CASE WHEN i.verdict = 'passed' THEN 1 ELSE 0 END) "
         "FROM decisions_agendaitem i JOIN decisions_decisionmeeting m ON m.id = i.meeting_id "
         "JOIN orgs_partyorg o ON o.id = m.org_id WHERE o.path LIKE %s AND i.verdict IN ('passed', 'not_passed') "
         "AND m.held_on >= %s GROUP BY m.org_id", [like, since], ("decided", "passed")),
        ("SELECT t.org_id, SUM(CASE WHEN t.is_major THEN 1 ELSE 0 END), "
         "SUM(CASE WHEN t.state = 'executing' THEN 1 ELSE 0 END), "
         "SUM(CASE WHEN t.state = 'executing' AND t.deadline < %s THEN 1 ELSE 0 END), "
         "SUM(CASE WHEN t.closed_on IS NOT NULL AND t.deadline IS NOT NULL AND t.closed_on > t.deadline THEN 1 ELSE 0 END) "
         "FROM decisions_matter t JOIN orgs_partyorg o ON o.id = t.org_id WHERE o.path LIKE %s AND t.raised_on >= %s "
         "GROUP BY t.org_id", [today, like, since], ("major", "executing", "overdue", "closed_late")),
        ("SELECT m.org_id, COUNT(*), SUM(CASE WHEN m.quorate THEN 0 ELSE 1 END) FROM decisions_decisionmeeting m "
         "JOIN orgs_partyorg o ON o.id = m.org_id WHERE o.path LIKE %s AND m.held_on >= %s GROUP BY m.org_id",
         [like, since], ("meetings", "non_quorate")),
        (f"SELECT x.org_id, COUNT(*), SUM(CASE WHEN {COVERED} THEN 0 ELSE 1 END) FROM decisions_expenditure x "
         "JOIN orgs_partyorg o ON o.id = x.org_id WHERE o.path LIKE %s AND x.above_threshold AND x.paid_on >= %s "
         "GROUP BY x.org_id", [*DECIDED, like, since], ("large", "undecided_large")),
    ]
    with connection.cursor() as cursor:
        for sql, params, names in queries:
            cursor.execute(sql, params)
            for org_id, *values in cursor.fetchall():
                row = rows.setdefault(org_id, {})
                row.update(zip(names, values, strict=True))
    return rows


def totals(rows) -> dict:
    names = ("decided", "passed", "major", "overdue", "closed_late", "meetings", "non_quorate", "large",
             "undecided_large")
    get = (lambda r, n: getattr(r, n)) if rows and not isinstance(rows[0], dict) else (lambda r, n: r.get(n) or 0)
    return {n: int(sum(get(r, n) for r in rows)) for n in names}


def main(argv=None) -> None:
    _setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from bench.orglife import best_of
    from dangjian.decisions import selectors
    from dangjian.decisions.models import AgendaItem, DecisionMeeting, Expenditure, Matter, MatterEvent
    from dangjian.orgs.models import PartyOrg

    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    today = timezone.localdate()
    root = PartyOrg.objects.filter(depth=1).order_by("path").first()
    print(f"database: {connection.vendor}; matters {Matter.objects.count():,}, events {MatterEvent.objects.count():,}, "
          f"meetings {DecisionMeeting.objects.count():,}, agenda items {AgendaItem.objects.count():,}, "
          f"expenditures {Expenditure.objects.count():,}")
    for label, start in ((f"{today.year}年", datetime.date(today.year, 1, 1)), ("全部年度", None)):
        with CaptureQueriesContext(connection) as queries:
            selectors.oversight(root.path, today, start)
        seconds, rows = best_of(args.repeat, lambda start=start: selectors.oversight(root.path, today, start))
        base_seconds, base = best_of(args.repeat, lambda start=start: baseline(root.path, today, start))
        mine, theirs = totals(rows), totals(list(base.values()))
        check = "一致" if mine == theirs else f"不一致 {mine} / {theirs}"
        print(f"城市议事决策监督表 {label}（{len(rows):,} 个学校党组织）: 系统 {seconds * 1000:.0f} ms"
              f"（{len(queries.captured_queries)} 条查询），基线 {base_seconds * 1000:.0f} ms，"
              f"倍数 {seconds / base_seconds:.1f}；合计 {check}：{mine}")
    # the whole page, as the city administrator opens it (what bench/run.py does for its pages)
    from django.test import Client

    from dangjian.accounts.models import User
    from dangjian.testing import login

    client = Client()
    login(client, User.objects.get(username="city_admin"))
    for year in (str(today.year), "all"):
        url = f"/decisions/oversight/?org={root.pk}&year={year}"
        assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        seconds, _ = best_of(args.repeat, lambda url=url: client.get(url))
        start = datetime.date(today.year, 1, 1) if year != "all" else None
        base_seconds, _ = best_of(args.repeat, lambda start=start: baseline(root.path, today, start))
        print(f"页面 GET {url}（完整 HTTP 响应，第 1 页 50 所）: {seconds * 1000:.0f} ms（{len(queries.captured_queries)} 条查询），"
              f"基线 {base_seconds * 1000:.0f} ms，倍数 {seconds / base_seconds:.1f}")
    worst = max(rows, key=lambda r: r.undecided_large)
    school = PartyOrg.objects.get(pk=worst.org_id)
    seconds, found = best_of(args.repeat, lambda: list(selectors.uncovered_expenditures(school.path, None)[:200]))
    print(f"钻取（{worst.name}，未经决策的大额支出 {len(found)} 笔）: {seconds * 1000:.1f} ms")


if __name__ == "__main__":
    main()
