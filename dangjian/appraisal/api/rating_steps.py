"""API of more steps of a 评星定级 rating, as its page's buttons: the school computing its
automatic items again from today's records (while it still edits its self-assessment) and
uploading an item's evidence (multipart, the same upload checks as the page), and the standard's
owner registering an objection (异议) received during the 公示 — through
services.rating, which checks who may (403) and the state (422 naming the rule). The rating is
found in the caller's scope (404)."""

from __future__ import annotations

from ninja import Field, File, Form, Router, Schema
from ninja.files import UploadedFile

from dangjian.appraisal.api.rating import Id, _detail, _get, _require
from dangjian.appraisal.api.rating_schemas import RatingDetail
from dangjian.appraisal.services import rating as services
from dangjian.core.roles import Action
from dangjian.orgs.schemas import MAX_ID

router = Router(tags=["评星定级"])


class ObjectionIn(Schema):
    model_config = {"extra": "forbid"}

    reason: str = Field(..., max_length=500, description="异议内容")


@router.post("/star-ratings/{int:id}/refresh", response=RatingDetail, url_name="rating_refresh_api",
             summary="按最新的日常记录重新计算自动项目（学校自评阶段）")
def refresh(request, id: int = Id):
    rating = _get(request.auth, id)
    services.refresh_automatic(rating, acting_user=request.auth)
    return _detail(_get(request.auth, id), request.auth)


@router.post("/star-ratings/{int:id}/objection", response=RatingDetail, url_name="rating_objection",
             summary="登记公示期间收到的异议：该组织退出本批公示，复核后重新公示（制定标准的上级党组织）")
def objection(request, payload: ObjectionIn, id: int = Id):
    rating = _get(request.auth, id)
    _require(request.auth, Action.RATING_REVIEW)  # as the page: a reviewer's act, checked before the state
    services.object_during_publicity(rating, reason=payload.reason, acting_user=request.auth)
    return _detail(_get(request.auth, id), request.auth)


class EvidenceIn(Schema):
    item: int = Field(..., ge=1, le=MAX_ID, description="项目编号")


class EvidenceOut(Schema):
    id: int
    item: int
    name: str
    file_kind: str = Field(description="文件类型（按内容识别）")
    size: int = Field(description="字节数")
    sha256: str


@router.post("/star-ratings/{int:id}/evidence", response={201: EvidenceOut}, url_name="rating_evidence_api",
             summary="上传一个项目的佐证材料（multipart：file、item；学校自评阶段）；须为 PDF、图片、Word 或 Excel，经内容检查")
def evidence(request, file: File[UploadedFile], form: Form[EvidenceIn], id: int = Id):
    rating = _get(request.auth, id)
    row = services.add_evidence(rating, form.item, file, acting_user=request.auth)
    return 201, {"id": row.pk, "item": form.item, "name": row.name, "file_kind": row.file_kind, "size": row.size,
                 "sha256": row.sha256}
