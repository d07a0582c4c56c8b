"""API of 联系方式更正: a member asks to correct her own phone, the 组织委员 (member.edit on her
organization) approves or refuses with a reason — as the pages 我的党员信息 and 更正申请, through
dangjian.members.services. The new phone leaves only masked, as everywhere.

The list and the decision are for those who keep the members' records (member.edit somewhere:
else 403); a request out of their scope is the same 404 as a missing one. A member asks only for
herself: without a record of her own there is nothing to correct (404).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import Http404
from ninja import Field, Path, Query, Router, Schema

from dangjian.core.api import error_responses
from dangjian.core.errors import RuleViolation
from dangjian.core.roles import Action
from dangjian.core.scoping import get_visible_or_404, scope_of
from dangjian.members import services
from dangjian.members.models import ContactCorrection, CorrectionState, Member
from dangjian.orgs.schemas import MAX_ID

router = Router(tags=["党员"])


class CorrectionOut(Schema):
    id: int
    member_id: int
    member_name: str
    field: str
    new_value: str = Field(description="更正后的值（脱敏）")
    note: str
    state: str = Field(description="pending 待审核 / approved 已同意 / rejected 不同意")
    state_label: str
    requested_at: datetime.datetime
    decided_at: datetime.datetime | None
    decision_note: str


class CorrectionPage(Schema):
    count: int
    items: list[CorrectionOut]


class CorrectionQuery(Schema):
    state: CorrectionState | None = None
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=10**9)


class CorrectionIn(Schema):
    model_config = {"extra": "forbid"}

    phone: str = Field(..., min_length=1, max_length=20, description="正确的手机号")
    note: str = Field("", max_length=300, description="说明，如已更换号码")


class DecisionIn(Schema):
    model_config = {"extra": "forbid"}

    approve: bool = Field(..., description="true 同意 / false 不同意（须写明理由）")
    note: str = Field("", max_length=300, description="审核意见")


def _item(c: ContactCorrection) -> dict:
    return {"id": c.pk, "member_id": c.member_id, "member_name": c.member.name, "field": c.field,
            "new_value": c.new_value_masked, "note": c.note, "state": c.state, "state_label": c.get_state_display(),
            "requested_at": c.requested_at, "decided_at": c.decided_at, "decision_note": c.decision_note}


def _keeper(user) -> None:
    if not scope_of(user).allows(Action.MEMBER_EDIT):
        raise PermissionDenied("您的职务不含维护党员信息的权限")


@router.get("/corrections/", response={200: CorrectionPage, **error_responses(403)}, url_name="correction_list",
            operation_id="dangjian_members_api_list_corrections",
            summary="联系方式更正申请（本人可维护的党员）：待审核的在前")
def list_corrections(request, query: Query[CorrectionQuery]):
    _keeper(request.auth)
    rows = ContactCorrection.objects.visible_to(request.auth, Action.MEMBER_EDIT).select_related("member")
    if query.state:
        rows = rows.filter(state=query.state)
    # pending (no decision yet) first, on both engines (PostgreSQL sorts NULL last by default)
    rows = rows.order_by(F("decided_at").asc(nulls_first=True), "-requested_at", "-pk")
    return {"count": rows.count(), "items": [_item(c) for c in rows[query.offset:query.offset + query.limit]]}


@router.post("/members/me/corrections", response={201: CorrectionOut, **error_responses(404, 409)},
             url_name="correction_request", operation_id="dangjian_members_api_request_correction",
             summary="党员本人申请更正手机号（组织委员审核同意后生效）；已有待审核的申请时 409")
def request_correction(request, payload: CorrectionIn):
    member = Member.objects.filter(user=request.auth).first()
    if member is None:
        raise Http404  # no record of one's own: nothing to correct
    try:
        correction = services.request_contact_correction(member, phone=payload.phone.strip(), note=payload.note.strip(),
                                                         acting_user=request.auth)
    except RuleViolation as refusal:
        if refusal.code == "duplicate":
            return 409, refusal.as_dict()
        raise
    return 201, _item(correction)


@router.post("/corrections/{int:id}/decision", response=CorrectionOut, url_name="correction_decide",
             operation_id="dangjian_members_api_decide_correction",
             summary="审核联系方式更正申请：同意后手机号即更正；不同意须写明理由")
def decide(request, payload: DecisionIn, id: int = Path(..., ge=1, le=MAX_ID, description="申请编号")):
    correction = get_visible_or_404(ContactCorrection.objects.visible_to(request.auth, Action.MEMBER_VIEW)
                                    .select_related("member__org"), pk=id)
    services.require(request.auth, Action.MEMBER_EDIT, correction.member.org.path)
    correction = services.decide_correction(correction, approve=payload.approve, note=payload.note.strip(),
                                            acting_user=request.auth)
    return _item(correction)
