"""API writes of the organization tree that the pages also do: setting up an organization,
the posts of its committee (任职 and 离任) and a school's record (五个清).

The same services as the pages (dangjian.orgs.services): they check the actor's right inside
their transaction (403) and the tree's rules (422 naming the rule). What the endpoint is given
by id — the parent organization, the position, the school, the member linked to a post — is
looked up in the caller's scope first, so an id out of scope is the same 404 as one that does
not exist.

The operations are declared on the router of dangjian.orgs.api.orgs: ninja answers a path from
the one router that declared it, so POST /orgs/ and PATCH /schools/{id} must sit beside the GETs
of the same paths (a second router would answer them 405). Importing this module registers them.
"""

from __future__ import annotations

import datetime
from typing import Literal

from django.utils import timezone
from ninja import Field, Path, Schema

from dangjian.core.api import error_responses
from dangjian.core.errors import RuleViolation
from dangjian.core.roles import Action, Post
from dangjian.core.scoping import get_visible_or_404
from dangjian.orgs import services
from dangjian.orgs.api.orgs import _org_detail, get_school, router
from dangjian.orgs.hooks import appointable_members
from dangjian.orgs.models import NoOrgReason, OrgKind, Ownership, PartyOrg, Position, School, SchoolType
from dangjian.orgs.schemas import MAX_ID, OrgDetail, SchoolDetail

ObjectId = Path(..., ge=1, le=MAX_ID, description="编号")
CODE = r"^[0-9A-Za-z][0-9A-Za-z_-]*$"


class OrgIn(Schema):
    """A new organization under `parent` (one the caller may see). Which kinds may sit under
    which is the tree's rule (422 tree_shape); the parent's keepers (org.edit) set it up."""

    model_config = {"extra": "forbid"}

    parent: int = Field(..., ge=1, le=MAX_ID, description="上级党组织编号")
    kind: OrgKind = Field(..., description="组织类别")
    code: str = Field(..., min_length=1, max_length=32, pattern=CODE, description="组织代码（全系统唯一）")
    name: str = Field(..., min_length=1, max_length=120, description="组织名称")
    founded_on: datetime.date | None = Field(None, description="成立日期")
    term_start: datetime.date | None = Field(None, description="本届任期开始")
    term_end: datetime.date | None = Field(None, description="本届任期届满")


@router.post("/orgs/", response={201: OrgDetail, **error_responses(404, 409)}, url_name="org_create",
             operation_id="dangjian_orgs_api_create_org", summary="设立党组织（在本人可维护的组织之下）")
def create_org(request, payload: OrgIn):
    parent = get_visible_or_404(PartyOrg.objects.visible_to(request.auth), pk=payload.parent)
    extra = payload.model_dump(include={"founded_on", "term_start", "term_end"}, exclude_none=True)
    try:
        org = services.create_org(parent=parent, kind=payload.kind, code=payload.code.strip(),
                                  name=payload.name.strip(), acting_user=request.auth, **extra)
    except RuleViolation as refusal:
        if refusal.code == "duplicate":  # the code is taken: a conflict with an existing record
            return 409, refusal.as_dict()
        raise
    return 201, _org_detail(org, request.auth)


# --- posts (任职) ------------------------------------------------------------------------

class AppointmentOut(Schema):
    id: int
    post: str
    post_label: str
    person_name: str
    member_id: int | None = Field(description="关联的党员档案编号；未关联为 null")
    started_on: datetime.date
    ended_on: datetime.date | None
    note: str


class AppointmentList(Schema):
    count: int
    items: list[AppointmentOut]


class AppointIn(Schema):
    model_config = {"extra": "forbid"}

    post: Post = Field(..., description="职务")
    person_name: str | None = Field(None, min_length=1, max_length=60, description="姓名；关联党员档案时可省略")
    member: int | None = Field(None, ge=1, le=MAX_ID, description="关联的本组织党员档案编号（其系统账号获得此职务的权限）")
    started_on: datetime.date = Field(..., description="任职日期")
    note: str = Field("", max_length=200, description="备注")


class EndPositionIn(Schema):
    model_config = {"extra": "forbid"}

    ended_on: datetime.date = Field(..., description="离任日期")
    reason: str = Field("", max_length=200, description="离任原因，如换届、工作调动、退休")


def _position(p: Position) -> dict:
    return {"id": p.pk, "post": p.post, "post_label": Post(p.post).label, "person_name": p.person_name,
            "member_id": p.member_id, "started_on": p.started_on, "ended_on": p.ended_on, "note": p.note}


@router.get("/orgs/{id}/positions", response=AppointmentList,
            url_name="org_positions", operation_id="dangjian_orgs_api_list_positions",
            summary="党组织在任的职务（含任职编号，供办理离任）")
def list_positions(request, id: int = ObjectId):
    org = get_visible_or_404(PartyOrg.objects.visible_to(request.auth), pk=id)
    rows = Position.objects.active_on(timezone.localdate()).filter(org=org).order_by("post", "started_on", "id")
    items = [_position(p) for p in rows]
    return {"count": len(items), "items": items}


def _linked_member(request, org: PartyOrg, pk: int | None, person_name: str | None):
    """The member record a post is linked to: one the page would offer (the organization's own,
    in the caller's scope), else refused without saying whose id it is."""
    if pk is None:
        if not person_name:
            raise RuleViolation("请填写姓名，或关联本组织的党员档案", field="person_name")
        return None
    if org.kind == OrgKind.EDUCATION_COMMITTEE:
        raise RuleViolation("教育工委（党工委）的职务由工作人员担任，不关联党员档案", field="member")
    member = appointable_members(request.auth, org).filter(pk=pk).first()
    if member is None:
        raise RuleViolation(f"编号为 {pk} 的党员档案不在本组织或不在您的范围内", field="member")
    if person_name and person_name != member.name:
        raise RuleViolation(f"所选党员档案的姓名是“{member.name}”，与填写的姓名不一致", field="member")
    return member


@router.post("/orgs/{id}/positions", response={201: AppointmentOut},
             url_name="org_appoint", operation_id="dangjian_orgs_api_appoint",
             summary="任职：书记、委员等职务；同一职务已有在任者时 422 并给出依据")
def appoint(request, payload: AppointIn, id: int = ObjectId):
    org = get_visible_or_404(PartyOrg.objects.visible_to(request.auth), pk=id)
    services.require(request.auth, Action.POSITION_MANAGE, org.path)  # 403 before anything is said about the body
    member = _linked_member(request, org, payload.member, payload.person_name)
    position = services.appoint(org=org, post=payload.post, person_name=payload.person_name or member.name,
                                started_on=payload.started_on, member=member,
                                user=member.user if member is not None else None, note=payload.note,
                                acting_user=request.auth)
    return 201, _position(position)


@router.post("/orgs/{id}/positions/{position_id}/end", response=AppointmentOut,
             url_name="org_end_position", operation_id="dangjian_orgs_api_end_position",
             summary="办理离任；本人离任后将失去管理权限的，须由上级党组织办理（422）")
def end_position(request, payload: EndPositionIn, id: int = ObjectId,
                 position_id: int = Path(..., ge=1, le=MAX_ID, description="任职编号")):
    org = get_visible_or_404(PartyOrg.objects.visible_to(request.auth), pk=id)
    position = get_visible_or_404(Position.objects.visible_to(request.auth).filter(org=org), pk=position_id)
    position = services.end_position(position, ended_on=payload.ended_on, reason=payload.reason,
                                     acting_user=request.auth)
    return _position(position)


# --- schools (五个清) --------------------------------------------------------------------

class SchoolChanges(Schema):
    """What PATCH /schools/{id} may change: the fields of the school page's form. The school's
    party organization is not here (it changes with the tree's rules, not on this form)."""

    model_config = {"extra": "forbid"}

    name: str | None = Field(None, min_length=1, max_length=120)
    school_type: SchoolType | None = None
    ownership: Ownership | None = None
    county: str | None = Field(None, min_length=1, max_length=60)
    affiliation: str | None = Field(None, max_length=200)
    staff_count: int | None = Field(None, ge=0, le=10**6)
    teacher_count: int | None = Field(None, ge=0, le=10**6)
    student_count: int | None = Field(None, ge=0, le=10**7)
    declared_member_count: int | None = Field(None, ge=0, le=10**6)
    sponsor: str | None = Field(None, max_length=120)
    sponsor_is_member: bool | None = None
    principal_name: str | None = Field(None, max_length=60)
    no_org_reason: NoOrgReason | Literal[""] | None = Field(
        None, description="未建党组织原因（未建立党组织的学校必填；已建立的填空字符串）")
    no_org_note: str | None = Field(None, max_length=300)


@router.patch("/schools/{id}", response=SchoolDetail,
              url_name="school_update", operation_id="dangjian_orgs_api_update_school",
              summary="修改学校信息（五个清）：隶属教育党组织的管理员办理")
def update_school(request, payload: SchoolChanges, id: int = ObjectId):
    school = get_visible_or_404(School.objects.visible_to(request.auth).select_related("supervisor"), pk=id)
    # null means "not given" for the texts and numbers, which have no empty state of their own
    changes = {key: value for key, value in payload.model_dump(exclude_unset=True).items() if value is not None}
    services.update_school(school, acting_user=request.auth, **changes)
    return get_school(request, id)
