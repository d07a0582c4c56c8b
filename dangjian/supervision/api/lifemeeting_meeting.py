"""API of holding a 组织生活会 / 民主生活会 and of each participant's 批评与自我批评, as the pages 召开会议
and 批评与自我批评: through services.lifemeeting_meeting.hold / record_criticism, which judge the
stage (preparation done, the meeting held), the 列席指导 a local rule asks for, the leaders
attending as ordinary members and who was present (422 naming the rule). The process is found in
the caller's scope (404) and needs orglife.manage on its organization (403)."""

from __future__ import annotations

import datetime

from ninja import Field, Router, Schema

from dangjian.core.errors import RuleViolation
from dangjian.orglife.services import AttendanceLine
from dangjian.supervision.api.lifemeeting import LifeDetail, LifeId, _detail, _life
from dangjian.supervision.api.lifemeeting_steps import _managed
from dangjian.supervision.rules import lifemeeting as R
from dangjian.supervision.selectors import lifemeeting as S
from dangjian.supervision.services import lifemeeting_meeting as meeting

router = Router(tags=["组织生活会"])


class AttendanceIn(Schema):
    model_config = {"extra": "forbid"}

    member_id: int = Field(..., ge=1, le=2**62, description="参会党员编号")
    present: bool = True
    absence_reason: str = Field("", max_length=16, description="缺席原因（缺席时）")
    note: str = Field("", max_length=200)


class HoldIn(Schema):
    model_config = {"extra": "forbid"}

    meeting: int | None = Field(None, ge=1, le=2**62,
                                description="已在组织生活记录中登记的会议记录编号；填写时日期、地点和出席情况不必再填")
    held_on: datetime.date | None = Field(None, description="召开日期")
    place: str = Field("", max_length=120)
    host: int | None = Field(None, ge=1, le=2**62, description="主持人（参会党员编号）")
    recorder: int | None = Field(None, ge=1, le=2**62, description="记录人（参会党员编号）")
    minutes: str = Field("", max_length=50000, description="会议记录（议程和主要内容）")
    attendance: list[AttendanceIn] | None = Field(None, max_length=2000, description="出席情况；未列出的参会人员视为出席")
    observer_name: str = Field("", max_length=60, description="列席指导人员")
    observer_org: int | None = Field(None, ge=1, le=2**62, description="列席指导单位（上级党组织编号）")
    dual_life: list[int] = Field(default_factory=list, max_length=100,
                                 description="以普通党员身份参会的党员领导干部（党员编号）")


class CriticismEntry(Schema):
    model_config = {"extra": "forbid"}

    critic: int = Field(..., ge=1, le=2**62, description="提出人（出席会议的其他人员的党员编号）")
    content: str = Field(..., max_length=R.TEXT_MAX, description="批评意见")


class CriticismIn(Schema):
    model_config = {"extra": "forbid"}

    subject: int = Field(..., ge=1, le=2**62, description="登记谁的批评与自我批评（出席会议的党员编号）")
    self_criticism: str = Field(..., max_length=R.TEXT_MAX, description="自我批评")
    criticisms: list[CriticismEntry] = Field(default_factory=list, max_length=50, description="其他人员提出的批评意见")
    response: str = Field("", max_length=R.TEXT_MAX, description="表态")


def _participant(people: dict, pk: int | None, field: str):
    """Host or recorder: one of the process's participants (the page offers only them)."""
    if pk is None:
        return None
    if pk not in people:
        raise RuleViolation(f"编号为 {pk} 的人员不是本次会议的参会人员", rule=R.R_PARTICIPANT, field=field)
    return people[pk]


@router.post("/life-meetings/{int:id}/hold", response=LifeDetail, url_name="life_hold_api",
             summary="登记召开：关联已登记的会议记录，或现在登记会议及出席情况（会前准备未完成、缺少规定的列席指导时 422）")
def hold(request, payload: HoldIn, id: int = LifeId):
    life = _managed(request.auth, _life(request.auth, id))
    people = {e.member.pk: e.member for e in S.participants(life)}
    lines = None if payload.attendance is None else [
        AttendanceLine(a.member_id, a.present, "" if a.present else a.absence_reason, a.note) for a in payload.attendance]
    meeting.hold(life, meeting=payload.meeting, held_on=payload.held_on, place=payload.place,
                 host=_participant(people, payload.host, "host"), recorder=_participant(people, payload.recorder, "recorder"),
                 minutes=payload.minutes, attendance=lines, observer_name=payload.observer_name,
                 observer_org=payload.observer_org, dual_life=payload.dual_life, acting_user=request.auth)
    return _detail(_life(request.auth, id))


@router.post("/life-meetings/{int:id}/criticism", response=LifeDetail, url_name="life_criticism_api",
             summary="登记一名参会人员的批评与自我批评（替换此前登记的；未出席的人员 422）")
def criticism(request, payload: CriticismIn, id: int = LifeId):
    life = _managed(request.auth, _life(request.auth, id))
    meeting.record_criticism(life, subject=payload.subject, self_criticism=payload.self_criticism,
                             criticisms=[c.model_dump() for c in payload.criticisms], response=payload.response,
                             acting_user=request.auth)
    return _detail(_life(request.auth, id))
