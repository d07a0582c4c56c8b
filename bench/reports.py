"""全景, the committee summary and a school's 自查报告 (issue 16) beside hand-written SQL, in the same run.

    DATABASE_URL=... .venv/bin/python -m bench.reports --scale county|city [--repeat 9] [--out docs/benchmarks.md]

Like bench/run.py it never touches the data DATABASE_URL names: it creates a fresh database
beside it (bench/database.create_database), seeds the scale with seed_demo (timed), measures, and drops
the database at the end (`--existing` measures the demo data already in DATABASE_URL instead).
The root measured is the demo's top committee (the city; at county scale its one county holds
every school).

    全景数据   committee_facts(city administrator, root, today): every module's selectors over the
               subtree (schools, members, organizational-life compliance this quarter, the dues
               collection sheet and arrears, the development plan, the decisions oversight, stars
               and 软弱涣散, rectification), folded per unit
    页面       GET /reports/panorama/?org=<root>, the whole response
    工作总结   the .docx of the committee's summary: the same facts, the document written (PDF apart)
    自查报告   services.generate_draft(school A's organization, 自查报告, this year) as its secretary:
               the school's facts, the draft's sections, a new version and its audit record; then
               the version written as .docx

The baseline (bench/reports_baseline.py) gives the same answer as the facts by the shortest
honest route: raw SELECTs over the same subtree, the judgments (organizational life 良好, runs
of unpaid months, decisions findings) made in plain loops over the raw rows; every total the
全景 shows is compared. The 自查报告 has no raw counterpart here: its figures come from a dozen
modules' pages; it is timed beside `school_facts` alone (what the writing and saving add) and
judged against its own goal (≤ 2 s at city scale)."""

from __future__ import annotations

import argparse
import io
import os
import sys

from bench.reports_baseline import baseline, comparable


def _school(root):
    """School A's organization and its secretary (the demo's persona): a school with every
    module's data, the one the drafts' tests and screenshots use."""
    from dangjian.accounts.models import User
    from dangjian.orgs.models import Position

    secretary = User.objects.get(username="secretary_a")
    position = Position.objects.select_related("org").filter(user=secretary, ended_on__isnull=True).first()
    return position.org, secretary


def results(measure, http_get, client, user, root, today, repeat) -> list:
    from dangjian.dues.selectors import last_closed_month
    from dangjian.orglife import rules as OR
    from dangjian.reports import committee_summary, documents, services
    from dangjian.reports.committee_facts import committee_facts
    from dangjian.reports.facts import ReportPeriod, school_facts
    from dangjian.reports.models import DraftKind

    month, quarter = last_closed_month(today), OR.period_of(today, OR.Frequency.QUARTERLY)
    rating_year = committee_facts(user, root, today).rating_year

    def system():
        return comparable(committee_facts(user, root, today))

    def raw():
        return baseline(root.path, today, month, quarter, rating_year)

    def summary():
        facts = committee_facts(user, root, today)
        out = io.BytesIO()
        committee_summary.write_docx(out, committee_summary.summary_document(facts))
        return comparable(facts) if out.tell() else None

    def pdf_facts():
        facts = committee_facts(user, root, today)
        return facts if committee_summary.render_pdf(committee_summary.summary_document(facts)) else None

    rows = lambda got, _: (f"学校 {sum(got['schools'][:2])} · 党员 {got['members'][0]} · "  # noqa: E731
                           f"组织生活 {got['orglife'][1]}/{got['orglife'][0]} · 欠缴≥3月 {got['arrears'][0]} · "
                           f"整改 {got['rectification'][0]} · 党费行 {got['dues'][0]}")
    note = ("基线：同一子树、同一日期的原始 SELECT，游标取回：学校按办学性质、组织类别、在册党员、上月党费台账、发展党员三个"
            "节点、发展计划、评星结果、软弱涣散、整改事项各一条聚合；需要判定的三项读出所需的行在普通循环里判定——本季度"
            "组织生活（应开展活动的组织、党小组、正式党员数、频次调整、按组织活动月份分组的会议，按全国规定与调整逐月判定）、"
            "欠缴（24 个月窗口内未缴行与按季交纳者，逐人数连续月数）、议事决策（逾期与超期办结、未达法定人数、未经决策的"
            "大额支出，按组织相加）。“一致”＝全景的全部合计相同：学校与覆盖、教职工/教师/学生、组织类别、党员、组织生活"
            "良好数、党费、欠缴 3/6 个月人数、发展党员与计划、议事决策问题、星级与六好、软弱涣散、整改。")
    out = [measure("全景数据 committee_facts（根组织全部学校：学校、党员、组织生活、党费与欠缴、发展计划、议事决策、评星、"
                   "软弱涣散、整改）", system, raw, repeat, rows=rows, note=note)]
    if client is not None:
        out.append(measure("页面 全景 GET /reports/panorama/?org=根组织（完整 HTTP 响应）",
                           http_get(client, f"/reports/panorama/?org={root.pk}"), raw, repeat, compare=False,
                           rows=lambda _, exp: rows(exp, None)))
    out.append(measure("工作总结 .docx（committee_facts + summary_document + write_docx）", summary, raw, repeat,
                       rows=lambda got, _: rows(got, None),
                       note="基线与全景数据相同（文件的写出没有 SQL 对应物）；“一致”＝文件写出且其数据与基线合计相同。"))
    out.append(measure("工作总结 PDF（committee_facts + summary_document + WeasyPrint；至多重复 5 次）",
                       lambda: comparable(pdf_facts()), raw, min(repeat, 5), rows=lambda got, _: rows(got, None),
                       note="同上；“一致”＝PDF 写出且其数据与基线合计相同。"))
    org, secretary = _school(root)
    period = str(today.year)

    def self_check():
        version = services.generate_draft(org, DraftKind.SELF_CHECK, period, acting_user=secretary, today=today)
        out = io.BytesIO()
        documents.write_docx(out, documents.document_of(version))
        return len(version.sections) if out.tell() else None

    def facts_alone():
        return len(school_facts(org, ReportPeriod.parse(period), secretary, today=today).facts)

    out.append(measure(f"自查报告 生成（services.generate_draft：{org.name}，{period}年，书记；新版本 + 审计 + .docx）",
                       self_check, facts_alone, repeat, compare=False,
                       rows=lambda got, exp: f"{got} 部分 · {exp} 项数据",
                       note="没有手写 SQL 基线（数据来自十余个模块的页面 selectors）；对照为同一学校的 school_facts 本身，"
                            "倍数＝撰写各部分、保存新版本与审计、写出 .docx 所加的时间。目标是绝对时间 ≤ 2 秒。"))
    return out


def main(argv=None) -> int:
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    from bench.database import create_database
    from dangjian.demo.generator import seed_demo

    parser = argparse.ArgumentParser(description="全景与工作总结 基准测试")
    parser.add_argument("--scale", choices=("school", "county", "city"), default="county")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--out", metavar="FILE")
    parser.add_argument("--keep", action="store_true", help="保留基准测试数据库（便于事后剖析）")
    parser.add_argument("--existing", action="store_true", help="不建库、不生成：在 DATABASE_URL 中已生成的数据上测量")
    args = parser.parse_args(argv)
    settings.DEBUG = False
    original = connection.settings_dict["NAME"]
    if args.existing:
        from bench.database import existing_world

        return _measure(args, existing_world())
    db_name = create_database()
    try:
        print(f"数据库 {connection.vendor}：{db_name}；正在生成 {args.scale} 规模数据……", flush=True)
        seeded = seed_demo(args.scale, args.seed)
        print(f"生成用时 {seeded.seconds:.1f} 秒", flush=True)
        return _measure(args, seeded)
    finally:
        if args.keep:
            print(f"基准测试数据库已保留：{db_name}")
        else:
            connection.creation.destroy_test_db(original, verbosity=0)


def _measure(args, seeded) -> int:
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from bench.measure import http_get, measure
    from bench.report import machine, render, write_section
    from dangjian.accounts.models import User
    from dangjian.orgs.models import PartyOrg
    from dangjian.testing import login

    account = next(a for a in seeded.accounts if a.persona == "city_admin")
    root = PartyOrg.objects.get(pk=account.org_id)
    user = User.objects.get(username=account.username)
    client = Client()
    login(client, user)
    found = results(measure, http_get, client, user, root, timezone.localdate(), args.repeat)
    text = render(args.scale, args.seed, args.repeat, machine(), seeded, found, "")
    print(text)
    if args.out:
        from pathlib import Path

        write_section(Path(args.out), f"reports:{args.scale}:{connection.vendor}", text)
    failed = any(r.error for r in found) or any(r.same is False for r in found)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
