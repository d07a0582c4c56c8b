"""API of an entry's end of employment and its leadership terms (班子任职): 登记离职, 登记任职,
登记卸任 — as the staff page's forms, through the same services (dangjian.staff.services), which
check the dates and the seats with their rules (422). The entry or term is looked up among those
the caller may read (staff.view, else 404), then staff.edit on its school decides (403)."""

from __future__ import annotations

import datetime

from ninja import Field, Path, Router, Schema

from dangjian.core.roles import Action
from dangjian.core.scoping import get_visible_or_404
from dangjian.staff import services
from dangjian.staff.api.register import MAX_ID, StaffDetail, _detail, _entry
from dangjian.staff.models import LeadershipRole, LeadershipTerm
from dangjian.staff.services.register import require_on_school

router = Router(tags=["教职工名册"])

EntryId = Path(..., ge=1, le=MAX_ID, description="教职工编号")


class EndIn(Schema):
    model_config = {"extra": "forbid"}

    on: datetime.date = Field(..., description="离职（或卸任）日期")


class TermIn(Schema):
    model_config = {"extra": "forbid"}

    role: LeadershipRole = Field(..., description="班子职务")
    started_on: datetime.date = Field(..., description="任职日期")


def _editable(request, pk: int):
    staff = _entry(request.auth, pk)
    require_on_school(request.auth, Action.STAFF_EDIT, staff.school)
    return staff


@router.post("/staff/{int:id}/end", response=StaffDetail, url_name="staff_end",
             summary="登记离职：在任的班子职务同日卸任；日期不能早于入职、不能晚于今天")
def end_employment(request, payload: EndIn, id: int = EntryId):
    staff = services.end_employment(_editable(request, id), on=payload.on, acting_user=request.auth)
    return _detail(_entry(request.auth, staff.pk))


@router.post("/staff/{int:id}/terms", response={201: StaffDetail}, url_name="staff_term_add",
             summary="登记班子任职（校长、副校长、党组织书记等）；同一职位已有在任者等不符合规定时 422")
def add_term(request, payload: TermIn, id: int = EntryId):
    staff = _editable(request, id)
    services.start_leadership_term(staff, role=payload.role, started_on=payload.started_on, acting_user=request.auth)
    return 201, _detail(_entry(request.auth, staff.pk))


@router.post("/staff/terms/{int:id}/end", response=StaffDetail, url_name="staff_term_end",
             summary="登记卸任班子职务")
def end_term(request, payload: EndIn, id: int = Path(..., ge=1, le=MAX_ID, description="任职编号")):
    term = get_visible_or_404(LeadershipTerm.objects.visible_to(request.auth, Action.STAFF_VIEW)
                              .select_related("staff__school__party_org", "staff__school__supervisor"), pk=id)
    require_on_school(request.auth, Action.STAFF_EDIT, term.staff.school)
    services.end_leadership_term(term, on=payload.on, acting_user=request.auth)
    return _detail(_entry(request.auth, term.staff_id))
