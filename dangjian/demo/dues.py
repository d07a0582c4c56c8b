"""Five years of party dues for the demo: yearly bases, monthly ledger lines, payments,
voluntary extra payments, hardship approvals and quarterly remittances.

Every line's category, rate, amount and rule come from `dangjian.dues.services.line_values`,
the one calculator generate_ledger uses (rules.stored_dues), once per base and waiver; only
the writing is bulk — plain rows, COPY on PostgreSQL (dangjian.core.bulk), in batches of
members so that 1.3 million lines at city scale never sit in memory at once.
The ledger is billed by the member's organization from the month of joining (the billing
rule's fallback for records without membership periods) and follows the payments rules:
payments in the month or as 补交 at most 6 months later, never in advance.

Behaviour, drawn from its own random stream: most members pay every month on time; some pay
a few months late as back payments; a few are in arrears at the end (3–5 months: warning;
6–8 months: flagged); ~1 % pay a voluntary extra around 七一, a few of them ≥ 1000 yuan;
members flagged in hardship have a waiver approved by the county committee for the last year.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max
from django.utils import timezone

from dangjian.core.bulk import indexes_built_after, insert_rows
from dangjian.dues import rules as R
from dangjian.dues import services
from dangjian.dues.models import (
    DeclaredBy,
    DuesBase,
    DuesLine,
    DuesPayment,
    HardshipApproval,
    Method,
    PaymentKind,
    Remittance,
)

YEARS = 5
BATCH_MEMBERS = 400
LATE_SHARE, WARNING_SHARE, LAPSE_SHARE = 0.06, 0.02, 0.006
EXTRA_SHARE, BIG_EXTRA_SHARE = 0.012, 0.08
CASH_SHARE, TRANSFER_SHARE = 0.35, 0.25  # the rest (40 %) online
RAISES = ("1.00", "1.02", "1.03", "1.05")
ZERO = Decimal("0.00")


@dataclass
class DuesCounts:
    bases: int = 0
    lines: int = 0
    payments: int = 0
    extras: int = 0
    remittances: int = 0
    hardships: int = 0


def _method(rng: random.Random) -> tuple[str, str]:
    draw = rng.random()
    if draw < CASH_SHARE:
        return Method.CASH, ""
    if draw < CASH_SHARE + TRANSFER_SHARE:
        return Method.TRANSFER, ""
    return Method.ONLINE, f"WX{rng.randrange(10 ** 12):012d}"


def _base_for(plan, rng: random.Random) -> tuple[str, Decimal]:
    if plan.retiree:
        return R.Category.RETIRED, Decimal(rng.randrange(3000_00, 7200_00)) / 100
    return R.Category.IN_SERVICE, Decimal(rng.randrange(3600_00, 9800_00)) / 100


def write_dues(members, today: datetime.date, seed: int) -> DuesCounts:
    """Write five years of dues for `members` (MemberPlan with .db saved and .org written)."""
    rng = random.Random(f"{seed}:dues")
    parents = {p.org.id: p.org.parent for p in members if p.org.parent is not None}
    counts = DuesCounts()
    current = R.first_of_month(today)
    first = R.add_months(current, -(12 * YEARS - 1))
    collected: dict[tuple[int, int], Decimal] = defaultdict(Decimal)  # (org id, quarter index) → yuan
    ids = _Ids()
    with indexes_built_after(DuesBase, DuesLine, DuesPayment):  # 1.4 million lines and payments a city
        for start in range(0, len(members), BATCH_MEMBERS):
            _write_batch(members[start:start + BATCH_MEMBERS], rng, first, current, today, counts, collected, ids,
                         {org_id: parent.name for org_id, parent in parents.items()})
    ids.close()
    _mark_generated()
    counts.remittances = _write_remittances(collected, today, parents)
    return counts


class _Ids:
    """Ids of the lines and payments given here rather than by the database, so that a payment
    knows its line without reading back the million lines just written. The tables are locked
    for the rest of the seeding transaction (nobody else inserts meanwhile) and the sequences
    are set past the last id at the end."""

    def __init__(self):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {DuesLine._meta.db_table}, {DuesPayment._meta.db_table} "
                               "IN SHARE ROW EXCLUSIVE MODE")
        self.line = (DuesLine.objects.aggregate(last=Max("id"))["last"] or 0) + 1
        self.payment = (DuesPayment.objects.aggregate(last=Max("id"))["last"] or 0) + 1

    def close(self) -> None:
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), [DuesLine, DuesPayment]):
                cursor.execute(statement)


def _mark_generated() -> None:
    """The "ledger generated" marker of every (organization, month) that has lines, in one
    statement (the city's 120,000 markers)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO dues_duesledgermonth (org_id, month, generated_at) "
            "SELECT DISTINCT l.org_id, l.month, %s FROM dues_duesline l WHERE NOT EXISTS "
            "(SELECT 1 FROM dues_duesledgermonth x WHERE x.org_id = l.org_id AND x.month = l.month)",
            [connection.ops.adapt_datetimefield_value(timezone.now())])


BASE_COLUMNS = ("member_id", "base", "category", "effective_month", "declared_by", "entered_at", "checked_on", "note")
LINE_COLUMNS = ("id", *services.LINE_COLUMNS)
PAYMENT_COLUMNS = ("id", "line_id", "kind", "amount", "method", "reference", "paid_on", "proxy_name", "remit_in_full",
                   "idempotency_key", "is_reversed", "reason", "recorded_at")


def _write_batch(plans, rng, first, current, today, counts, collected, ids, county_of) -> None:
    now = timezone.now()
    bases, hardships, lines, payments = [], [], [], []
    for plan in plans:
        joined = R.first_of_month(plan.joined_on) if plan.joined_on else first
        start = max(first, joined)
        end = min(current, R.first_of_month(plan.left_on)) if plan.left_on else current
        if start > end or plan.standing == "suspended":
            continue
        member_id, org_id = plan.db.pk, plan.org.id
        category, base = _base_for(plan, rng)
        waived_from = None
        if plan.in_hardship and not plan.persona:
            waived_from = max(start, R.add_months(current, -11))
            hardships.append(HardshipApproval(member_id=member_id, from_month=waived_from, amount=ZERO,
                                              approved_by=county_of.get(org_id, "上级党委"),
                                              approved_on=waived_from.replace(day=8),
                                              reason="家庭经济困难，经党支部研究、报上级党委批准免交"))
        draw = rng.random()
        kind = ("punctual" if plan.persona else "lapse" if draw < LAPSE_SHARE
                else "warning" if draw < LAPSE_SHARE + WARNING_SHARE
                else "late" if draw < LAPSE_SHARE + WARNING_SHARE + LATE_SHARE else "punctual")
        unpaid_tail = {"lapse": rng.randint(6, 8), "warning": rng.randint(3, 5)}.get(kind, 0)
        cutoff = R.add_months(current, -unpaid_tail) if unpaid_tail else None  # from it on: unpaid
        # The line's values through the services' calculator (the one generate_ledger uses),
        # once per base and waiver: a member has one base a year, sixty months.
        values = None
        month = start
        while month <= end:
            if values is None or month.month == 1:
                if values is not None:  # a yearly raise, checked in January
                    base = R.to_cents(base * Decimal(rng.choice(RAISES)))
                bases.append((member_id, base, category, month, DeclaredBy.ORGANIZATION, now, month.replace(day=15), ""))
                values = services.line_values(month, category, base, None)
                waived = services.line_values(month, category, base, ZERO)
            line_id = ids.line
            ids.line += 1
            category_, base_, rate, due, rule = waived if waived_from is not None and month >= waived_from else values
            paid = extra = ZERO
            if due and not (cutoff is not None and month >= cutoff):
                paid_on, late = _paid_on(rng, kind, month, current, today)
                if paid_on is not None:
                    paid = due
                    method, reference = _method(rng)
                    kind_ = PaymentKind.BACK if late else PaymentKind.REGULAR
                    payments.append((ids.payment, line_id, kind_, due, method, reference, paid_on, "", False,
                                     f"demo-{line_id}-{kind_}", False, "", now))
                    ids.payment += 1
                    collected[(org_id, R.month_index(paid_on) // 3)] += due
                    if month.month == 7 and rng.random() < EXTRA_SHARE:
                        big = rng.random() < BIG_EXTRA_SHARE
                        extra = Decimal(rng.choice((1000, 2000, 5000)) if big else rng.choice((50, 100, 200, 500)))
                        payments.append((ids.payment, line_id, PaymentKind.EXTRA, extra, method, reference, paid_on,
                                         "", extra >= R.REMIT_IN_FULL_FROM, f"demo-{line_id}-{PaymentKind.EXTRA}",
                                         False, "", now))
                        ids.payment += 1
                        collected[(org_id, R.month_index(paid_on) // 3)] += extra
            lines.append((line_id, member_id, org_id, month, category_, base_, rate, due, rule, paid, extra))
            month = R.add_months(month, 1)
    insert_rows(DuesBase, BASE_COLUMNS, bases)
    HardshipApproval.objects.bulk_create(hardships, batch_size=5000)
    # Lines go in with their totals: a bulk UPDATE of a million lines afterwards costs more
    # than the whole insert. Month by month, as generate_ledger writes them: a month's lines
    # then share pages, and the month's sums (the collection sheet) read a few hundred pages
    # rather than one page per line.
    lines.sort(key=lambda line: (line[3], line[0]))
    insert_rows(DuesLine, LINE_COLUMNS, lines)
    insert_rows(DuesPayment, PAYMENT_COLUMNS, payments)
    counts.bases += len(bases)
    counts.hardships += len(hardships)
    counts.lines += len(lines)
    counts.payments += sum(p[2] != PaymentKind.EXTRA for p in payments)
    counts.extras += sum(p[2] == PaymentKind.EXTRA for p in payments)


def _paid_on(rng, kind: str, month: datetime.date, current: datetime.date, today: datetime.date):
    """(payment date, paid late) of a payable month, or (None, False) while still unpaid: in the
    month, or for a late payer sometimes as 补交 up to BACK_PAYMENT_MONTHS later (第十二条),
    never after today (no advance: the date is never before the month)."""
    if month == current and (today.day < 10 or rng.random() < 0.4):
        return None, False  # this month is still being collected
    delay = rng.randint(1, R.BACK_PAYMENT_MONTHS) if kind == "late" and rng.random() < 0.15 else 0
    paid_month = R.add_months(month, delay) if delay else month
    if paid_month > current:
        return None, False  # would be paid later than today: still unpaid
    day = 3 + int(rng.random() * 23)
    paid_on = paid_month.replace(day=day) if paid_month < current else min(today, paid_month.replace(day=day))
    return paid_on, delay > 0


def _write_remittances(collected, today, parents) -> int:
    """上缴 per organization and finished quarter, on the 10th of the month after it."""
    current_quarter = R.month_index(today) // 3
    rows = []
    now = timezone.now()
    for (org_id, quarter), amount in sorted(collected.items()):
        if quarter >= current_quarter or amount <= 0:
            continue
        start = datetime.date(quarter // 4, quarter % 4 * 3 + 1, 1)
        end = R.add_months(start, 2)
        remitted_on = R.add_months(end, 1).replace(day=10)
        parent = parents.get(org_id)
        rows.append((org_id, start, end, amount, min(remitted_on, today), parent.id if parent else None,
                     parent.name if parent else "上级党委", f"党费上缴{start:%Y}Q{quarter % 4 + 1}", "", now))
    return insert_rows(Remittance, REMITTANCE_COLUMNS, rows)


REMITTANCE_COLUMNS = ("org_id", "period_start", "period_end", "amount", "remitted_on", "to_org_id", "to_org_name",
                      "reference", "note", "recorded_at")
