"""API of 公示 of a school's 廉政风险台账 to its staff, as the ledger page's 公示 button: the snapshot
of the risks in force, through services.integrity_risk.publish_risks (risk.manage on the school's
organization, 403; a list with no risk in force, a date still to come, 422 naming the rule). The
organization is looked up in risk.view's scope (404 elsewhere), as the ledger's other endpoints."""

from __future__ import annotations

import datetime

from ninja import Field, Router, Schema

from dangjian.core.api import error_responses
from dangjian.core.roles import Action
from dangjian.core.scoping import get_visible_or_404
from dangjian.orgs.models import PartyOrg
from dangjian.supervision.services import integrity_risk as services

router = Router(tags=["廉政风险台账"])


class PublishIn(Schema):
    model_config = {"extra": "forbid"}

    org: int = Field(..., ge=1, le=2**62, description="学校党组织编号")
    year: int | None = Field(None, ge=2000, le=2100, description="年度，默认为公示日期所在年度")
    published_on: datetime.date | None = Field(None, description="公示日期，默认今天")


class PublicationOut(Schema):
    id: int
    title: str
    year: int
    schools: str
    published_on: datetime.date
    published_by: str
    risks: int = Field(description="公示的风险点数")


@router.post("/integrity-risks/publication", response={201: PublicationOut, **error_responses(404)},
             url_name="integrity_risks_publish_api",
             summary="向本校教职工公示廉政风险点清单（台账中在册的风险点）；没有在册风险点时 422")
def publish(request, payload: PublishIn):
    org = get_visible_or_404(PartyOrg.objects.visible_to(request.auth, Action.RISK_VIEW), pk=payload.org)
    made = services.publish_risks(org, year=payload.year, published_on=payload.published_on, acting_user=request.auth)
    return 201, {"id": made.pk, "title": made.title, "year": made.year, "schools": made.school_names,
                 "published_on": made.published_on, "published_by": made.published_by_name, "risks": len(made.rows)}
