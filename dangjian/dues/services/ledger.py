"""Every change to bases, the ledger, hardship approvals, payment plans and remittances goes
through these functions (payments live in dangjian.dues.services.payments). Each runs in a transaction,
re-checks the actor's scope inside it (None acts as the system: demo, commands, jobs), checks
the rules in dangjian.dues.rules and writes the audit entry.

Which organization bills a member in a month (the billing rule):
  the organization of the member's Membership period that overlaps the month and started
  first. A member who transfers mid-month pays that month to the sending organization
  (转出当月的党费在原组织交纳) and from the next month to the receiving one; a member who
  left, died or transferred out is billed up to and including the month of leaving; a
  probationary member from the month of the 支部大会 (入党日期). A member with no Membership
  row at all (records bulk-loaded before periods existed) is billed by `member.org` from the
  month of joined_on to the month of left_on. Suspended members (停止党籍) are not billed.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import cast

from django.db import connection, transaction
from django.db.models import Exists, F, Field, OuterRef, Q, Subquery
from django.utils import timezone

from dangjian.core import audit
from dangjian.core.bulk import insert_rows
from dangjian.core.errors import RuleViolation
from dangjian.core.roles import Action
from dangjian.dues import rules as R
from dangjian.dues.models import (
    DeclaredBy,
    DuesArrangement,
    DuesBase,
    DuesLedgerMonth,
    DuesLine,
    HardshipApproval,
    PaymentPlan,
)
from dangjian.members.models import Member, Membership, Standing
from dangjian.members.services import require
from dangjian.orgs.models import PartyOrg

ZERO = Decimal("0.00")
COMPONENTS = ("post_wage", "grade_wage", "performance_pay", "allowances")


def _component_label(name: str) -> str:
    # get_field() by a runtime name is typed as field-or-relation; the components are DecimalFields.
    return str(cast(Field, DuesBase._meta.get_field(name)).verbose_name)


def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


def _month_arg(value, field: str = "month") -> datetime.date:
    """A month as "YYYY-MM" or any day of it → its first day."""
    return R.parse_month(value, field=field)


# --- bases ---------------------------------------------------------------------------------

@transaction.atomic
def set_base(member: Member, *, category: str, effective_month, base=None, acting_user=None,
             declared_by: str = DeclaredBy.ORGANIZATION, checked_on: datetime.date | None = None, note: str = "",
             today: datetime.date | None = None, **components) -> DuesBase:
    """A new base from `effective_month` on (superseding older rows; none is edited). The member
    may declare their own; otherwise dues.manage on the member's organization is needed.

    The base is the monthly after-tax regular pay; when the components (岗位工资, 薪级工资,
    绩效工资, 津贴补贴) are given it is their sum, and a base that disagrees is refused. Unpaid
    ledger lines from that month on are recomputed, so a member listed under 缺少缴费基数
    becomes payable once the base is entered."""
    member = Member.objects.select_for_update(of=("self",)).select_related("org").get(pk=member.pk)
    own = acting_user is not None and getattr(acting_user, "is_authenticated", False) and member.user_id == acting_user.pk
    if own:
        declared_by = DeclaredBy.MEMBER
    else:
        require(acting_user, Action.DUES_MANAGE, member.org.path)
    unknown = set(components) - set(COMPONENTS)
    if unknown:
        raise RuleViolation(f"未知的工资项目：{'、'.join(sorted(unknown))}", field=sorted(unknown)[0], code="invalid")
    if category not in [c.value for c in R.BASE_CATEGORIES]:
        raise RuleViolation("缴费类别无效（经济困难少交或免交须通过批准记录办理）", rule=R.R_HARDSHIP, field="category",
                            code="invalid")
    if declared_by not in DeclaredBy.values:
        raise RuleViolation("申报方式无效", field="declared_by", code="invalid")
    month = _month_arg(effective_month, "effective_month")
    today = _today(today)
    if month > R.add_months(R.first_of_month(today), 1):
        raise RuleViolation("起始月份最晚为下个月", rule=R.R_NEW_WAGE, field="effective_month", code="invalid")
    parts = {k: R.parse_money(v, field=k, label=_component_label(k))
             for k, v in components.items() if v is not None and v != ""}
    if base is None or base == "":
        if not parts:
            raise RuleViolation("请填写缴费基数或工资项目", rule=R.R_IN_SERVICE, field="base", code="invalid")
        amount = sum(parts.values(), ZERO)
    else:
        amount = R.parse_money(base, field="base", label="缴费基数")
        if parts and sum(parts.values()) != amount:
            raise RuleViolation(f"缴费基数 {amount:.2f} 与各工资项目之和 {sum(parts.values()):.2f} 不一致",
                                rule=R.R_IN_SERVICE, field="base", code="invalid")
    if checked_on and checked_on > today:
        raise RuleViolation("核定日期不能晚于今天", field="checked_on", code="invalid")
    row = DuesBase.objects.create(member=member, base=amount, category=category, effective_month=month,
                                  declared_by=declared_by, entered_by=acting_user, checked_on=checked_on or today,
                                  note=note[:200], **parts)
    recomputed = _recompute_unpaid(member, month)
    added = _add_to_generated_ledgers(member, month, today)
    audit.record("dues.base.set", target=member, changes={"base": f"{amount:.2f}", "category": category,
                                                          "effective_month": f"{month:%Y-%m}",
                                                          "declared_by": declared_by, "recomputed_lines": recomputed,
                                                          "added_lines": added},
                 actor=acting_user)
    return row


def base_in_force(member_id: int, month: datetime.date) -> DuesBase | None:
    return (DuesBase.objects.filter(member_id=member_id, effective_month__lte=month)
            .order_by("-effective_month", "-id").first())


def _add_to_generated_ledgers(member: Member, month: datetime.date, today: datetime.date) -> int:
    """The member's line in each month from `month` to this one whose ledger his organization has
    already generated but which has no line for him: a member received or imported after the
    ledger was made (roster 44, ledger 40) is added once his base is set, the same line that
    generate_ledger would have made (billing rule, base and hardship in force, the one calculator)."""
    generated = (DuesLedgerMonth.objects.filter(org_id=member.org_id, month__gte=month,
                                                month__lte=R.first_of_month(today))
                 .values_list("month", flat=True))
    added = 0
    for ledger_month in sorted(generated):
        added += _write_lines(ledger_month, _billed_rows(ledger_month, member.org.path, members=[member.pk])).created
    return added


def lines_missing(billed: dict[int, int], month: datetime.date, *, only: int | None = None) -> dict[int, int]:
    """{member id: billing org id} of the billed members who should have a line in `month` and
    have none (`_owes_line`). For the ledger page's list of members left out of a generated
    month; generate_ledger reads the same facts in its one query."""
    if only is not None:
        billed = {only: billed[only]} if only in billed else {}
    members = {m: (standing, joined) for m, standing, joined in Member.objects.filter(pk__in=billed)
               .values_list("id", "standing", "joined_on")}
    existing = set(DuesLine.objects.filter(month=month, member_id__in=billed).values_list("member_id", flat=True))
    return {m: org_id for m, org_id in billed.items()
            if m in members and m not in existing and _owes_line(*members[m], month)}


def _owes_line(standing: str, joined_on: datetime.date | None, month: datetime.date) -> bool:
    """A billed member gets a line unless suspended (停止党籍) or not yet joined that month (a
    probationary member from the month of the 支部大会)."""
    return standing != Standing.SUSPENDED and (joined_on is None or R.first_of_month(joined_on) <= month)


def _recompute_unpaid(member: Member, month: datetime.date) -> int:
    lines = DuesLine.objects.select_for_update().filter(member=member, month__gte=month, paid_total=0,
                                                         extra_total=0).exclude(category=R.Category.HARDSHIP)
    count = 0
    for line in lines:
        row = base_in_force(member.pk, line.month)
        if row is None:
            continue
        dues = R.dues_for(row.category, row.base, month=line.month)
        line.category, line.base, line.rate, line.amount_due, line.rule = (
            row.category, row.base, dues.rate, dues.amount, dues.rule[:300])
        line.save(update_fields=["category", "base", "rate", "amount_due", "rule"])
        count += 1
    return count


# --- the ledger ----------------------------------------------------------------------------

@dataclass
class Generation:
    month: datetime.date
    created: int = 0
    existing: int = 0
    missing_base: list[int] = field(default_factory=list)  # member ids billed with no base


def _overlapping(month: datetime.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}started_on__lte": R.last_day(month)}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gte": month}))


def _billed_querysets(month: datetime.date, within_path: str, members=None):
    """The billing rule of the module docstring as two querysets joined on the subtree (no id
    lists): the member's first-started period overlapping the month, when its organization
    is under `within_path`; and records with no period at all, by their organization between
    joining and leaving. Each yields (member id, billing org id) as `member_ref`, `org_id`."""
    last = R.last_day(month)
    earlier = (Membership.objects.filter(_overlapping(month), member_id=OuterRef("member_id"))
               .filter(Q(started_on__lt=OuterRef("started_on")) | Q(started_on=OuterRef("started_on"), pk__lt=OuterRef("pk"))))
    periods = (Membership.objects.filter(_overlapping(month), org__path__startswith=within_path)
               .exclude(Exists(earlier)).annotate(member_ref=F("member_id"), standing=F("member__standing"),
                                                  joined=F("member__joined_on")))
    unperiod = (Member.objects.filter(org__path__startswith=within_path)
                .exclude(Exists(Membership.objects.filter(member_id=OuterRef("pk"))))
                .filter(Q(joined_on__isnull=True) | Q(joined_on__lte=last))
                .filter(Q(left_on__isnull=True) | Q(left_on__gte=month))
                .annotate(member_ref=F("pk"), joined=F("joined_on")))
    if members is not None:
        periods, unperiod = periods.filter(member_id__in=members), unperiod.filter(pk__in=members)
    return periods, unperiod


def billing_orgs(month: datetime.date, within_path: str, *, members=None) -> dict[int, int]:
    """{member id: billing org id} for the members billed in `month` by an organization under
    `within_path` — the billing rule of the module docstring (optionally only `members`)."""
    result: dict[int, int] = {}
    for qs in _billed_querysets(month, within_path, members):
        result.update(qs.values_list("member_ref", "org_id"))
    return result


# What generate_ledger reads of each billed member, in one row: whether the month has a line,
# whether the member owes one (_owes_line), and the base and hardship approval in force.
_BILLED_FIELDS = ("member_ref", "org_id", "has_line", "standing", "joined", "base_category", "base_amount",
                  "hardship_amount")


def _billed_rows(month: datetime.date, within_path: str, *, members=None) -> list[tuple]:
    """One row (_BILLED_FIELDS) per member billed in `month` under `within_path`, read as plain
    values: the base in force is the latest DuesBase not after the month (ties: the later
    entry), the hardship the latest-approved approval covering it. Two queries, whatever the
    size of the subtree; each member's base and approval are found through their indexes."""
    rows: list[tuple] = []
    for qs in _billed_querysets(month, within_path, members):
        member = OuterRef("member_ref")
        base = (DuesBase.objects.filter(member_id=member, effective_month__lte=month)
                .order_by("-effective_month", "-id"))
        hardship = (HardshipApproval.objects.filter(member_id=member, from_month__lte=month)
                    .filter(Q(to_month__isnull=True) | Q(to_month__gte=month)).order_by("-approved_on", "-id"))
        rows += qs.annotate(has_line=Exists(DuesLine.objects.filter(member_id=member, month=month)),
                            base_category=Subquery(base.values("category")[:1]),
                            base_amount=Subquery(base.values("base")[:1]),
                            hardship_amount=Subquery(hardship.values("amount")[:1])).values_list(*_BILLED_FIELDS)
    return rows


LINE_COLUMNS = ("member_id", "org_id", "month", "category", "base", "rate", "amount_due", "rule", "paid_total",
                "extra_total")


def line_values(month: datetime.date, category: str | None, base, hardship_amount) -> tuple:
    """(category, base, rate, amount due, rule) of a line through the one calculator, from the
    base (category and amount, or None) and hardship approval (amount, or None) in force.
    Values read back from the database: SQLite hands decimals back as floats or ints."""
    base = None if base is None else R.to_cents(Decimal(str(base)))
    if hardship_amount is not None:
        dues = R.stored_dues(R.Category.HARDSHIP, base or ZERO, month, R.to_cents(Decimal(str(hardship_amount))))
        return R.Category.HARDSHIP, base, dues.rate, dues.amount, dues.rule[:300]
    if category is None:
        return R.Category.IN_SERVICE, None, None, None, ""
    dues = R.stored_dues(category, base, month)
    return category, base, dues.rate, dues.amount, dues.rule[:300]


def _write_lines(month: datetime.date, billed: list[tuple], result: Generation | None = None) -> Generation:
    """Write the lines the billed members owe and do not have; each distinct (category, base,
    hardship) is computed once through the calculator."""
    result = result or Generation(month)
    computed: dict[tuple, tuple] = {}
    rows = []
    for member_id, org_id, has_line, standing, joined, category, base, hardship in sorted(billed):
        if has_line:
            result.existing += 1
            continue
        if not _owes_line(standing, joined, month):
            continue
        key = (category, base, hardship)
        if key not in computed:
            computed[key] = line_values(month, category, base, hardship)
        values = computed[key]
        if values[3] is None:
            result.missing_base.append(member_id)
        rows.append((member_id, org_id, month, *values, ZERO, ZERO))
    result.created = insert_rows(DuesLine, LINE_COLUMNS, rows)
    return result


@transaction.atomic
def generate_ledger(org: PartyOrg, month, *, acting_user=None, today: datetime.date | None = None) -> Generation:
    """The month's dues lines for every member billed under `org` (the org and its subtree).

    Idempotent: a member-month that has a line keeps it untouched, so running again changes
    nothing. Each line takes the base and category in force that month (the latest DuesBase
    whose effective month is not after it) and a hardship approval covering the month; a
    member without a base gets a line with no amount and is listed in `missing_base`.

    Set-based: the billed members, their bases and approvals are read in two queries joined
    on the subtree, the amounts computed once per distinct base, and the lines written in one
    COPY (PostgreSQL) or a few multi-row INSERTs — the city's 22,000 lines in about a second."""
    require(acting_user, Action.DUES_MANAGE, org.path)
    month = _month_arg(month)
    if month > R.first_of_month(_today(today)):
        raise RuleViolation("不能为尚未到来的月份生成党费台账", rule=R.R_NO_ADVANCE, field="month", code="future")
    R.table_for(R.Category.IN_SERVICE, month)  # refuses months before the regulation
    billed = _billed_rows(month, org.path)
    # Serialised with any concurrent generation of these members' month by the unique
    # (member, month) constraint: the second writer's COPY fails and its transaction rolls back.
    result = _write_lines(month, billed)
    # One marker per billing organization; those already marked keep theirs (one INSERT for
    # the ~2,000 organizations of a city rather than two queries each).
    DuesLedgerMonth.objects.bulk_create([DuesLedgerMonth(org_id=org_id, month=month, generated_by=acting_user)
                                         for org_id in sorted({row[1] for row in billed})],
                                        ignore_conflicts=True, batch_size=5000)
    audit.record("dues.ledger.generate", target=org, changes={"month": f"{month:%Y-%m}", "created": result.created,
                                                              "existing": result.existing,
                                                              "missing_base": len(result.missing_base)},
                 actor=acting_user)
    return result


def latest_bases(member_ids, month: datetime.date) -> dict[int, DuesBase]:
    """{member id: the base in force in `month`} — the latest row not after the month."""
    rows: dict[int, DuesBase] = {}
    ids = list(member_ids)
    for start in range(0, len(ids), 5000):
        qs = DuesBase.objects.filter(member_id__in=ids[start:start + 5000], effective_month__lte=month)
        if connection.features.can_distinct_on_fields:
            qs = qs.order_by("member_id", "-effective_month", "-id").distinct("member_id")
        else:
            qs = qs.order_by("member_id", "effective_month", "id")  # the last one per member wins
        for row in qs:
            rows[row.member_id] = row
    return rows


def hardships_in_force(member_ids, month: datetime.date) -> dict[int, HardshipApproval]:
    rows: dict[int, HardshipApproval] = {}
    ids = list(member_ids)
    for start in range(0, len(ids), 5000):
        for row in (HardshipApproval.objects.filter(member_id__in=ids[start:start + 5000], from_month__lte=month)
                    .filter(Q(to_month__isnull=True) | Q(to_month__gte=month)).order_by("member_id", "approved_on", "id")):
            rows[row.member_id] = row
    return rows


def fill_line(line: DuesLine, base: DuesBase | None, hardship: HardshipApproval | None) -> DuesLine:
    """Category, base, rate, amount and rule of a line — through the one calculator."""
    line.category, line.base, line.rate, line.amount_due, line.rule = line_values(
        line.month, base.category if base else None, base.base if base else None,
        hardship.amount if hardship else None)
    return line


# --- hardship, payment plan ----------------------------------------------------------------

@transaction.atomic
def approve_hardship(member: Member, *, from_month, amount, approved_by: str, approved_on: datetime.date,
                     reason: str, to_month=None, acting_user=None, today: datetime.date | None = None
                     ) -> HardshipApproval:
    """少交或免交 as the higher committee approved it (amount 0 = waived). Unpaid lines of the
    months it covers take the approved amount."""
    member = Member.objects.select_for_update(of=("self",)).select_related("org").get(pk=member.pk)
    require(acting_user, Action.DUES_MANAGE, member.org.path)
    amount = R.parse_money(amount, label="批准金额")
    start = _month_arg(from_month, "from_month")
    end = _month_arg(to_month, "to_month") if to_month else None
    if end and end < start:
        raise RuleViolation("截止月份不能早于起始月份", field="to_month", code="invalid")
    if not (approved_by or "").strip():
        raise RuleViolation("请填写批准的上级党委", rule=R.R_HARDSHIP, field="approved_by", code="invalid")
    if not (reason or "").strip():
        raise RuleViolation("请写明困难情况", rule=R.R_HARDSHIP, field="reason", code="invalid")
    if approved_on > _today(today):
        raise RuleViolation("批准日期不能晚于今天", rule=R.R_HARDSHIP, field="approved_on", code="invalid")
    row = HardshipApproval.objects.create(member=member, from_month=start, to_month=end, amount=amount,
                                          approved_by=approved_by.strip()[:120], approved_on=approved_on,
                                          reason=reason.strip()[:300], recorded_by=acting_user)
    lines = DuesLine.objects.select_for_update().filter(member=member, month__gte=start, paid_total=0, extra_total=0)
    if end:
        lines = lines.filter(month__lte=end)
    changed = 0
    for line in lines:
        fill_line(line, base_in_force(member.pk, line.month), row)
        line.save(update_fields=["category", "base", "rate", "amount_due", "rule"])
        changed += 1
    audit.record("dues.hardship.approve", target=member, reason=reason,
                 changes={"amount": f"{amount:.2f}", "from": f"{start:%Y-%m}", "to": end and f"{end:%Y-%m}",
                          "approved_by": approved_by, "lines": changed}, actor=acting_user)
    return row


@transaction.atomic
def set_payment_plan(member: Member, *, plan: str, consented_on: datetime.date | None = None,
                     acting_user=None) -> DuesArrangement:
    """按季度交纳 needs the branch's consent (its date); back to monthly needs nothing."""
    member = Member.objects.select_related("org").get(pk=member.pk)
    require(acting_user, Action.DUES_MANAGE, member.org.path)
    if plan not in PaymentPlan.values:
        raise RuleViolation("交纳方式无效", field="plan", code="invalid")
    if plan == PaymentPlan.QUARTERLY and consented_on is None:
        raise RuleViolation("按季度交纳须经党支部同意，请填写同意日期", rule=R.R_MONTHLY, field="consented_on", code="invalid")
    row, _ = DuesArrangement.objects.update_or_create(
        member=member, defaults={"plan": plan, "consented_on": consented_on, "recorded_by": acting_user})
    audit.record("dues.plan.set", target=member, changes={"plan": plan,
                                                          "consented_on": consented_on and consented_on.isoformat()},
                 actor=acting_user)
    return row


# --- remittance ----------------------------------------------------------------------------

def parent_of(org: PartyOrg) -> PartyOrg | None:
    if org.depth <= 1:
        return None
    return PartyOrg.objects.filter(path=org.path[: -PartyOrg.steplen]).first()


@transaction.atomic
def record_remittance(org: PartyOrg, *, period_start, period_end, amount, remitted_on: datetime.date,
                      to_org: PartyOrg | None = None, to_org_name: str = "", reference: str = "", note: str = "",
                      acting_user=None, today: datetime.date | None = None):
    """上缴: dues an organization sent to the higher organization for a span of months."""
    from dangjian.dues.models import Remittance

    require(acting_user, Action.DUES_MANAGE, org.path)
    amount = R.parse_money(amount, label="上缴金额", allow_zero=False)
    start, end = _month_arg(period_start, "period_start"), _month_arg(period_end, "period_end")
    if end < start:
        raise RuleViolation("所属期止不能早于所属期起", field="period_end", code="invalid")
    if remitted_on > _today(today):
        raise RuleViolation("上缴日期不能晚于今天", rule=R.R_REMITTANCE, field="remitted_on", code="invalid")
    if end > R.first_of_month(remitted_on):
        raise RuleViolation("不能上缴尚未到来的月份的党费", rule=R.R_NO_ADVANCE, field="period_end", code="invalid")
    to_org = to_org or parent_of(org)
    row = Remittance.objects.create(org=org, period_start=start, period_end=end, amount=amount, remitted_on=remitted_on,
                                    to_org=to_org, to_org_name=(to_org.name if to_org else to_org_name)[:120],
                                    reference=reference[:80], note=note[:200], recorded_by=acting_user)
    audit.record("dues.remit", target=row, changes={"amount": f"{amount:.2f}", "period": f"{start:%Y-%m}—{end:%Y-%m}",
                                                    "to": row.to_org_name}, actor=acting_user)
    return row
