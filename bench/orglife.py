"""Organizational-life compliance (issue 4) beside a same-answer baseline, on whatever database
DATABASE_URL points at (seed it first: `manage.py seed_demo --scale city`).

    DATABASE_URL=... python -m bench.orglife [--repeat 5]

    city      compliance.subtree_compliance(city, last quarter): every organization's totals
    county    the same for one county
    one year  compliance.org_compliance(one branch, last year): every sub-period and person check
    page      the compliance page of the city administrator (from the summary when it is current)

The baseline (bench/orglife_baseline.py) gives the same answer by the shortest honest route:
hand-written SELECTs for every fact the verdicts depend on (organizations, party groups,
full-member counts, overrides, local switches, meetings grouped by organization, activity, month
and group; a year's person facts) and a plain loop applying the rules' data to them. Each run
checks that the two answers are equal — every organization's (required, held, missing), and for
the one organization every sub-period's status and every person check with the members it lacks.
Not a timed test."""

from __future__ import annotations

import argparse
import os
import statistics
import sys


def _setup():
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def totals(rows) -> dict:
    """The system's answer as the table shows it: each organization's (required, held, missing)."""
    return {r.org_id: (r.required, r.held, r.missing) for r in rows}


def detail(row) -> dict:
    """One organization's answer in full: totals, each activity's sub-period statuses, the checks."""
    if row is None:
        return {}
    statuses = {a.kind: [s.status for s in a.subs] for a in row.activities if a.subs}
    checks = [(c.kind, c.status, list(c.lacking)) for c in row.checks]
    return {row.org_id: ((row.required, row.held, row.missing), statuses, checks)}


def baseline_detail(org, period, today) -> dict:
    from bench.orglife_baseline import verdicts

    org_id = org.pk
    found = verdicts(org.path, period, today, org_id=org_id, org_kind=org.kind, detail=True)
    return {org: (sums, {k: v for k, v in statuses.items() if v}, checks)
            for org, (sums, statuses, checks) in found.items() if org == org_id}


def summary_page_sql(path: str, period_code: str, page_size: int):
    """The page's table read from the summary by hand: the first page by rate, and the counts."""
    from django.db import connection

    from dangjian.orglife import rules as R

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT s.org_id, o.name, s.required, s.held, s.missing, s.rate FROM orglife_compliancesummary s "
            "JOIN orgs_partyorg o ON o.id = s.org_id WHERE s.period = %s AND o.path LIKE %s AND o.path <> %s "
            "ORDER BY s.rate IS NULL, s.rate, o.path LIMIT %s", [period_code, path + "%", path, page_size])
        page = cursor.fetchall()
        cursor.execute(
            "SELECT SUM(CASE WHEN s.rate >= %s THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN s.rate >= %s AND s.rate < %s THEN 1 ELSE 0 END), SUM(CASE WHEN s.rate < %s THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN s.rate IS NULL THEN 1 ELSE 0 END) FROM orglife_compliancesummary s "
            "JOIN orgs_partyorg o ON o.id = s.org_id WHERE s.period = %s AND o.path LIKE %s AND o.path <> %s",
            [R.GREEN_FROM, R.YELLOW_FROM, R.GREEN_FROM, R.YELLOW_FROM, period_code, path + "%", path])
        counts = cursor.fetchone()
    return page, counts


def results(measure, http_get, client, city, today, repeat, county=None) -> list:
    """Issue 4's operations for bench/run.py: the city's and a county's compliance for a quarter,
    one branch's year, and the compliance page, each beside its same-answer baseline in one run.
    `county`: the county administrator's (at province scale the root's first child is a city)."""
    from bench.orglife_baseline import verdicts
    from dangjian.orglife import compliance as C
    from dangjian.orglife import rules as R
    from dangjian.orglife.models import Attendance, Meeting
    from dangjian.orgs.models import OrgKind, PartyOrg

    quarter = R.period_of(R.add_months(today.replace(day=1), -3), R.Frequency.QUARTERLY)
    year = R.period_of(R.add_months(today.replace(day=1), -12), R.Frequency.YEARLY)
    county = county or (PartyOrg.objects.filter(path__startswith=city.path, kind=OrgKind.EDUCATION_COMMITTEE,
                                                depth=city.depth + 1).order_by("path").first())
    branch = (PartyOrg.objects.filter(path__startswith=city.path, kind__in=["branch", "joint_branch"],
                                      meetings__isnull=False).order_by("path").first())
    volume = f"库中会议 {Meeting.objects.count():,} 次、出席记录 {Attendance.objects.count():,} 条"
    note = ("基线（bench/orglife_baseline.py）：6 条手写 SELECT（组织、党小组、正式党员数、频次规定、本地规定启用、"
            "按组织·活动·月份·党小组分组的会议数）+ 按规则数据逐组织判定的最少 Python；“一致”＝每个组织的"
            "应开、已开、缺失三数逐一相同。" + volume)
    rows = lambda got, _: f"{len(got):,} 个组织，已开 {sum(t[1] for t in got.values()):,} 项"  # noqa: E731
    found = [
        measure(f"市级组织生活落实情况 {quarter.label}（compliance.subtree_compliance，全部组织）",
                lambda: totals(C.subtree_compliance(city, quarter, today)),
                lambda: verdicts(city.path, quarter, today), repeat, note=note, rows=rows),
        measure(f"一个县组织生活落实情况 {quarter.label}（{county.name}）",
                lambda: totals(C.subtree_compliance(county, quarter, today)),
                lambda: verdicts(county.path, quarter, today), repeat, note="基线同上，限于该县。", rows=rows),
        measure(f"一个支部 {year.label}全年落实情况（compliance.org_compliance，含谈心谈话、书记讲党课）",
                lambda: detail(C.org_compliance(branch, year, today)),
                lambda: baseline_detail(branch, year, today), repeat,
                note="基线另加人员检查的 5 条 SELECT（名册、谈心谈话出席、组织生活会谈心谈话、书记、党课授课人）；"
                     "“一致”＝各项活动每个分期的状态、两项人员检查及所缺党员名单逐一相同。",
                rows=lambda got, _: f"{branch.name}：{sum(len(v) for d in got.values() for v in d[1].values())} 个分期"),
    ]
    if client is not None:
        from django.urls import reverse

        from dangjian.orglife import summaries
        from dangjian.orglife.views.reports import TABLE_PAGE_SIZE

        refreshed = summaries.refresh(today, periods=[quarter])
        url = f"{reverse('orglife:compliance')}?org={city.pk}&period={quarter.code}"
        found.append(measure(
            f"页面 组织生活落实情况 GET /orglife/compliance/?org=市&period={quarter.code}（读汇总表）",
            http_get(client, url), lambda: summary_page_sql(city.path, quarter.code, TABLE_PAGE_SIZE), repeat,
            compare=False, rows=lambda _, exp: f"第 1 页 {len(exp[0])} 行，各色计数 {tuple(exp[1])}",
            note=f"汇总表由后台任务刷新（本次刷新 {refreshed['seconds']:.1f} 秒，{refreshed['rows']:,} 行）；"
                 "基线：两条手写 SELECT 读同一汇总表（第 1 页按落实率排序 + 各色计数），不含页面其余部分。"))
        found.append(measure(
            f"汇总表刷新：市级 {quarter.label}（summaries.refresh，后台任务每次所做）",
            lambda: summaries.refresh(today, periods=[quarter])["rows"],
            lambda: len(verdicts(city.path, quarter, today)), min(repeat, 5),
            rows=lambda got, _: f"{got:,} 行", note="基线：同一答案的计算（不写入）；系统另写入汇总表。"))
    return found


def main(argv=None) -> None:
    _setup()
    from django.conf import settings
    from django.test import Client
    from django.utils import timezone

    from bench.measure import http_get, measure
    from dangjian.accounts.models import User
    from dangjian.orgs.models import PartyOrg
    from dangjian.testing import login

    parser = argparse.ArgumentParser(description="组织生活落实情况：系统与同答案基线")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-page", action="store_true", help="不测页面（也不刷新汇总表）")
    args = parser.parse_args(argv)
    settings.DEBUG = False
    today = timezone.localdate()
    city = PartyOrg.objects.filter(depth=1).order_by("path").first()
    client = None
    if not args.no_page:
        client = Client()
        login(client, User.objects.get(username="city_admin"))
    failed = False
    for result in results(measure, http_get, client, city, today, args.repeat):
        if result.system_ms:
            sm, bm = statistics.median(result.system_ms), statistics.median(result.baseline_ms)
            print(f"{result.name}: 系统 {sm:.1f} ms（最快 {min(result.system_ms):.1f}），基线 {bm:.1f} ms"
                  f"（最快 {min(result.baseline_ms):.1f}），{sm / bm:.2f}×，查询 {result.queries}，一致 {result.same}")
        failed |= result.same is False or bool(result.error)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
