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
    """What a generation wrote, every column but the id, comparable across the two sides."""
    return [(m, o, c, _money(b), None if r is None else Decimal(str(r)).quantize(Decimal("0.0001")), _money(a), t,
             _money(p), _money(e)) for m, o, c, b, r, a, t, p, e in _rows(
        "SELECT l.member_id, l.org_id, l.category, l.base, l.rate, l.amount_due, l.rule, l.paid_total, l.extra_total "
        "FROM dues_duesline l "
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


def _terms_sql(month: datetime.date, hardship_amounts) -> tuple[str, str, str, list]:
    """The rate, amount and rule columns of a line as SQL CASE expressions over the columns
    `category`, `base` and `hardship` of the baseline's inner SELECT, with their parameters —
    what a hand-written statement would carry as constants: one branch per bracket of the
    tables in force in the month (rules.TABLES), its rule text taken once from the calculator
    (rules.dues_for on the bracket's upper bound, or its lower bound + 1 yuan for the open
    one), and one per approved hardship amount in force. The amount is rounded half up to the
    cent in integer cents (exact on PostgreSQL and SQLite alike, where numbers are floats)."""
    rate_sql, amount_sql, rule_sql = ["CASE"], ["CASE"], ["CASE"]
    rate_params: list = []
    amount_params: list = []
    rule_params: list = []
    for amount in sorted(hardship_amounts):
        text = R.dues_for(R.Category.HARDSHIP, 0, approved_amount=amount).rule[:300]
        amount_sql.append("WHEN hardship = CAST(%s AS NUMERIC) THEN hardship")
        amount_params.append(amount)
        rule_sql.append("WHEN hardship = CAST(%s AS NUMERIC) THEN %s")
        rule_params += [amount, text]
    rate_sql.append("WHEN hardship IS NOT NULL THEN NULL")
    for category in sorted(R.FIXED_CATEGORIES):
        dues = R.dues_for(category, 0, month=month)
        rate_sql.append("WHEN category = %s THEN NULL")
        rate_params.append(category)
        amount_sql.append("WHEN category = %s THEN %s")
        amount_params += [category, dues.amount]
        rule_sql.append("WHEN category = %s THEN %s")
        rule_params += [category, dues.rule[:300]]
    for category in R.TABLES:
        table = R.table_for(category, month)
        lower = Decimal("0")
        for bracket in table.brackets:
            sample = bracket.upper if bracket.upper is not None else lower + 1
            dues = R.dues_for(category, sample, month=month)
            rate_e4 = int(bracket.rate * 10000)
            where = "category = %s" + ("" if bracket.upper is None else " AND base <= CAST(%s AS NUMERIC)")
            cond = [category] + ([] if bracket.upper is None else [bracket.upper])
            rate_sql.append(f"WHEN {where} THEN %s")
            rate_params += [*cond, bracket.rate]
            # base × rate to the cent, half up: (cents × rate·10⁴ + 5,000) ÷ 10,000 in integers
            amount_sql.append(f"WHEN {where} THEN ((CAST(ROUND(base * 100) AS BIGINT) * {rate_e4} + 5000) / 10000) / 100.0")
            amount_params += cond
            rule_sql.append(f"WHEN {where} THEN %s")
            rule_params += [*cond, dues.rule[:300]]
            lower = bracket.upper or lower
    return (" ".join(rate_sql) + " END", " ".join(amount_sql) + " END", " ".join(rule_sql) + " ELSE '' END",
            rate_params + amount_params + rule_params)


def ledger_baseline(org: PartyOrg, month: datetime.date):
    """The same lines in one INSERT … SELECT: the billed members (the earliest-started
    membership period overlapping the month, in the subtree; records without periods by
    their organization), not suspended, joined by the month, without a line; the latest base
    and the hardship approval in force through correlated subqueries; rate, amount and rule
    text computed in the statement (_terms_sql). Before it, one small SELECT of the approved
    hardship amounts in force (their texts are constants of the statement). No audit entry,
    no scope check, no per-organization "ledger generated" marker."""
    def run():
        first, last, like = month, R.last_day(month), org.path + "%"
        amounts = {_money(a) for (a,) in _rows(
            "SELECT DISTINCT amount FROM dues_hardshipapproval WHERE from_month <= %s "
            "AND (to_month IS NULL OR to_month >= %s)", [month, month])}
        rate_sql, amount_sql, rule_sql, term_params = _terms_sql(month, amounts)
        overlap = "{t}.started_on <= %s AND ({t}.ended_on IS NULL OR {t}.ended_on >= %s)"
        # MATERIALIZED: the CASEs name `base` and `category` a dozen times; inlined, PostgreSQL
        # would run the correlated subqueries once per mention.
        sql = (
            "WITH t AS MATERIALIZED (SELECT b.member_id, b.org_id, "
            "(SELECT d.category FROM dues_duesbase d WHERE d.member_id = b.member_id AND d.effective_month <= %s "
            "ORDER BY d.effective_month DESC, d.id DESC LIMIT 1) AS category, "
            "(SELECT d.base FROM dues_duesbase d WHERE d.member_id = b.member_id AND d.effective_month <= %s "
            "ORDER BY d.effective_month DESC, d.id DESC LIMIT 1) AS base, "
            "(SELECT h.amount FROM dues_hardshipapproval h WHERE h.member_id = b.member_id AND h.from_month <= %s "
            "AND (h.to_month IS NULL OR h.to_month >= %s) ORDER BY h.approved_on DESC, h.id DESC LIMIT 1) AS hardship "
            "FROM (SELECT ms.member_id, ms.org_id FROM members_membership ms JOIN orgs_partyorg o ON o.id = ms.org_id "
            f"WHERE {overlap.format(t='ms')} AND o.path LIKE %s AND NOT EXISTS (SELECT 1 FROM members_membership e "
            f"WHERE e.member_id = ms.member_id AND {overlap.format(t='e')} AND (e.started_on < ms.started_on "
            "OR (e.started_on = ms.started_on AND e.id < ms.id))) "
            "UNION ALL SELECT m.id, m.org_id FROM members_member m JOIN orgs_partyorg o ON o.id = m.org_id "
            "WHERE o.path LIKE %s AND (m.joined_on IS NULL OR m.joined_on <= %s) AND (m.left_on IS NULL OR m.left_on >= %s) "
            "AND NOT EXISTS (SELECT 1 FROM members_membership x WHERE x.member_id = m.id)) b "
            "JOIN members_member mm ON mm.id = b.member_id "
            "WHERE mm.standing <> %s AND (mm.joined_on IS NULL OR mm.joined_on <= %s) "
            "AND NOT EXISTS (SELECT 1 FROM dues_duesline l WHERE l.member_id = b.member_id AND l.month = %s)) "
            "INSERT INTO dues_duesline (member_id, org_id, month, category, base, rate, amount_due, rule, "
            "paid_total, extra_total) "
            "SELECT member_id, org_id, %s, CASE WHEN hardship IS NOT NULL THEN 'hardship' "
            "ELSE COALESCE(category, 'in_service') END, base, "
            f"{rate_sql}, {amount_sql}, {rule_sql}, 0, 0 FROM t ORDER BY member_id")
        params = [month, month, month, month, last, first, like, last, first, like, last, first,
                  Standing.SUSPENDED, last, month, month, *term_params]
        with connection.cursor() as cur:
            cur.execute(sql, params)
            return cur.rowcount
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



def arrears_system(org: PartyOrg, today: datetime.date):
    """The arrears list (欠缴名单: the page, the API and the committees' figures call it)."""
    def run():
        return sorted((a.member_id, tuple(a.months), a.amount) for a in selectors.arrears(org, today=today))
    return run


def arrears_baseline(org: PartyOrg, today: datetime.date):
    """The shortest honest route to the same list: the subtree's unsettled lines of the look-back
    window (one SELECT, names joined), who pays by the quarter (one SELECT), then each member's run
    of consecutive unsettled months counted back from their last overdue month in a plain loop."""
    def run():
        end = selectors.last_closed_month(today)
        start = R.add_months(end, -(selectors.ARREARS_LOOKBACK - 1))
        unpaid: dict[int, dict] = {}
        for member_id, month, amount, _org_id, _org_name, _name in _rows(
                "SELECT l.member_id, l.month, l.amount_due, l.org_id, o.name, m.name FROM dues_duesline l "
                "JOIN orgs_partyorg o ON o.id = l.org_id JOIN members_member m ON m.id = l.member_id "
                "WHERE o.path LIKE %s AND l.month BETWEEN %s AND %s AND l.owing", [org.path + "%", start, end]):
            unpaid.setdefault(member_id, {})[_date(month)] = _money(amount)
        quarterly = {m for (m,) in _rows("SELECT DISTINCT member_id FROM dues_duesarrangement WHERE plan = 'quarterly'",
                                         [])}
        found = []
        for member_id, months in unpaid.items():
            month, run_months, amount = selectors.last_closed_month(today, member_id in quarterly), [], Decimal("0.00")
            while month in months and month >= start:
                run_months.append(month)
                amount += months[month]
                month = R.add_months(month, -1)
            if run_months:
                found.append((member_id, tuple(run_months), amount))
        return sorted(found)
    return run


def arrears_rows(got) -> str:
    return f"{len(got)} 人欠缴，其中连续 3 个月以上 {sum(len(months) >= 3 for _, months, _ in got)} 人"
