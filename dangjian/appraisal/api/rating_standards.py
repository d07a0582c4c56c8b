"""API of what the issuing committee does with its 评星定级 standards besides their settings (PATCH
/rating-standards/{id}, beside the read in api/rating.py), as the standard page's forms: an item
added or changed, the stars' minimum scores, a 摘星 situation, the set copied to another year —
through services.rating_standards, which checks rating.configure on the owner (403) and refuses
a change of a set already reported against, or a bad score, naming the rule (422) — and the
committee launching the year's ratings for its schools (services.rating.launch). The standard is
found among those the caller reaches (404)."""

from __future__ import annotations

from ninja import Field, Router, Schema

from dangjian.appraisal.api.rating import Id, _org, _standard_detail, _standard_for
from dangjian.appraisal.api.rating_schemas import StandardDetail
from dangjian.appraisal.rules import rating as R
from dangjian.appraisal.services import rating as services
from dangjian.appraisal.services import rating_standards as standards
from dangjian.core.api import error_responses
from dangjian.core.errors import RuleViolation
from dangjian.core.roles import Action
from dangjian.orgs.schemas import MAX_ID

router = Router(tags=["评星定级"])


class ItemIn(Schema):
    model_config = {"extra": "forbid"}

    item: int | None = Field(None, ge=1, le=MAX_ID, description="修改的项目编号；不填为新增")
    area: int | None = Field(None, ge=1, le=MAX_ID, description="新增项目所属方面的编号")
    text: str = Field(..., max_length=300, description="标准内容")
    points: str = Field(..., max_length=12, description="分值")
    evidence: R.EvidenceKind = Field(..., description="佐证方式")
    check_code: str = Field("", max_length=60, description="自动计算的内容（佐证方式为自动计算时）")
    guidance: str = Field("", max_length=300, description="填报说明")


class LevelsIn(Schema):
    model_config = {"extra": "forbid"}

    levels: dict[int, str] = Field(..., description="星级（1–5）→ 最低分，随星级递增")


class SituationIn(Schema):
    model_config = {"extra": "forbid"}

    situation: int | None = Field(None, ge=1, le=MAX_ID, description="修改的摘星情形编号；不填为新增")
    text: str = Field(..., max_length=300, description="摘星情形")


class CopyIn(Schema):
    model_config = {"extra": "forbid"}

    year: int = Field(..., ge=2000, le=2100, description="复制到的年度")


class LaunchIn(Schema):
    model_config = {"extra": "forbid"}

    org: int = Field(..., ge=1, le=MAX_ID, description="启动评星定级的上级党组织编号（其下所有学校党组织）")
    standard: int | None = Field(None, ge=1, le=MAX_ID,
                                 description="适用的标准编号；不填时用唯一适用的一套（没有或有多套时 422）")
    year: int = Field(..., ge=2000, le=2100)


class LaunchOut(Schema):
    launched: int = Field(description="本次启动的学校党组织数（已启动的不重复）")


def _detail(user, id: int) -> dict:
    return _standard_detail(user, _standard_for(user, id))


@router.post("/rating-standards/{int:id}/items", response=StandardDetail, url_name="rating_standard_item",
             summary="新增或修改一个标准项目（已有学校上报自评的标准不能修改）")
def save_item(request, payload: ItemIn, id: int = Id):
    standard = _standard_for(request.auth, id)
    item = None
    if payload.item is not None:
        item = standard.items.filter(pk=payload.item).first()
        if item is None:
            raise RuleViolation(f"该标准中没有编号为 {payload.item} 的项目", rule=R.R_SET, field="item")
    area = standard.areas.filter(pk=payload.area).first() if payload.area is not None else None
    standards.save_item(standard, payload.model_dump(exclude={"item", "area"}), area=area, item=item,
                        acting_user=request.auth)
    return _detail(request.auth, id)


@router.put("/rating-standards/{int:id}/levels", response=StandardDetail, url_name="rating_standard_levels",
            summary="设定各星级的最低分（随星级递增，不超过总分）")
def set_levels(request, payload: LevelsIn, id: int = Id):
    standard = _standard_for(request.auth, id)
    standards.set_levels(standard, payload.levels, acting_user=request.auth)
    return _detail(request.auth, id)


@router.post("/rating-standards/{int:id}/situations", response=StandardDetail, url_name="rating_standard_situation",
             summary="新增或修改一项摘星情形（随时可改，已作出的摘星决定保留当时的表述）")
def save_situation(request, payload: SituationIn, id: int = Id):
    standard = _standard_for(request.auth, id)
    situation = None
    if payload.situation is not None:
        situation = standard.situations.filter(pk=payload.situation).first()
        if situation is None:
            raise RuleViolation(f"该标准中没有编号为 {payload.situation} 的摘星情形", rule=R.R_SITUATION,
                                field="situation")
    standards.save_situation(standard, text=payload.text, situation=situation, acting_user=request.auth)
    return _detail(request.auth, id)


@router.post("/rating-standards/{int:id}/copy", response={201: StandardDetail}, url_name="rating_standard_copy_api",
             summary="复制为另一年度的标准（设置、项目、分数线和摘星情形），可修改后使用；该年度已有时 422")
def copy(request, payload: CopyIn, id: int = Id):
    standard = _standard_for(request.auth, id)
    made = standards.copy_set(standard, year=payload.year, acting_user=request.auth)
    return 201, _detail(request.auth, made.pk)


@router.post("/star-ratings/launch", response={200: LaunchOut, **error_responses(404)}, url_name="rating_launch_api",
             summary="上级党组织为其下所有学校党组织统一启动本年度评星定级（自动计算项目按日常记录预填）")
def launch(request, payload: LaunchIn):
    org = _org(request.auth, payload.org, Action.RATING_VIEW)
    if payload.standard is None:
        standard = standards.launch_standard(org, payload.year)
    else:
        standard = _standard_for(request.auth, payload.standard)
    return {"launched": services.launch(org, standard, payload.year, acting_user=request.auth)}
