"""API of the 整改台账 steps the pages have beside those of api/rectification.py: the school's
申请销号, one more item on a batch (追加整改任务), and the day the school's 整改情况报告 went up —
through the same services, with their rules (422) and rights (403); out of scope 404.

Evidence files are uploaded on the item's page (the API takes JSON): a 销号 request needs at least
one piece of evidence on the item, from the page or an earlier report, or it is refused with the rule."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from ninja import Field, Path, Router, Schema

from dangjian.core.api import error_responses
from dangjian.core.errors import RuleViolation
from dangjian.core.roles import Action
from dangjian.core.scoping import get_visible_or_404
from dangjian.members.services import require
from dangjian.supervision.api.rectification import BatchOut, ItemDetail, ItemId, ItemIn, _detail, _item, _visible
from dangjian.supervision.models import RectificationBatch
from dangjian.supervision.services import rectification as services
from dangjian.supervision.services import rectification_flow as flow

router = Router(tags=["整改台账"])
BatchId = Path(..., ge=1, le=2**62, description="整改批次编号")


class ClosureIn(Schema):
    model_config = {"extra": "forbid"}

    text: str = Field(..., max_length=2000, description="整改完成情况")
    occurred_on: datetime.date | None = Field(None, description="申请日期，默认今天")


class BatchItemIn(ItemIn):
    model_config = {"extra": "forbid"}

    origin: str = Field("", max_length=120, description="来源记录（同一来源再次提交返回原事项）")


class ReportedIn(Schema):
    model_config = {"extra": "forbid"}

    reported_on: datetime.date = Field(..., description="整改情况报告的报送日期")


def _batch(user, pk: int) -> RectificationBatch:
    return get_visible_or_404(RectificationBatch.objects.visible_to(user).select_related("org", "issuer"), pk=pk)


def _batch_out(batch: RectificationBatch) -> dict:
    today = timezone.localdate()
    return {"id": batch.pk, "org": {"id": batch.org_id, "name": batch.org.name}, "title": batch.title,
            "source": batch.source, "issuer": {"id": batch.issuer_id, "name": batch.issuer.name},
            "issued_on": batch.issued_on, "report_due": batch.report_due,
            "items": [_item(i, today) for i in batch.items.select_related("org", "batch").order_by("number")]}


@router.post("/rectification/items/{int:id}/closure-request", response={200: ItemDetail, **error_responses(409)},
             url_name="rectification_request_closure",
             summary="申请销号（整改单位）：须写明完成情况，事项上须已有佐证材料；已申请的再次申请 409")
def request_closure(request, payload: ClosureIn, id: int = ItemId):
    item = _visible(request.auth, id)
    if not services.may_work_on(request.auth, item):
        raise PermissionDenied("只有本组织落实整改的人员或本事项责任人、责任领导可以办理")
    try:
        flow.request_closure(item, text=payload.text, occurred_on=payload.occurred_on, acting_user=request.auth)
    except RuleViolation as refusal:
        if refusal.code == "duplicate":
            return 409, refusal.as_dict()
        raise
    return _detail(_visible(request.auth, id))


@router.post("/rectification/batches/{int:id}/items", response={201: ItemDetail, **error_responses(409)},
             url_name="rectification_batch_item_add",
             summary="为一批整改任务追加事项（与下达整改任务的权限相同）；同一来源记录再次提交返回原事项")
def add_item(request, payload: BatchItemIn, id: int = BatchId):
    batch = _batch(request.auth, id)
    try:
        item = services.create_rectification_item(batch, acting_user=request.auth, **payload.model_dump())
    except RuleViolation as refusal:
        if refusal.code == "idempotency_conflict":
            return 409, refusal.as_dict()
        raise
    return 201, _detail(_visible(request.auth, item.pk))


@router.post("/rectification/batches/{int:id}/reported", response=BatchOut, url_name="rectification_batch_reported",
             summary="登记整改情况报告的报送日期（整改单位）")
def reported(request, payload: ReportedIn, id: int = BatchId):
    batch = _batch(request.auth, id)
    require(request.auth, Action.RECTIFICATION_MANAGE, batch.org.path)
    services.mark_report_submitted(batch, reported_on=payload.reported_on, acting_user=request.auth)
    return _batch_out(_batch(request.auth, id))
