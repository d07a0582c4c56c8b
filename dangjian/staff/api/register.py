"""API of the staff register: the list (the page's filters), one entry with its leadership terms,
登记 and 修改 — the same services and scoping as the pages. ID numbers and phones only masked;
refusals in the shared error shape {code, message, rule, field} (config/api.py): a rule 422, out
of scope the same 404 as missing, a right missing 403."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from ninja import Field, Query, Router, Schema

from dangjian.core.api import error_responses
from dangjian.core.roles import Action
from dangjian.core.scoping import get_visible_or_404, scope_of
from dangjian.members.models import Member
from dangjian.orgs.models import School
from dangjian.orgs.schemas import SEARCH_TEXT
from dangjian.staff import services
from dangjian.staff.selectors import register as selectors
from dangjian.staff.services.register import require_on_school

router = Router(tags=["教职工名册"])
MAX_ID = 2**31 - 1
PAGE = 100


class TermOut(Schema):
    id: int
    role: str
    role_label: str
    started_on: datetime.date
    ended_on: datetime.date | None


class StaffOut(Schema):
    id: int
    school: int
    school_name: str
    name: str
    gender: str
    id_number_masked: str
    phone_masked: str
    post: str
    post_label: str
    office: str
    department: str
    title: str
    employed_from: datetime.date
    employed_until: datetime.date | None
    member: int | None = Field(None, description="党员档案编号（是本校党员时）")


class StaffDetail(StaffOut):
    terms: list[TermOut]


class StaffPage(Schema):
    count: int
    items: list[StaffOut]


class StaffFilter(Schema):
    school: int | None = Field(None, ge=1, le=MAX_ID)
    post: str = Field("", max_length=16)
    party: str = Field("", max_length=3, description="yes：党员；no：非党员")
    state: str = Field("current", max_length=8, description="current：在职；former：已离职；all：全部")
    q: str = Field("", max_length=30, pattern=SEARCH_TEXT, description="姓名包含")
    page: int = Field(1, ge=1, le=100_000)


class StaffIn(Schema):
    school: int = Field(..., ge=1, le=MAX_ID)
    name: str = Field(..., max_length=60)
    gender: str = Field("", max_length=8, description="male / female（可不填，按身份证号）")
    id_number: str = Field(..., max_length=18)
    post: str = Field(..., max_length=16, description="leader、middle、teacher、administrative、support、worker")
    employed_from: datetime.date
    phone: str = Field("", max_length=20)
    office: str = Field("", max_length=60)
    department: str = Field("", max_length=60)
    title: str = Field("", max_length=30)
    member: int | None = Field(None, ge=1, le=MAX_ID, description="本校党员的档案编号")


class StaffPatch(Schema):
    name: str | None = Field(None, max_length=60)
    gender: str | None = Field(None, max_length=8)
    post: str | None = Field(None, max_length=16)
    phone: str | None = Field(None, max_length=20)
    office: str | None = Field(None, max_length=60)
    department: str | None = Field(None, max_length=60)
    title: str | None = Field(None, max_length=30)
    employed_from: datetime.date | None = None
    member: int | None = Field(None, ge=0, le=MAX_ID, description="0：取消关联")


def _out(s) -> dict:
    return {"id": s.pk, "school": s.school_id, "school_name": s.school.name, "name": s.name, "gender": s.gender,
            "id_number_masked": s.id_number_masked, "phone_masked": s.phone_masked, "post": s.post,
            "post_label": s.get_post_display(), "office": s.office, "department": s.department, "title": s.title,
            "employed_from": s.employed_from, "employed_until": s.employed_until, "member": s.member_id}


def _detail(s) -> dict:
    return {**_out(s), "terms": [{"id": t.pk, "role": t.role, "role_label": t.get_role_display(),
                                  "started_on": t.started_on, "ended_on": t.ended_on}
                                 for t in s.leadership_terms.order_by("-started_on")]}


def _entry(user, pk: int):
    return get_visible_or_404(selectors.staff_seen(user).select_related("school__party_org", "school__supervisor"), pk=pk)


def _member(user, pk: int | None):
    """A member the user sees (the service then checks it is the school's own and the same person)."""
    if not pk:
        return None
    return get_visible_or_404(Member.objects.visible_to(user).select_related("org"), pk=pk)


@router.get("/staff/", response={200: StaffPage, **error_responses(403, 404)},
            url_name="staff_list", summary="教职工名册（与页面相同的筛选条件）")
def staff_list(request, filters: Query[StaffFilter]):
    if not scope_of(request.auth).allows(Action.STAFF_VIEW):
        raise PermissionDenied("您的职务不含“查看教职工名册”的权限")
    school = None
    if filters.school:
        school = get_visible_or_404(School.objects.visible_to(request.auth, Action.STAFF_VIEW), pk=filters.school)
    queryset = selectors.narrow(selectors.staff_seen(request.auth).select_related("school"), school=school,
                                post=filters.post, party=filters.party, state=filters.state, q=filters.q)
    queryset = queryset.order_by("school__code", "post", "name", "pk")
    start = (filters.page - 1) * PAGE
    return {"count": queryset.count(), "items": [_out(s) for s in queryset[start:start + PAGE]]}


@router.get("/staff/{int:id}", response=StaffDetail, url_name="staff_detail", summary="一名教职工及其班子任职")
def staff_detail(request, id: int):
    return _detail(_entry(request.auth, id))


@router.post("/staff/", response={201: StaffDetail, **error_responses(404)}, url_name="staff_create",
             summary="登记教职工；不符合规定时 422 并给出依据")
def staff_create(request, payload: StaffIn):
    school = get_visible_or_404(School.objects.visible_to(request.auth, Action.STAFF_VIEW)
                                .select_related("party_org", "supervisor"), pk=payload.school)
    require_on_school(request.auth, Action.STAFF_EDIT, school)
    data = payload.dict(exclude={"school", "member"})
    staff = services.create_staff_member(school, member=_member(request.auth, payload.member),
                                         acting_user=request.auth, **data)
    return 201, _detail(staff)


@router.patch("/staff/{int:id}", response=StaffDetail, url_name="staff_update",
              summary="修改教职工信息（身份证号不可修改）")
def staff_update(request, id: int, payload: StaffPatch):
    staff = _entry(request.auth, id)
    require_on_school(request.auth, Action.STAFF_EDIT, staff.school)
    changes = payload.dict(exclude_unset=True)
    if "member" in changes:
        changes["member"] = _member(request.auth, changes["member"])
    if changes:
        staff = services.update_staff_member(staff, acting_user=request.auth, **changes)
    return _detail(staff)
