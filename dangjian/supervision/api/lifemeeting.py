"""API of the 组织生活会 / 民主生活会 process: the processes of an organization's subtree with their
情况报告 against the due day, one process with its preparation checklist, opening one, and writing
a participant's 对照检查材料. Thin endpoints over the selectors and services with the shared error
shape: a refused rule 422 naming it; out of scope the same 404 as missing; a right missing 403."""

from __future__ import annotations

import datetime

from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema

from dangjian.core.api import error_responses
from dangjian.core.roles import Action
from dangjian.core.scoping import get_visible_or_404
from dangjian.orgs.models import PartyOrg
from dangjian.supervision.models.lifemeeting import LifeMeeting
from dangjian.supervision.rules import lifemeeting as R
from dangjian.supervision.selectors import lifemeeting as S
from dangjian.supervision.services import lifemeeting as prep
from dangjian.supervision.services import lifemeeting_materials as materials

router = Router(tags=["组织生活会"])
LifeId = Path(..., ge=1, le=2**62, description="组织生活会编号")


class OrgRef(Schema):
    id: int
    name: str


class LifeOut(Schema):
    id: int
    org: OrgRef
    kind: str
    kind_label: str
    year: int
    topic: str
    stage: str
    stage_label: str
    planned_on: datetime.date
    held_on: datetime.date | None
    meeting_id: int | None = Field(None, description="组织生活记录（orglife）的编号")
    report_due: datetime.date | None
    reported_on: datetime.date | None
    report_status: str = Field(..., description="on_time / late / overdue / pending / na")
    report_status_label: str
    report_rule: str


class LifePage(Schema):
    count: int
    items: list[LifeOut]


class CheckOut(Schema):
    code: str
    label: str
    done: bool
    detail: str
    rule: str


class LifeDetail(LifeOut):
    participants: list[OrgRef]
    checks: list[CheckOut]
    observer: str
    dual_life: list[str]
    studies: int
    opinions: int
    talks_held: int
    materials_approved: int


class LifeFilter(Schema):
    org: int = Field(..., ge=1, le=2**62, description="党组织编号（含下级）")
    year: int | None = Field(None, ge=2000, le=2100)
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0, le=10**7)


class LifeIn(Schema):
    org: int = Field(..., ge=1, le=2**62)
    kind: R.Kind
    topic: str = Field(..., max_length=200)
    planned_on: datetime.date


class ProblemIn(Schema):
    problem: str = Field(..., max_length=R.TEXT_MAX)
    measures: str = Field(..., max_length=R.TEXT_MAX)
    deadline: datetime.date | None = None


class MaterialIn(Schema):
    member: int | None = Field(None, ge=1, le=2**62, description="参会党员编号；不填为领导班子的材料")
    causes: str = Field(..., max_length=R.TEXT_MAX)
    commitments: str = Field("", max_length=R.TEXT_MAX)
    problems: list[ProblemIn] = Field(..., max_length=30)
    submit: bool = Field(False, description="保存后提交审核")


class MaterialOut(Schema):
    id: int
    member: str
    state: str
    state_label: str
    problems: int


def _item(life: LifeMeeting, today: datetime.date) -> dict:
    status = life.report_status(today)
    return {"id": life.pk, "org": {"id": life.org_id, "name": life.org.name}, "kind": life.kind,
            "kind_label": life.get_kind_display(), "year": life.year, "topic": life.topic, "stage": life.stage,
            "stage_label": life.get_stage_display(), "planned_on": life.planned_on, "held_on": life.held_on,
            "meeting_id": life.meeting_id, "report_due": life.report_due, "reported_on": life.reported_on,
            "report_status": status, "report_status_label": R.REPORT_STATUS_LABELS[status],
            "report_rule": life.report_source}


def _life(user, pk: int) -> LifeMeeting:
    return get_visible_or_404(LifeMeeting.objects.visible_to(user).select_related("org", "observer_org"), pk=pk)


@router.get("/life-meetings/", response={200: LifePage, **error_responses(404)}, url_name="life_meetings",
            summary="组织生活会和民主生活会（含下级组织）：进展、情况报告期限和报送情况")
def list_processes(request, filters: Query[LifeFilter]):
    org = get_visible_or_404(PartyOrg.objects.visible_to(request.auth, Action.ORGLIFE_VIEW), pk=filters.org)
    rows = LifeMeeting.objects.visible_to(request.auth).filter(org__path__startswith=org.path).select_related("org")
    if filters.year is not None:
        rows = rows.filter(year=filters.year)
    rows = rows.order_by("-year", "org__path", "id")
    today = timezone.localdate()
    return {"count": rows.count(),
            "items": [_item(life, today) for life in rows[filters.offset:filters.offset + filters.limit]]}


def _detail(life: LifeMeeting) -> dict:
    today = timezone.localdate()
    checks = S.readiness(life, today) if life.stage == R.Stage.PREPARING else []
    return {
        **_item(life, today),
        "participants": [{"id": e.member.pk, "name": e.member.name} for e in S.participants(life)],
        "checks": [{"code": c.code, "label": c.label, "done": c.done, "detail": c.detail,
                    "rule": f"{c.rule.text}（{c.rule.citation}）"} for c in checks],
        "observer": f"{life.observer_name}（{life.observer_org.name}）" if life.observer_org_id else "",
        "dual_life": list(life.dual_life.order_by("name").values_list("name", flat=True)),
        "studies": life.studies.count(), "opinions": life.opinions.count(),
        "talks_held": life.talks.filter(held_on__isnull=False).count(),
        "materials_approved": life.materials.filter(state=R.MaterialState.APPROVED).count(),
    }


@router.get("/life-meetings/{int:id}", response=LifeDetail, url_name="life_meeting",
            summary="一次组织生活会：参会人员、会前准备情况、列席指导、双重组织生活、情况报告")
def get_process(request, id: int = LifeId):
    return _detail(_life(request.auth, id))


@router.post("/life-meetings/", response={201: LifeDetail, **error_responses(404)}, url_name="life_meeting_create",
             summary="开始准备组织生活会（党支部）或民主生活会（学校党委、党总支）")
def open_process(request, payload: LifeIn):
    org = get_visible_or_404(PartyOrg.objects.visible_to(request.auth, Action.ORGLIFE_VIEW), pk=payload.org)
    life = prep.open_process(org, kind=payload.kind, topic=payload.topic, planned_on=payload.planned_on,
                             acting_user=request.auth)
    return 201, _detail(_life(request.auth, life.pk))


@router.post("/life-meetings/{int:id}/materials", response={201: MaterialOut}, url_name="life_material_write",
             summary="撰写（或修改）参会党员或领导班子的对照检查材料；不是本支部参会党员的，422 并写明依据")
def write_material(request, payload: MaterialIn, id: int = LifeId):
    life = _life(request.auth, id)
    written = materials.write_material(life, member=payload.member, causes=payload.causes,
                                       commitments=payload.commitments,
                                       problems=[p.dict() for p in payload.problems], acting_user=request.auth)
    if payload.submit:
        written = materials.submit_material(written, acting_user=request.auth)
    return 201, {"id": written.pk, "member": written.owner_label, "state": written.state,
                 "state_label": written.get_state_display(), "problems": written.problems.count()}
