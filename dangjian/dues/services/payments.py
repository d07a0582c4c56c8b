"""Recording, and correcting, dues payments: the part of the ledger that must never lose or
double an entry (QUALITY.md item 19).

- Every payment carries an idempotency key (unique). The same key with the same facts gives
  back the first payment (`replayed=True`), never a second row; the same key with other facts
  is refused (code "idempotency_conflict", a 409 in the API).
- A member-month is paid once: the line is locked (`SELECT … FOR UPDATE` on PostgreSQL;
  SQLite's IMMEDIATE transactions serialise writers anyway), then checked, and the partial
  unique index `one_live_payment_per_line` backs the check — a race that slips past it is an
  IntegrityError turned into the same clean "duplicate" refusal.
- A correction is a reversing entry (negated amount, mandatory reason) linked to the entry it
  reverses; that entry is flagged `is_reversed` and thereby leaves the unique index, so the
  month can then be paid again. Nothing is edited or deleted.
- `line.paid_total` / `extra_total` are the running sums of the entries, updated under the
  same lock.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from dangjian.core import audit
from dangjian.core.errors import RuleViolation
from dangjian.core.roles import Action
from dangjian.dues import rules as R
from dangjian.dues.models import REGULAR_KINDS, DuesLine, DuesPayment, Method, PaymentKind
from dangjian.members.models import Member
from dangjian.members.services import require

MAX_KEY = 80


@dataclass
class Recorded:
    payment: DuesPayment
    replayed: bool = False


def line_for(member: Member, month) -> DuesLine:
    """The member's line of a month, or the refusal "not in the ledger"."""
    month = R.parse_month(month)
    line = DuesLine.objects.filter(member=member, month=month).select_related("org", "member").first()
    if line is None:
        raise RuleViolation(f"{month:%Y年%m月}的党费台账中没有{member.name}，请先生成该月台账", rule=R.R_MONTHLY,
                            field="month", code="not_in_ledger")
    return line


def _key(value) -> str:
    key = str(value or "").strip()
    if not key or len(key) > MAX_KEY or any(ord(ch) < 32 for ch in key):
        raise RuleViolation(f"幂等键（Idempotency-Key）须为 1–{MAX_KEY} 个可见字符", field="idempotency_key", code="invalid")
    return key


def _method(method: str, reference: str) -> None:
    if method not in Method.values:
        raise RuleViolation(f"交纳方式无效，可选：{'、'.join(Method.values)}", field="method", code="invalid")
    if method == Method.ONLINE and not (reference or "").strip():
        raise RuleViolation("线上缴纳须填写交易凭证号", field="reference", code="invalid")


def _date(value, field: str) -> datetime.date:
    if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
        try:
            return datetime.date.fromisoformat(str(value))
        except ValueError:
            raise RuleViolation("日期格式不正确，应为 YYYY-MM-DD", field=field, code="invalid") from None
    return value


def _replay(key: str, facts: dict) -> Recorded | None:
    existing = DuesPayment.objects.filter(idempotency_key=key).first()
    if existing is None:
        return None
    if {name: getattr(existing, name) for name in facts} != facts:
        raise RuleViolation("该幂等键已用于另一笔不同的交纳记录", field="idempotency_key", code="idempotency_conflict")
    return Recorded(existing, replayed=True)


def _lock(line: DuesLine) -> DuesLine:
    return DuesLine.objects.select_for_update(of=("self",)).select_related("org", "member").get(pk=line.pk)


def _check_month(line: DuesLine, paid_on: datetime.date, today: datetime.date, *, back_limit: bool = True) -> None:
    if paid_on > today:
        raise RuleViolation("交纳日期不能晚于今天", field="paid_on", code="future")
    paid_month = R.first_of_month(paid_on)
    if line.month > paid_month:
        raise RuleViolation(f"{line.month:%Y年%m月}尚未到来，不能预交党费", rule=R.R_NO_ADVANCE, field="month",
                            code="future")
    if back_limit and R.months_between(line.month, paid_month) > R.BACK_PAYMENT_MONTHS:
        raise RuleViolation(f"{line.month:%Y年%m月}距交纳月份已超过 {R.BACK_PAYMENT_MONTHS} 个月，不能再补交",
                            rule=R.R_BACK_PAYMENT, field="month", code="too_late")


def _insert(payment: DuesPayment, key: str, facts: dict, duplicate: RuleViolation) -> Recorded:
    try:
        with transaction.atomic():
            payment.save()
    except IntegrityError:
        # Either the same key raced us (a replay) or the member-month was paid meanwhile.
        replay = _replay(key, facts)
        if replay is not None:
            return replay
        raise duplicate from None
    return Recorded(payment)


def record_payment(line: DuesLine, *, amount, method: str, paid_on, idempotency_key, acting_user=None,
                   reference: str = "", proxy_name: str = "", today: datetime.date | None = None) -> Recorded:
    """Record the month's dues for a line: the exact amount due, once. A payment for an earlier
    month is a 补交 (at most 6 months back); a later month is an advance and refused."""
    amount = R.parse_money(amount, allow_zero=False)
    paid_on = _date(paid_on, "paid_on")
    key = _key(idempotency_key)
    _method(method, reference)
    today = today or timezone.localdate()
    with transaction.atomic():
        line = _lock(line)
        require(acting_user, Action.DUES_MANAGE, line.org.path)
        kind = PaymentKind.BACK if line.month < R.first_of_month(paid_on) else PaymentKind.REGULAR
        facts = {"line_id": line.pk, "kind": kind, "amount": amount, "method": method, "paid_on": paid_on,
                 "reference": reference.strip(), "proxy_name": proxy_name.strip()}
        replay = _replay(key, facts)
        if replay is not None:
            return replay
        _check_month(line, paid_on, today)
        if line.amount_due is None:
            raise RuleViolation(f"{line.member.name}尚无缴费基数，请先核定缴费基数", rule=R.R_IN_SERVICE, field="base",
                                code="no_base")
        duplicate = RuleViolation(f"{line.member.name}{line.month:%Y年%m月}的党费已经交纳，不能重复登记", rule=R.R_MONTHLY,
                                  field="month", code="duplicate")
        if line.amount_due == 0:
            raise RuleViolation(f"{line.member.name}{line.month:%Y年%m月}经批准免交党费，无需登记", rule=R.R_HARDSHIP,
                                field="month", code="duplicate")
        if DuesPayment.objects.filter(line=line, kind__in=REGULAR_KINDS, reverses__isnull=True,
                                      is_reversed=False).exists():
            raise duplicate
        if amount != line.amount_due:
            raise RuleViolation(f"应缴金额为 {line.amount_due:.2f} 元，登记金额 {amount:.2f} 元不符；多交部分请登记为自愿多交",
                                rule=R.R_MONEY, field="amount", code="amount_mismatch")
        payment = DuesPayment(line=line, idempotency_key=key, recorded_by=acting_user, **_fields(facts))
        result = _insert(payment, key, facts, duplicate)
        if not result.replayed:
            DuesLine.objects.filter(pk=line.pk).update(paid_total=line.paid_total + amount)
            audit.record(f"dues.pay.{kind}", target=line, changes={"amount": f"{amount:.2f}", "method": method,
                                                                   "paid_on": paid_on.isoformat(),
                                                                   "member": line.member.name}, actor=acting_user)
        return result


def record_extra_payment(line: DuesLine, *, amount, method: str, paid_on, idempotency_key, acting_user=None,
                         reference: str = "", proxy_name: str = "", today: datetime.date | None = None) -> Recorded:
    """自愿多交: any positive amount beside the month's dues; a one-off of 1000 yuan or more is
    flagged 全额上缴."""
    amount = R.parse_money(amount, allow_zero=False)
    paid_on = _date(paid_on, "paid_on")
    key = _key(idempotency_key)
    _method(method, reference)
    today = today or timezone.localdate()
    with transaction.atomic():
        line = _lock(line)
        require(acting_user, Action.DUES_MANAGE, line.org.path)
        facts = {"line_id": line.pk, "kind": PaymentKind.EXTRA, "amount": amount, "method": method,
                 "paid_on": paid_on, "reference": reference.strip(), "proxy_name": proxy_name.strip()}
        replay = _replay(key, facts)
        if replay is not None:
            return replay
        _check_month(line, paid_on, today, back_limit=False)
        payment = DuesPayment(line=line, idempotency_key=key, recorded_by=acting_user,
                              remit_in_full=amount >= R.REMIT_IN_FULL_FROM, **_fields(facts))
        result = _insert(payment, key, facts, RuleViolation("重复登记", code="duplicate"))
        if not result.replayed:
            DuesLine.objects.filter(pk=line.pk).update(extra_total=line.extra_total + amount)
            audit.record("dues.pay.extra", target=line, changes={"amount": f"{amount:.2f}", "method": method,
                                                                 "remit_in_full": payment.remit_in_full},
                         actor=acting_user)
        return result


def reverse_payment(payment: DuesPayment, *, reason: str, acting_user=None, idempotency_key=None,
                    today: datetime.date | None = None) -> Recorded:
    """冲正: a reversing entry with a reason; the original stays as it was, flagged reversed."""
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation("冲正须写明原因", rule=R.R_CORRECTION, field="reason", code="invalid")
    key = _key(idempotency_key or f"reversal-{uuid.uuid4()}")
    today = today or timezone.localdate()
    with transaction.atomic():
        line = _lock(payment.line)
        require(acting_user, Action.DUES_MANAGE, line.org.path)
        original = DuesPayment.objects.select_for_update().get(pk=payment.pk)
        facts = {"line_id": line.pk, "kind": original.kind, "amount": -original.amount, "method": original.method,
                 "paid_on": today, "reference": original.reference, "proxy_name": original.proxy_name}
        existing = DuesPayment.objects.filter(idempotency_key=key).first()
        if existing is not None:
            if existing.reverses_id != original.pk:
                raise RuleViolation("该幂等键已用于另一笔不同的记录", field="idempotency_key", code="idempotency_conflict")
            return Recorded(existing, replayed=True)
        if original.reverses_id is not None:
            raise RuleViolation("冲正记录本身不能再冲正", rule=R.R_CORRECTION, field="payment", code="invalid")
        if original.is_reversed:
            raise RuleViolation("该笔记录已经冲正", rule=R.R_CORRECTION, field="payment", code="duplicate")
        reversal = DuesPayment(line=line, idempotency_key=key, recorded_by=acting_user, reverses=original,
                               reason=reason[:300], **_fields(facts))
        reversal.save()
        DuesPayment.objects.filter(pk=original.pk).update(is_reversed=True)
        total = "extra_total" if original.kind == PaymentKind.EXTRA else "paid_total"
        DuesLine.objects.filter(pk=line.pk).update(**{total: getattr(line, total) - original.amount})
        audit.record("dues.pay.reverse", target=line, reason=reason,
                     changes={"reversed_payment": original.pk, "amount": f"{-original.amount:.2f}"}, actor=acting_user)
        return Recorded(reversal)


def _fields(facts: dict) -> dict:
    return {k: v for k, v in facts.items() if k != "line_id"}


def amount_text(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}"
