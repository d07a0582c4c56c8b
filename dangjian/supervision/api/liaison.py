"""API of 党建工作联系点 and 巡回督导: a school's visits and inspection results (the school's record
page), assigning a liaison school to a committee member, recording a visit (only its assigned
liaison: otherwise 422 naming the rule), a visit's finding put on the school's 整改台账, opening a
round, its results by school, recording one school's scores, an inspection finding put on the
school's 整改台账, and closing the round. Scoping as the pages: out of sight 404, a right missing 403
(services.liaison.require_manager); the committee, the school and the committee member are looked
up among those the caller sees, so an id out of sight is answered like one that does not exist."""

from __future__ import annotations

import datetime
from decimal import Decimal

from ninja import Field, Path, Router, Schema

from dangjian.core.api import error_responses
from dangjian.core.errors import RuleViolation
from dangjian.core.scoping import get_visible_or_404
from dangjian.orgs.models import PartyOrg, Position, School
from dangjian.supervision.models import InspectionResult
from dangjian.supervision.rules import liaison as R
from dangjian.supervision.selectors import liaison as S
from dangjian.supervision.services import inspection
from dangjian.supervision.services import liaison as services

router = Router(tags=["联系点与督导"])
Id = Path(..., ge=1, le=2**62)


class ItemRef(Schema):
    id: int
    problem: str
    owner_name: str
    deadline: datetime.date
    state_label: str


class VisitOut(Schema):
    id: int
    school: str
    liaison: str
    state: str
    state_label: str
    planned_on: datetime.date | None
    visited_on: datetime.date | None
    visitors: str
    findings: str
    rectification_items: list[ItemRef]


class VisitIn(Schema):
    visited_on: datetime.date
    visitors: str = Field(..., max_length=200)
    findings: str = Field(..., max_length=4000)


class FindingIn(Schema):
    problem: str = Field(..., max_length=2000)
    owner_name: str = Field(..., max_length=60)
    deadline: datetime.date
    measures: str = Field("", max_length=4000)


class ResultOut(Schema):
    id: int
    school: str
    inspected_on: datetime.date | None
    inspectors: str
    findings: str
    total: Decimal | None
    scores: dict[str, Decimal]


class RoundOut(Schema):
    id: int
    title: str
    committee: str
    starts_on: datetime.date
    ends_on: datetime.date
    state: str
    checklist: list[dict]
    results: list[ResultOut]


class ResultIn(Schema):
    inspected_on: datetime.date
    inspectors: str = Field(..., max_length=200)
    scores: dict[str, str] = Field(..., description="督导考评内容编号 → 得分")
    findings: str = Field("", max_length=4000)


def _item(i) -> dict:
    return {"id": i.pk, "problem": i.problem, "owner_name": i.owner_name, "deadline": i.deadline,
            "state_label": i.get_state_display()}


def _visits(user, visits) -> list[dict]:
    items = S.items_from(user, S.VISIT_ORIGIN, [v.pk for v in visits])
    return [{"id": v.pk, "school": v.school.name, "liaison": v.assignment.liaison_name, "state": v.state,
             "state_label": v.get_state_display(), "planned_on": v.planned_on, "visited_on": v.visited_on,
             "visitors": v.visitors, "findings": v.findings, "rectification_items": [_item(i) for i in items[v.pk]]}
            for v in visits]


def _result(r) -> dict:
    return {"id": r.pk, "school": r.school.name, "inspected_on": r.inspected_on, "inspectors": r.inspectors,
            "findings": r.findings, "total": r.total, "scores": {str(s.entry_id): s.score for s in r.scores.all()}}


@router.get("/liaison/schools/{int:id}/visits", response={200: list[VisitOut], **error_responses(403)},
            url_name="liaison_school_visits",
            summary="一所学校的联系点走访记录（含由此列入整改台账的问题）")
def school_visits(request, id: int = Id):
    school = S.school_for(request.auth, id)
    return _visits(request.auth, list(S.visits(request.auth).filter(school=school)[:200]))


@router.post("/liaison/schools/{int:id}/visits", response={201: VisitOut}, url_name="liaison_visit_record",
             summary="登记一次走访：只有被安排联系该校的班子成员本人可以登记，否则 422 并写明依据")
def record_visit(request, payload: VisitIn, id: int = Id):
    school = S.school_for(request.auth, id)
    visit = services.record_visit(school, visited_on=payload.visited_on, visitors=payload.visitors,
                                  findings=payload.findings, acting_user=request.auth)
    return 201, _visits(request.auth, [visit])[0]


@router.post("/liaison/visits/{int:id}/findings", response={201: ItemRef}, url_name="liaison_visit_finding",
             summary="将走访发现的问题列入学校的整改台账（来源：联系点走访）；同一问题再次提交返回原事项")
def visit_finding(request, payload: FindingIn, id: int = Id):
    visit = get_visible_or_404(S.visits(request.auth), pk=id)
    item = services.raise_visit_finding(visit, problem=payload.problem, owner_name=payload.owner_name,
                                        deadline=payload.deadline, measures=payload.measures, acting_user=request.auth)
    return 201, _item(item)


@router.get("/inspections/{int:id}", response=RoundOut, url_name="inspection_round",
            summary="一轮巡回督导：督导考评内容和各校得分、合计")
def get_round(request, id: int = Id):
    return _round(get_visible_or_404(S.rounds(request.auth), pk=id))


def _round(rnd) -> dict:
    results = rnd.results.select_related("school").prefetch_related("scores").order_by("school__name")
    return {"id": rnd.pk, "title": rnd.title, "committee": rnd.committee.name, "starts_on": rnd.starts_on,
            "ends_on": rnd.ends_on, "state": rnd.state,
            "checklist": [{"id": e.pk, "number": e.number, "text": e.text, "max_score": str(e.max_score)}
                          for e in rnd.checklist.all()],
            "results": [_result(r) for r in results]}


@router.post("/inspections/results/{int:id}", response=ResultOut, url_name="inspection_result_record",
             summary="登记一所学校的督导考评得分和发现的问题（督导单位管理员）")
def record_result(request, payload: ResultIn, id: int = Id):
    result = get_visible_or_404(InspectionResult.objects.visible_to(request.auth), pk=id)
    result = inspection.record_inspection(result, inspected_on=payload.inspected_on, inspectors=payload.inspectors,
                                          scores=payload.scores, findings=payload.findings, acting_user=request.auth)
    return _result(InspectionResult.objects.prefetch_related("scores").select_related("school").get(pk=result.pk))


# --- arranging: liaison schools and rounds of 巡回督导 ------------------------------------------------
class AssignIn(Schema):
    model_config = {"extra": "forbid"}

    committee: int = Field(..., ge=1, le=2**62, description="安排单位（县、市级教育党（工）委编号）")
    liaison: int = Field(..., ge=1, le=2**62, description="联系人：在本级党组织任职人员的用户编号")
    school: int = Field(..., ge=1, le=2**62, description="联系学校编号")
    year: int = Field(..., ge=2000, le=2100, description="年度（上一年、本年或下一年）")
    visits_required: int = Field(R.MIN_VISITS_PER_YEAR, ge=0, le=365, description="每年至少走访次数")


class AssignmentOut(Schema):
    id: int
    committee: str
    year: int
    liaison_name: str
    post_label: str
    school: str
    visits_required: int


class ChecklistIn(Schema):
    model_config = {"extra": "forbid"}

    text: str = Field(..., max_length=200, description="督导考评内容")
    max_score: str = Field(..., max_length=12, description="分值")


class RoundIn(Schema):
    model_config = {"extra": "forbid"}

    committee: int = Field(..., ge=1, le=2**62, description="督导单位（县、市级教育党（工）委编号）")
    title: str = Field(..., max_length=120, description="名称")
    starts_on: datetime.date
    ends_on: datetime.date
    schools: list[int] = Field(..., max_length=2000, description="督导的学校编号")
    checklist: list[ChecklistIn] = Field(..., max_length=100, description="督导考评内容及分值")


def _committee(user, pk: int) -> PartyOrg:
    """The arranging committee among those the caller sees (404), and the right to arrange there
    (403) before the request's other ids are looked up — the services check it again."""
    committee = get_visible_or_404(PartyOrg.objects.visible_to(user).filter(is_active=True), pk=pk)
    services.require_manager(user, committee)
    return committee


def _schools(user, ids: list[int]) -> list[School]:
    """The schools by id among those the caller sees; an id out of sight is refused without saying
    whether it exists (the service then asks that each is under the committee)."""
    found = {s.pk: s for s in School.objects.visible_to(user).filter(pk__in=ids)}
    for pk in ids:
        if pk not in found:
            raise RuleViolation(f"没有编号为 {pk} 的学校，或不在您的范围内", field="schools")
    return [found[pk] for pk in ids]


@router.post("/liaison/assignments", response={201: AssignmentOut, **error_responses(404)},
             url_name="liaison_assign_api",
             summary="安排本级党组织班子成员联系一所学校（每年走访不少于规定次数）；同一安排再次提交返回原安排")
def assign(request, payload: AssignIn):
    committee = _committee(request.auth, payload.committee)
    school = _schools(request.auth, [payload.school])[0]
    post = Position.objects.filter(org=committee, user_id=payload.liaison).select_related("user").first()
    if post is None:  # the committee's own posts only: another user's id is not looked up
        raise RuleViolation(f"编号为 {payload.liaison} 的用户不在{committee.name}任职，不能挂点联系学校",
                            rule=R.R_LIAISON_MEMBER, field="liaison")
    a = services.assign_liaison(committee, year=payload.year, liaison=post.user, school=school,
                                visits_required=payload.visits_required, acting_user=request.auth)
    return 201, {"id": a.pk, "committee": committee.name, "year": a.year, "liaison_name": a.liaison_name,
                 "post_label": a.post_label, "school": a.school.name, "visits_required": a.visits_required}


@router.post("/inspections/", response={201: RoundOut, **error_responses(404)}, url_name="inspection_open",
             summary="开展一轮巡回督导：督导的学校和督导考评内容（每项分值大于 0）")
def open_round(request, payload: RoundIn):
    committee = _committee(request.auth, payload.committee)
    rnd = inspection.open_round(committee, title=payload.title, starts_on=payload.starts_on, ends_on=payload.ends_on,
                                schools=_schools(request.auth, payload.schools),
                                checklist=[c.model_dump() for c in payload.checklist], acting_user=request.auth)
    return 201, _round(get_visible_or_404(S.rounds(request.auth), pk=rnd.pk))


@router.post("/inspections/{int:id}/close", response=RoundOut, url_name="inspection_close_api",
             summary="结束巡回督导（之后不再登记得分）；已结束的再次提交不变")
def close_round(request, id: int = Id):
    rnd = get_visible_or_404(S.rounds(request.auth), pk=id)
    inspection.close_round(rnd, acting_user=request.auth)
    return _round(get_visible_or_404(S.rounds(request.auth), pk=id))


@router.post("/inspections/results/{int:id}/findings", response={201: ItemRef}, url_name="inspection_finding_api",
             summary="将督导发现的问题列入学校的整改台账（来源：巡回督导；须已登记该校督导结果）")
def inspection_finding(request, payload: FindingIn, id: int = Id):
    result = get_visible_or_404(InspectionResult.objects.visible_to(request.auth), pk=id)
    item = inspection.raise_inspection_finding(result, problem=payload.problem, owner_name=payload.owner_name,
                                               deadline=payload.deadline, measures=payload.measures,
                                               acting_user=request.auth)
    return 201, _item(item)
