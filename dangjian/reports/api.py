"""API of the report drafts (党建报告起草), as their pages: a draft written from the data for a school
organization and a period (its first version, or the next one regenerated), reading a draft's
latest version, and saving people's edits as its next version — through dangjian.reports.services
(report.draft on the organization: 403; an edit of a version that is no longer the latest refused
naming R_STALE: 422). Drafts are found in the caller's scope (404); the organization among those
one sees. Mounted by config/api.py."""

from __future__ import annotations

from ninja import Field, Path, Router, Schema

from dangjian.core.api import error_responses
from dangjian.core.scoping import get_visible_or_404
from dangjian.orgs.models import PartyOrg
from dangjian.orgs.schemas import MAX_ID, OrgRef
from dangjian.reports import services
from dangjian.reports.models import DraftKind, ReportDraft

router = Router(tags=["党建报告起草"])
Id = Path(..., ge=1, le=MAX_ID, description="文稿编号")


class DraftIn(Schema):
    model_config = {"extra": "forbid"}

    org: int = Field(..., ge=1, le=MAX_ID, description="学校党组织编号")
    kind: DraftKind = Field(..., description="文稿类型")
    period: str = Field(..., max_length=10, description="报告期间：2026（全年）、2026-H1（上半年）、2026-H2（下半年）")


class DraftEdit(Schema):
    model_config = {"extra": "forbid"}

    based_on: int = Field(..., ge=1, le=10**6, description="修改所依据的版本号（须为最新版本）")
    sections: dict[str, str] = Field(..., description="各部分的键 → 修改后的全文；未列出的部分不变")
    note: str = Field("", max_length=200, description="修改说明")


class SectionOut(Schema):
    key: str
    heading: str
    text: str


class DraftOut(Schema):
    id: int
    org: OrgRef
    kind: str
    kind_label: str
    period: str
    title: str
    version: int = Field(description="最新版本号（保存修改时作为 based_on）")
    versions: int = Field(description="版本数")
    sections: list[SectionOut]


def _drafts(user):
    return ReportDraft.objects.visible_to(user).select_related("org")


def _out(draft: ReportDraft) -> dict:
    latest = draft.latest
    return {"id": draft.pk, "org": {"id": draft.org_id, "name": draft.org.name}, "kind": draft.kind,
            "kind_label": draft.get_kind_display(), "period": draft.period, "title": draft.title,
            "version": latest.number, "versions": draft.versions.count(),
            "sections": [{"key": s["key"], "heading": s.get("heading", ""), "text": s.get("text", "")}
                         for s in latest.sections]}


@router.post("/report-drafts/", response={201: DraftOut, **error_responses(404)}, url_name="report_draft_generate",
             summary="根据数据生成学校党组织的党建报告初稿（已有的生成下一版）；【】中为须补充的内容")
def generate(request, payload: DraftIn):
    org = get_visible_or_404(PartyOrg.objects.visible_to(request.auth), pk=payload.org)
    services.require_writer(request.auth, org)   # the right first (403), as for the other writes, then the input
    version = services.generate_draft(org, payload.kind, payload.period, acting_user=request.auth)
    return 201, _out(get_visible_or_404(_drafts(request.auth), pk=version.draft_id))


@router.get("/report-drafts/{int:id}", response=DraftOut, url_name="report_draft",
            summary="一篇文稿的最新版本（各部分的键、标题和全文）")
def read(request, id: int = Id):
    return _out(get_visible_or_404(_drafts(request.auth), pk=id))


@router.put("/report-drafts/{int:id}", response=DraftOut, url_name="report_draft_save",
            summary="保存修改为下一版（须在最新版本上修改，否则 422 并写明依据；没有改动的 422）")
def save(request, payload: DraftEdit, id: int = Id):
    draft = get_visible_or_404(_drafts(request.auth), pk=id)
    services.save_version(draft, payload.sections, based_on=payload.based_on, acting_user=request.auth,
                          note=payload.note.strip())
    return _out(get_visible_or_404(_drafts(request.auth), pk=id))
