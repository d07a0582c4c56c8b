"""Recruitment (issue 6) at city scale beside hand-written SQL, on whatever database DATABASE_URL
points at (seed it first: `manage.py seed_demo --scale city`), or from bench/run.py.

    DATABASE_URL=... python -m bench.recruitment [--repeat 15]

    看板   the city administrator's board of the whole city: open files by stage and state, this
           year's milestones, the annual plan against them (and each county's), and the first
           12 files of each of the five stage columns — what views.board asks the selectors
    期限   the due list of the city (overdue and due within 30 days): the first page of 50 and
           the count — what views.due asks

Each baseline is a few raw SELECTs over the same rows computing the same answer (GROUP BY,
COUNT(DISTINCT), a window function for the columns), fetched with a raw cursor; both sides are
checked to give the same numbers and the same files. Not a timed test."""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys

ON_BOARD = 12
DUE_PAGE = 50
YEAR_CODES = ("01", "03", "07", "17", "24")
STAGES = ("application", "activist", "candidate", "admission", "probation")


# --- the system: what the views ask the selectors -----------------------------------------------

def board(user, org, today) -> dict:
    from dangjian.recruitment import selectors

    counts, states = selectors.file_counts(user, org)
    plan = selectors.plan_vs_actual(user, org, today.year)
    figures = selectors.year_figures(user, org, today.year, plan)
    columns = {stage: [f.pk for f in selectors.files_in(user, org, stage=stage)[:ON_BOARD]] for stage in STAGES}
    return {"stages": counts, "states": states, "year": [f["count"] for f in figures],
            "actual": plan["actual"], "planned": (plan["planned"] or {}).get("admitted"),
            "rows": {row["org"].path: row["actual"]["admitted"] for row in plan["rows"]}, "columns": columns}


def due(user, org, today) -> tuple[int, list[int]]:
    from django.core.paginator import Paginator

    from dangjian.recruitment import selectors

    page = Paginator(selectors.due_files(user, org, today), DUE_PAGE).get_page(1)
    return page.paginator.count, [selectors.mark(f, today).pk for f in page.object_list]


# --- the baselines --------------------------------------------------------------------------

FILES = "recruitment_recruitmentfile f JOIN orgs_partyorg o ON o.id = f.org_id WHERE o.path LIKE %s"


def board_sql(path: str, depth_len: int, today) -> dict:
    from django.db import connection

    start, end = datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT f.stage, f.state, COUNT(*) FROM {FILES} GROUP BY f.stage, f.state", [path + "%"])
        grouped = cursor.fetchall()
        cursor.execute(
            "SELECT SUBSTR(o.path, 1, %s), s.code, COUNT(DISTINCT s.file_id) FROM recruitment_steprecord s "
            "JOIN recruitment_recruitmentfile f ON f.id = s.file_id JOIN orgs_partyorg o ON o.id = f.org_id "
            "WHERE o.path LIKE %s AND s.passed AND s.occurred_on BETWEEN %s AND %s AND s.code IN (%s, %s, %s, %s, %s) "
            "GROUP BY 1, 2", [depth_len, path + "%", start, end, *YEAR_CODES])
        done = cursor.fetchall()
        cursor.execute("SELECT o.path, p.admitted FROM recruitment_developmentplan p JOIN orgs_partyorg o "
                       "ON o.id = p.org_id WHERE o.path LIKE %s AND p.year = %s", [path + "%", today.year])
        plans = cursor.fetchall()
        cursor.execute(
            f"SELECT stage, id FROM (SELECT f.stage, f.id, ROW_NUMBER() OVER (PARTITION BY f.stage "
            f"ORDER BY f.due_on, f.applied_on, f.id) AS n FROM {FILES} AND f.state = 'open') t "
            f"WHERE n <= %s ORDER BY stage, n", [path + "%", ON_BOARD])
        top = cursor.fetchall()
    stages = dict.fromkeys(STAGES, 0)
    states = {"open": 0, "stopped": 0, "done": 0}
    for stage, state, n in grouped:
        states[state] += n
        if state == "open":
            stages[stage] += n
    by_code = dict.fromkeys(YEAR_CODES, 0)
    rows: dict[str, int] = {}
    for prefix, code, n in done:
        by_code[code] += n
        if code == "17" and prefix != path:
            rows[prefix] = rows.get(prefix, 0) + n
    own = [admitted for p, admitted in plans if p == path]
    planned = own[0] if own else (sum(admitted for p, admitted in plans if p != path) if plans else None)
    columns = {stage: [pk for s, pk in top if s == stage] for stage in STAGES}
    return {"stages": stages, "states": states, "year": [by_code[c] for c in YEAR_CODES],
            "actual": {"activists": by_code["03"], "candidates": by_code["07"], "admitted": by_code["17"]},
            "planned": planned, "rows": rows, "columns": columns}


def due_sql(path: str, today) -> tuple[int, list[int]]:
    from django.db import connection

    until = today + datetime.timedelta(days=30)
    where = f"{FILES} AND f.state = 'open' AND f.due_on IS NOT NULL AND f.due_on <= %s"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {where}", [path + "%", until])
        count = cursor.fetchone()[0]
        cursor.execute(f"SELECT f.id, f.name, f.due_on, f.next_code, o.name FROM {where} "
                       f"ORDER BY f.due_on, f.applied_on, f.id LIMIT %s", [path + "%", until, DUE_PAGE])
        return count, [row[0] for row in cursor.fetchall()]


def same_board(got: dict, expected: dict) -> bool:
    """Equal, except that the system lists only next-level organizations with a plan or a result
    (rows without either are 0 on both sides)."""
    rows_equal = all(expected["rows"].get(path, 0) == n for path, n in got["rows"].items())
    return rows_equal and {k: v for k, v in got.items() if k != "rows"} == {k: v for k, v in expected.items()
                                                                          if k != "rows"}


def results(measure, http_get, client, city, city_admin, today, repeat) -> list:
    """Issue 6's operations for bench/run.py: the city's board and due list, selectors and pages."""
    from dangjian.orgs.models import PartyOrg
    from dangjian.recruitment.models import RecruitmentFile, StepRecord

    child_len = len(city.path) + PartyOrg.steplen
    volume = (f"库中档案 {RecruitmentFile.objects.count():,} 份（在办 "
              f"{RecruitmentFile.objects.filter(state='open').count():,}）、步骤记录 {StepRecord.objects.count():,} 条")
    found = [
        measure("发展党员看板（市管理员，全市：阶段与状态人数、本年各环节、年度计划及各县、五列各 12 份）",
                lambda: board(city_admin, city, today), lambda: board_sql(city.path, child_len, today), repeat,
                check=same_board, note="基线：4 条原始 SELECT（GROUP BY 阶段与状态；按下一级组织与步骤 COUNT(DISTINCT)；"
                                      "计划；ROW_NUMBER() 取每列前 12 份）。" + volume,
                rows=lambda got, _: f"在办 {got['states']['open']:,} · 本年接收 {got['actual']['admitted']}"),
        measure("期限提醒（市管理员，全市：已逾期和 30 天内到期，第 1 页 50 份 + 总数）",
                lambda: due(city_admin, city, today), lambda: due_sql(city.path, today), repeat,
                note="基线：COUNT(*) 与按期限排序取 50 份的两条原始 SELECT。",
                rows=lambda got, _: f"{len(got[1])} / 共 {got[0]:,}"),
    ]
    if client is not None:
        from django.urls import reverse

        found += [
            measure("页面 发展党员看板 GET /recruitment/?org=市（完整 HTTP 响应）",
                    http_get(client, f"{reverse('recruitment:board')}?org={city.pk}"),
                    lambda: board_sql(city.path, child_len, today), repeat, compare=False,
                    rows=lambda _, exp: f"在办 {exp['states']['open']:,}"),
            measure("页面 期限提醒 GET /recruitment/due/?org=市",
                    http_get(client, f"{reverse('recruitment:due')}?org={city.pk}"),
                    lambda: due_sql(city.path, today), repeat, compare=False,
                    rows=lambda _, exp: f"共 {exp[0]:,}"),
        ]
    return found


def main(argv=None) -> int:
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client
    from django.utils import timezone

    from bench.measure import http_get, measure
    from dangjian.accounts.models import User
    from dangjian.orgs.models import Position
    from dangjian.testing import login

    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args(argv)
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    admin = User.objects.get(username="city_admin")
    city = Position.objects.filter(user=admin).select_related("org").first().org
    client = Client()
    login(client, admin)
    failed = False
    for r in results(measure, http_get, client, city, admin, timezone.localdate(), args.repeat):
        if r.error:
            print(f"{r.name}: 错误 {r.error}")
            failed = True
            continue
        system, base = statistics.median(r.system_ms), statistics.median(r.baseline_ms)
        ratio = f"{system / base:.1f}" if base else "—"
        same = {True: "一致", False: "不一致", None: "—"}[r.same]
        print(f"{r.name}: 系统 {system:.1f} ms（{r.queries} 条查询），基线 {base:.1f} ms，倍数 {ratio}；{r.rows}；{same}"
              + (f"；{r.note}" if r.note else "") + (f"；错误 {r.error}" if r.error else ""))
        failed |= bool(r.error) or r.same is False
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
