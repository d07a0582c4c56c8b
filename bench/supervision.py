"""整改台账 overview (issue 14) beside hand-written SQL, on whatever database DATABASE_URL points at
(a seeded city: `manage.py seed_demo --scale city`; or an older seeded city copied and migrated,
with --write-demo adding the supervision demo to it the way seed_demo would).

    DATABASE_URL=... python -m bench.supervision [--repeat 7] [--write-demo]

    总览     selectors.overview(city root, today) — per school of the city: items, open, overdue,
             escalated, waiting for 销号, closed (what views.rectification.overview and the API ask)
    页面     GET /supervision/rectification/overview/?org=<city>, the whole response, as the city
             administrator opens it
    待办     the city administrator's to-do counts (selectors.awaiting_decision / overdue_in)

The baseline is the same work written by hand: one grouped SELECT of the items by organization
path with the same conditional counts and one SELECT of the school-level organizations, fetched
with a raw cursor, rolled up to the schools by the same prefix walk — the physical lower bound
of answering from the rows. Both sides are checked to give the same totals. Not a timed test."""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import time


def _setup():
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


KINDS = ("committee", "general_branch", "branch", "joint_branch")
WORKING = ("open", "in_progress", "returned")


def baseline(path: str, today: datetime.date) -> dict[str, list[int]]:
    """school path → [total, open, overdue, requested, closed, escalated]."""
    from django.db import connection

    like = path + "%"
    marks = ", ".join(["%s"] * len(WORKING))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT path FROM orgs_partyorg WHERE path LIKE %s AND kind IN ({', '.join(['%s'] * 4)}) "
                       "ORDER BY path", [like, *KINDS])
        roots, last = [], None
        for (p,) in cursor.fetchall():
            if last is None or not p.startswith(last):
                roots.append(p)
                last = p
        cursor.execute(
            "SELECT o.path, COUNT(*), "
            "SUM(CASE WHEN i.state = 'closed' THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN i.state = 'requested' THEN 1 ELSE 0 END), "
            f"SUM(CASE WHEN i.state IN ({marks}) AND i.deadline < %s THEN 1 ELSE 0 END), "
            f"SUM(CASE WHEN i.state IN ({marks}) AND i.escalated_on IS NOT NULL THEN 1 ELSE 0 END) "
            "FROM supervision_rectificationitem i JOIN orgs_partyorg o ON o.id = i.org_id "
            "WHERE o.path LIKE %s GROUP BY o.path", [*WORKING, today, *WORKING, like])
        rows = cursor.fetchall()
    lengths = sorted({len(p) for p in roots})
    known = set(roots)
    result: dict[str, list[int]] = {}
    for org_path, total, closed, requested, overdue, escalated in rows:
        school = next((org_path[:n] for n in lengths if org_path[:n] in known), org_path)
        acc = result.setdefault(school, [0] * 6)
        for i, v in enumerate((total, total - closed, overdue, requested, closed, escalated)):
            acc[i] += int(v)
    return result


def totals_of(overview) -> list[int]:
    t = overview.total
    return [t.total, t.open, t.overdue, t.requested, t.closed, t.escalated]


def best_of(repeat: int, run):
    best, value = None, None
    for _ in range(repeat):
        start = time.perf_counter()
        value = run()
        spent = time.perf_counter() - start
        best = spent if best is None or spent < best else best
    return best, value


def main(argv=None) -> None:
    _setup()
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from dangjian.accounts.models import User
    from dangjian.orgs.models import PartyOrg
    from dangjian.supervision.models import DisclosureItem, RectificationItem
    from dangjian.supervision.selectors import rectification as selectors
    from dangjian.testing import login

    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--write-demo", action="store_true", help="add the supervision demo to a seeded city first")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    today = timezone.localdate()
    if args.write_demo:
        from dangjian.demo.supervision import write_supervision

        start = time.perf_counter()
        with transaction.atomic():
            counts = write_supervision("city", today, args.seed)
        print(f"写入监督演示数据：{time.perf_counter() - start:.1f} s，{counts.as_dict()}")
    root = PartyOrg.objects.filter(depth=1).order_by("path").first()
    items = RectificationItem.objects.count()
    overdue = RectificationItem.objects.filter(state__in=WORKING, deadline__lt=today).count()
    print(f"database: {connection.vendor}; 整改事项 {items:,}（逾期 {overdue:,}，{100 * overdue / max(items, 1):.1f}%），"
          f"党务公开事项 {DisclosureItem.objects.count():,}")

    connection.queries_log.clear()  # the demo's writes filled the log: count from empty
    with CaptureQueriesContext(connection) as queries:
        result = selectors.overview(root, today)
    seconds, result = best_of(args.repeat, lambda: selectors.overview(root, today))
    base_seconds, base = best_of(args.repeat, lambda: baseline(root.path, today))
    theirs = [sum(v[i] for v in base.values()) for i in range(6)]
    mine = totals_of(result)
    same = mine == theirs and len(result.rows) == len(base)
    print(f"城市整改情况总览（{len(result.rows):,} 个有整改任务的学校党组织）: 系统 {seconds * 1000:.1f} ms"
          f"（{len(queries.captured_queries)} 条查询），基线 {base_seconds * 1000:.1f} ms，倍数 {seconds / base_seconds:.2f}；"
          f"合计 {'一致' if same else '不一致'}：系统 {mine} / 基线 {theirs}（任务、未销号、逾期、待审核、已销号、逾期上报）")

    client = Client()
    login(client, User.objects.get(username="city_admin"))
    url = f"/supervision/rectification/overview/?org={root.pk}"
    assert client.get(url).status_code == 200
    # counted by an execute wrapper: a request empties Django's query log when it starts
    seen: list[str] = []

    def counting(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counting):
        client.get(url)
    page_seconds, _ = best_of(args.repeat, lambda: client.get(url))
    print(f"页面 GET {url}（完整 HTTP 响应，第 1 页 100 所）: {page_seconds * 1000:.1f} ms"
          f"（{len(seen)} 条查询），基线 {base_seconds * 1000:.1f} ms，倍数 {page_seconds / base_seconds:.2f}")

    city_admin = User.objects.get(username="city_admin")
    todo_seconds, counts = best_of(args.repeat, lambda: (selectors.awaiting_decision(city_admin, root).count(),
                                                         selectors.overdue_in(city_admin, root, today).count()))
    print(f"市教育工委整改待办计数（待审核 {counts[0]}，逾期 {counts[1]}）: {todo_seconds * 1000:.1f} ms")
    sys.exit(0 if same else 2)


if __name__ == "__main__":
    main()
