"""The same-answer raw baseline of the committees' facts (bench/reports.py): every total the 全景
shows, computed from raw SELECTs over the same subtree by the shortest honest route.

Where a figure is a count or a sum, one grouped SELECT gives it. Where it is a judgment — an
organization's organizational life this quarter (良好 or not), a member's run of consecutive
unpaid months, a school's decisions findings — the baseline reads the rows a judgment needs with a
raw cursor and judges them in a plain loop by the rules' own functions (the rule in force through
orglife.rules.rule_in_force, a month's verdict through compliance._judge, as the dashboard's
baseline uses rules.check_structure):
no ORM, no model instances, no names fetched that the total does not need. Before issue 16's city
measurement the baseline only read those rows without judging them, so its ratio compared unequal
work; now `comparable` and `baseline` compare every total of the page, judgments included.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

from bench.appraisal import BASELINE as APPRAISAL_SQL

SQL = {
    # 教职工 and 专任教师 from the staff register's current entries where a school keeps one, else the
    # school's declared figures (committee_facts._schools, staff counts_by_school)
    "schools": """
        SELECT s.ownership, COUNT(*), SUM(CASE WHEN s.party_org_id IS NULL THEN 0 ELSE 1 END),
               SUM(COALESCE(r.staff, s.staff_count)), SUM(COALESCE(r.teachers, s.teacher_count)), SUM(s.student_count)
        FROM orgs_school s LEFT JOIN orgs_partyorg o ON o.id = s.party_org_id
        LEFT JOIN orgs_partyorg sup ON sup.id = s.supervisor_id
        LEFT JOIN (SELECT school_id, COUNT(*) AS staff, SUM(CASE WHEN post = 'teacher' THEN 1 ELSE 0 END) AS teachers
                   FROM staff_staffmember
                   WHERE employed_from <= %(today)s AND (employed_until IS NULL OR employed_until >= %(today)s)
                   GROUP BY school_id) r ON r.school_id = s.id
        WHERE o.path LIKE %(path)s OR sup.path LIKE %(path)s GROUP BY s.ownership""",
    "kinds": """
        SELECT kind, COUNT(*) FROM orgs_partyorg WHERE path LIKE %(path)s AND is_active GROUP BY kind""",
    "members": """
        SELECT COUNT(*), SUM(CASE WHEN m.status = 'full' THEN 1 ELSE 0 END) FROM members_member m
        JOIN orgs_partyorg o ON o.id = m.org_id
        WHERE o.path LIKE %(path)s AND m.standing IN ('normal', 'retained', 'suspended')""",
    "dues": """
        SELECT COUNT(*), SUM(CASE WHEN l.amount_due IS NOT NULL AND l.paid_total >= l.amount_due THEN 1 ELSE 0 END),
               SUM(l.amount_due), SUM(l.paid_total)
        FROM dues_duesline l JOIN orgs_partyorg o ON o.id = l.org_id WHERE o.path LIKE %(path)s AND l.month = %(month)s""",
    # the arrears: unsettled lines of the look-back window, and who pays by the quarter
    "unpaid": """
        SELECT l.member_id, l.month FROM dues_duesline l JOIN orgs_partyorg o ON o.id = l.org_id
        WHERE o.path LIKE %(path)s AND l.month BETWEEN %(window)s AND %(month)s AND l.owing""",
    "quarterly": "SELECT DISTINCT member_id FROM dues_duesarrangement WHERE plan = 'quarterly'",
    "recruitment": """
        SELECT s.code, COUNT(DISTINCT s.file_id) FROM recruitment_steprecord s
        JOIN recruitment_recruitmentfile f ON f.id = s.file_id JOIN orgs_partyorg o ON o.id = f.org_id
        WHERE o.path LIKE %(path)s AND s.code IN ('03', '07', '17') AND s.passed
          AND s.occurred_on BETWEEN %(year_start)s AND %(year_end)s GROUP BY s.code""",
    "plans": """
        SELECT o.path, p.admitted FROM recruitment_developmentplan p JOIN orgs_partyorg o ON o.id = p.org_id
        WHERE o.path LIKE %(path)s AND p.year = %(year)s""",
    # the decisions oversight's findings, per organization: overdue and late executions, meetings
    # without a quorum, large expenditures no decision taken by the day of payment covers
    "matters": """
        SELECT t.org_id, SUM(CASE WHEN t.state = 'executing' AND t.deadline < %(today)s THEN 1 ELSE 0 END)
               + SUM(CASE WHEN t.closed_on IS NOT NULL AND t.deadline IS NOT NULL AND t.closed_on > t.deadline
                     THEN 1 ELSE 0 END)
        FROM decisions_matter t JOIN orgs_partyorg o ON o.id = t.org_id
        WHERE o.path LIKE %(path)s AND t.raised_on >= %(year_start)s GROUP BY t.org_id""",
    "decision_meetings": """
        SELECT m.org_id, SUM(CASE WHEN m.quorate = %(false)s THEN 1 ELSE 0 END) FROM decisions_decisionmeeting m
        JOIN orgs_partyorg o ON o.id = m.org_id WHERE o.path LIKE %(path)s AND m.held_on >= %(year_start)s
        GROUP BY m.org_id""",
    "expenditures": """
        SELECT x.org_id, SUM(CASE WHEN EXISTS (SELECT 1 FROM decisions_matter c WHERE c.id = x.matter_id
                                     AND c.state IN ('passed', 'executing', 'closed', 'reported')
                                     AND c.decided_on <= x.paid_on) THEN 0 ELSE 1 END)
        FROM decisions_expenditure x JOIN orgs_partyorg o ON o.id = x.org_id
        WHERE o.path LIKE %(path)s AND x.above_threshold AND x.paid_on >= %(year_start)s GROUP BY x.org_id""",
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

# organizational life: the facts its judgment needs (organizations owing it, their party groups,
# full members, the overrides in force around the subtree, the meetings grouped by month)
ORGLIFE = {
    "orgs": """SELECT id, path, kind FROM orgs_partyorg
               WHERE path LIKE %(path)s AND is_active AND kind IN ('branch', 'joint_branch', 'committee', 'general_branch')""",
    "groups": "SELECT id, path FROM orgs_partyorg WHERE path LIKE %(path)s AND is_active AND kind = 'group'",
    "full": """SELECT m.org_id, COUNT(*) FROM members_member m JOIN orgs_partyorg o ON o.id = m.org_id
               WHERE o.path LIKE %(path)s AND m.status = 'full' AND m.standing IN ('normal', 'retained', 'suspended')
               GROUP BY m.org_id""",
    "overrides": """SELECT o.path, f.kind, f.frequency, f.min_count, f.effective_from FROM orglife_frequencyoverride f
                    JOIN orgs_partyorg o ON o.id = f.org_id WHERE o.path LIKE %(path)s OR %(root)s LIKE o.path || '%%'""",
    # the meetings grouped by organization, activity, month and group (bench/appraisal.py's, for a quarter)
    "meetings": APPRAISAL_SQL["meetings"],
}

_SEVERITY = ("done", "pending", "late", "not_quorate", "missing")   # the worst party group decides


def _n(value) -> int:
    return int(value or 0)


def _money(value) -> Decimal:
    return Decimal(str(value or 0)).quantize(Decimal("0.01"))


def orglife(cursor, root_path: str, params: dict, quarter, today: datetime.date) -> tuple[int, int]:
    """(organizations below the root owing organizational life this quarter, those 良好)."""
    from dangjian.orglife import rules as R
    from dangjian.orglife.compliance import _judge  # the month's verdict: the same function as the system's
    from dangjian.orgs.models import PartyOrg

    rows = {}
    for name, sql in ORGLIFE.items():
        cursor.execute(sql, params)
        rows[name] = cursor.fetchall()
    step = PartyOrg.steplen   # a group's parent is its path less one step
    groups: dict[str, list[int]] = defaultdict(list)
    for group_id, path in rows["groups"]:
        groups[path[:-step]].append(group_id)
    full = dict(rows["full"])
    overrides = [R.OverrideRow(path, "", kind, frequency, count, since)
                 for path, kind, frequency, count, since in rows["overrides"]]
    tally: dict[tuple, tuple] = {}
    for org_id, kind, month, group_id, on_time, late, not_quorate in rows["meetings"]:
        tally[(org_id, kind, group_id, month)] = (_n(on_time), _n(late), _n(not_quorate))
    schedules: dict[tuple, list] = {}
    assessed = compliant = 0
    for org_id, path, kind_of_org in rows["orgs"]:
        if path == root_path:
            continue
        required = held = 0
        my_groups = groups.get(path, [])
        for kind in R.ACTIVITIES_BY_ORG_KIND[kind_of_org]:
            if kind == R.Kind.GROUP_MEETING and not my_groups:
                continue
            if (kind == R.Kind.COMMITTEE_MEETING and kind_of_org in ("branch", "joint_branch")
                    and full.get(org_id, 0) < R.COMMITTEE_MIN_FULL_MEMBERS):
                continue
            applying = tuple(o for o in overrides if o.kind == kind and path.startswith(o.path))
            key = (kind, applying)
            if key not in schedules:
                steps, cursor_day = [], quarter.start
                while cursor_day <= quarter.end and cursor_day <= today:
                    rule = R.rule_in_force(kind, path, cursor_day, list(applying))
                    if not R.checked_in(rule, quarter):
                        break
                    sub = R.period_of(cursor_day, rule.frequency)
                    steps.append((rule.min_count, sub.month_starts(), sub.end < today))
                    cursor_day = sub.end + datetime.timedelta(days=1)
                schedules[key] = steps
            for minimum, months, ended in schedules[key]:
                if kind == R.Kind.GROUP_MEETING:
                    status = max((_judge(_months(tally, org_id, kind, g, months), minimum, ended) for g in my_groups),
                                 key=_SEVERITY.index)
                else:
                    status = _judge(_months(tally, org_id, kind, None, months), minimum, ended)
                required += status != "pending"
                held += status in ("done", "late")
        if required:
            assessed += 1
            compliant += 100 * held / required >= R.GREEN_FROM
    return assessed, compliant


def _months(tally, org_id, kind, group_id, months) -> tuple[int, int, int]:
    on_time = late = not_quorate = 0
    for month in months:
        t = tally.get((org_id, kind, group_id, month))
        if t:
            on_time, late, not_quorate = on_time + t[0], late + t[1], not_quorate + t[2]
    return on_time, late, not_quorate


def baseline(path: str, today: datetime.date, month: datetime.date, quarter, rating_year: int | None) -> dict:
    from django.db import connection

    from dangjian.dues import rules as DR
    from dangjian.dues.selectors import ARREARS_LOOKBACK, last_closed_month
    from dangjian.orglife import rules as R

    window = R.add_months(month, -(ARREARS_LOOKBACK - 1))
    params = {"path": path + "%", "root": path, "today": today, "month": month, "window": window, "year": today.year,
              "year_start": datetime.date(today.year, 1, 1), "year_end": datetime.date(today.year, 12, 31),
              "start": quarter.start, "end": quarter.end, "rating_year": rating_year or 0,
              "false": False}
    rows = {}
    with connection.cursor() as cursor:
        for name, sql in SQL.items():
            cursor.execute(sql, params)
            rows[name] = cursor.fetchall()
        assessed, compliant = orglife(cursor, path, params, quarter, today)
    schools = {ownership: row for ownership, *row in rows["schools"]}
    public, private = schools.get("public", (0,) * 5), schools.get("private", (0,) * 5)
    members, full = rows["members"][0]
    due_count, paid_count, due_amount, paid_amount = rows["dues"][0]
    # arrears: each member's run of unsettled months back from their last overdue month
    unpaid: dict[int, set] = defaultdict(set)
    for member_id, line_month in rows["unpaid"]:
        unpaid[member_id].add(line_month)
    quarterly = {member_id for (member_id,) in rows["quarterly"]}
    arrears_3 = arrears_6 = 0
    for member_id, months in unpaid.items():
        cursor_month, run = last_closed_month(today, member_id in quarterly), 0
        while cursor_month in months and cursor_month >= window:
            run += 1
            cursor_month = R.add_months(cursor_month, -1)
        arrears_3 += run >= DR.WARNING_MONTHS
        arrears_6 += run >= DR.LAPSE_MONTHS
    findings: dict[int, int] = defaultdict(int)
    for name in ("matters", "decision_meetings", "expenditures"):
        for org_id, n in rows[name]:
            findings[org_id] += _n(n)
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
    steps = dict(rows["recruitment"])
    total, closed, overdue = rows["rectification"][0]
    return {"schools": (_n(public[0]), _n(private[0]), _n(public[1]), _n(private[1])),
            "staff": (_n(public[2]) + _n(private[2]), _n(public[3]) + _n(private[3]), _n(public[4]) + _n(private[4])),
            "kinds": {kind: n for kind, n in rows["kinds"] if n},
            "members": (_n(members), _n(full)), "orglife": (assessed, compliant),
            "dues": (_n(due_count), _n(paid_count), _money(due_amount), _money(paid_amount)),
            "arrears": (arrears_3, arrears_6),
            "recruitment": (planned, _n(steps.get("17")), _n(steps.get("03")), _n(steps.get("07"))),
            "decisions": (sum(findings.values()), sum(1 for n in findings.values() if n)),
            "stars": (stars, revoked, titles), "weak": _n(rows["weak"][0][0]),
            "rectification": (_n(total), _n(closed), _n(total) - _n(closed), _n(overdue))}


def comparable(facts) -> dict:
    """Every total the system's facts give (the 全景's total row and the summary's figures)."""
    from dangjian.orgs.models import OrgKind

    t = facts.total
    values = {label: value for value, label in OrgKind.choices}
    return {"schools": (t.public_schools, t.private_schools, t.public_covered, t.private_covered),
            "staff": (t.staff, t.teachers, t.students),
            "kinds": {values[label]: n for label, n in facts.kinds.items() if n},
            "members": (t.members, t.full_members), "orglife": (t.orglife_assessed, t.orglife_compliant),
            "dues": (t.dues_due_count, t.dues_paid_count, t.dues_due_amount, t.dues_paid_amount),
            "arrears": (t.arrears_3, t.arrears_6),
            "recruitment": (t.plan_admitted, t.admitted, t.activists, t.candidates),
            "decisions": (t.decision_findings, t.decision_schools),
            "stars": (t.star_counts, t.revoked, t.titles), "weak": t.weak,
            "rectification": (t.rect_total, t.rect_closed, t.rect_open, t.rect_overdue)}
