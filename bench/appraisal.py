"""The automatic items of 评星定级 (issue 13) for every school organization of the city and a
year, beside a hand-written SQL baseline, on whatever database DATABASE_URL names (seed it first:
`manage.py seed_demo --scale city`).

    DATABASE_URL=... python -m bench.appraisal [--repeat 7] [--year 2025]

System: `automatic.compute(every active school organization of the city, year)` — every
registered check (organizational life with the person checks, study, dues arrears and
remittance, recruitment breaches and plan, structure and elections, decisions), each through its
module's bulk selectors, folded in Python into per-organization outcomes.

Baseline: the raw SELECTs of the same facts over the same rows, fetched with a cursor and not
judged — the grouped meetings of the year (the one aggregate the compliance fold starts from) and
the person facts, reading notes per member, members per organization, the unpaid dues lines of the
arrears window, payments and remittances per organization and month, recruitment steps and
plans, decision meetings, matters and large expenditures with their covering decision, committee
posts and schools per organization. It is the physical lower bound of answering the question from
the rows. "Same" compares what both can say: the organizations, those with a large expenditure no
decision covered, those with a decision meeting short of a quorum, and those past their term."""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys

BASELINE = {
    "meetings": """
        SELECT m.org_id, m.kind, m.counts_month, m.group_id,
               SUM(CASE WHEN (m.quorate IS NULL OR m.quorate) AND m.makeup_for IS NULL THEN 1 ELSE 0 END),
               SUM(CASE WHEN (m.quorate IS NULL OR m.quorate) AND m.makeup_for IS NOT NULL THEN 1 ELSE 0 END),
               SUM(CASE WHEN m.quorate = %(false)s THEN 1 ELSE 0 END)
        FROM orglife_meeting m JOIN orgs_partyorg o ON o.id = m.org_id
        WHERE o.path LIKE %(path)s AND m.counts_month BETWEEN %(start)s AND %(end)s
        GROUP BY m.org_id, m.kind, m.counts_month, m.group_id""",
    "roster": """
        SELECT ms.org_id, ms.member_id FROM members_membership ms JOIN orgs_partyorg o ON o.id = ms.org_id
        JOIN members_member mm ON mm.id = ms.member_id
        WHERE o.path LIKE %(path)s AND ms.started_on <= %(day)s AND (ms.ended_on IS NULL OR ms.ended_on > %(day)s)
          AND mm.standing <> 'suspended'""",
    "talked": """
        SELECT DISTINCT m.org_id, a.member_id FROM orglife_attendance a JOIN orglife_meeting m ON m.id = a.meeting_id
        JOIN orgs_partyorg o ON o.id = m.org_id
        WHERE o.path LIKE %(path)s AND a.present AND m.kind = 'heart_talk' AND a.held_on BETWEEN %(start)s AND %(end)s""",
    "secretaries": """
        SELECT p.org_id, p.member_id FROM orgs_position p JOIN orgs_partyorg o ON o.id = p.org_id
        WHERE o.path LIKE %(path)s AND p.post = 'secretary' AND p.member_id IS NOT NULL AND p.started_on <= %(day)s
          AND (p.ended_on IS NULL OR p.ended_on >= %(start)s)""",
    "lecturers": """
        SELECT DISTINCT m.org_id, m.lecturer_id FROM orglife_meeting m JOIN orgs_partyorg o ON o.id = m.org_id
        WHERE o.path LIKE %(path)s AND m.kind = 'party_lecture' AND m.lecturer_id IS NOT NULL
          AND m.held_on BETWEEN %(start)s AND %(end)s""",
    "notes": """
        SELECT mm.org_id, n.member_id, SUM(n.char_count) FROM orglife_readingnote n
        JOIN members_member mm ON mm.id = n.member_id JOIN orgs_partyorg o ON o.id = mm.org_id
        WHERE o.path LIKE %(path)s AND n.written_on BETWEEN %(start)s AND %(end)s
        GROUP BY mm.org_id, n.member_id HAVING SUM(n.char_count) >= 10000""",
    "members": """
        SELECT o.path, COUNT(*), SUM(CASE WHEN mm.status = 'full' THEN 1 ELSE 0 END) FROM members_member mm
        JOIN orgs_partyorg o ON o.id = mm.org_id
        WHERE o.path LIKE %(path)s AND mm.standing IN ('normal', 'retained', 'suspended') GROUP BY o.path""",
    "unpaid": """
        SELECT l.member_id, l.month, l.amount_due, l.org_id FROM dues_duesline l JOIN orgs_partyorg o ON o.id = l.org_id
        WHERE o.path LIKE %(path)s AND l.month BETWEEN %(window)s AND %(closed)s AND l.owing AND l.amount_due > 0""",
    "payments": """
        SELECT o.path, EXTRACT(MONTH FROM p.paid_on), SUM(p.amount) FROM dues_duespayment p
        JOIN dues_duesline l ON l.id = p.line_id JOIN orgs_partyorg o ON o.id = l.org_id
        WHERE o.path LIKE %(path)s AND p.paid_on BETWEEN %(start)s AND %(end)s GROUP BY o.path, EXTRACT(MONTH FROM p.paid_on)""",
    "remittances": """
        SELECT o.path, r.period_start, r.period_end, SUM(r.amount) FROM dues_remittance r JOIN orgs_partyorg o ON o.id = r.org_id
        WHERE o.path LIKE %(path)s AND r.period_start BETWEEN %(start)s AND %(end)s
        GROUP BY o.path, r.period_start, r.period_end""",
    "steps": """
        SELECT o.path, s.code, COUNT(*) FROM recruitment_steprecord s JOIN recruitment_recruitmentfile f ON f.id = s.file_id
        JOIN orgs_partyorg o ON o.id = f.org_id
        WHERE o.path LIKE %(path)s AND s.occurred_on BETWEEN %(start)s AND %(end)s
          AND (s.code = '17' AND s.passed OR s.breaches::text <> '[]') GROUP BY o.path, s.code""",
    "plans": """
        SELECT o.path, p.admitted FROM recruitment_developmentplan p JOIN orgs_partyorg o ON o.id = p.org_id
        WHERE o.path LIKE %(path)s AND p.year = %(year)s""",
    "decision_meetings": """
        SELECT m.org_id, COUNT(*), SUM(CASE WHEN NOT m.quorate THEN 1 ELSE 0 END) FROM decisions_decisionmeeting m
        JOIN orgs_partyorg o ON o.id = m.org_id
        WHERE o.path LIKE %(path)s AND m.held_on BETWEEN %(start)s AND %(end)s GROUP BY m.org_id""",
    "uncovered": """
        SELECT e.org_id, COUNT(*), SUM(CASE WHEN EXISTS (SELECT 1 FROM decisions_matter mt WHERE mt.id = e.matter_id
                 AND mt.state IN ('passed', 'executing', 'closed', 'reported') AND mt.decided_on <= e.paid_on)
               THEN 0 ELSE 1 END)
        FROM decisions_expenditure e JOIN orgs_partyorg o ON o.id = e.org_id
        WHERE o.path LIKE %(path)s AND e.above_threshold AND e.paid_on BETWEEN %(start)s AND %(end)s GROUP BY e.org_id""",
    "matters": """
        SELECT m.org_id, SUM(CASE WHEN m.state = 'executing' THEN 1 ELSE 0 END),
               SUM(CASE WHEN m.state = 'executing' AND m.deadline < %(day)s THEN 1 ELSE 0 END),
               SUM(CASE WHEN m.closed_on > m.deadline THEN 1 ELSE 0 END)
        FROM decisions_matter m JOIN orgs_partyorg o ON o.id = m.org_id
        WHERE o.path LIKE %(path)s AND m.raised_on BETWEEN %(start)s AND %(end)s GROUP BY m.org_id""",
    "committee": """
        SELECT p.org_id, COUNT(*), SUM(CASE WHEN p.post = 'secretary' THEN 1 ELSE 0 END) FROM orgs_position p
        JOIN orgs_partyorg o ON o.id = p.org_id
        WHERE o.path LIKE %(path)s AND p.post IN ('secretary', 'deputy_secretary', 'organization_member',
              'publicity_member', 'discipline_member') AND p.started_on <= %(day)s
          AND (p.ended_on IS NULL OR p.ended_on >= %(day)s) GROUP BY p.org_id""",
    "schools": """
        SELECT s.party_org_id, COUNT(*) FROM orgs_school s JOIN orgs_partyorg o ON o.id = s.party_org_id
        WHERE o.path LIKE %(path)s GROUP BY s.party_org_id""",
    "review_rounds": """
        SELECT o.path, r.state, COUNT(*) FROM appraisal_reviewround r JOIN orgs_partyorg o ON o.id = r.org_id
        WHERE o.path LIKE %(path)s AND r.year = %(year)s GROUP BY o.path, r.state""",
    "rectification": """
        SELECT o.path, COUNT(*), SUM(CASE WHEN i.state <> 'closed' AND i.deadline < %(day)s THEN 1 ELSE 0 END)
        FROM supervision_rectificationitem i JOIN orgs_partyorg o ON o.id = i.org_id
        WHERE o.path LIKE %(path)s GROUP BY o.path""",
    "orgs": """
        SELECT o.id, o.kind, o.term_end FROM orgs_partyorg o
        WHERE o.path LIKE %(path)s AND o.is_active AND o.kind IN ('committee', 'general_branch', 'branch', 'joint_branch')""",
}


def baseline(path: str, year: int, today: datetime.date) -> dict:
    from django.db import connection

    day = min(today, datetime.date(year, 12, 31))
    closed = datetime.date(day.year, day.month, 1) - datetime.timedelta(days=1)
    params = {"path": path + "%", "start": datetime.date(year, 1, 1), "end": datetime.date(year, 12, 31), "day": day,
              "year": year, "false": False, "closed": closed.replace(day=1),
              "window": datetime.date(closed.year - 2, closed.month, 1)}
    rows = {}
    with connection.cursor() as cursor:
        for name, sql in BASELINE.items():
            if connection.vendor != "postgresql":
                sql = sql.replace("s.breaches::text <> '[]'", "s.breaches <> '[]'").replace(
                    "EXTRACT(MONTH FROM p.paid_on)", "strftime('%%m', p.paid_on)")
            cursor.execute(sql, params)
            rows[name] = cursor.fetchall()
    orgs = {r[0] for r in rows["orgs"]}
    return {"orgs": len(orgs),
            "undecided": sum(1 for r in rows["uncovered"] if r[0] in orgs and r[2]),
            "non_quorate": sum(1 for r in rows["decision_meetings"] if r[0] in orgs and r[2]),
            "terms_over": sum(1 for r in rows["orgs"] if r[2] is not None and r[2] < day)}


def system(city, year: int, today: datetime.date) -> dict:
    from dangjian.appraisal import automatic
    from dangjian.orgs.models import SCHOOL_ORG_KINDS, PartyOrg

    orgs = list(PartyOrg.objects.filter(path__startswith=city.path, kind__in=SCHOOL_ORG_KINDS, is_active=True))
    found = automatic.compute(orgs, year, today=today)
    return {"orgs": len(found),
            "undecided": sum(1 for o in found.values() if o["decisions_major"].fraction == 0),
            "non_quorate": sum(1 for o in found.values() if (o["decisions_quorum"].fraction if o["decisions_quorum"].fraction is not None else 1) < 1),
            "terms_over": sum(1 for o in found.values() if o["elections"].fraction == 0)}


def results(measure, http_get, client, city, today, repeat, year: int | None = None) -> list:
    """Issue 13's operation for bench/run.py: the automatic items of the whole city for a year."""
    year = year or today.year - 1
    note = ("基线：同一年度、同一批行上各项事实的原始 SELECT（组织生活按组织、活动、月份、党小组的分组聚合与人员检查 4 条，"
            "读书笔记、在册党员、欠缴窗口内的未缴台账行、按组织和月份的交纳与上缴、发展党员步骤与计划、议事决策会议、"
            "事项与大额支出、委员与学校数、民主评议轮次、整改任务、学校级党组织），原始游标取回，不判定、不计分；“一致”＝组织数，以及有未经决策的"
            "大额支出、有未达法定人数的会议、逾期未换届的组织数两边相同。")
    return [measure(f"全市学校党组织 {year} 年度评星定级自动计算项目（automatic.compute，全部检查）",
                    lambda: system(city, year, today), lambda: baseline(city.path, year, today), repeat, note=note,
                    rows=lambda got, _: (f"{got['orgs']:,} 个组织 · 未经决策 {got['undecided']} · 未过半数 "
                                         f"{got['non_quorate']} · 逾期换届 {got['terms_over']}"))]


def main(argv=None) -> int:
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.utils import timezone

    from bench.measure import http_get, measure
    from dangjian.orgs.models import PartyOrg

    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--year", type=int)
    args = parser.parse_args(argv)
    settings.DEBUG = False
    city = PartyOrg.objects.filter(depth=1).order_by("path").first()
    failed = False
    for r in results(measure, http_get, None, city, timezone.localdate(), args.repeat, args.year):
        if r.error:
            print(f"{r.name}: 错误 {r.error}")
            failed = True
            continue
        sys_ms, base_ms = statistics.median(r.system_ms), statistics.median(r.baseline_ms)
        p95 = lambda xs: sorted(xs)[max(0, round(0.95 * len(xs)) - 1)]  # noqa: E731
        print(f"{r.name}: 系统 {sys_ms:.0f} ms（p95 {p95(r.system_ms):.0f}，{r.queries} 条查询），基线 {base_ms:.0f} ms"
              f"（p95 {p95(r.baseline_ms):.0f}），倍数 {sys_ms / base_ms:.2f}；{r.rows}；"
              f"{ {True: '一致', False: '不一致', None: '—'}[r.same] }" + (f"；{r.note}" if r.note else ""))
        failed |= r.same is False
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
