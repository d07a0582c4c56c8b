"""The dues operations of the benchmark (issue 5): each system call beside a hand-written
baseline doing the same work over the same rows, both returning comparable values.

    ledger      services.generate_ledger(city, month) — a month's lines for every member
    collection  selectors.collection_sheet(city, month) — 应缴/实缴 per billing organization

The ledger is a write: every timed run starts from the same state. Inside one outer
transaction, each run opens a savepoint, removes the month's lines (and their payments)
untimed, generates them timed, and rolls back to the savepoint — so system and baseline
write into exactly the same empty month, and the data are left as they were.
"""

from __future__ import annotations

import datetime
import time
from decimal import Decimal

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from bench.baselines import _date, _rows
from dangjian.dues import rules as R
from dangjian.dues import selectors, services
from dangjian.dues.models import DuesLedgerMonth, DuesLine, DuesPayment
from dangjian.members.models import Standing
from dangjian.orgs.models import PartyOrg


def _money(value) -> Decimal | None:
    """A money column read through a raw cursor (SQLite hands back floats) as exact yuan."""
    return None if value is None else R.to_cents(Decimal(str(value)))


class _Rollback(Exception):
    pass


def _cleared_month(month: datetime.date, within: str) -> None:
    """Remove the month's ledger under `within` (untimed set-up of every ledger run)."""
    lines = DuesLine.objects.filter(month=month, org__path__startswith=within)
    payments = DuesPayment.objects.filter(line__in=lines)
    payments.filter(reverses__isnull=False).delete()  # reversals first: they protect what they reverse
    payments.delete()
    lines.delete()
    DuesLedgerMonth.objects.filter(month=month, org__path__startswith=within).delete()


def written_lines(month: datetime.date, within: str) -> list[tuple]:
    """What a generation wrote, comparable across the two sides."""
    return [(m, o, c, _money(b), _money(a)) for m, o, c, b, a in _rows(
        "SELECT l.member_id, l.org_id, l.category, l.base, l.amount_due FROM dues_duesline l "
        "JOIN orgs_partyorg o ON o.id = l.org_id WHERE l.month = %s AND o.path LIKE %s ORDER BY l.member_id",
        [month, within + "%"])]


def time_ledger(generate, month: datetime.date, org: PartyOrg) -> tuple[float, list[tuple], int]:
    """One timed generation of the emptied month, rolled back: (milliseconds, rows written,
    queries of the generation alone)."""
    try:
        with transaction.atomic():
            _cleared_month(month, org.path)
            with CaptureQueriesContext(connection) as ctx:
                started = time.perf_counter()
                generate()
                elapsed = (time.perf_counter() - started) * 1000
            rows = written_lines(month, org.path)
            raise _Rollback
    except _Rollback:
        pass
    return elapsed, rows, len(ctx.captured_queries)


def ledger_system(org: PartyOrg, month: datetime.date, today: datetime.date):
    return lambda: services.generate_ledger(org, month, today=today)


def ledger_baseline(org: PartyOrg, month: datetime.date):
    """The same lines from three SELECTs and one multi-row INSERT per 1,000 lines: the billing
    organization (earliest-started membership period overlapping the month), the latest base,
    any hardship waiver; amounts from the same pure calculator (rules.dues_for). No audit entry,
    no scope check, no per-organization "ledger generated" marker."""
    def run():
        first, last, like = month, R.last_day(month), org.path + "%"
        billed: dict[int, int] = {}
        for member_id, org_id in _rows(
                "SELECT ms.member_id, ms.org_id FROM members_membership ms JOIN orgs_partyorg o ON o.id = ms.org_id "
                "WHERE ms.started_on <= %s AND (ms.ended_on IS NULL OR ms.ended_on >= %s) AND o.path LIKE %s "
                "ORDER BY ms.member_id, ms.started_on DESC, ms.id DESC", [last, first, like]):
            billed[member_id] = org_id  # the earliest period comes last and wins
        for member_id, org_id in _rows(
                "SELECT m.id, m.org_id FROM members_member m JOIN orgs_partyorg o ON o.id = m.org_id "
                "WHERE o.path LIKE %s AND (m.joined_on IS NULL OR m.joined_on <= %s) "
                "AND (m.left_on IS NULL OR m.left_on >= %s) "
                "AND NOT EXISTS (SELECT 1 FROM members_membership x WHERE x.member_id = m.id)", [like, last, first]):
            billed[member_id] = org_id
        members = {i: (_date(j), s) for i, j, s in _rows(
            "SELECT m.id, m.joined_on, m.standing FROM members_member m JOIN orgs_partyorg o ON o.id = m.org_id "
            "WHERE m.id IN (SELECT member_id FROM members_membership ms JOIN orgs_partyorg p ON p.id = ms.org_id "
            "WHERE p.path LIKE %s) OR o.path LIKE %s", [like, like])}
        existing = {i for (i,) in _rows("SELECT member_id FROM dues_duesline WHERE month = %s", [month])}
        todo = {m for m in billed if m not in existing and members[m][1] != Standing.SUSPENDED
                and (members[m][0] is None or R.first_of_month(members[m][0]) <= month)}
        bases = {}
        for member_id, category, base in _rows(
                "SELECT member_id, category, base FROM dues_duesbase WHERE effective_month <= %s "
                "ORDER BY member_id, effective_month, id", [month]):
            if member_id in todo:
                bases[member_id] = (category, _money(base))
        waived = {}
        for member_id, amount in _rows(
                "SELECT member_id, amount FROM dues_hardshipapproval WHERE from_month <= %s "
                "AND (to_month IS NULL OR to_month >= %s) ORDER BY member_id, approved_on, id", [month, month]):
            if member_id in todo:
                waived[member_id] = _money(amount)
        values = []
        for member_id in sorted(todo):
            category, base = bases.get(member_id, (None, None))
            if member_id in waived:
                dues = R.dues_for(R.Category.HARDSHIP, base or 0, approved_amount=waived[member_id])
                category = R.Category.HARDSHIP
            elif base is not None:
                dues = R.dues_for(category, base, month=month)
            else:
                values.append((member_id, billed[member_id], month, R.Category.IN_SERVICE, None, None, None, ""))
                continue
            values.append((member_id, billed[member_id], month, category, base, dues.rate, dues.amount,
                           dues.rule[:300]))
        with connection.cursor() as cur:
            for start in range(0, len(values), 1000):
                chunk = values[start:start + 1000]
                cur.execute("INSERT INTO dues_duesline (member_id, org_id, month, category, base, rate, amount_due, "
                            "rule, paid_total, extra_total) VALUES "
                            + ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s, 0, 0)"] * len(chunk)),
                            [v for row in chunk for v in row])
        return len(values)
    return run


def collection_system(org: PartyOrg, month: datetime.date):
    def run():
        rows, total = selectors.collection_sheet(org, month)
        return [(r.org_id, r.due_count, r.paid_count, r.due_amount, r.paid_amount, r.extra_amount, r.missing_base)
                for r in rows], (total.due_count, total.paid_count, total.due_amount, total.paid_amount)
    return run


def collection_baseline(org: PartyOrg, month: datetime.date):
    """One GROUP BY over the month's lines of the subtree, totals added in Python."""
    def run():
        rows = [(o, d, p, _money(a or 0), _money(b or 0), _money(e or 0), m)
                for o, d, p, a, b, e, m in _rows(
                    "SELECT l.org_id, COUNT(*), "
                    "SUM(CASE WHEN l.amount_due IS NOT NULL AND l.paid_total >= l.amount_due THEN 1 ELSE 0 END), "
                    "SUM(l.amount_due), SUM(l.paid_total), SUM(l.extra_total), "
                    "SUM(CASE WHEN l.amount_due IS NULL THEN 1 ELSE 0 END) "
                    "FROM dues_duesline l JOIN orgs_partyorg o ON o.id = l.org_id "
                    "WHERE l.month = %s AND o.path LIKE %s GROUP BY l.org_id, o.path ORDER BY o.path",
                    [month, org.path + "%"])]
        total = (sum(r[1] for r in rows), sum(r[2] for r in rows), sum((r[3] for r in rows), Decimal("0.00")),
                 sum((r[4] for r in rows), Decimal("0.00")))
        return rows, total
    return run


def by_child_system(org: PartyOrg, month: datetime.date):
    def run():
        rows, total = selectors.collection_by_child(org, month)
        return [(r.org_id, r.due_count, r.paid_count, r.due_amount, r.paid_amount) for r in rows], (
            total.due_count, total.paid_count, total.due_amount, total.paid_amount)
    return run


def by_child_baseline(org: PartyOrg, month: datetime.date):
    """One GROUP BY on the path prefix of the next level, joined back to the organizations."""
    def run():
        width = len(org.path) + PartyOrg.steplen
        rows = [(o, d, p, _money(a or 0), _money(b or 0)) for o, d, p, a, b in _rows(
            "SELECT h.id, s.d, s.p, s.a, s.b FROM (SELECT SUBSTR(o.path, 1, %s) AS prefix, COUNT(*) AS d, "
            "SUM(CASE WHEN l.amount_due IS NOT NULL AND l.paid_total >= l.amount_due THEN 1 ELSE 0 END) AS p, "
            "SUM(l.amount_due) AS a, SUM(l.paid_total) AS b FROM dues_duesline l "
            "JOIN orgs_partyorg o ON o.id = l.org_id WHERE l.month = %s AND o.path LIKE %s GROUP BY 1) s "
            "JOIN orgs_partyorg h ON h.path = s.prefix ORDER BY s.prefix", [width, month, org.path + "%"])]
        total = (sum(r[1] for r in rows), sum(r[2] for r in rows), sum((r[3] for r in rows), Decimal("0.00")),
                 sum((r[4] for r in rows), Decimal("0.00")))
        return rows, total
    return run


def collection_rows(got) -> str:
    rows, (due, paid, due_amount, paid_amount) = got
    return f"{len(rows)} 个组织 · 应缴 {due} 人 {due_amount} 元 · 实缴 {paid} 人 {paid_amount} 元"


def billed_count(month: datetime.date, org: PartyOrg) -> int:
    return DuesLine.objects.filter(month=month, org__path__startswith=org.path).count()

