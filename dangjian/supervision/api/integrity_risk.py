"""API of the 廉政风险台账: the ledger (the page's filter), one risk with its reviews, a new risk and
a review — thin endpoints over the selectors and services with the shared error shape: a refused
rule 422 naming it (a risk without owner or measures saves nothing); out of scope the same 404 as
missing; without risk.manage 403."""

from __future__ import annotations

import datetime

from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema

from dangjian.core.api import error_responses
from dangjian.core.errors import RuleViolation
from dangjian.core.roles import Action
from dangjian.core.scoping import get_visible_or_404
from dangjian.orgs.models import PartyOrg
from dangjian.supervision.models import IntegrityRisk
from dangjian.supervision.selectors import integrity_risk as S
from dangjian.supervision.services import integrity_risk as services

router = Router(tags=["廉政风险台账"])
RiskId = Path(..., ge=1, le=2**62, description="风险点编号")


class RiskOut(Schema):
    id: int
    org: int
    org_name: str
    post: str
    power: int | None
    power_name: str
    description: str
    level: str
    level_label: str
    measures: str
    owner: int
    owner_name: str
    identified_on: datetime.date
    review_due: datetime.date
    state: str
    status: str = Field(..., description="ok / warning / danger / na（与页面颜色一致）")
    status_label: str


class RiskPage(Schema):
    count: int
    items: list[RiskOut]


class ReviewOut(Schema):
    reviewed_on: datetime.date
    outcome: str
    level_before: str
    level_after: str
    note: str
    next_due: datetime.date | None
    reviewer_name: str


class RiskDetail(RiskOut):
    reviews: list[ReviewOut]


class LedgerFilter(Schema):
    org: int = Field(..., ge=1, le=2**62, description="党组织编号（含下级）")
    show: str = Field("", description="空（在册）、due（到期待复核）、closed（已销号）或 all")
    level: str = Field("", description="high / medium / low")
    power: int | None = Field(None, ge=1, le=2**62, description="小微权力事项编号")
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=10**7)


class RiskIn(Schema):
    org: int = Field(..., ge=1, le=2**62)
    post: str = Field("", max_length=200)
    power: int | None = Field(None, ge=1, le=2**62)
    description: str = Field("", max_length=2000)
    level: str = Field("", max_length=20)
    measures: str = Field("", max_length=8000)
    owner: int | None = Field(None, ge=1, le=2**62, description="教职工编号（本校在职）")
    identified_on: datetime.date | None = None
    review_due: datetime.date | None = None


class ReviewIn(Schema):
    outcome: str = Field(..., max_length=20, description="kept / changed / closed")
    reviewed_on: datetime.date | None = None
    level: str = Field("", max_length=20)
    measures: str = Field("", max_length=8000)
    owner: int | None = Field(None, ge=1, le=2**62)
    note: str = Field("", max_length=1000)
    next_due: datetime.date | None = None


def _risk(r: IntegrityRisk, today: datetime.date) -> dict:
    S.mark(r, today)
    return {"id": r.pk, "org": r.org_id, "org_name": r.org.name, "post": r.post, "power": r.power_id,
            "power_name": r.power.name if r.power_id else "", "description": r.description, "level": r.level,
            "level_label": r.get_level_display(), "measures": r.measures, "owner": r.owner_id,
            "owner_name": r.owner.name, "identified_on": r.identified_on, "review_due": r.review_due,
            "state": r.state, "status": r.status, "status_label": r.status_label}


def _detail(r: IntegrityRisk) -> dict:
    return {**_risk(r, timezone.localdate()), "reviews": [
        {"reviewed_on": v.reviewed_on, "outcome": v.outcome, "level_before": v.level_before,
         "level_after": v.level_after, "note": v.note, "next_due": v.next_due, "reviewer_name": v.reviewer_name}
        for v in r.reviews.order_by("reviewed_on", "id")]}


def _visible(user, pk: int) -> IntegrityRisk:
    return get_visible_or_404(IntegrityRisk.objects.visible_to(user).select_related("org", "power", "owner"), pk=pk)


def _org(user, pk: int, action: str) -> PartyOrg:
    return get_visible_or_404(PartyOrg.objects.visible_to(user, action), pk=pk)


@router.get("/integrity-risks/", response={200: RiskPage, **error_responses(404)}, url_name="integrity_risks",
            summary="廉政风险台账（含下级组织），与台账页面同一筛选")
def ledger(request, filters: Query[LedgerFilter]):
    org = _org(request.auth, filters.org, Action.RISK_VIEW)
    flt = S.RiskFilter.from_query({"show": filters.show, "level": filters.level, "power": filters.power or ""})
    if flt is None:
        raise RuleViolation("筛选值无效：show 可为 due、closed、all，level 可为 high、medium、low", field="show",
                            code="invalid")
    today = timezone.localdate()
    rows = S.ledger(request.auth, org, flt, today)
    return {"count": rows.count(), "items": [_risk(r, today) for r in rows[filters.offset:filters.offset + filters.limit]]}


@router.get("/integrity-risks/{int:id}", response=RiskDetail, url_name="integrity_risk",
            summary="一个廉政风险点：等级、防控措施、责任人、复核日期和复核记录")
def get_risk(request, id: int = RiskId):
    return _detail(_visible(request.auth, id))


@router.post("/integrity-risks/", response={201: RiskDetail, **error_responses(404)}, url_name="integrity_risk_create",
             summary="登记廉政风险点：无责任人或无防控措施 422 并写明依据，不保存任何内容")
def create(request, payload: RiskIn):
    org = _org(request.auth, payload.org, Action.RISK_VIEW)
    data = payload.dict(exclude={"org"})
    risk = services.create_risk(org, **data, acting_user=request.auth)
    return 201, _detail(_visible(request.auth, risk.pk))


@router.post("/integrity-risks/{int:id}/review", response=RiskDetail, url_name="integrity_risk_review",
             summary="年度复核：维持、调整等级或销号；下次复核日期不晚于一年后")
def review(request, payload: ReviewIn, id: int = RiskId):
    risk = _visible(request.auth, id)
    services.review_risk(risk, **payload.dict(), acting_user=request.auth)
    return _detail(_visible(request.auth, id))
