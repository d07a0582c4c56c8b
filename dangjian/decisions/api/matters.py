"""API of 议事决策: matters (list, create, detail, transitions) and decision meetings (record one,
record its votes). Thin endpoints over the selectors and services with the shared error shape:
a refused transition or vote is 422 naming its rule; out of scope the same 404 as missing; a
right missing 403 (a principal who is not on the committee may propose and execute, not vote).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from ninja import Field, File, Path, Query, Router, Schema
from ninja.files import UploadedFile

from dangjian.core.api import error_responses
from dangjian.core.errors import RuleViolation
from dangjian.core.roles import Action
from dangjian.core.scoping import get_visible_or_404, scope_of
from dangjian.decisions import rules as R
from dangjian.decisions import services
from dangjian.decisions.models import DecisionMeeting, Matter
from dangjian.decisions.schemas import (
    MatterDetail,
    MatterFilter,
    MatterIn,
    MatterPage,
    MeetingIn,
    MeetingOut,
    TransitionIn,
    VotesIn,
)
from dangjian.decisions.services import record_meeting, record_votes
from dangjian.orgs.models import PartyOrg
from dangjian.orgs.schemas import MAX_ID

router = Router(tags=["议事决策"])
MatterId = Path(..., ge=1, le=MAX_ID, description="议题编号")
MeetingId = Path(..., ge=1, le=MAX_ID, description="会议编号")


def _ref(org: PartyOrg, scope) -> dict:
    return {"id": org.pk if scope.allows(Action.ORG_VIEW, org.path) else None, "name": org.name}


def _item(m: Matter, scope, today) -> dict:
    return {"id": m.pk, "org": _ref(m.org, scope), "title": m.title, "category": m.category,
            "category_label": m.get_category_display(), "amount": None if m.amount is None else f"{m.amount:.2f}",
            "is_major": m.is_major, "needs_report_back": m.needs_report_back, "proposer": m.proposer_name,
            "state": m.state, "state_label": m.get_state_display(), "raised_on": m.raised_on,
            "decided_on": m.decided_on, "owner": m.owner_name, "unit": m.unit, "deadline": m.deadline,
            "progress": m.progress, "overdue": m.overdue_on(today)}


def _detail(m: Matter, user) -> dict:
    items = m.agenda_items.select_related("meeting").order_by("meeting__held_on")
    return {**_item(m, scope_of(user), timezone.localdate()), "background": m.background,
            "events": [{"source": e.source, "target": e.target, "target_label": e.get_target_display(),
                        "occurred_on": e.occurred_on, "facts": e.facts} for e in m.events.order_by("occurred_on", "id")],
            "decisions": [{"meeting": i.meeting_id, "held_on": i.meeting.held_on, "verdict": i.verdict,
                           "votes_for": i.votes_for, "votes_against": i.votes_against, "votes_abstain": i.votes_abstain,
                           "eligible": i.eligible, "quorate": i.quorate, "resolution": i.resolution} for i in items],
            "tasks": [{"title": t.title, "owner": t.owner_name, "unit": t.unit, "deadline": t.deadline,
                       "progress": t.progress} for t in m.tasks.all()],
            "reports": [{"task": r.task.title if r.task_id else None, "reported_on": r.reported_on, "progress": r.progress,
                         "text": r.text, "evidence": r.evidence} for r in m.reports.select_related("task")],
            "next": [t.target for t in services.allowed_transitions(m, user)]}


def _meeting(meeting: DecisionMeeting, user) -> dict:
    items = meeting.items.select_related("matter").prefetch_related("recusals__position")
    return {"id": meeting.pk, "org": _ref(meeting.org, scope_of(user)), "held_on": meeting.held_on,
            "host_name": meeting.host_name, "body_size": meeting.body_size, "present_count": meeting.present_count,
            "quorate": meeting.quorate,
            "attendance": [{"position": a.position_id, "name": a.person_name, "role": a.role, "voting": a.voting,
                            "present": a.present, "absence_reason": a.absence_reason} for a in meeting.attendance.all()],
            "items": [{"order": i.order, "matter": i.matter_id, "title": i.matter.title, "verdict": i.verdict,
                       "votes_for": i.votes_for, "votes_against": i.votes_against, "votes_abstain": i.votes_abstain,
                       "eligible": i.eligible, "quorate": i.quorate, "resolution": i.resolution,
                       "recused": [r.position.person_name for r in i.recusals.all()]} for i in items]}


def _require_view(user):
    if not scope_of(user).allows(Action.DECISIONS_VIEW):
        raise PermissionDenied("您的职务不含“查看议事决策”的权限")


def _org(user, pk: int, action: str = Action.DECISIONS_VIEW) -> PartyOrg:
    return get_visible_or_404(PartyOrg.objects.visible_to(user, action), pk=pk)


def _matters(user):
    return Matter.objects.visible_to(user).select_related("org")


@router.get("/matters/", response={200: MatterPage, **error_responses(403, 404)},
            url_name="decision_matters", summary="议题列表")
def list_matters(request, filters: Query[MatterFilter]):
    user = request.auth
    _require_view(user)
    qs = _matters(user)
    if filters.org is not None:
        qs = qs.filter(org__path__startswith=_org(user, filters.org).path)
    if filters.state:
        qs = qs.filter(state=filters.state)
    if filters.category:
        qs = qs.filter(category=filters.category)
    if filters.major is not None:
        qs = qs.filter(is_major=filters.major)
    if filters.q:
        qs = qs.filter(title__icontains=filters.q)
    qs = qs.order_by("-raised_on", "-id")
    scope, today = scope_of(user), timezone.localdate()
    end = filters.offset + filters.limit
    return {"count": qs.count(), "items": [_item(m, scope, today) for m in qs[filters.offset:end]]}


@router.post("/matters/", response={201: MatterDetail, **error_responses(404)},
             url_name="decision_matter_create", summary="提出议题（草拟）")
def create_matter(request, payload: MatterIn):
    user = request.auth
    org = _org(user, payload.org, Action.DECISIONS_PROPOSE)
    matter = services.create_matter(org, title=payload.title, category=payload.category, amount=payload.amount,
                                    background=payload.background, raised_on=payload.raised_on,
                                    persons=payload.persons, acting_user=user)
    return 201, _detail(matter, user)


@router.get("/matters/{int:id}", response=MatterDetail, url_name="decision_matter", summary="议题详情（经过、表决、执行）")
def get_matter(request, id: int = MatterId):
    return _detail(get_visible_or_404(_matters(request.auth), pk=id), request.auth)


@router.post("/matters/{int:id}/transitions", response=MatterDetail, url_name="decision_matter_transition",
             summary="办理下一环节；不符合规定时 422 并给出依据")
def transition(request, payload: TransitionIn, id: int = MatterId):
    user = request.auth
    matter = get_visible_or_404(_matters(user), pk=id)
    facts = payload.dict(exclude={"to", "occurred_on"})
    services.transition(matter, payload.to, occurred_on=payload.occurred_on, facts=facts, acting_user=user)
    matter.refresh_from_db()
    return _detail(matter, user)


@router.post("/decision-meetings/", response={201: MeetingOut, **error_responses(404)},
             url_name="decision_meeting_create",
             summary="登记党组织会议：到会、列席、议程")
def create_meeting(request, payload: MeetingIn):
    user = request.auth
    org = _org(user, payload.org)
    if not scope_of(user).allows(Action.DECISIONS_CONVENE, org.path):
        raise PermissionDenied("您的职务不含“确定议程、登记党组织会议与表决”的权限")
    found = {m.pk: m for m in _matters(user).filter(org=org, pk__in=payload.matters)}
    missing = [pk for pk in payload.matters if pk not in found]
    if missing:
        raise RuleViolation(f"议题 {missing[0]} 不存在或不属于本组织", rule=R.R_AGENDA, field="matters")
    meeting = record_meeting(org, held_on=payload.held_on, host_name=payload.host_name, place=payload.place,
                             recorder_name=payload.recorder_name, present=payload.present, absent=payload.absent,
                             observers=[o.dict() for o in payload.observers],
                             matters=[found[pk] for pk in payload.matters], notes=payload.notes, acting_user=user)
    return 201, _meeting(meeting, user)


@router.put("/decision-meetings/{int:id}/votes", response=MeetingOut, url_name="decision_meeting_votes",
            summary="登记表决：票数、记名表决、回避和结果；票数不支持的结果 422")
def put_votes(request, payload: VotesIn, id: int = MeetingId):
    user = request.auth
    meeting = get_visible_or_404(DecisionMeeting.objects.visible_to(user).select_related("org"), pk=id)
    if not scope_of(user).allows(Action.DECISIONS_CONVENE, meeting.org.path):
        raise PermissionDenied("您的职务不含“确定议程、登记党组织会议与表决”的权限；校长未任党组织委员的，列席会议，不参加表决")
    items = [{"matter": v.matter, "verdict": v.verdict, "for": v.votes_for, "against": v.against,
              "abstain": v.abstain, "roll": [r.dict() for r in v.roll], "recused": [r.dict() for r in v.recused],
              "resolution": v.resolution} for v in payload.items]
    record_votes(meeting, items, acting_user=user)
    meeting.refresh_from_db()
    return _meeting(meeting, user)


class MatterAttachmentOut(Schema):
    id: int
    matter: int
    file_kind: str = Field(description="文件类型（按内容识别）")
    name: str
    size: int = Field(description="字节数")
    sha256: str


@router.post("/matters/{int:id}/attachments", response={201: MatterAttachmentOut}, url_name="decision_attachment_add",
             summary="上传议题材料（multipart：file）；须为 PDF、图片、Word 或 Excel 文档，经内容检查，不合格的不保存")
def add_attachment(request, file: File[UploadedFile], id: int = MatterId):
    matter = get_visible_or_404(_matters(request.auth), pk=id)
    item = services.add_attachment(matter, file, acting_user=request.auth)
    return 201, {"id": item.pk, "matter": matter.pk, "file_kind": item.file_kind, "name": item.name, "size": item.size,
                 "sha256": item.sha256}
