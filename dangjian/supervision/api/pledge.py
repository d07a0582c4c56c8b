"""API of 责任书 / 承诺书: the campaigns in sight with their coverage, one campaign's coverage by
school, opening a campaign, one's own letters and signing one on screen — the same selections
and services as the pages (a signature for someone else is refused 422 naming the rule)."""

from __future__ import annotations

import datetime

from django.utils import timezone
from ninja import Field, File, Form, Path, Query, Router, Schema
from ninja.files import UploadedFile

from dangjian.core.api import error_responses
from dangjian.core.roles import Action
from dangjian.core.scoping import get_visible_or_404
from dangjian.orgs.models import PartyOrg
from dangjian.supervision.models import PledgeSignature
from dangjian.supervision.selectors import pledge as S
from dangjian.supervision.services import pledge as services

router = Router(tags=["责任书签订"])

CampaignId = Path(..., ge=1, le=2**62, description="签订活动编号")
SignatureId = Path(..., ge=1, le=2**62, description="签订记录编号")


class OrgRef(Schema):
    id: int
    name: str


class CoverageOut(Schema):
    due: int
    signed: int
    percent: int


class SchoolCoverage(CoverageOut):
    school: OrgRef


class CampaignOut(Schema):
    id: int
    org: OrgRef
    year: int
    kind: str
    kind_label: str
    level: str
    opened_on: datetime.date
    deadline: datetime.date | None
    coverage: CoverageOut


class CampaignPage(Schema):
    count: int
    items: list[CampaignOut]


class CampaignDetail(CampaignOut):
    schools: list[SchoolCoverage]


class CampaignFilter(Schema):
    year: int | None = Field(None, ge=2000, le=2100)
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=10**7)


class CampaignIn(Schema):
    org: int = Field(..., ge=1, le=2**62, description="发起单位（区县教育工委或学校党组织）")
    kind: str = Field(..., max_length=16, description="party_duty / integrity / clean_teaching / ethics")
    year: int = Field(..., ge=2000, le=2100)
    title: str = Field("", max_length=120)
    body: str = Field("", max_length=20000)
    deadline: datetime.date | None = None


class LetterOut(Schema):
    id: int
    campaign: int
    year: int
    kind_label: str
    org: OrgRef
    school: OrgRef
    role: str
    signed_on: datetime.date | None
    method: str


class LetterPage(Schema):
    count: int
    items: list[LetterOut]


def _coverage(c) -> dict:
    return {"due": c.due, "signed": c.signed, "percent": c.percent}


def _campaign(c, coverage) -> dict:
    return {"id": c.pk, "org": {"id": c.org_id, "name": c.org.name}, "year": c.year, "kind": c.kind,
            "kind_label": c.get_kind_display(), "level": c.level, "opened_on": c.opened_on, "deadline": c.deadline,
            "coverage": _coverage(coverage)}


def _letter(s: PledgeSignature) -> dict:
    return {"id": s.pk, "campaign": s.campaign_id, "year": s.campaign.year, "kind_label": s.campaign.get_kind_display(),
            "org": {"id": s.campaign.org_id, "name": s.campaign.org.name},
            "school": {"id": s.school_id, "name": s.school.name}, "role": s.role, "signed_on": s.signed_on,
            "method": s.method}


@router.get("/pledges/campaigns", response=CampaignPage, url_name="pledge_campaigns",
            summary="责任书、承诺书签订活动及签订率（本人可见的签订记录）")
def campaigns(request, filters: Query[CampaignFilter]):
    rows = S.campaigns_seen(request.auth).order_by("-year", "org__path", "kind")
    if filters.year:
        rows = rows.filter(year=filters.year)
    page = list(rows[filters.offset:filters.offset + filters.limit])
    totals = S.coverage_by_campaign(request.auth, page)
    return {"count": rows.count(), "items": [_campaign(c, totals[c.pk]) for c in page]}


@router.get("/pledges/campaigns/{int:id}", response=CampaignDetail, url_name="pledge_campaign",
            summary="一次签订活动：按学校的应签、已签人数和签订率")
def campaign(request, id: int = CampaignId):
    c = get_visible_or_404(S.campaigns_seen(request.auth), pk=id)
    total, per_school = S.coverage(S.rows_of(request.auth, c))
    return {**_campaign(c, total), "schools": [
        {"school": {"id": s.school_id, "name": s.name}, **_coverage(s)} for s in per_school]}


@router.post("/pledges/campaigns", response={201: CampaignDetail, **error_responses(404)},
             url_name="pledge_campaign_create",
             summary="发起签订：签订人按当天的教职工名册列入；同一单位同一年度同一种类只发起一次（422 并写明依据）")
def open_campaign(request, payload: CampaignIn):
    org = get_visible_or_404(PartyOrg.objects.visible_to(request.auth, Action.PLEDGE_VIEW), pk=payload.org)
    c = services.open_campaign(org, kind=payload.kind, year=payload.year, title=payload.title, body=payload.body,
                               deadline=payload.deadline, acting_user=request.auth, today=timezone.localdate())
    total, per_school = S.coverage(S.rows_of(request.auth, c))
    return 201, {**_campaign(c, total), "schools": [
        {"school": {"id": s.school_id, "name": s.name}, **_coverage(s)} for s in per_school]}


@router.get("/pledges/mine", response=LetterPage, url_name="pledges_mine",
            summary="本人需签订和已签订的责任书、承诺书")
def mine(request):
    rows = S.mine(request.auth)
    return {"count": rows.count(), "items": [_letter(s) for s in rows[:200]]}


@router.post("/pledges/letters/{int:id}/sign", response=LetterOut, url_name="pledge_sign",
             summary="本人在线签订；他人签订 422 并写明依据，重复提交返回第一次的签订")
def sign(request, id: int = SignatureId):
    qs = PledgeSignature.objects.select_related("campaign", "campaign__org", "school", "staff")
    own = qs.filter(pk=id, staff__user=request.auth)
    signature = own.first() or get_visible_or_404(qs.filter(pk__in=S.signatures_seen(request.auth).values("pk")), pk=id)
    return _letter(services.sign_on_screen(signature, acting_user=request.auth))


@router.post("/pledges/letters/{int:id}/scan", response=LetterOut, url_name="pledge_scan_api",
             summary="登记本人签字的扫描件（multipart：file、signed_on）；须为 PDF、PNG 或 JPEG，经内容检查；已签订的再次提交返回原签订")
def scan(request, file: File[UploadedFile], signed_on: Form[datetime.date | None] = None, id: int = SignatureId):
    signature = get_visible_or_404(S.signatures_seen(request.auth).select_related("campaign", "campaign__org", "school"),
                                   pk=id)
    signed = services.record_scan(signature, file=file, signed_on=signed_on, acting_user=request.auth)
    return _letter(PledgeSignature.objects.select_related("campaign", "campaign__org", "school").get(pk=signed.pk))
