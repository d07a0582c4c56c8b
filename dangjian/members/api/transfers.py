"""API of 组织关系转接 inside the system, as the transfer pages: the list of both sides, the sending
organization's letter (开具介绍信) and its withdrawal, the receiving organization's acceptance or
return with a reason — through dangjian.members.services.

A transfer is seen by whoever may read members on either side (member.view on the sending or
the receiving organization), else 404. Acting needs member.edit on that side: the receiver
accepts or returns, the sender withdraws (403 for the other side). The receiving organization
of a new letter may be anywhere in the system (a member moves to another county), so it is named
by its code among every active member organization, as on the page; only its name comes back.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema

from dangjian.core.api import error_responses
from dangjian.core.errors import RuleViolation
from dangjian.core.roles import Action
from dangjian.core.scoping import get_visible_or_404, scope_of
from dangjian.members import rules as R
from dangjian.members import services
from dangjian.members.api.records import MemberId, _members
from dangjian.members.models import Transfer, TransferState
from dangjian.orgs.models import PartyOrg
from dangjian.orgs.schemas import MAX_ID, OrgRef

router = Router(tags=["党员"])

TransferId = Path(..., ge=1, le=MAX_ID, description="转接编号")


class TransferOut(Schema):
    id: int
    member_id: int | None = Field(description="党员编号；不在本人查看范围内（如接收方在接收前）为 null")
    member_name: str
    from_org: OrgRef
    to_org: OrgRef
    letter_number: str
    state: str = Field(description="pending 待接收 / accepted 已接收 / rejected 已退回 / cancelled 已撤回 / expired 已超期")
    state_label: str
    requested_on: datetime.date
    valid_until: datetime.date
    validity: str = Field(description="介绍信有效期状态（与页面一致）")
    decided_on: datetime.date | None
    reason: str
    can_accept: bool = Field(description="本人可以接收或退回（接收方，待接收）")
    can_cancel: bool = Field(description="本人可以撤回（转出方，待接收）")


class TransferPage(Schema):
    count: int
    items: list[TransferOut]


class TransferQuery(Schema):
    state: TransferState | None = Field(None, description="按状态筛选")
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=10**9)


class TransferIn(Schema):
    model_config = {"extra": "forbid"}

    to_org_code: str = Field(..., min_length=1, max_length=32, description="接收组织代码（本系统内任一有效的党支部、党总支或党委）")
    letter_number: str = Field(..., min_length=1, max_length=60, description="介绍信编号")
    requested_on: datetime.date = Field(..., description="开具日期")
    reason: str = Field("", max_length=300, description="转接原因，如工作调动")


class AcceptIn(Schema):
    model_config = {"extra": "forbid"}

    decided_on: datetime.date = Field(..., description="接收日期（介绍信有效期内）")


class ReasonIn(Schema):
    model_config = {"extra": "forbid"}

    reason: str = Field("", max_length=300, description="退回原因（必填）或撤回原因")


def _visible(user):
    return Transfer.objects.visible_to(user, Action.MEMBER_VIEW).select_related("member__org", "from_org", "to_org")


def _ref(org: PartyOrg, scope) -> dict:
    return {"id": org.pk if scope.allows(Action.ORG_VIEW, org.path) else None, "name": org.name}


def _item(t: Transfer, scope, today: datetime.date) -> dict:
    pending = t.state == TransferState.PENDING
    return {
        "id": t.pk, "member_id": t.member_id if scope.allows(Action.MEMBER_VIEW, t.member.org.path) else None,
        "member_name": t.member.name, "from_org": _ref(t.from_org, scope), "to_org": _ref(t.to_org, scope),
        "letter_number": t.letter_number, "state": t.state, "state_label": t.get_state_display(),
        "requested_on": t.requested_on, "valid_until": t.valid_until,
        "validity": R.letter_validity(t.valid_until, today).label, "decided_on": t.decided_on, "reason": t.reason,
        "can_accept": pending and scope.allows(Action.MEMBER_EDIT, t.to_org.path),
        "can_cancel": pending and scope.allows(Action.MEMBER_EDIT, t.from_org.path),
    }


def _answer(request, transfer: Transfer) -> dict:
    return _item(_visible(request.auth).get(pk=transfer.pk), scope_of(request.auth), timezone.localdate())


@router.get("/transfers/", response=TransferPage, url_name="transfer_list",
            operation_id="dangjian_members_api_list_transfers",
            summary="组织关系转接（转出和转入两方）：待接收的按介绍信有效期排在前面")
def list_transfers(request, query: Query[TransferQuery]):
    rows = _visible(request.auth)
    if query.state:
        rows = rows.filter(state=query.state)
    rows = rows.order_by("-requested_on", "-pk")
    scope, today = scope_of(request.auth), timezone.localdate()
    return {"count": rows.count(),
            "items": [_item(t, scope, today) for t in rows[query.offset:query.offset + query.limit]]}


@router.post("/members/{int:id}/transfers", response={201: TransferOut, **error_responses(409)},
             url_name="transfer_start", operation_id="dangjian_members_api_start_transfer",
             summary="开具组织关系介绍信（转往本系统内的组织）；已有待接收的转接时 409")
def start_transfer(request, payload: TransferIn, id: int = MemberId):
    member = get_visible_or_404(_members(request.auth), pk=id)
    services.require(request.auth, Action.MEMBER_EDIT, member.org.path)
    code = payload.to_org_code.strip()
    to_org = PartyOrg.objects.filter(code__iexact=code, is_active=True, kind__in=services.MEMBER_ORG_KINDS).first()
    if to_org is None:
        raise RuleViolation(f"没有代码为“{code}”的有效党支部（或党总支、党委）", rule=R.R_ONE_ORG, field="to_org_code")
    try:
        transfer = services.start_transfer(member, to_org=to_org, letter_number=payload.letter_number,
                                           requested_on=payload.requested_on, reason=payload.reason.strip(),
                                           acting_user=request.auth)
    except RuleViolation as refusal:
        if refusal.code == "duplicate":
            return 409, refusal.as_dict()
        if refusal.field == "to_org":
            refusal.field = "to_org_code"
        raise
    return 201, _answer(request, transfer)


def _side(request, pk: int, side: str) -> Transfer:
    transfer = get_visible_or_404(_visible(request.auth), pk=pk)
    services.require(request.auth, Action.MEMBER_EDIT, getattr(transfer, side).path)
    return transfer


@router.post("/transfers/{int:id}/accept", response=TransferOut, url_name="transfer_accept",
             operation_id="dangjian_members_api_accept_transfer",
             summary="接收组织关系（接收方）：党员编入接收组织，双方时间线各记一条；介绍信过期 422")
def accept(request, payload: AcceptIn, id: int = TransferId):
    transfer = services.accept_transfer(_side(request, id, "to_org"), decided_on=payload.decided_on,
                                        acting_user=request.auth)
    return _answer(request, transfer)


@router.post("/transfers/{int:id}/reject", response=TransferOut, url_name="transfer_reject",
             operation_id="dangjian_members_api_reject_transfer",
             summary="退回组织关系介绍信（接收方），须写明原因")
def reject(request, payload: ReasonIn, id: int = TransferId):
    transfer = services.reject_transfer(_side(request, id, "to_org"), reason=payload.reason, acting_user=request.auth)
    return _answer(request, transfer)


@router.post("/transfers/{int:id}/cancel", response=TransferOut, url_name="transfer_cancel",
             operation_id="dangjian_members_api_cancel_transfer", summary="撤回组织关系介绍信（转出方）")
def cancel(request, payload: ReasonIn, id: int = TransferId):
    transfer = services.cancel_transfer(_side(request, id, "from_org"), reason=payload.reason.strip(),
                                        acting_user=request.auth)
    return _answer(request, transfer)
