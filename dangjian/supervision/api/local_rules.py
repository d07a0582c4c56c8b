"""API of a higher committee's local settings in supervision, as their pages' forms: the stricter
rules of the 组织生活会 / 民主生活会 (services.lifemeeting.set_local_rule), the fewer 逾期上报天数 of the
整改台账 (services.rectification_overdue.set_escalation) and the 党务公开目录 — an entry, or the
default catalogue adopted to edit from (services.disclosure.save_catalogue_entry /
adopt_default_catalogue). The organization is looked up in the scope of the part's view right
(404 when out of it); the services check the right to set (403) and refuse a looser setting, or
one without its document, naming the rule (422)."""

from __future__ import annotations

import datetime

from ninja import Field, Router, Schema

from dangjian.core.api import error_responses
from dangjian.core.roles import Action
from dangjian.core.scoping import get_visible_or_404
from dangjian.orgs.models import PartyOrg
from dangjian.orgs.schemas import MAX_ID
from dangjian.supervision.rules import disclosure as D
from dangjian.supervision.rules import lifemeeting as L
from dangjian.supervision.services import disclosure as disclosure_services
from dangjian.supervision.services.lifemeeting import set_local_rule
from dangjian.supervision.services.rectification_overdue import set_escalation

router = Router(tags=["监督台账"])
OrgId = Field(..., ge=1, le=MAX_ID, description="作出规定的党组织编号（适用于它及其下级）")


def _org(user, pk: int, action: str) -> PartyOrg:
    return get_visible_or_404(PartyOrg.objects.visible_to(user, action), pk=pk)


# --- 组织生活会 / 民主生活会 ----------------------------------------------------------------------
class LifeRuleIn(Schema):
    model_config = {"extra": "forbid"}

    org: int = OrgId
    kind: L.Kind = Field(..., description="会议类型")
    report_days: int | None = Field(None, ge=1, le=365, description="情况报告报送天数（会后几日内）；不规定为 null")
    observer_required: bool = Field(False, description="须派人列席指导")
    effective_from: datetime.date = Field(..., description="生效日期，不早于今天")
    document: str = Field(..., max_length=L.DOCUMENT_MAX, description="依据（本地文件名称、文号）")


class LifeRuleOut(Schema):
    id: int
    org: str
    kind: str
    kind_label: str
    report_days: int | None
    observer_required: bool
    effective_from: datetime.date
    document: str


@router.post("/life-meetings/rules", response={201: LifeRuleOut, **error_responses(404)},
             url_name="life_rule_add",
             summary="上级党组织为本辖区规定更短的报送天数或须派人列席指导（不得宽于默认规定）")
def add_life_rule(request, payload: LifeRuleIn):
    org = _org(request.auth, payload.org, Action.ORGLIFE_VIEW)
    row = set_local_rule(org, acting_user=request.auth, **payload.model_dump(exclude={"org"}))
    return 201, {"id": row.pk, "org": org.name, "kind": row.kind, "kind_label": row.get_kind_display(),
                 "report_days": row.report_days, "observer_required": row.observer_required,
                 "effective_from": row.effective_from, "document": row.document}


# --- 整改台账: 逾期上报天数 -------------------------------------------------------------------------
class EscalationIn(Schema):
    model_config = {"extra": "forbid"}

    org: int = OrgId
    days: int = Field(..., ge=1, le=365, description="逾期上报天数（只能比现行的少）")
    citation: str = Field(..., max_length=300, description="依据文件（本地规定的名称和文号）")
    effective_on: datetime.date = Field(..., description="生效日期")


class EscalationOut(Schema):
    id: int
    org: str
    days: int
    citation: str
    effective_on: datetime.date


@router.post("/rectification/escalations", response={201: EscalationOut, **error_responses(404)},
             url_name="rectification_escalation_set",
             summary="上级党组织为本辖区设定更短的逾期上报天数（同一生效日期再次设定即修改）")
def add_escalation(request, payload: EscalationIn):
    org = _org(request.auth, payload.org, Action.RECTIFICATION_VIEW)
    row = set_escalation(org, acting_user=request.auth, **payload.model_dump(exclude={"org"}))
    return 201, {"id": row.pk, "org": org.name, "days": row.days, "citation": row.citation,
                 "effective_on": row.effective_on}


# --- 党务公开目录 ------------------------------------------------------------------------------------
class CatalogueEntryIn(Schema):
    model_config = {"extra": "forbid"}

    org: int = OrgId
    title: str = Field(..., max_length=120, description="公开事项")
    audience: D.Audience = Field(..., description="公开范围")
    timing: D.Timing = Field(..., description="公开时限")
    period: str = Field("", max_length=60, description="公开时间，如：每年一月；选举后及时")
    source_key: str = Field("", max_length=40, description="数据来源（可不填）")
    citation: str = Field("", max_length=200, description="依据")


class CatalogueOrgIn(Schema):
    model_config = {"extra": "forbid"}

    org: int = OrgId


class CatalogueEntryOut(Schema):
    title: str
    audience: str
    audience_label: str
    timing: str
    timing_label: str
    period: str
    source_key: str
    citation: str


class CatalogueOut(Schema):
    owner: str | None = Field(description="目录的制定单位；未制定时为 null（适用默认目录）")
    entries: list[CatalogueEntryOut]


def _catalogue(org: PartyOrg) -> dict:
    owner, entries = disclosure_services.catalogue_for(org)
    return {"owner": owner.name if owner else None, "entries": [
        {"title": e.title, "audience": e.audience, "audience_label": D.Audience(e.audience).label,
         "timing": e.timing, "timing_label": D.Timing(e.timing).label, "period": e.period,
         "source_key": e.source_key, "citation": e.citation} for e in entries]}


@router.post("/disclosures/catalogue", response={201: CatalogueOut, **error_responses(404)},
             url_name="disclosure_catalogue_add",
             summary="上级党组织在本辖区党务公开目录中添加一项；答复现行目录")
def add_catalogue_entry(request, payload: CatalogueEntryIn):
    org = _org(request.auth, payload.org, Action.DISCLOSURE_VIEW)
    disclosure_services.save_catalogue_entry(org, payload.model_dump(exclude={"org"}), acting_user=request.auth)
    return 201, _catalogue(org)


@router.post("/disclosures/catalogue/adoption", response={201: CatalogueOut, **error_responses(404)},
             url_name="disclosure_catalogue_adopt",
             summary="以默认目录为基础建立本辖区党务公开目录（已有目录的 422）")
def adopt_catalogue(request, payload: CatalogueOrgIn):
    org = _org(request.auth, payload.org, Action.DISCLOSURE_VIEW)
    disclosure_services.adopt_default_catalogue(org, acting_user=request.auth)
    return 201, _catalogue(org)
