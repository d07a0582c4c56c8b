"""Five years of party dues for the demo: yearly bases, monthly ledger lines, payments,
voluntary extra payments, hardship approvals and quarterly remittances.

Every amount comes from the one calculator (`dangjian.dues.rules.dues_for`) and every line is
filled by `dangjian.dues.services.fill_line`, as `generate_ledger` fills them; only the writing
is bulk (batches of members, so 1.3 million lines at city scale never sit in memory at once).
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

from django.db import connection
from django.utils import timezone

from dangjian.dues import rules as R
from dangjian.dues.models import (
    DeclaredBy,
    DuesBase,
    DuesLedgerMonth,
    DuesLine,
    DuesPayment,
    HardshipApproval,
    Method,
    PaymentKind,
    Remittance,
)
from dangjian.dues.services import fill_line

YEARS = 5
BATCH_MEMBERS = 400
LATE_SHARE, WARNING_SHARE, LAPSE_SHARE = 0.06, 0.02, 0.006
EXTRA_SHARE, BIG_EXTRA_SHARE = 0.012, 0.08
METHODS = ((Method.CASH, 35), (Method.TRANSFER, 25), (Method.ONLINE, 40))


@dataclass
class DuesCounts:
    bases: int = 0
    lines: int = 0
    payments: int = 0
    extras: int = 0
    remittances: int = 0
    hardships: int = 0


def _method(rng: random.Random) -> tuple[str, str]:
    values, weights = zip(*METHODS, strict=True)
    method = rng.choices(values, weights)[0]
    return method, (f"WX{rng.randrange(10 ** 12):012d}" if method == Method.ONLINE else "")


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
    ledger_months: set[tuple[int, datetime.date]] = set()
    for start in range(0, len(members), BATCH_MEMBERS):
        _write_batch(members[start:start + BATCH_MEMBERS], rng, first, current, today, counts, collected, ledger_months,
                     {org_id: parent.name for org_id, parent in parents.items()})
    DuesLedgerMonth.objects.bulk_create([DuesLedgerMonth(org_id=o, month=m) for o, m in sorted(ledger_months)],
                                        batch_size=5000)
    counts.remittances = _write_remittances(collected, today, parents)
    return counts


def _write_batch(plans, rng, first, current, today, counts, collected, ledger_months, county_of) -> None:
    bases, hardships, lines, behaviour = [], [], [], {}
    for plan in plans:
        joined = R.first_of_month(plan.joined_on) if plan.joined_on else first
        start = max(first, joined)
        end = min(current, R.first_of_month(plan.left_on)) if plan.left_on else current
        if start > end or plan.standing == "suspended":
            continue
        category, base = _base_for(plan, rng)
        member_bases = []
        month = start
        while month <= end:
            if not member_bases or month.month == 1:
                if member_bases:  # a yearly raise, checked in January
                    base = R.to_cents(base * Decimal(rng.choice(("1.00", "1.02", "1.03", "1.05"))))
                row = DuesBase(member_id=plan.db.pk, base=base, category=category, effective_month=month,
                               declared_by=DeclaredBy.ORGANIZATION, checked_on=month.replace(day=15))
                member_bases.append(row)
            month = R.add_months(month, 1)
        bases.extend(member_bases)
        hardship = None
        if plan.in_hardship and not plan.persona:
            hardship = HardshipApproval(member_id=plan.db.pk, from_month=max(start, R.add_months(current, -11)),
                                        amount=Decimal("0.00"), approved_by=county_of.get(plan.org.id, "上级党委"),
                                        approved_on=max(start, R.add_months(current, -11)).replace(day=8),
                                        reason="家庭经济困难，经党支部研究、报上级党委批准免交")
            hardships.append(hardship)
        draw = rng.random()
        behaviour[plan.db.pk] = ("punctual" if plan.persona else "lapse" if draw < LAPSE_SHARE
                                 else "warning" if draw < LAPSE_SHARE + WARNING_SHARE
                                 else "late" if draw < LAPSE_SHARE + WARNING_SHARE + LATE_SHARE else "punctual")
        month, index, filled = start, 0, {}
        while month <= end:
            while index + 1 < len(member_bases) and member_bases[index + 1].effective_month <= month:
                index += 1
            waived = hardship if hardship is not None and month >= hardship.from_month else None
            # One fill_line per base row (and waiver), copied to the months it covers: the same
            # calculator, called ~12 times less.
            key = (index, waived is not None)
            if key not in filled:
                filled[key] = fill_line(DuesLine(month=month), member_bases[index], waived)
            done = filled[key]
            lines.append(_Line(plan.db.pk, plan.org.id, month, done.category, done.base, done.rate, done.amount_due,
                               done.rule))
            ledger_months.add((plan.org.id, month))
            month = R.add_months(month, 1)
    # Payments are decided before the lines are written, so each line goes in with its totals
    # (a bulk UPDATE of a million lines afterwards costs more than the whole insert).
    planned = _payments(lines, behaviour, rng, current, today)
    for line, payment in planned:
        if payment.kind == PaymentKind.EXTRA:
            line.extra_total += payment.amount
        else:
            line.paid_total += payment.amount
        collected[(line.org_id, R.month_index(payment.paid_on) // 3)] += payment.amount
    DuesBase.objects.bulk_create(bases, batch_size=5000)
    HardshipApproval.objects.bulk_create(hardships, batch_size=5000)
    _insert(DuesLine, LINE_COLUMNS, lines)
    ids = {}
    for pk, member_id, month in DuesLine.objects.filter(member_id__in={line.member_id for line in lines}).values_list(
            "id", "member_id", "month"):
        ids[(member_id, month)] = pk
    for line, payment in planned:
        payment.line_id = ids[(line.member_id, line.month)]
        payment.idempotency_key = f"demo-{payment.line_id}-{payment.kind}"
    _insert(DuesPayment, PAYMENT_COLUMNS, [payment for _, payment in planned])
    counts.bases += len(bases)
    counts.hardships += len(hardships)
    counts.lines += len(lines)
    counts.payments += sum(p.kind != PaymentKind.EXTRA for _, p in planned)
    counts.extras += sum(p.kind == PaymentKind.EXTRA for _, p in planned)


class _Line:
    """A ledger line on its way into the table: the values fill_line computed, without the
    cost of a model instance (a million of those take longer than the insert)."""

    __slots__ = ("member_id", "org_id", "month", "category", "base", "rate", "amount_due", "rule", "paid_total",
                 "extra_total")

    def __init__(self, member_id, org_id, month, category, base, rate, amount_due, rule):
        self.member_id, self.org_id, self.month, self.category = member_id, org_id, month, category
        self.base, self.rate, self.amount_due, self.rule = base, rate, amount_due, rule
        self.paid_total = self.extra_total = Decimal("0.00")


class _Payment:
    __slots__ = ("line_id", "kind", "amount", "method", "reference", "paid_on", "proxy_name", "remit_in_full",
                 "idempotency_key", "is_reversed", "reason", "recorded_at")

    def __init__(self, kind, amount, method, reference, paid_on, remit_in_full=False):
        self.kind, self.amount, self.method, self.reference, self.paid_on = kind, amount, method, reference, paid_on
        self.remit_in_full, self.proxy_name, self.is_reversed, self.reason = remit_in_full, "", False, ""
        self.line_id = self.idempotency_key = self.recorded_at = None


LINE_COLUMNS = ("member_id", "org_id", "month", "category", "base", "rate", "amount_due", "rule", "paid_total",
                "extra_total")
PAYMENT_COLUMNS = ("line_id", "kind", "amount", "method", "reference", "paid_on", "proxy_name", "remit_in_full",
                   "idempotency_key", "is_reversed", "reason", "recorded_at")


def _insert(model, columns, objects, batch: int = 5000) -> None:
    """A plain multi-row INSERT (COPY on PostgreSQL): the objects are only carriers of the values
    the calculator and the services' fill_line produced. The ORM's bulk_create spends ~20 µs per
    field preparing values — a minute and more for the city's 2.6 million rows."""
    if not objects:
        return
    now = timezone.now()
    for obj in objects:
        if "recorded_at" in columns:
            obj.recorded_at = now
    table = model._meta.db_table
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    if connection.vendor == "postgresql":
        # COPY streams rows without building statements of thousands of parameters: the
        # city's 2.6 million rows go in several times faster than by multi-row INSERT.
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for obj in objects:
                copy.write_row(tuple(getattr(obj, c) for c in columns))
        return
    placeholders = "(" + ", ".join(["%s"] * len(columns)) + ")"
    sqlite = connection.vendor == "sqlite"
    rows_per_statement = max(1, (999 if sqlite else 5000) // len(columns))
    with connection.cursor() as cursor:
        for start in range(0, len(objects), batch):
            chunk = [tuple(_value(getattr(obj, c), sqlite) for c in columns) for obj in objects[start:start + batch]]
            for first in range(0, len(chunk), rows_per_statement):
                part = chunk[first:first + rows_per_statement]
                # Names come from the model's meta, values are parameters: nothing from input.
                cursor.execute(f"INSERT INTO {table} ({names}) VALUES " + ", ".join([placeholders] * len(part)),  # noqa: S608
                               [value for row in part for value in row])


def _value(value, sqlite: bool):
    if sqlite and value is not None and not isinstance(value, str | int):
        return value.isoformat(" ") if isinstance(value, datetime.datetime) else str(value)
    return value


def _payments(lines, behaviour, rng, current, today) -> list[tuple[_Line, _Payment]]:
    payments = []
    by_member = defaultdict(list)
    for line in lines:
        by_member[line.member_id].append(line)
    for member_id, member_lines in by_member.items():
        kind = behaviour[member_id]
        unpaid_tail = {"lapse": rng.randint(6, 8), "warning": rng.randint(3, 5)}.get(kind, 0)
        cutoff = R.add_months(current, -unpaid_tail)  # months from the cutoff on stay unpaid
        for line in member_lines:
            if line.amount_due is None or line.amount_due == 0:
                continue
            if unpaid_tail and line.month >= cutoff:
                continue
            if line.month == current and (today.day < 10 or rng.random() < 0.4):
                continue  # this month is still being collected
            delay = 0
            if kind == "late" and rng.random() < 0.15:
                delay = rng.randint(1, R.BACK_PAYMENT_MONTHS)
            paid_month = R.add_months(line.month, delay)
            if paid_month > current:
                continue  # would be paid later than today: still unpaid
            day = rng.randint(3, 25)
            paid_on = paid_month.replace(day=day) if paid_month < current else min(today, paid_month.replace(day=day))
            method, reference = _method(rng)
            payments.append((line, _Payment(PaymentKind.BACK if paid_month > line.month else PaymentKind.REGULAR,
                                            line.amount_due, method, reference, paid_on)))
            if line.month.month == 7 and rng.random() < EXTRA_SHARE:
                big = rng.random() < BIG_EXTRA_SHARE
                amount = Decimal(rng.choice((1000, 2000, 5000)) if big else rng.choice((50, 100, 200, 500)))
                payments.append((line, _Payment(PaymentKind.EXTRA, amount, method, reference, paid_on,
                                                remit_in_full=amount >= R.REMIT_IN_FULL_FROM)))
    return payments


def _write_remittances(collected, today, parents) -> int:
    """上缴 per organization and finished quarter, on the 10th of the month after it."""
    current_quarter = R.month_index(today) // 3
    rows = []
    for (org_id, quarter), amount in sorted(collected.items()):
        if quarter >= current_quarter or amount <= 0:
            continue
        start = datetime.date(quarter // 4, quarter % 4 * 3 + 1, 1)
        end = R.add_months(start, 2)
        remitted_on = R.add_months(end, 1).replace(day=10)
        rows.append(Remittance(org_id=org_id, period_start=start, period_end=end, amount=amount,
                               remitted_on=min(remitted_on, today), reference=f"党费上缴{start:%Y}Q{quarter % 4 + 1}",
                               to_org_id=parents[org_id].id if org_id in parents else None,
                               to_org_name=parents[org_id].name if org_id in parents else "上级党委"))
    Remittance.objects.bulk_create(rows, batch_size=5000)
    return len(rows)
