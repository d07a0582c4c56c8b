"""API of recruitment: list and open files, a file with its timeline, record a step, the due
list. Thin endpoints over dangjian.recruitment.selectors and services, with the shared error
shape: a refused step is 422 with the rule's citation (code "reason_required" when a warning
rule needs a reason); out of scope is the same 404 as missing; a right missing is 403.
"""

from __future__ import annotations

import json

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from ninja import Path, Query, Router

from dangjian.core.api import error_responses
from dangjian.core.roles import Action
from dangjian.core.scoping import get_visible_or_404, scope_of
from dangjian.orgs.models import PartyOrg
from dangjian.orgs.schemas import MAX_ID
from dangjian.recruitment import progress, selectors, services
from dangjian.recruitment.models import RecruitmentFile
from dangjian.recruitment.rules import ADJUSTABLE, STAGE_SHORT, STEP_BY_CODE, Stage, Unit
from dangjian.recruitment.schemas import (
    DueQuery,
    FileDetail,
    FileFilter,
    FileIn,
    FilePage,
    PlanIn,
    PlanOut,
    PlanQuery,
    RuleSettingIn,
    RuleSettingOut,
    StepIn,
    StepItem,
)

router = Router(tags=["发展党员"])
FileId = Path(..., ge=1, le=MAX_ID, description="档案编号")


def _ref(org: PartyOrg, scope) -> dict:
    return {"id": org.pk if scope.allows(Action.ORG_VIEW, org.path) else None, "name": org.name}


def _item(file: RecruitmentFile, scope, today) -> dict:
    return {
        "id": file.pk, "name": file.name, "gender": file.gender, "birth_date": file.birth_date,
        "id_number": file.id_number_masked, "org": _ref(file.org, scope), "unit": file.unit,
        "applied_on": file.applied_on, "state": file.state, "state_label": file.get_state_display(),
        "stage": file.stage, "stage_label": f"{Stage(file.stage).label}（{STAGE_SHORT[file.stage]}）",
        "last_step": file.last_code, "next_step": file.next_code or None,
        "next_step_label": STEP_BY_CODE[file.next_code].label if file.next_code else None,
        "due_on": file.due_on, "earliest_on": file.earliest_on,
        "overdue": bool(file.due_on and file.due_on < today), "member_id": file.member_id,
    }


def _step(record) -> dict:
    user = record.recorded_by
    return {"id": record.pk, "step": record.code, "step_label": record.step.label, "occurred_on": record.occurred_on,
            "facts": record.facts, "passed": record.passed, "breaches": record.breaches, "reason": record.reason,
            "note": record.note, "recorded_by": (user.display_name or user.get_username()) if user else "系统",
            "meeting_record": record.meeting_record}


def _detail(file: RecruitmentFile, scope) -> dict:
    records = list(file.steps.select_related("recorded_by").order_by("occurred_on", "id"))
    items = progress.deadlines(records, services.effective_limits(file.org), file.member) if file.next_code else []
    return {**_item(file, scope, timezone.localdate()), "stop_reason": file.stop_reason,
            "steps": [_step(r) for r in records],
            "deadlines": [{"label": d.label, "date": d.due_on, "kind": d.kind, "rule": str(d.rule)} for d in items]}


def _files(user):
    return RecruitmentFile.objects.visible_to(user).select_related("org")


def _require_view(user):
    if not scope_of(user).allows(Action.RECRUITMENT_VIEW):
        raise PermissionDenied("您的职务不含“查看发展党员档案”的权限")


def _org(user, pk: int, action: str = Action.RECRUITMENT_VIEW) -> PartyOrg:
    return get_visible_or_404(PartyOrg.objects.visible_to(user, action), pk=pk)


@router.get("/recruitment/files/", response={200: FilePage, **error_responses(403, 404)},
            url_name="recruitment_files", summary="发展党员档案列表")
def list_files(request, filters: Query[FileFilter]):
    user = request.auth
    _require_view(user)
    qs = _files(user)
    if filters.org is not None:
        qs = qs.filter(org__path__startswith=_org(user, filters.org).path)
    if filters.stage:
        qs = qs.filter(stage=filters.stage)
    if filters.state:
        qs = qs.filter(state=filters.state)
    qs = qs.order_by("due_on", "applied_on", "pk")
    scope, today = scope_of(user), timezone.localdate()
    end = filters.offset + filters.limit
    return {"count": qs.count(), "items": [_item(f, scope, today) for f in qs[filters.offset:end]]}


@router.post("/recruitment/files/", response={201: FileDetail, **error_responses(404)},
             url_name="recruitment_file_create",
             summary="登记入党申请（步骤 01，建立发展党员档案）")
def create_file(request, payload: FileIn):
    user = request.auth
    org = _org(user, payload.org)
    file = services.open_file(org=org, name=payload.name, id_number=payload.id_number, applied_on=payload.applied_on,
                              unit=payload.unit, acting_user=user)
    return 201, _detail(file, scope_of(user))


@router.get("/recruitment/files/{int:id}", response=FileDetail, url_name="recruitment_file",
            summary="发展党员档案详情（步骤、下一步骤与期限）")
def get_file(request, id: int = FileId):
    file = get_visible_or_404(_files(request.auth).select_related("member"), pk=id)
    return _detail(file, scope_of(request.auth))


@router.post("/recruitment/files/{int:id}/steps", response={201: StepItem}, url_name="recruitment_step_create",
             summary="登记一个步骤；违反规定时 422 并给出依据")
def create_step(request, payload: StepIn, id: int = FileId):
    user = request.auth
    file = get_visible_or_404(_files(user), pk=id)
    # The step's facts are the body's other keys. ninja's Schema drops extra keys while
    # validating, so they are read from the body itself (already parsed as JSON by then).
    body = json.loads(request.body or b"{}")
    facts = {k: v for k, v in body.items() if k not in StepIn.model_fields} if isinstance(body, dict) else {}
    if payload.note:
        facts["note"] = payload.note
    record = services.record_step(file, payload.step, facts, user, payload.reason, occurred_on=payload.date,
                                  meeting=payload.meeting_record, new_meeting_place=payload.new_meeting_place)
    return 201, _step(record)


@router.get("/recruitment/due", response={200: FilePage, **error_responses(404)}, url_name="recruitment_due",
            summary="期限提醒：已逾期和即将到期的在办档案")
def due(request, query: Query[DueQuery]):
    user = request.auth
    org = _org(user, query.org)
    today = timezone.localdate()
    qs = selectors.due_files(user, org, today, within_days=query.within_days)
    scope = scope_of(user)
    return {"count": qs.count(), "items": [_item(f, scope, today) for f in qs[:500]]}


def _plan_numbers(numbers: dict | None) -> dict | None:
    return {k: numbers.get(k) for k in services.PLAN_FIELDS} if numbers else None


def _plan_row(summary: dict, org: PartyOrg, scope) -> dict:
    return {"org": _ref(org, scope), "own_plan": _plan_numbers(summary["own"]),
            "subtree_plans": _plan_numbers(summary["below"]), "planned": _plan_numbers(summary["planned"]),
            "actual": summary["actual"]}


def _plan_out(user, org: PartyOrg, year: int) -> dict:
    summary, scope = selectors.plan_vs_actual(user, org, year), scope_of(user)
    return {**_plan_row(summary, org, scope), "year": year, "basis": (summary["own"] or {}).get("basis", ""),
            "rows": [_plan_row(row, row["org"], scope) for row in summary["rows"]]}


@router.get("/recruitment/plan", response={200: PlanOut, **error_responses(404)}, url_name="recruitment_plan",
            summary="年度发展计划与完成情况（本组织及下一级组织）")
def plan(request, query: Query[PlanQuery]):
    user = request.auth
    org = _org(user, query.org)
    return _plan_out(user, org, query.year or timezone.localdate().year)



@router.put("/recruitment/plan", response={200: PlanOut, **error_responses(404)}, url_name="recruitment_plan_set",
            summary="制定或修改年度发展计划（本组织办理发展党员工作的人员，或上级党委）")
def set_plan(request, payload: PlanIn):
    user = request.auth
    org = _org(user, payload.org)
    services.set_plan(org, payload.year, acting_user=user, **payload.model_dump(exclude={"org", "year"}))
    return _plan_out(user, org, payload.year)


@router.put("/recruitment/rules", response={200: RuleSettingOut, **error_responses(404)},
            url_name="recruitment_rule_set",
            summary="上级党委为本辖区从严设定一项发展党员时限（再次设定即修改）；放宽的 422 并写明依据")
def set_rule(request, payload: RuleSettingIn):
    user = request.auth
    org = _org(user, payload.org)
    row = services.set_rule_setting(org, payload.rule_code, payload.value, reason=payload.reason, acting_user=user)
    rule = ADJUSTABLE[row.rule_code]
    return {"org": _ref(org, scope_of(user)), "rule_code": row.rule_code, "rule": rule.text, "value": row.value,
            "unit": Unit(rule.unit).label, "national": rule.value, "reason": row.reason}
