"""API of the 小微权力清单, as its pages: the list of a subtree, adding and editing an entry, and
publishing the school's whole list to its members — through dangjian.decisions.services
(save_power / publish_powers), which check decisions.convene on the organization (403) and the
list's rule (422: every entry names its basis, post and steps; an empty list is not published).

Added to the app's router by dangjian/decisions/api/__init__.py. Out of scope is the same 404 as missing."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from ninja import Field, Path, Query, Router, Schema

from dangjian.core.api import error_responses
from dangjian.core.roles import Action
from dangjian.core.scoping import get_visible_or_404, scope_of
from dangjian.decisions import services
from dangjian.decisions.models import Power
from dangjian.orgs.models import PartyOrg
from dangjian.orgs.schemas import MAX_ID

router = Router(tags=["议事决策"])


class PowerOut(Schema):
    id: int
    org: str
    name: str = Field(description="权力事项")
    basis: str = Field(description="设定依据")
    responsible_post: str = Field(description="责任岗位")
    steps: list[str] = Field(description="运行流程，每项一步")
    risk_points: str = Field(description="风险点及防控措施")
    published_on: datetime.date | None = Field(description="向党员公开的日期；未公开为 null")


class PowerPage(Schema):
    count: int
    items: list[PowerOut]


class PowerQuery(Schema):
    org: int = Field(..., ge=1, le=MAX_ID, description="党组织编号（含下级）")
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=10**7)


class PowerIn(Schema):
    model_config = {"extra": "forbid"}

    name: str = Field(..., max_length=80)
    basis: str = Field(..., max_length=200)
    responsible_post: str = Field(..., max_length=60)
    steps: str = Field(..., max_length=4000, description="运行流程（每行一步）")
    risk_points: str = Field("", max_length=4000)


class NewPowerIn(PowerIn):
    org: int = Field(..., ge=1, le=MAX_ID, description="学校党组织编号")


class PublishIn(Schema):
    model_config = {"extra": "forbid"}

    org: int = Field(..., ge=1, le=MAX_ID, description="学校党组织编号")


class PublishedOut(Schema):
    published: int = Field(description="向党员公开的事项数")


def _out(p: Power) -> dict:
    return {"id": p.pk, "org": p.org.name, "name": p.name, "basis": p.basis, "responsible_post": p.responsible_post,
            "steps": [line.strip() for line in p.steps.splitlines() if line.strip()], "risk_points": p.risk_points,
            "published_on": p.published_on}


def _org(user, pk: int) -> PartyOrg:
    return get_visible_or_404(PartyOrg.objects.visible_to(user, Action.DECISIONS_VIEW), pk=pk)


def _powers(user):
    return Power.objects.visible_to(user).select_related("org")


@router.get("/powers/", response={200: PowerPage, **error_responses(404)}, url_name="decision_powers",
            summary="小微权力清单（含下级组织）")
def powers(request, query: Query[PowerQuery]):
    org = _org(request.auth, query.org)
    rows = _powers(request.auth).filter(org__path__startswith=org.path).order_by("org__path", "id")
    return {"count": rows.count(), "items": [_out(p) for p in rows[query.offset:query.offset + query.limit]]}


@router.post("/powers/", response={201: PowerOut, **error_responses(404)}, url_name="decision_power_create",
             summary="登记一项小微权力（学校党组织）；缺少设定依据、责任岗位或运行流程时 422 并写明依据")
def create(request, payload: NewPowerIn):
    org = _org(request.auth, payload.org)
    power = services.save_power(org, payload.model_dump(exclude={"org"}), acting_user=request.auth)
    return 201, _out(get_visible_or_404(_powers(request.auth), pk=power.pk))


@router.patch("/powers/{int:id}", response=PowerOut, url_name="decision_power_update",
              summary="修改一项小微权力（修改后须重新公开清单）")
def update(request, payload: PowerIn, id: int = Path(..., ge=1, le=MAX_ID, description="事项编号")):
    power = get_visible_or_404(_powers(request.auth), pk=id)
    services.save_power(power.org, payload.model_dump(), power=power, acting_user=request.auth)
    return _out(get_visible_or_404(_powers(request.auth), pk=id))


@router.post("/powers/publication", response={200: PublishedOut, **error_responses(404)},
             url_name="decision_powers_publish", summary="向党员公开本校小微权力清单；清单为空时 422")
def publish(request, payload: PublishIn):
    org = _org(request.auth, payload.org)
    return {"published": services.publish_powers(org, acting_user=request.auth)}


@router.get("/powers/published", response={200: PowerPage, **error_responses(403)},
            url_name="decision_powers_published",
            summary="向本人公开的小微权力清单（本人所在学校及其上级党组织公开的；没有党员档案的职务人员为空）")
def published(request):
    member = getattr(request.auth, "member", None)  # the reverse one-to-one raises AttributeError when absent
    if member is None:  # as the page: an account without a record needs decisions.view, and reads nothing
        if not scope_of(request.auth).allows(Action.DECISIONS_VIEW):
            raise PermissionDenied("您的职务不含“查看议事决策”的权限")
        return {"count": 0, "items": []}
    rows = (Power.objects.filter(org__path__in=services.ancestor_paths(member.org.path), published_on__isnull=False)
            .select_related("org").order_by("org__path", "id"))
    return {"count": len(rows), "items": [_out(p) for p in rows]}
