"""API of the preparation and follow-up steps of a 组织生活会 / 民主生活会, as the process page's
forms: 学习研讨, 征求意见 and its summary, 谈心谈话 planned and held, submitting and reviewing a
对照检查材料, putting the problems on the 整改台账, and sending the 情况报告 — through the same
services (dangjian.supervision.services.lifemeeting*), which judge the stage and the rules (422
naming them). As on the pages, the process is found in the caller's scope (404) and the steps
need orglife.manage on its organization (403).

Holding the meeting and each participant's 批评与自我批评 are in api/lifemeeting_meeting.py."""

from __future__ import annotations

import datetime
from typing import Literal

from django.core.exceptions import PermissionDenied
from ninja import Field, Path, Router, Schema

from dangjian.core.roles import Action
from dangjian.core.scoping import get_visible_or_404, scope_of
from dangjian.supervision.api.lifemeeting import LifeDetail, LifeId, _detail, _life
from dangjian.supervision.models.lifemeeting import LifeMeeting, ReviewMaterial, TalkPair
from dangjian.supervision.rules import lifemeeting as R
from dangjian.supervision.services import lifemeeting as prep
from dangjian.supervision.services import lifemeeting_materials as materials
from dangjian.supervision.services import lifemeeting_meeting as meeting

router = Router(tags=["组织生活会"])
RowId = Path(..., ge=1, le=2**62, description="编号")


class StudyIn(Schema):
    model_config = {"extra": "forbid"}

    held_on: datetime.date
    form: R.StudyForm = Field(..., description="collective 集中学习 / seminar 专题研讨 / self 个人自学")
    topic: str = Field(..., max_length=200, description="学习内容")
    participants: int = Field(0, ge=0, le=10_000, description="参加人数")
    note: str = Field("", max_length=4000, description="研讨情况")


class OpinionIn(Schema):
    model_config = {"extra": "forbid"}

    collected_on: datetime.date
    channel: R.Channel
    source: R.Source
    addressed_to: int | None = Field(None, ge=1, le=2**62, description="针对的参会党员编号；不填为领导班子")
    content: str = Field(..., max_length=4000)


class SummaryIn(Schema):
    model_config = {"extra": "forbid"}

    summary: str = Field(..., max_length=10000, description="征求意见汇总（反馈给参会人员）")


class TalkIn(Schema):
    model_config = {"extra": "forbid"}

    talker: int = Field(..., ge=1, le=2**62, description="谈话人（参会党员编号）")
    talkee: int = Field(..., ge=1, le=2**62, description="谈话对象（参会党员编号）")
    planned_on: datetime.date | None = None


class TalkHeldIn(Schema):
    model_config = {"extra": "forbid"}

    held_on: datetime.date
    summary: str = Field(..., max_length=4000, description="谈话要点")


class ReviewIn(Schema):
    model_config = {"extra": "forbid"}

    decision: Literal["approve", "return"] = Field(..., description="approve 审核通过 / return 退回修改")
    reason: str = Field("", max_length=R.SHORT_MAX, description="退回原因（修改要求）")


class RectifyIn(Schema):
    model_config = {"extra": "forbid"}

    deadlines: dict[str, datetime.date] = Field(default_factory=dict, description="各问题（编号）的整改期限；不填按材料所定")


class ReportIn(Schema):
    model_config = {"extra": "forbid"}

    reported_on: datetime.date
    report_text: str = Field("", max_length=20000, description="其他需要报告的情况")


def _managed(user, life: LifeMeeting) -> LifeMeeting:
    if not scope_of(user).allows(Action.ORGLIFE_MANAGE, life.org.path):
        raise PermissionDenied("您的职务不含“登记和管理组织生活”的权限")
    return life


def _step(request, id: int, action, **facts) -> dict:
    life = _managed(request.auth, _life(request.auth, id))
    action(life, acting_user=request.auth, **facts)
    return _detail(_life(request.auth, id))


@router.post("/life-meetings/{int:id}/study", response={201: LifeDetail}, url_name="life_study_record",
             summary="登记会前学习研讨")
def study(request, payload: StudyIn, id: int = LifeId):
    return 201, _step(request, id, prep.record_study, **payload.model_dump())


@router.post("/life-meetings/{int:id}/opinions", response={201: LifeDetail}, url_name="life_opinion_record",
             summary="登记征求到的意见（针对领导班子或参会党员；不是参会党员的 422）")
def opinion(request, payload: OpinionIn, id: int = LifeId):
    return 201, _step(request, id, prep.record_opinion, **payload.model_dump())


@router.put("/life-meetings/{int:id}/summary", response=LifeDetail, url_name="life_summary_save",
            summary="保存征求意见汇总（须已征求到意见）")
def summary(request, payload: SummaryIn, id: int = LifeId):
    return _step(request, id, prep.summarize_opinions, summary=payload.summary)


@router.post("/life-meetings/{int:id}/talks", response={201: LifeDetail}, url_name="life_talk_plan",
             summary="安排谈心谈话（双方须为参会人员，且是两个人）")
def talk(request, payload: TalkIn, id: int = LifeId):
    return 201, _step(request, id, prep.plan_talk, **payload.model_dump())


@router.post("/life-meetings/talks/{int:id}/held", response=LifeDetail, url_name="life_talk_record",
             summary="登记谈心谈话已进行：日期和要点（计入每名党员每年谈心谈话的检查）")
def talk_held(request, payload: TalkHeldIn, id: int = RowId):
    pair = get_visible_or_404(TalkPair.objects.visible_to(request.auth).select_related("life__org"), pk=id)
    _managed(request.auth, pair.life)
    prep.record_talk(pair, held_on=payload.held_on, summary=payload.summary, acting_user=request.auth)
    return _detail(_life(request.auth, pair.life_id))


def _material(request, pk: int) -> ReviewMaterial:
    item = get_visible_or_404(ReviewMaterial.objects.visible_to(request.auth).select_related("life__org", "member"),
                              pk=pk)
    _managed(request.auth, item.life)
    return item


@router.post("/life-meetings/materials/{int:id}/submit", response=LifeDetail, url_name="life_material_submit_api",
             summary="提交对照检查材料审核")
def material_submit(request, id: int = RowId):
    item = _material(request, id)
    materials.submit_material(item, acting_user=request.auth)
    return _detail(_life(request.auth, item.life_id))


@router.post("/life-meetings/materials/{int:id}/review", response=LifeDetail, url_name="life_material_review_api",
             summary="审核对照检查材料：通过或退回修改（退回须写明修改要求）")
def material_review(request, payload: ReviewIn, id: int = RowId):
    item = _material(request, id)
    if payload.decision == "approve":
        materials.approve_material(item, acting_user=request.auth)
    else:
        materials.return_material(item, reason=payload.reason, acting_user=request.auth)
    return _detail(_life(request.auth, item.life_id))


@router.post("/life-meetings/{int:id}/rectification", response=LifeDetail, url_name="life_rectify_api",
             summary="将查摆出的问题列入整改台账（会后）")
def rectify(request, payload: RectifyIn, id: int = LifeId):
    return _step(request, id, meeting.rectify, deadlines=payload.deadlines)


@router.post("/life-meetings/{int:id}/report", response=LifeDetail, url_name="life_report_send",
             summary="报送情况报告（参会人员的批评与自我批评均已登记、问题均已列入整改台账后）")
def report(request, payload: ReportIn, id: int = LifeId):
    return _step(request, id, meeting.send_report, **payload.model_dump())
