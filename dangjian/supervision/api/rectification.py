"""API of the 整改台账: the ledger (the page's filter), one item with its timeline, a batch with its
items (the public service create_rectification_batch), a progress report, the 销号 decision, and
the subtree overview per school. Thin endpoints over the selectors and services with the shared
error shape: a refused rule 422 naming it; out of scope the same 404 as missing; a right missing
403 (a school deciding its own 销号 is told the rule)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema

from dangjian.core.api import error_responses
from dangjian.core.errors import RuleViolation
from dangjian.core.roles import Action
from dangjian.core.scoping import get_visible_or_404
from dangjian.orgs.models import PartyOrg
from dangjian.supervision.models import RectificationItem
from dangjian.supervision.rules import rectification as R
from dangjian.supervision.selectors import rectification as S
from dangjian.supervision.services import rectification as services
from dangjian.supervision.services import rectification_flow as flow

router = Router(tags=["整改台账"])
ItemId = Path(..., ge=1, le=2**62, description="整改事项编号")


class OrgRef(Schema):
    id: int
    name: str


class ItemOut(Schema):
    id: int
    org: OrgRef
    batch: int
    batch_title: str
    source: str
    source_label: str
    number: int
    problem: str
    measures: str
    leader_name: str
    unit: str
    owner_name: str
    deadline: datetime.date
    state: str
    state_label: str
    status: str = Field(..., description="ok / info / warning / danger（与页面颜色一致）")
    status_label: str
    progress: int
    requested_on: datetime.date | None
    closed_on: datetime.date | None
    escalated_on: datetime.date | None


class ItemPage(Schema):
    count: int
    items: list[ItemOut]


class EventOut(Schema):
    kind: str
    kind_label: str
    occurred_on: datetime.date
    text: str
    progress: int | None
    by: str
    evidence: list[str]


class ItemDetail(ItemOut):
    events: list[EventOut]
    close_rule: str


class LedgerFilter(Schema):
    org: int = Field(..., ge=1, le=2**62, description="党组织编号（含下级）")
    state: str = Field("", description="overdue（已逾期）、open_all（未销号）或 open / in_progress / requested / closed / returned",
                       max_length=20)
    source: R.Source | None = None
    q: str = Field("", max_length=60)
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0, le=10**7)


class ItemIn(Schema):
    problem: str = Field(..., max_length=2000)
    measures: str = Field("", max_length=4000)
    leader_name: str = Field("", max_length=60)
    unit: str = Field("", max_length=60)
    owner_name: str = Field("", max_length=60, description="责任人（必填，缺少时 422 并写明依据）")
    deadline: datetime.date | None = Field(None, description="整改期限（必填，不早于反馈日期）")


class BatchIn(Schema):
    org: int = Field(..., ge=1, le=2**62, description="整改单位（学校党组织）")
    source: R.Source
    issued_on: datetime.date
    issuer: int | None = Field(None, ge=1, le=2**62, description="下达单位；不填则按来源取上级党组织或本组织")
    issuer_detail: str = Field("", max_length=60)
    title: str = Field("", max_length=120)
    reference: str = Field("", max_length=60)
    origin: str = Field("", max_length=120, description="来源记录（同一来源再次提交返回原批次，不重复建立）")
    items: list[ItemIn] = Field(..., max_length=services.MAX_ITEMS)


class BatchOut(Schema):
    id: int
    org: OrgRef
    title: str
    source: str
    issuer: OrgRef
    issued_on: datetime.date
    report_due: datetime.date | None
    items: list[ItemOut]


class ProgressIn(Schema):
    progress: int = Field(..., ge=0, le=100)
    text: str = Field(..., max_length=2000)
    occurred_on: datetime.date | None = None


class DecisionIn(Schema):
    decision: str = Field(..., pattern="^(approve|return)$", description="approve（同意销号）或 return（退回）")
    note: str = Field("", max_length=1000, description="意见；退回时必填")


class OverviewRowOut(Schema):
    org: OrgRef
    total: int
    open: int
    overdue: int
    escalated: int
    requested: int
    closed: int


class OverviewOut(Schema):
    total: OverviewRowOut
    rows: list[OverviewRowOut]


def _item(i: RectificationItem, today: datetime.date) -> dict:
    status, label = R.status_of(i.state, i.deadline, today)
    return {"id": i.pk, "org": {"id": i.org_id, "name": i.org.name}, "batch": i.batch_id, "batch_title": i.batch.title,
            "source": i.batch.source, "source_label": i.batch.get_source_display(), "number": i.number,
            "problem": i.problem, "measures": i.measures, "leader_name": i.leader_name, "unit": i.unit,
            "owner_name": i.owner_name, "deadline": i.deadline, "state": i.state, "state_label": i.get_state_display(),
            "status": status, "status_label": label, "progress": i.progress, "requested_on": i.requested_on,
            "closed_on": i.closed_on, "escalated_on": i.escalated_on}


def _org(user, pk: int, action: str = Action.RECTIFICATION_VIEW) -> PartyOrg:
    return get_visible_or_404(PartyOrg.objects.visible_to(user, action), pk=pk)


def _visible(user, pk: int) -> RectificationItem:
    return get_visible_or_404(S.visible_items(user).select_related("org", "batch", "batch__issuer"), pk=pk)


@router.get("/rectification/items/", response={200: ItemPage, **error_responses(404)}, url_name="rectification_items",
            summary="整改台账（含下级组织），与台账页面同一筛选")
def ledger(request, filters: Query[LedgerFilter]):
    org = _org(request.auth, filters.org)
    item_filter = S.ItemFilter.from_query({"state": filters.state, "source": filters.source or "", "q": filters.q})
    if item_filter is None:
        choices = "、".join(value for value, _ in S.STATE_FILTERS)
        raise RuleViolation(f"状态筛选值无效，可选：{choices}", field="state", code="invalid")
    today = timezone.localdate()
    rows = S.ledger(request.auth, org, item_filter, today)
    return {"count": rows.count(),
            "items": [_item(i, today) for i in rows[filters.offset:filters.offset + filters.limit]]}


def _detail(item: RectificationItem) -> dict:
    events = item.events.prefetch_related("evidence").order_by("occurred_on", "id")
    return {**_item(item, timezone.localdate()), "close_rule": str(R.R_CLOSE_BY_ISSUER),
            "events": [{"kind": e.kind, "kind_label": e.get_kind_display(), "occurred_on": e.occurred_on,
                        "text": e.text, "progress": e.progress, "by": e.actor_name,
                        "evidence": [f.name for f in e.evidence.all()]} for e in events]}


@router.get("/rectification/items/{int:id}", response=ItemDetail, url_name="rectification_item",
            summary="一项整改任务：责任人、期限、进展和办理经过")
def get_item(request, id: int = ItemId):
    return _detail(_visible(request.auth, id))


@router.post("/rectification/batches/", response={201: BatchOut, **error_responses(404)},
             url_name="rectification_batch_create",
             summary="下达（或列入）一批整改任务：全部无误才写入；同一来源记录再次提交返回原批次")
def create_batch(request, payload: BatchIn):
    org = _org(request.auth, payload.org, Action.ORG_VIEW)
    issuer = _org(request.auth, payload.issuer, Action.ORG_VIEW) if payload.issuer else None
    batch = services.create_rectification_batch(
        org, source=payload.source, issued_on=payload.issued_on, issuer=issuer, issuer_detail=payload.issuer_detail,
        title=payload.title, reference=payload.reference, origin=payload.origin,
        items=[i.dict() for i in payload.items], acting_user=request.auth)
    today = timezone.localdate()
    return 201, {"id": batch.pk, "org": {"id": org.pk, "name": org.name}, "title": batch.title, "source": batch.source,
                 "issuer": {"id": batch.issuer_id, "name": batch.issuer.name}, "issued_on": batch.issued_on,
                 "report_due": batch.report_due,
                 "items": [_item(i, today) for i in batch.items.select_related("org", "batch").order_by("number")]}


@router.post("/rectification/items/{int:id}/progress", response=ItemDetail, url_name="rectification_progress",
             summary="报告整改进展（佐证材料在页面上传）；已销号的事项 422 并写明依据")
def report_progress(request, payload: ProgressIn, id: int = ItemId):
    item = _visible(request.auth, id)
    flow.report_progress(item, progress=payload.progress, text=payload.text, occurred_on=payload.occurred_on,
                         acting_user=request.auth)
    return _detail(_visible(request.auth, id))


@router.post("/rectification/items/{int:id}/decision", response=ItemDetail, url_name="rectification_decision",
             summary="审核销号申请：同意销号或退回（仅下达整改任务的上级党组织；学校 403 并写明依据）")
def decide(request, payload: DecisionIn, id: int = ItemId):
    item = _visible(request.auth, id)
    if not services.may_approve(request.auth, item):
        raise PermissionDenied(f"销号须由下达整改任务的上级党组织审核。依据：{R.R_CLOSE_BY_ISSUER}")
    if payload.decision == "approve":
        flow.approve_closure(item, note=payload.note, acting_user=request.auth)
    else:
        flow.return_closure(item, reason=payload.note, acting_user=request.auth)
    return _detail(_visible(request.auth, id))


class OverviewFilter(Schema):
    org: int = Field(..., ge=1, le=2**62, description="党组织编号（含下级）")


@router.get("/rectification/overview", response={200: OverviewOut, **error_responses(404)},
            url_name="rectification_overview",
            summary="整改情况总览：各学校未销号、逾期、逾期上报、待审核、已销号的事项数")
def overview(request, filters: Query[OverviewFilter]):
    org = _org(request.auth, filters.org)
    result = S.overview(org, timezone.localdate())

    def row(r):
        return {"org": {"id": r.org_id, "name": r.name}, "total": r.total, "open": r.open, "overdue": r.overdue,
                "escalated": r.escalated, "requested": r.requested, "closed": r.closed}

    return {"total": row(result.total), "rows": [row(r) for r in result.rows]}
