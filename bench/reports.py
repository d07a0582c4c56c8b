"""全景 and the committee summary (issue 16) beside hand-written SQL, in the same run.

    DATABASE_URL=... .venv/bin/python -m bench.reports --scale county [--repeat 9] [--out docs/benchmarks.md]

Like bench/run.py it never touches the data DATABASE_URL names: it creates a fresh database
beside it (bench/run.create_database), seeds the scale with seed_demo (timed), measures, and drops
the database at the end. The root measured is the demo's top committee (the city root of the
county scale, whose one county holds every school).

    全景数据   committee_facts(city administrator, root, today): every module's selectors over the
               subtree (schools, members, organizational-life compliance this quarter, the dues
               collection sheet and arrears, the development plan, the decisions oversight, stars
               and 软弱涣散, rectification), folded per unit
    页面       GET /reports/panorama/?org=<root>, the whole response
    工作总结   the .docx of the committee's summary: the same facts, the document written (PDF apart)

The baseline is the raw SELECTs of the same rows over the same subtree, fetched with a cursor
and summed, not judged: schools (ownership, organization, staff, students), active members,
the month's dues lines, the files admitted this year, the plans, the ratings of the latest rated
year, 软弱涣散 in 整顿 and the rectification items. "Same" compares what both can say: those
totals (the compliance fold, the arrears runs and the decisions findings are judgments the
baseline does not make; their rows are read by it all the same: meetings grouped by
organization, activity and month, the unpaid lines of the arrears window, the decision rows)."""

from __future__ import annotations

import argparse
import datetime
import io
import os
import sys
from decimal import Decimal

SQL = {
    "schools": """
        SELECT s.ownership, COUNT(*), SUM(CASE WHEN s.party_org_id IS NULL THEN 0 ELSE 1 END), SUM(s.staff_count),
               SUM(s.student_count)
        FROM orgs_school s LEFT JOIN orgs_partyorg o ON o.id = s.party_org_id
        JOIN orgs_partyorg sup ON sup.id = s.supervisor_id
        WHERE o.path LIKE %(path)s OR sup.path LIKE %(path)s GROUP BY s.ownership""",
    "members": """
        SELECT COUNT(*), SUM(CASE WHEN m.status = 'full' THEN 1 ELSE 0 END) FROM members_member m
        JOIN orgs_partyorg o ON o.id = m.org_id
        WHERE o.path LIKE %(path)s AND m.standing IN ('normal', 'retained', 'suspended')""",
    "meetings": """
        SELECT m.org_id, m.kind, m.counts_month, COUNT(*) FROM orglife_meeting m JOIN orgs_partyorg o ON o.id = m.org_id
        WHERE o.path LIKE %(path)s AND m.counts_month BETWEEN %(quarter_start)s AND %(quarter_end)s
        GROUP BY m.org_id, m.kind, m.counts_month""",
    "dues": """
        SELECT COUNT(*), SUM(CASE WHEN l.amount_due IS NOT NULL AND l.paid_total >= l.amount_due THEN 1 ELSE 0 END),
               SUM(l.amount_due), SUM(l.paid_total)
        FROM dues_duesline l JOIN orgs_partyorg o ON o.id = l.org_id WHERE o.path LIKE %(path)s AND l.month = %(month)s""",
    "unpaid": """
        SELECT l.member_id, l.month FROM dues_duesline l JOIN orgs_partyorg o ON o.id = l.org_id
        WHERE o.path LIKE %(path)s AND l.month BETWEEN %(window)s AND %(month)s AND l.amount_due > 0
          AND l.paid_total < l.amount_due""",
    "admitted": """
        SELECT COUNT(DISTINCT s.file_id) FROM recruitment_steprecord s JOIN recruitment_recruitmentfile f ON f.id = s.file_id
        JOIN orgs_partyorg o ON o.id = f.org_id
        WHERE o.path LIKE %(path)s AND s.code = '17' AND s.passed AND s.occurred_on BETWEEN %(year_start)s AND %(year_end)s""",
    "plans": """
        SELECT o.path, p.admitted FROM recruitment_developmentplan p JOIN orgs_partyorg o ON o.id = p.org_id
        WHERE o.path LIKE %(path)s AND p.year = %(year)s""",
    "decisions": """
        SELECT m.org_id, COUNT(*), SUM(CASE WHEN m.quorate = %(false)s THEN 1 ELSE 0 END) FROM decisions_decisionmeeting m
        JOIN orgs_partyorg o ON o.id = m.org_id WHERE o.path LIKE %(path)s AND m.held_on >= %(year_start)s
        GROUP BY m.org_id""",
    "ratings": """
        SELECT r.state, r.stars, COUNT(*), SUM(CASE WHEN r.title_awarded THEN 1 ELSE 0 END) FROM appraisal_starrating r
        JOIN orgs_partyorg o ON o.id = r.org_id
        WHERE o.path LIKE %(path)s AND r.year = %(rating_year)s AND r.state IN ('granted', 'revoked')
        GROUP BY r.state, r.stars""",
    "weak": """
        SELECT COUNT(*) FROM appraisal_weakorg w JOIN orgs_partyorg o ON o.id = w.org_id
        WHERE o.path LIKE %(path)s AND w.state = 'rectifying'""",
    "rectification": """
        SELECT COUNT(*), SUM(CASE WHEN i.state = 'closed' THEN 1 ELSE 0 END),
               SUM(CASE WHEN i.state IN ('open', 'in_progress', 'returned') AND i.deadline < %(today)s THEN 1 ELSE 0 END)
        FROM supervision_rectificationitem i JOIN orgs_partyorg o ON o.id = i.org_id WHERE o.path LIKE %(path)s""",
}


def _n(value) -> int:
    return int(value or 0)


def _money(value) -> Decimal:
    return Decimal(str(value or 0)).quantize(Decimal("0.01"))


def baseline(path: str, today: datetime.date, month: datetime.date, quarter, rating_year: int | None) -> dict:
    from django.db import connection

    window = datetime.date(month.year - 2, month.month, 1)  # the arrears look-back (24 months)
    params = {"path": path + "%", "today": today, "month": month, "window": window, "year": today.year,
              "year_start": datetime.date(today.year, 1, 1), "year_end": datetime.date(today.year, 12, 31),
              "quarter_start": quarter.start, "quarter_end": quarter.end, "rating_year": rating_year or 0,
              "false": False}
    rows = {}
    with connection.cursor() as cursor:
        for name, sql in SQL.items():
            cursor.execute(sql, params)
            rows[name] = cursor.fetchall()
    schools = {ownership: row for ownership, *row in rows["schools"]}
    public, private = schools.get("public", (0, 0, 0, 0)), schools.get("private", (0, 0, 0, 0))
    members, full = rows["members"][0]
    due_count, paid_count, due_amount, paid_amount = rows["dues"][0]
    stars = dict.fromkeys(range(6), 0)
    revoked = titles = 0
    for state, star, n, titled in rows["ratings"]:
        if state == "revoked":
            revoked += n
        else:
            stars[star or 0] += n
            titles += _n(titled)
    # the plan page's rule: the root's own plan, else its subtree's plans added up (None: no plan names it)
    own = [admitted for p, admitted in rows["plans"] if p == path]
    below = [admitted for p, admitted in rows["plans"] if p != path and admitted is not None]
    planned = own[0] if own else (sum(below) if below else None)
    total, closed, overdue = rows["rectification"][0]
    return {"schools": (_n(public[0]), _n(private[0]), _n(public[1]), _n(private[1])),
            "staff": _n(public[2]) + _n(private[2]), "students": _n(public[3]) + _n(private[3]),
            "members": (_n(members), _n(full)), "dues": (_n(due_count), _n(paid_count), _money(due_amount),
                                                         _money(paid_amount)),
            "admitted": _n(rows["admitted"][0][0]), "planned": planned,
            "stars": (stars, revoked, titles), "weak": _n(rows["weak"][0][0]),
            "rectification": (_n(total), _n(closed), _n(total) - _n(closed), _n(overdue))}


def comparable(facts) -> dict:
    """What the system's facts say that the baseline can say too."""
    t = facts.total
    return {"schools": (t.public_schools, t.private_schools, t.public_covered, t.private_covered),
            "staff": t.staff, "students": t.students, "members": (t.members, t.full_members),
            "dues": (t.dues_due_count, t.dues_paid_count, t.dues_due_amount, t.dues_paid_amount),
            "admitted": t.admitted, "planned": t.plan_admitted,
            "stars": (t.star_counts, t.revoked, t.titles), "weak": t.weak,
            "rectification": (t.rect_total, t.rect_closed, t.rect_open, t.rect_overdue)}


def results(measure, http_get, client, user, root, today, repeat) -> list:
    from dangjian.dues.selectors import last_closed_month
    from dangjian.orglife import rules as OR
    from dangjian.reports import committee_summary
    from dangjian.reports.committee_facts import committee_facts

    month, quarter = last_closed_month(today), OR.period_of(today, OR.Frequency.QUARTERLY)
    first = committee_facts(user, root, today)
    rating_year = first.rating_year

    doc_facts = first

    def system():
        return comparable(committee_facts(user, root, today))

    def raw():
        return baseline(root.path, today, month, quarter, rating_year)

    def summary():
        nonlocal doc_facts
        doc_facts = committee_facts(user, root, today)
        doc = committee_summary.summary_document(doc_facts)
        out = io.BytesIO()
        committee_summary.write_docx(out, doc)
        return comparable(doc_facts) if out.tell() else None

    rows = lambda got, _: (f"学校 {sum(got['schools'][:2])} · 党员 {got['members'][0]} · "  # noqa: E731
                           f"整改 {got['rectification'][0]} · 党费行 {got['dues'][0]}")
    note = ("基线：同一子树、同一日期的原始 SELECT（学校按办学性质、在册党员、上月党费台账、本季度组织生活按组织活动月份分组、"
            "欠缴窗口内未缴行、本年接收预备党员、发展计划、议事决策会议、评星结果、软弱涣散、整改事项），原始游标取回后求和，"
            "不判定（组织生活落实、欠缴连续月数、议事决策问题不算）。“一致”＝学校、覆盖、教职工、学生、党员、党费、发展党员、"
            "星级、六好、软弱涣散、整改各合计相同。")
    out = [measure("全景数据 committee_facts（根组织全部学校：学校、党员、组织生活、党费与欠缴、发展计划、议事决策、评星、"
                   "软弱涣散、整改）", system, raw, repeat, rows=rows, note=note)]
    if client is not None:
        out.append(measure("页面 全景 GET /reports/panorama/?org=根组织（完整 HTTP 响应）",
                           http_get(client, f"/reports/panorama/?org={root.pk}"), raw, repeat, compare=False,
                           rows=lambda _, exp: rows(exp, None)))
    out.append(measure("工作总结 .docx（committee_facts + summary_document + write_docx）", summary, raw, repeat,
                       rows=lambda got, _: rows(got, None),
                       note="基线与全景数据相同（文件的写出没有 SQL 对应物）；“一致”＝文件写出且其数据与基线合计相同。"))
    return out


def main(argv=None) -> int:
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    from bench.run import create_database
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
        from bench.run import existing_world

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
