"""Reads of the dues ledger, for the pages, the exports and the API alike.

Every function takes an organization (whose subtree it covers) already fetched through
`PartyOrg.objects.visible_to(user, "dues.view")` by the caller, or a member the caller may
see; none of them checks permissions itself. Aggregates run in the database (a handful of
queries for any subtree) so the city's collection sheet stays fast.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, F, Min, OuterRef, Q, Sum
from django.db.models.functions import Substr, TruncMonth
from django.utils import timezone

from dangjian.core.scoping import path_filter
from dangjian.dues import rules as R
from dangjian.dues import services
from dangjian.dues.models import (
    DuesArrangement,
    DuesBase,
    DuesLedgerMonth,
    DuesLine,
    DuesPayment,
    HardshipApproval,
    PaymentKind,
    PaymentPlan,
    Remittance,
)
from dangjian.members.models import Member, Standing
from dangjian.orgs.models import PartyOrg
from dangjian.orgs.selectors import roots_holding

ZERO = Decimal("0.00")


def _m(value) -> Decimal:
    """A database sum as exact yuan: SQLite adds decimals as floats (errors far below a cent),
    so every sum is brought back to the cent."""
    return ZERO if value is None else R.to_cents(Decimal(value))
ARREARS_LOOKBACK = 24  # months; a longer run is shown as "24 个月以上"


def _lines(org: PartyOrg):
    return DuesLine.objects.filter(org__path__startswith=org.path)


# --- the monthly ledger --------------------------------------------------------------------

def monthly_ledger(org: PartyOrg, month: datetime.date):
    """The month's lines under the organization, with member, organization and payments."""
    return (_lines(org).filter(month=month).select_related("member", "org")
            .prefetch_related("payments").order_by("org__path", "member__name_pinyin", "member_id"))


def missing_base(org: PartyOrg, month: datetime.date):
    """缺少缴费基数: members billed in the month with no base — listed, never guessed."""
    return monthly_ledger(org, month).filter(amount_due__isnull=True)


# --- collection sheet, yearly summary -------------------------------------------------------

@dataclass
class Collection:
    org_id: int | None
    org_name: str
    due_count: int = 0          # 应缴人数
    paid_count: int = 0         # 实缴人数
    due_amount: Decimal = ZERO  # 应缴金额
    paid_amount: Decimal = ZERO  # 实缴金额 (the month's dues, incl. later 补交)
    extra_amount: Decimal = ZERO  # 自愿多交
    missing_base: int = 0
    drill_down: bool = False  # the row sums several billing organizations: open its own sheet

    @property
    def arrears_count(self) -> int:
        return self.due_count - self.paid_count - self.missing_base

    @property
    def arrears_amount(self) -> Decimal:
        return self.due_amount - self.paid_amount


# Counted on org_id (never null) rather than id, and only over columns of the (month, org)
# index, which carries the amounts: PostgreSQL answers the month's sums from the index alone
# (the city's 22,000 lines of a month lie on as many heap pages when they were written member
# by member).
_SETTLED = Q(amount_due__isnull=False, paid_total__gte=F("amount_due"))
_SUMS = {"due_count": Count("org_id"), "paid_count": Count("org_id", filter=_SETTLED),
         "missing": Count("org_id", filter=Q(amount_due__isnull=True)),
         "due_amount": Sum("amount_due"), "paid_amount": Sum("paid_total"), "extra_amount": Sum("extra_total")}


_FIGURES = ("due_count", "paid_count", "missing", "due_amount", "paid_amount", "extra_amount")


def _per_billing_org(org: PartyOrg, month: datetime.date) -> list[tuple]:
    """(org id, name, path, *_FIGURES) of the month per billing organization under `org`, in
    path order: one aggregate query, read as tuples (the city's ~2,000 rows)."""
    # Grouped on org_id alone (its name and path ride along as MIN): a hash aggregate of the lines,
    # then a sort of the few thousand groups, rather than a sort of every line by path and name.
    return list(_lines(org).filter(month=month).values("org_id")
                .annotate(org_name=Min("org__name"), org_path=Min("org__path"), **_SUMS).order_by("org_path")
                .values_list("org_id", "org_name", "org_path", *_FIGURES))


def _collection(org_id, name: str, due_count, paid_count, missing, due_amount, paid_amount, extra_amount) -> Collection:
    return Collection(org_id, name, due_count, paid_count, _m(due_amount), _m(paid_amount), _m(extra_amount), missing)


def collection_sheet(org: PartyOrg, month: datetime.date) -> tuple[list[Collection], Collection]:
    """应缴/实缴 人数和金额 of a month, one row per billing organization under `org`, and the
    total. One aggregate query, whatever the size of the subtree."""
    result = [_collection(org_id, name, *figures) for org_id, name, _, *figures in _per_billing_org(org, month)]
    return result, _total(result, org.name)


def collection_by_child(org: PartyOrg, month: datetime.date) -> tuple[list[Collection], Collection]:
    """The collection sheet one level down, for the page: a row per direct child summing its
    whole subtree, and one for what the organization bills itself. The city sees its 12
    counties rather than 1,900 branches, and drills down from there. Two queries."""
    width = len(org.path) + PartyOrg.steplen
    rows = list(_lines(org).filter(month=month).annotate(prefix=Substr("org__path", 1, width)).values("prefix")
                .annotate(billing=Count("org_id", distinct=True), some_org=Min("org_id"), **_SUMS)
                .order_by("prefix").values_list("prefix", "billing", "some_org", *_FIGURES))
    heads = {o.path: o for o in PartyOrg.objects.filter(path__in=[r[0] for r in rows])}
    result = []
    for prefix, billing, some_org, *figures in rows:
        head = heads[prefix]
        row = _collection(head.pk, head.name, *figures)
        row.drill_down = not (billing == 1 and some_org == head.pk)
        result.append(row)
    return result, _total(result, org.name)


def _total(rows: list[Collection], name: str) -> Collection:
    total = Collection(None, f"{name}合计")
    for row in rows:
        total.due_count += row.due_count
        total.paid_count += row.paid_count
        total.missing_base += row.missing_base
        total.due_amount += row.due_amount
        total.paid_amount += row.paid_amount
        total.extra_amount += row.extra_amount
    return total


def yearly_summary(org: PartyOrg, year: int) -> tuple[list[Collection], Collection]:
    """The collection sheet's figures per month of a year (one row per month)."""
    rows = _lines(org).filter(month__year=year).values("month").annotate(**_SUMS).order_by("month")
    result = [Collection(None, f"{r['month']:%Y年%m月}", r["due_count"], r["paid_count"], _m(r["due_amount"]),
                         _m(r["paid_amount"]), _m(r["extra_amount"]), r["missing"]) for r in rows]
    return result, _total(result, f"{year}年")


# --- arrears -------------------------------------------------------------------------------

@dataclass
class Arrears:
    member_id: int
    member_name: str
    org_id: int
    org_name: str
    months: list[datetime.date] = field(default_factory=list)  # newest first
    amount: Decimal = ZERO

    @property
    def count(self) -> int:
        return len(self.months)

    @property
    def since(self) -> datetime.date:
        return self.months[-1]

    @property
    def status(self) -> R.ArrearsStatus:
        return R.arrears_status(self.count)

    @property
    def level(self) -> str:
        return self.status.level

    @property
    def level_label(self) -> str:
        return self.status.note

    @property
    def state(self) -> str:
        return self.status.state

    @property
    def state_label(self) -> str:
        return self.status.label


def last_closed_month(today: datetime.date, quarterly: bool = False) -> datetime.date:
    """The latest month that is overdue: the month before this one (this month is still
    payable), or for a quarterly payer the last month of the last finished quarter."""
    previous = R.add_months(R.first_of_month(today), -1)
    if not quarterly:
        return previous
    end = R.quarter_end(previous)
    return end if end <= previous else R.add_months(end, -3)


def arrears(org: PartyOrg | None = None, *, today: datetime.date | None = None, member_ids=None,
            minimum: int = 1) -> list[Arrears]:
    """Consecutive unpaid months per member, ending at the last overdue month: a paid (or
    waived) month, a month with no line, or a month with no base ends the run. Members with
    at least `minimum` months, longest runs first."""
    today = today or timezone.localdate()
    end = last_closed_month(today)
    start = R.add_months(end, -(ARREARS_LOOKBACK - 1))
    lines = DuesLine.objects.unsettled().filter(month__gte=start, month__lte=end)
    if org is not None:
        lines = lines.filter(org__path__startswith=org.path)
    if member_ids is not None:
        lines = lines.filter(member_id__in=member_ids)
    unpaid: dict[int, dict] = defaultdict(dict)
    names: dict[int, tuple] = {}
    for member_id, month, amount, org_id, org_name, name in lines.values_list(
            "member_id", "month", "amount_due", "org_id", "org__name", "member__name"):
        unpaid[member_id][month] = amount
        names.setdefault(member_id, (name, org_id, org_name))
    # Who pays by the quarter among them: a semi-join on the same lines, not their ids as parameters
    # (a province's 11,000 ids cost 146 ms of the driver parsing the query's placeholders alone).
    quarterly = set(DuesArrangement.objects.filter(member_id__in=lines.values("member_id"), plan=PaymentPlan.QUARTERLY)
                    .values_list("member_id", flat=True))
    # The window's months each with the one before, and the two possible last overdue months, worked
    # out once rather than per member (a province's 11,000 debtors).
    closing = {False: end, True: last_closed_month(today, True)}
    before = {month: R.add_months(month, -1) for month in (R.add_months(start, i) for i in range(ARREARS_LOOKBACK))}
    result = []
    for member_id, months in unpaid.items():
        month = closing[member_id in quarterly]
        name, org_id, org_name = names[member_id]
        row = Arrears(member_id, name, org_id, org_name)
        while month in months and month >= start:
            row.months.append(month)
            row.amount += months[month]
            month = before[month]
        if row.count >= minimum:
            result.append(row)
    result.sort(key=lambda a: (-a.count, a.org_name, a.member_name))
    return result


# --- remittance reconciliation --------------------------------------------------------------

@dataclass
class Reconciliation:
    period: str
    start: datetime.date
    end: datetime.date
    collected: Decimal = ZERO     # entries paid in the period, net of reversals
    remit_in_full: Decimal = ZERO  # of which 自愿一次多交 ≥ 1000 yuan: wholly upward
    remitted: Decimal = ZERO

    @property
    def difference(self) -> Decimal:
        return self.collected - self.remitted


def reconciliation(org: PartyOrg, year: int) -> list[Reconciliation]:
    """Per quarter: what the organization's subtree collected (by payment date) beside what
    the organization and its subtree remitted for that quarter's months."""
    rows = []
    for quarter in range(4):
        start = datetime.date(year, quarter * 3 + 1, 1)
        end = R.add_months(start, 2)
        entries = DuesPayment.objects.filter(line__org__path__startswith=org.path, paid_on__gte=start,
                                             paid_on__lte=R.last_day(end))
        sums = entries.aggregate(total=Sum("amount"), full=Sum("amount", filter=Q(remit_in_full=True)))
        remitted = (Remittance.objects.filter(org__path__startswith=org.path, period_start__gte=start,
                                              period_end__lte=end).aggregate(total=Sum("amount"))["total"])
        rows.append(Reconciliation(f"{year}年第{quarter + 1}季度", start, end, _m(sums["total"]),
                                   _m(sums["full"]), _m(remitted)))
    return rows


def reconciliation_by_path(root_path: str, year: int, paths: list[str]) -> dict[str, list[Reconciliation]]:
    """`reconciliation(org, year)` for every organization whose path is in `paths` (all under
    `root_path`), in two grouped queries whatever their number: the payments by billing
    organization and month, the remittances by organization and period, each then added up
    over the subtree of every path asked for — the same sums, quarter by quarter, as the
    single-organization function (the 评星定级 reads the whole city this way)."""
    collected: dict[tuple[str, int], list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    for path, month, total, full in (
            DuesPayment.objects.filter(line__org__path__startswith=root_path, paid_on__year=year)
            .annotate(month=TruncMonth("paid_on")).values("line__org__path", "month")
            .annotate(total=Sum("amount"), full=Sum("amount", filter=Q(remit_in_full=True))).order_by()
            .values_list("line__org__path", "month", "total", "full")):
        key = (path, (month.month - 1) // 3)
        collected[key][0] += _m(total)
        collected[key][1] += _m(full)
    remitted: dict[tuple[str, int], Decimal] = defaultdict(lambda: ZERO)
    for path, start, end, total in (
            Remittance.objects.filter(org__path__startswith=root_path, period_start__year=year)
            .values("org__path", "period_start", "period_end").annotate(total=Sum("amount")).order_by()
            .values_list("org__path", "period_start", "period_end", "total")):
        quarter = (start.month - 1) // 3
        # reconciliation() counts a remittance in a quarter when its period lies within it
        if end <= R.add_months(datetime.date(year, quarter * 3 + 1, 1), 2):
            remitted[(path, quarter)] += _m(total)
    wanted = set(paths)
    step = PartyOrg.steplen
    sums: dict[tuple[str, int], list[Decimal]] = defaultdict(lambda: [ZERO, ZERO, ZERO])
    # each organization's own figures go to every asked-for path above it (or itself)
    for (path, quarter), (total, full) in collected.items():
        for ancestor in (path[:i] for i in range(step, len(path) + 1, step)):
            if ancestor in wanted:
                sums[(ancestor, quarter)][0] += total
                sums[(ancestor, quarter)][1] += full
    for (path, quarter), total in remitted.items():
        for ancestor in (path[:i] for i in range(step, len(path) + 1, step)):
            if ancestor in wanted:
                sums[(ancestor, quarter)][2] += total
    result = {}
    for path in paths:
        rows = []
        for quarter in range(4):
            start = datetime.date(year, quarter * 3 + 1, 1)
            total, full, sent = sums.get((path, quarter), (ZERO, ZERO, ZERO))
            rows.append(Reconciliation(f"{year}年第{quarter + 1}季度", start, R.add_months(start, 2), total, full, sent))
        result[path] = rows
    return result


# --- a member's own dues ---------------------------------------------------------------------

@dataclass
class MemberDues:
    member: Member
    bases: list[DuesBase]
    base: DuesBase | None
    hardships: list[HardshipApproval]
    lines: list[DuesLine]
    payments: list[DuesPayment]
    arrears: Arrears | None
    plan: str
    recheck_due: bool


def member_dues(member: Member, *, today: datetime.date | None = None, months: int = 24) -> MemberDues:
    today = today or timezone.localdate()
    bases = list(DuesBase.objects.filter(member=member).order_by("-effective_month", "-id"))
    current = next((b for b in bases if b.effective_month <= R.first_of_month(today)), None)
    lines = list(DuesLine.objects.filter(member=member, month__gte=R.add_months(R.first_of_month(today), -months))
                 .select_related("org").order_by("-month"))
    payments = list(DuesPayment.objects.filter(line__member=member).select_related("line")
                    .order_by("-paid_on", "-id")[:200])
    found = arrears(member_ids=[member.pk], today=today)
    plan = (DuesArrangement.objects.filter(member=member).values_list("plan", flat=True).first()
            or PaymentPlan.MONTHLY)
    checked = current.checked_on if current else None
    return MemberDues(member, bases, current, list(HardshipApproval.objects.filter(member=member)), lines, payments,
                      found[0] if found else None, plan,
                      recheck_due=checked is not None and R.add_months(checked, R.BASE_RECHECK_MONTHS) <= today)


def bases_due_for_recheck(org: PartyOrg | None = None, *, today: datetime.date | None = None) -> dict[int, int]:
    """{org id: members whose base in force was last checked 12 or more months ago}."""
    today = today or timezone.localdate()
    cutoff = datetime.date(today.year - 1, today.month, min(today.day, 28))
    latest: dict[int, DuesBase] = {}
    rows = DuesBase.objects.filter(effective_month__lte=today).select_related("member")
    if org is not None:
        rows = rows.filter(member__org__path__startswith=org.path)
    for row in rows.filter(member__standing="normal").order_by("member_id", "effective_month", "id"):
        latest[row.member_id] = row
    counts: dict[int, int] = defaultdict(int)
    for row in latest.values():
        if row.checked_on is None or row.checked_on <= cutoff:
            counts[row.member.org_id] += 1
    return dict(counts)


# --- 党务公开 statement ------------------------------------------------------------------------

@dataclass
class StatementRow:
    member_name: str
    org_name: str
    amounts: dict[int, Decimal | None]  # month number → paid for that month (None: not billed)
    total: Decimal = ZERO
    extra: Decimal = ZERO


def disclosure_statement(org: PartyOrg, year: int) -> list[StatementRow]:
    """Names and amounts per month as published to the members (党务公开): what each member
    paid for each month of the year, voluntary extra payments apart."""
    return disclosure_statements([org], year)[org.pk]


def disclosure_statements(orgs: list[PartyOrg], year: int) -> dict[int, list[StatementRow]]:
    """disclosure_statement of each organization (by id), from one read of their subtrees' lines:
    the demo discloses a city's two thousand schools' statements, one query each was 10 ms."""
    roots = {org.path: org.pk for org in orgs}
    by_org: dict[int, dict[int, StatementRow]] = {org.pk: {} for org in orgs}
    lines = (DuesLine.objects.filter(path_filter(list(roots), "org__path"), month__year=year)
             .order_by("org__path", "member__name_pinyin", "member_id", "month")
             .values_list("org__path", "member_id", "member__name", "org__name", "month", "paid_total", "extra_total"))
    for path, member_id, name, org_name, month, paid, extra in lines:
        for org_id in roots_holding(roots, path):
            row = by_org[org_id].setdefault(member_id, StatementRow(name, org_name, dict.fromkeys(range(1, 13))))
            row.amounts[month.month] = paid
            row.total += paid
            row.extra += extra
    return {org_id: list(rows.values()) for org_id, rows in by_org.items()}


def orgs_with_ledgers(org: PartyOrg, month: datetime.date):
    return PartyOrg.objects.filter(path__startswith=org.path, dues_months__month=month).order_by("path")


PAYMENT_KIND_LABELS = dict(PaymentKind.choices)


def left_out_of(org: PartyOrg, month: datetime.date) -> list[dict]:
    """Members billed under `org` in a month their organization's ledger was generated for, with
    no line in it: received or imported
    after the ledger was made. Named on the page with a link to set their base, which adds
    their line (services.set_base). One query when nobody is left out — the members on the
    roster of the subtree with no line that month — and the billing rule itself
    (services.billing_orgs, lines_missing) only for the few it finds."""
    first, last = month, R.last_day(month)
    candidates = list(Member.objects.filter(org__path__startswith=org.path).active()
                      .exclude(standing=Standing.SUSPENDED)
                      .filter(Q(joined_on__isnull=True) | Q(joined_on__lte=last))
                      .filter(Q(left_on__isnull=True) | Q(left_on__gte=first))
                      .filter(Exists(DuesLedgerMonth.objects.filter(org=OuterRef("org"), month=month)))
                      .exclude(Exists(DuesLine.objects.filter(member=OuterRef("pk"), month=month)))
                      .values_list("id", flat=True))
    if not candidates:
        return []
    billed = services.billing_orgs(month, org.path, members=candidates)
    missing = services.lines_missing(billed, month)
    members = list(Member.objects.filter(pk__in=missing).select_related("org").order_by("org__path", "name_pinyin", "id"))
    with_base = services.latest_bases(missing, month)
    return [{"member": member, "has_base": member.pk in with_base} for member in members]
