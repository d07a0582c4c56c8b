"""API of 党建工作联系点 and 巡回督导: a school's visits and inspection results (the school's record
page), recording a visit (only its assigned liaison: otherwise 422 naming the rule), a visit's
finding put on the school's 整改台账, a round's results by school, and recording one school's
scores. Scoping as the pages: out of sight 404, a right missing 403."""

from __future__ import annotations

import datetime
from decimal import Decimal

from ninja import Field, Path, Router, Schema

from dangjian.core.api import error_responses
from dangjian.core.scoping import get_visible_or_404
from dangjian.supervision.models import InspectionResult
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
    rnd = get_visible_or_404(S.rounds(request.auth), pk=id)
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
