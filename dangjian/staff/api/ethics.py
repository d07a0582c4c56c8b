"""API of 师德师风: a school's violations and a year's assessments (read), a violation and a year's
assessments (write) — the same services and scoping as the pages; refusals in the shared error
shape {code, message, rule, field} (config/api.py)."""

from __future__ import annotations

import datetime

from django.utils import timezone
from ninja import Field, Router, Schema

from dangjian.core.api import error_responses
from dangjian.core.roles import Action
from dangjian.core.scoping import get_visible_or_404
from dangjian.orgs.models import School
from dangjian.staff.models import StaffMember
from dangjian.staff.services import ethics as services

router = Router(tags=["师德师风"])
MAX_ID = 2**31 - 1


class ViolationOut(Schema):
    id: int
    staff: int
    staff_name: str
    occurred_on: datetime.date
    standard: int
    standard_label: str
    description: str
    handling: str
    handling_label: str
    decided_on: datetime.date
    decided_by: str


class ViolationIn(Schema):
    staff: int = Field(..., ge=1, le=MAX_ID, description="教职工编号")
    occurred_on: datetime.date
    standard: int = Field(..., description="违反的准则条目（1–10，《新时代中小学教师职业行为十项准则》）")
    description: str = Field(..., max_length=2000)
    handling: str = Field(..., max_length=20, description="处理方式：warning、demerit、demotion、dismissal、criticism、"
                                                          "admonition、self_examination、circular、disqualification")
    handling_note: str = Field("", max_length=300)
    decided_on: datetime.date
    decided_by: str = Field(..., max_length=100)


class GradeIn(Schema):
    staff: int = Field(..., ge=1, le=MAX_ID)
    grade: str = Field(..., max_length=16, description="excellent、qualified、basic、unqualified")
    note: str = Field("", max_length=300)


class AssessmentsIn(Schema):
    year: int = Field(..., ge=1990, le=2100)
    grades: list[GradeIn] = Field(..., min_length=1, max_length=2000)


class AssessmentOut(Schema):
    id: int
    staff: int
    staff_name: str
    year: int
    grade: str
    grade_label: str


def _violation(v) -> dict:
    return {"id": v.pk, "staff": v.staff_id, "staff_name": v.staff.name, "occurred_on": v.occurred_on,
            "standard": v.standard, "standard_label": v.get_standard_display(), "description": v.description,
            "handling": v.handling, "handling_label": v.get_handling_display(), "decided_on": v.decided_on,
            "decided_by": v.decided_by}


def _assessment(a) -> dict:
    return {"id": a.pk, "staff": a.staff_id, "staff_name": a.staff.name, "year": a.year, "grade": a.grade,
            "grade_label": a.get_grade_display()}


def _school(user, pk: int, action: str) -> School:
    return get_visible_or_404(School.objects.visible_to(user, action).select_related("party_org", "supervisor"), pk=pk)


@router.get("/staff/ethics/schools/{int:school}/violations", response=list[ViolationOut],
            url_name="ethics_violations", summary="学校的师德违规记录")
def violations(request, school: int):
    found = _school(request.auth, school, Action.ETHICS_VIEW)
    from dangjian.staff.models import EthicsViolation

    rows = (EthicsViolation.objects.visible_to(request.auth, Action.ETHICS_VIEW).filter(staff__school=found)
            .select_related("staff").order_by("-occurred_on", "-id")[:500])
    return [_violation(v) for v in rows]


@router.post("/staff/ethics/violations", response={201: ViolationOut, **error_responses(404)},
             url_name="ethics_violation_create",
             summary="登记违反职业道德行为及处理；不符合规定时 422 并给出依据")
def create_violation(request, payload: ViolationIn):
    staff = get_visible_or_404(StaffMember.objects.visible_to(request.auth, Action.ETHICS_MANAGE), pk=payload.staff)
    data = payload.dict(exclude={"staff"})
    return 201, _violation(services.record_violation(staff, acting_user=request.auth, **data))


@router.get("/staff/ethics/schools/{int:school}/assessments", response=list[AssessmentOut],
            url_name="ethics_assessments", summary="学校某年度的师德考核结果")
def assessments(request, school: int, year: int | None = None):
    found = _school(request.auth, school, Action.ETHICS_VIEW)
    from dangjian.staff.models import EthicsAssessment

    rows = (EthicsAssessment.objects.visible_to(request.auth, Action.ETHICS_VIEW)
            .filter(staff__school=found, year=year or timezone.localdate().year).select_related("staff")
            .order_by("staff__name")[:5000])
    return [_assessment(a) for a in rows]


@router.post("/staff/ethics/schools/{int:school}/assessments", response={201: list[AssessmentOut]},
             url_name="ethics_assessments_create", summary="登记学校一个年度的师德考核（全部通过才保存）")
def create_assessments(request, school: int, payload: AssessmentsIn):
    found = _school(request.auth, school, Action.ETHICS_MANAGE)
    staff = {s.pk: s for s in StaffMember.objects.filter(school=found, pk__in=[g.staff for g in payload.grades])}
    missing = next((g.staff for g in payload.grades if g.staff not in staff), None)
    if missing is not None:
        from dangjian.core.errors import RuleViolation
        from dangjian.staff.rules.ethics import R_CURRENT

        raise RuleViolation(f"编号 {missing} 不在本校教职工名册中", rule=R_CURRENT, field="grades")
    saved = services.record_assessments(found, year=payload.year, acting_user=request.auth,
                                        grades=[(staff[g.staff], g.grade, g.note) for g in payload.grades])
    return 201, [_assessment(a) for a in saved]
