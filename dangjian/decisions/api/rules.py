"""API of the decisions rules page and the seats page, as their forms: a higher committee's 大额经费
standard and its stricter quorum of the 党组织会议 for its subtree (services.set_threshold /
set_strict_quorum, decisions.oversee: 403), and the school's 校长办公会 and 教代会 seats kept by its
secretary or principal (services.add_seat / end_seat). Each refusal names its rule (422).

Added to the app's router by dangjian/decisions/api/__init__.py. The organization and the seat are looked up
among those the caller sees (decisions.view): out of scope is the same 404 as missing."""

from __future__ import annotations

import datetime

from ninja import Field, Path, Router, Schema

from dangjian.core.api import error_responses
from dangjian.core.scoping import get_visible_or_404
from dangjian.decisions import services
from dangjian.decisions.api.powers import _org
from dangjian.decisions.models import Body, BodySeat
from dangjian.orgs.schemas import MAX_ID

router = Router(tags=["议事决策"])


class SettingIn(Schema):
    model_config = {"extra": "forbid"}

    org: int = Field(..., ge=1, le=MAX_ID, description="作出规定的党组织编号（适用于它及其下级）")
    citation: str = Field(..., max_length=300, description="依据（文件名称和文号）")
    effective_on: datetime.date = Field(..., description="生效日期")


class ThresholdIn(SettingIn):
    amount: str = Field(..., max_length=20, description="大额经费标准（元），大于零")


class SettingOut(Schema):
    id: int
    org: str
    citation: str
    effective_on: datetime.date


class ThresholdOut(SettingOut):
    amount: str = Field(description="大额经费标准（元）")


class SeatIn(Schema):
    model_config = {"extra": "forbid"}

    org: int = Field(..., ge=1, le=MAX_ID, description="学校党组织编号")
    body: Body = Field(..., description="议事机构：校长办公会或教代会（党组织会议成员来自任职，422）")
    person_name: str = Field(..., max_length=60, description="姓名")
    role: str = Field("", max_length=60, description="职务，例如副校长、工会主席")
    started_on: datetime.date = Field(..., description="起始日期")


class SeatEndIn(Schema):
    model_config = {"extra": "forbid"}

    ended_on: datetime.date = Field(..., description="终止日期，不早于起始日期")


class SeatOut(Schema):
    id: int
    org: str
    body: str
    body_label: str
    person_name: str
    role: str
    started_on: datetime.date
    ended_on: datetime.date | None


def _seat(s: BodySeat) -> dict:
    return {"id": s.pk, "org": s.org.name, "body": s.body, "body_label": s.get_body_display(),
            "person_name": s.person_name, "role": s.role, "started_on": s.started_on, "ended_on": s.ended_on}


@router.post("/decisions/thresholds", response={201: ThresholdOut, **error_responses(404)},
             url_name="decision_threshold_set",
             summary="上级党组织设定本辖区的大额经费标准（同一生效日期再次设定即修改）；缺少依据时 422")
def set_threshold(request, payload: ThresholdIn):
    org = _org(request.auth, payload.org)
    row = services.set_threshold(org, payload.amount, citation=payload.citation, effective_on=payload.effective_on,
                                 acting_user=request.auth)
    return 201, {"id": row.pk, "org": org.name, "citation": row.citation, "effective_on": row.effective_on,
                 "amount": f"{row.amount:.2f}"}


@router.post("/decisions/quorum-settings", response={201: SettingOut, **error_responses(404)},
             url_name="decision_quorum_set",
             summary="上级党组织规定本辖区党组织会议须超过半数委员到会；生效日期早于今天或已有规定时 422")
def set_strict_quorum(request, payload: SettingIn):
    org = _org(request.auth, payload.org)
    row = services.set_strict_quorum(org, citation=payload.citation, effective_on=payload.effective_on,
                                     acting_user=request.auth)
    return 201, {"id": row.pk, "org": org.name, "citation": row.citation, "effective_on": row.effective_on}


@router.post("/decisions/seats", response={201: SeatOut, **error_responses(404)}, url_name="decision_seat_add",
             summary="登记校长办公会或教代会成员（本校党组织书记或校长）；已在任的同一人 422")
def add_seat(request, payload: SeatIn):
    org = _org(request.auth, payload.org)
    seat = services.add_seat(org, acting_user=request.auth, **payload.model_dump(exclude={"org"}))
    return 201, _seat(seat)


@router.post("/decisions/seats/{int:id}/end", response=SeatOut, url_name="decision_seat_end",
             summary="登记议事机构成员任期终止（记录保留，会议按当日在任成员判断）")
def end_seat(request, payload: SeatEndIn, id: int = Path(..., ge=1, le=MAX_ID, description="席位编号")):
    seat = get_visible_or_404(BodySeat.objects.visible_to(request.auth).select_related("org"), pk=id)
    return _seat(services.end_seat(seat, ended_on=payload.ended_on, acting_user=request.auth))
