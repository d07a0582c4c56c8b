"""API of 党务公开 work, as the pages 党务公开工作, 拟稿, 修改 and an item's steps: the items of a
subtree, one item with its path, drafting, editing a draft, and the steps of
《中国共产党党务公开条例（试行）》第十五条 (保密审查 → 审批 → 公开 → 归档, or 退回修改) — through
dangjian.supervision.services.disclosure, which checks who may take each step (403) and the
procedure (422 naming the rule). What is published to the caller is api/disclosure.py's.

Items are seen by those who work on the organization's disclosures (disclosure.view), else 404;
an organization discloses its own affairs, so a draft is written for an organization where the
caller holds the drafting right (others: 404 when unseen, 403 when seen)."""

from __future__ import annotations

import datetime
from typing import Literal

from django.core.exceptions import PermissionDenied
from ninja import Field, Path, Query, Router, Schema

from dangjian.core.api import error_responses
from dangjian.core.roles import Action
from dangjian.core.scoping import get_visible_or_404, scope_of
from dangjian.orgs.models import PartyOrg
from dangjian.supervision.models import DisclosureItem
from dangjian.supervision.rules import disclosure as R
from dangjian.supervision.selectors import disclosure as S
from dangjian.supervision.services import disclosure as services

router = Router(tags=["党务公开"])
ItemId = Path(..., ge=1, le=2**62, description="公开事项编号")


class WorkItemOut(Schema):
    id: int
    org: str
    title: str
    body: str
    catalogue_title: str = Field(description="所对应的公开目录事项；目录外为空")
    columns: list[str]
    rows: list[list[str]]
    audience: str
    audience_label: str
    timing: str
    timing_label: str
    state: str
    state_label: str
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    drafted_by: str
    reviewed_by: str
    approved_by: str
    history: list[str] = Field(description="办理经过，如“2026-11-20 张伟：拟稿”")


class WorkPage(Schema):
    count: int
    items: list[WorkItemOut]


class WorkFilter(Schema):
    org: int = Field(..., ge=1, le=2**62, description="党组织编号（含下级）")
    state: R.State | None = None
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=10**7)


class DraftIn(Schema):
    model_config = {"extra": "forbid"}

    org: int = Field(..., ge=1, le=2**62, description="公开单位（本人可拟稿的党组织）")
    audience: R.Audience
    timing: R.Timing
    title: str = Field("", max_length=120, description="标题；选择数据来源时可不填")
    body: str = Field("", max_length=20000)
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = Field(None, description="不填则定期公开 30 天、及时公开 7 天")
    catalogue: str = Field("", max_length=60, description="公开目录事项：entry:<编号>（本辖区目录）或 default:<代码>（默认目录）")
    source_key: str = Field("", max_length=40, description="数据来源；填写后按年度生成公开内容（表格）")
    source_year: int | None = Field(None, ge=2000, le=2100)


class DraftChanges(Schema):
    model_config = {"extra": "forbid"}

    title: str | None = Field(None, max_length=120)
    body: str | None = Field(None, max_length=20000)
    audience: R.Audience | None = None
    timing: R.Timing | None = None
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None


class StepIn(Schema):
    model_config = {"extra": "forbid"}

    step: Literal["review", "approve", "send_back", "publish", "archive"] = Field(
        ..., description="review 保密审查通过 / approve 审批同意 / send_back 退回修改 / publish 公开 / archive 归档")
    note: str = Field("", max_length=300, description="意见；退回修改时必填")
    starts_on: datetime.date | None = Field(None, description="公开开始日期（公开时）")
    ends_on: datetime.date | None = Field(None, description="公开结束日期（公开时）")


def _who(user) -> str:
    return (user.display_name or user.username) if user is not None else ""


def _out(i: DisclosureItem) -> dict:
    return {"id": i.pk, "org": i.org.name, "title": i.title, "body": i.body, "catalogue_title": i.catalogue_title,
            "columns": i.table.get("columns", []), "rows": i.table.get("rows", []), "audience": i.audience,
            "audience_label": i.get_audience_display(), "timing": i.timing, "timing_label": i.get_timing_display(),
            "state": i.state, "state_label": i.get_state_display(), "starts_on": i.starts_on, "ends_on": i.ends_on,
            "drafted_by": _who(i.drafted_by), "reviewed_by": _who(i.reviewed_by), "approved_by": _who(i.approved_by),
            "history": [f"{e.occurred_at:%Y-%m-%d} {e.actor_name}：{e.get_step_display()}" + (f"（{e.note}）" if e.note else "")
                        for e in i.events.order_by("occurred_at", "id")]}


def _working(user):
    return DisclosureItem.objects.visible_to(user).select_related("org", "drafted_by", "reviewed_by", "approved_by")


def _answer(user, pk: int) -> dict:
    return _out(get_visible_or_404(_working(user), pk=pk))


@router.get("/disclosures/", response={200: WorkPage, **error_responses(404)}, url_name="disclosure_items",
            summary="党务公开工作：本组织及下级组织的公开事项（拟稿、审核、审批、公开、归档）")
def items(request, filters: Query[WorkFilter]):
    org = get_visible_or_404(PartyOrg.objects.visible_to(request.auth, Action.DISCLOSURE_VIEW), pk=filters.org)
    rows = S.items_of(request.auth, org, state=filters.state or "").order_by("-created_at", "-id")
    return {"count": rows.count(), "items": [_out(i) for i in rows[filters.offset:filters.offset + filters.limit]]}


@router.get("/disclosures/{int:id}", response=WorkItemOut, url_name="disclosure_item",
            summary="一项党务公开事项及其办理经过（办理人员）")
def item(request, id: int = ItemId):
    return _answer(request.auth, id)


@router.post("/disclosures/", response={201: WorkItemOut, **error_responses(404)}, url_name="disclosure_draft",
             summary="拟稿：手工填写或选择数据来源；标题、内容缺少时 422 并写明依据")
def draft(request, payload: DraftIn):
    org = get_visible_or_404(PartyOrg.objects.visible_to(request.auth).filter(is_active=True), pk=payload.org)
    scope = scope_of(request.auth)
    if org.path not in scope.paths_for(Action.DISCLOSURE_DRAFT) and not scope.is_superuser:
        # As the page (its choice of organizations): an organization discloses its own affairs,
        # drafted by the officers of its own posts, not by a committee above it.
        raise PermissionDenied("党务公开事项由本组织拟稿：您在该组织没有“拟订党务公开事项”的职务")
    entry, catalogue_title = services.catalogue_pick(org, payload.catalogue)
    made = services.draft_disclosure(org, audience=payload.audience, timing=payload.timing, title=payload.title,
                                     body=payload.body, starts_on=payload.starts_on, ends_on=payload.ends_on,
                                     catalogue_entry=entry, catalogue_title=catalogue_title,
                                     source_key=payload.source_key, source_year=payload.source_year,
                                     acting_user=request.auth)
    return 201, _answer(request.auth, made.pk)


@router.patch("/disclosures/{int:id}", response=WorkItemOut, url_name="disclosure_edit",
              summary="修改拟稿（经保密审查后不能再修改，须先退回）")
def edit(request, payload: DraftChanges, id: int = ItemId):
    found = get_visible_or_404(_working(request.auth), pk=id)
    changes = {key: value for key, value in payload.model_dump(exclude_unset=True).items()
               if value is not None or key in ("starts_on", "ends_on")}
    services.edit_disclosure(found, changes, acting_user=request.auth)
    return _answer(request.auth, id)


@router.post("/disclosures/{int:id}/transitions", response=WorkItemOut, url_name="disclosure_step",
             summary="办理下一环节：保密审查（非拟稿人）、书记审批、公开、归档或退回修改；不符合程序时 422 并写明依据")
def step(request, payload: StepIn, id: int = ItemId):
    found = get_visible_or_404(_working(request.auth), pk=id)
    user = request.auth
    calls = {
        "review": lambda: services.review_disclosure(found, note=payload.note, acting_user=user),
        "approve": lambda: services.approve_disclosure(found, note=payload.note, acting_user=user),
        "send_back": lambda: services.send_back(found, reason=payload.note, acting_user=user),
        "publish": lambda: services.publish_disclosure(found, starts_on=payload.starts_on, ends_on=payload.ends_on,
                                                       acting_user=user),
        "archive": lambda: services.archive_disclosure(found, acting_user=user),
    }
    calls[payload.step]()
    return _answer(user, id)
