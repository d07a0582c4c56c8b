"""API of party dues: the pure rate calculator, a month's ledger and its generation, recording a
payment (with an Idempotency-Key) and its reversal, a member's base and hardship approval, the
remittance to the higher organization, and the arrears list. Thin endpoints over dangjian.dues.selectors and the
services, with the shared error shape.

Scope: organizations come through `PartyOrg.objects.visible_to(user, "dues.view")` and members
through `Member.objects.visible_to(user, "dues.view")`, so out of scope is the same 404 as
missing; recording a payment without dues.manage is a 403 from the service. A duplicate
payment and a reused key with another body are 409; other refusals 422 with the rule.
"""

from __future__ import annotations

import datetime

from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from ninja import Header, Path, Query, Router

from dangjian.core.api import error_responses
from dangjian.core.errors import RuleViolation
from dangjian.core.roles import Action
from dangjian.core.scoping import get_visible_or_404, scope_of
from dangjian.dues import rules as R
from dangjian.dues import selectors
from dangjian.dues.models import DuesLedgerMonth, DuesLine, DuesPayment, PaymentKind
from dangjian.dues.schemas import (
    ArrearsOut,
    ArrearsQuery,
    BaseIn,
    BaseOut,
    GenerateIn,
    GenerationOut,
    HardshipIn,
    HardshipOut,
    LedgerOut,
    LedgerQuery,
    PaymentIn,
    PaymentOut,
    RateOut,
    RateQuery,
    RemittanceIn,
    RemittanceOut,
    ReversalIn,
)
from dangjian.dues.services import (
    approve_hardship,
    generate_ledger,
    line_for,
    record_extra_payment,
    record_payment,
    record_remittance,
    reverse_payment,
    set_base,
)
from dangjian.dues.services.ledger import COMPONENTS
from dangjian.members.models import Member
from dangjian.members.services import require
from dangjian.orgs.models import PartyOrg
from dangjian.orgs.schemas import MAX_ID

router = Router(tags=["党费"])

CONFLICTS = {"duplicate", "idempotency_conflict"}


def _money(value) -> str | None:
    return None if value is None else f"{value:.2f}"


def _ref(org: PartyOrg, scope) -> dict:
    return {"id": org.pk if scope.allows(Action.ORG_VIEW, org.path) else None, "name": org.name}


def _org(user, pk: int) -> PartyOrg:
    return get_visible_or_404(PartyOrg.objects.visible_to(user, Action.DUES_VIEW), pk=pk)


@router.get("/dues/rate", response=RateOut, url_name="dues_rate", summary="党费计算器：按类别和基数算出比例与金额")
def rate(request, query: Query[RateQuery]):
    return R.dues_for(query.category.strip(), query.base.strip()).as_dict()


def _line(line: DuesLine, scope, today: datetime.date) -> dict:
    state, state_label = R.line_status(line.amount_due, line.is_settled, line.month, today)
    return {
        "id": line.pk, "member_id": line.member_id, "member_name": line.member.name, "org": _ref(line.org, scope),
        "month": f"{line.month:%Y-%m}", "category": line.category, "category_label": line.get_category_display(),
        "base": _money(line.base), "rate": None if line.rate is None else f"{line.rate.normalize():f}",
        "amount_due": _money(line.amount_due), "paid": _money(line.paid_total), "extra": _money(line.extra_total),
        "settled": line.is_settled, "rule": line.rule, "state": state, "state_label": state_label,
    }


@router.get("/dues/ledger", response={200: LedgerOut, **error_responses(404)},
            url_name="dues_ledger", summary="党费月度台账（含下级组织）")
def ledger(request, query: Query[LedgerQuery]):
    org = _org(request.auth, query.org)
    month = R.parse_month(query.month)
    scope = scope_of(request.auth)
    lines = list(selectors.monthly_ledger(org, month).prefetch_related(None))
    today = timezone.localdate()
    _, total = selectors.collection_sheet(org, month)
    generated = DuesLedgerMonth.objects.filter(org__path__startswith=org.path, month=month).exists()
    return {
        "org": _ref(org, scope), "month": f"{month:%Y-%m}", "generated": generated,
        "totals": {"due_count": total.due_count, "paid_count": total.paid_count, "missing_base": total.missing_base,
                   "due_amount": _money(total.due_amount), "paid_amount": _money(total.paid_amount),
                   "extra_amount": _money(total.extra_amount)},
        "lines": [_line(line, scope, today) for line in lines],
    }


@router.post("/dues/ledger/generate", response={200: GenerationOut, **error_responses(404)}, url_name="dues_ledger_generate",
             summary="生成月度党费台账（含下级组织）：已有的台账行保持不变，重复生成不改变任何内容")
def generate(request, payload: GenerateIn):
    # The page's 生成本月台账, through the same service: dues.manage on the organization (403),
    # no month still to come (422, with the rule), idempotent by member-month.
    org = _org(request.auth, payload.org)
    result = generate_ledger(org, R.parse_month(payload.month, field="month"), acting_user=request.auth)
    return {"org": _ref(org, scope_of(request.auth)), "month": f"{result.month:%Y-%m}", "created": result.created,
            "existing": result.existing, "missing_base": result.missing_base}


def _payment(payment: DuesPayment) -> dict:
    return {
        "id": payment.pk, "member_id": payment.line.member_id, "month": f"{payment.line.month:%Y-%m}",
        "kind": payment.kind, "kind_label": PaymentKind(payment.kind).label, "amount": _money(payment.amount),
        "method": payment.method, "paid_on": payment.paid_on, "reference": payment.reference,
        "proxy_name": payment.proxy_name, "remit_in_full": payment.remit_in_full,
    }


@router.post("/dues/payments", response={200: PaymentOut, **error_responses(404, 409)}, url_name="dues_payment_create",
             summary="登记党费交纳（须带 Idempotency-Key 请求头；同一键同一内容重复提交返回同一结果）")
def create_payment(request: HttpRequest, payload: PaymentIn,
                   idempotency_key: str = Header(..., alias="Idempotency-Key", max_length=80)):
    member = get_visible_or_404(Member.objects.visible_to(request.auth, Action.DUES_VIEW), pk=payload.member)
    record = record_extra_payment if payload.kind == "extra" else record_payment
    try:
        line = line_for(member, R.parse_month(payload.month, field="month"))
        result = record(line, amount=payload.amount, method=payload.method, paid_on=payload.paid_on,
                        idempotency_key=idempotency_key, acting_user=request.auth, reference=payload.reference,
                        proxy_name=payload.proxy_name)
    except RuleViolation as refusal:
        status = 409 if refusal.code in CONFLICTS else 422
        return JsonResponse(refusal.as_dict(), status=status, json_dumps_params={"ensure_ascii": False})
    payment = DuesPayment.objects.select_related("line").get(pk=result.payment.pk)
    return _payment(payment)


@router.get("/dues/arrears", response={200: ArrearsOut, **error_responses(404)}, url_name="dues_arrears",
            summary="欠缴党费名单：连续欠缴月数；满 3 个月提醒批评教育（本系统提醒设置），满 6 个月按自行脱党提请支部大会（党章第九条）")
def arrears(request, query: Query[ArrearsQuery]):
    org = _org(request.auth, query.org)
    scope = scope_of(request.auth)
    rows = selectors.arrears(org, minimum=query.minimum)
    orgs = PartyOrg.objects.in_bulk({row.org_id for row in rows})
    return {"count": len(rows), "items": [
        {"member_id": row.member_id, "member_name": row.member_name, "org": _ref(orgs[row.org_id], scope),
         "months": row.count, "since": f"{row.since:%Y-%m}", "amount": _money(row.amount), "level": row.level,
         "level_label": row.level_label, "state": row.state, "state_label": row.state_label}
        for row in rows]}


# --- a member's base and hardship, reversal, remittance --------------------------------------
# The member page's forms and the remittance page, through the same services. As on the pages,
# dues.manage on the member's (or line's, or organization's) own organization is checked before
# the body is read: a member finds her own record here (dues.view's own-record rule) but may
# not set its base through this door (403).

def _managed_member(request, pk: int) -> Member:
    member = get_visible_or_404(Member.objects.visible_to(request.auth, Action.DUES_VIEW).select_related("org"), pk=pk)
    require(request.auth, Action.DUES_MANAGE, member.org.path)
    return member


@router.put("/dues/members/{int:id}/base", response={201: BaseOut}, url_name="dues_base_set",
            summary="核定缴费基数：自起始月份起生效，未交纳的台账行按新基数重新计算；不修改以前的核定记录")
def put_base(request, payload: BaseIn, id: int = Path(..., ge=1, le=MAX_ID, description="党员编号")):
    member = _managed_member(request, id)
    components = payload.model_dump(include=set(COMPONENTS))
    row = set_base(member, category=payload.category, effective_month=payload.effective_month,
                   base=payload.base or None, note=payload.note, acting_user=request.auth, **components)
    return 201, {"member_id": member.pk, "category": row.category, "category_label": row.get_category_display(),
                 "base": _money(row.base), "effective_month": f"{row.effective_month:%Y-%m}",
                 "checked_on": row.checked_on}


@router.post("/dues/members/{int:id}/hardship", response={201: HardshipOut}, url_name="dues_hardship",
             summary="登记经上级党委批准的少交或免交：所涵盖月份未交纳的台账行按批准金额计算")
def post_hardship(request, payload: HardshipIn, id: int = Path(..., ge=1, le=MAX_ID, description="党员编号")):
    member = _managed_member(request, id)
    row = approve_hardship(member, from_month=payload.from_month, to_month=payload.to_month, amount=payload.amount,
                           approved_by=payload.approved_by, approved_on=payload.approved_on, reason=payload.reason,
                           acting_user=request.auth)
    return 201, {"member_id": member.pk, "from_month": f"{row.from_month:%Y-%m}",
                 "to_month": row.to_month and f"{row.to_month:%Y-%m}", "amount": _money(row.amount),
                 "approved_by": row.approved_by, "approved_on": row.approved_on}


@router.post("/dues/payments/{int:id}/reversal", response={201: PaymentOut, **error_responses(409)},
             url_name="dues_payment_reverse",
             summary="冲正一笔交纳记录（须带 Idempotency-Key；原记录保留并标明已冲正）；已冲正的再次冲正 409")
def reverse_entry(request: HttpRequest, payload: ReversalIn, id: int = Path(..., ge=1, le=MAX_ID, description="交纳记录编号"),
            idempotency_key: str = Header(..., alias="Idempotency-Key", max_length=80)):
    payment = get_visible_or_404(DuesPayment.objects.visible_to(request.auth).select_related("line__org"), pk=id)
    require(request.auth, Action.DUES_MANAGE, payment.line.org.path)
    try:
        # The key is the payment's own, as on the page: the same key reversing another payment is another reversal.
        result = reverse_payment(payment, reason=payload.reason, acting_user=request.auth,
                                 idempotency_key=f"{idempotency_key}:{payment.pk}")
    except RuleViolation as refusal:
        if refusal.code in CONFLICTS:
            return 409, refusal.as_dict()
        raise
    return 201, _payment(DuesPayment.objects.select_related("line").get(pk=result.payment.pk))


@router.post("/dues/remittances", response={201: RemittanceOut, **error_responses(404)}, url_name="dues_remit",
             summary="登记党费上缴（上缴给上级党组织；不能上缴尚未到来的月份的党费）")
def remit(request, payload: RemittanceIn):
    org = _org(request.auth, payload.org)
    row = record_remittance(org, period_start=payload.period_start, period_end=payload.period_end, amount=payload.amount,
                            remitted_on=payload.remitted_on, reference=payload.reference, note=payload.note,
                            acting_user=request.auth)
    return 201, {"id": row.pk, "org": _ref(org, scope_of(request.auth)), "period_start": f"{row.period_start:%Y-%m}",
                 "period_end": f"{row.period_end:%Y-%m}", "amount": _money(row.amount), "remitted_on": row.remitted_on,
                 "to_org_name": row.to_org_name, "reference": row.reference}
