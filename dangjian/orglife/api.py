"""API of organizational life: the records of an organization, one record with its attendance,
compliance for an organization and a period (with its subtree's table on request), and the
members' side — participation with the 自行脱党 risk, and the yearly checks of each person.

Scope: organizations through `PartyOrg.objects.visible_to(user, "orglife.view")` and records
through `Meeting.objects.visible_to(user)`, so out of scope (or without the right) is the same
404 as missing. A bad period is a 422 in the shared error shape with the rule."""

from __future__ import annotations

import datetime

from django.utils import timezone
from ninja import Field, File, Form, Path, Query, Router, Schema
from ninja.files import UploadedFile

from dangjian.core.api import error_responses
from dangjian.core.errors import RuleViolation
from dangjian.core.roles import Action
from dangjian.core.scoping import get_visible_or_404
from dangjian.orglife import compliance as C
from dangjian.orglife import rules as R
from dangjian.orglife.models import AttachmentKind, Meeting
from dangjian.orgs.models import PartyOrg

router = Router(tags=["组织生活"])


class OrgRef(Schema):
    id: int
    name: str


class MeetingOut(Schema):
    id: int
    org: OrgRef
    group: OrgRef | None
    kind: str
    kind_label: str
    held_on: datetime.date
    topic: str
    place: str
    expected: int
    present: int
    voting_expected: int
    voting_present: int
    quorate: bool | None
    makeup: bool


class MeetingList(Schema):
    count: int
    items: list[MeetingOut]


class AttendanceOut(Schema):
    member_id: int
    name: str
    present: bool
    absence_reason: str
    absence_reason_label: str
    can_vote: bool


class MeetingDetail(MeetingOut):
    host: str
    recorder: str
    lecturer: str
    agenda: str
    minutes: str
    resolutions: str
    attendance: list[AttendanceOut]
    amendments: int


class MeetingQuery(Schema):
    org: int = Field(..., ge=1, le=2**62)
    year: int | None = Field(None, ge=2000, le=2100)
    kind: R.Kind | None = None
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0, le=10**7)


class ActivityOut(Schema):
    activity: str
    activity_label: str
    required: int
    held: int
    status: str
    status_label: str
    rule: str
    requirement: str


class OrgRow(Schema):
    org_id: int
    name: str
    rate: float | None
    colour: str
    required: int
    held: int
    missing: int


class ComplianceOut(Schema):
    org: OrgRef
    period: str
    period_label: str
    rate: float | None
    colour: str
    activities: list[ActivityOut]
    subtree: list[OrgRow] | None


class ComplianceQuery(Schema):
    org: int = Field(..., ge=1, le=2**62)
    period: str = Field(..., max_length=10)
    subtree: bool = False


def _ref(org) -> dict | None:
    return None if org is None else {"id": org.pk, "name": org.name}


def _meeting(m: Meeting) -> dict:
    return {"id": m.pk, "org": _ref(m.org), "group": _ref(m.group), "kind": m.kind, "kind_label": m.get_kind_display(),
            "held_on": m.held_on, "topic": m.topic, "place": m.place, "expected": m.expected_count,
            "present": m.present_count, "voting_expected": m.voting_expected, "voting_present": m.voting_present,
            "quorate": m.quorate, "makeup": m.makeup_for is not None}


@router.get("/meetings/", response={200: MeetingList, **error_responses(404)}, url_name="orglife_meetings",
            summary="组织生活记录（含下级组织），按年度和活动类型筛选")
def meetings(request, query: Query[MeetingQuery]):
    org = get_visible_or_404(PartyOrg.objects.visible_to(request.auth, Action.ORGLIFE_VIEW), pk=query.org)
    rows = Meeting.objects.visible_to(request.auth).filter(org__path__startswith=org.path).select_related("org", "group")
    if query.year:
        rows = rows.filter(held_on__year=query.year)
    if query.kind:
        rows = rows.filter(kind=query.kind)
    rows = rows.order_by("-held_on", "-id")
    return {"count": rows.count(), "items": [_meeting(m) for m in rows[query.offset:query.offset + query.limit]]}


@router.get("/meetings/{int:id}", response=MeetingDetail, url_name="orglife_meeting",
            summary="一条组织生活记录及出席情况")
def meeting(request, id: int = Path(..., ge=1, le=2**62, description="编号")):
    m = get_visible_or_404(Meeting.objects.visible_to(request.auth).select_related(
        "org", "group", "host", "recorder", "lecturer"), pk=id)
    attendance = [{"member_id": a.member_id, "name": a.member.name, "present": a.present,
                   "absence_reason": a.absence_reason, "absence_reason_label": a.get_absence_reason_display(),
                   "can_vote": a.can_vote} for a in m.attendance.select_related("member").order_by("member__name")]
    return {**_meeting(m), "host": m.host.name if m.host else "", "recorder": m.recorder.name if m.recorder else "",
            "lecturer": m.lecturer_display, "agenda": m.agenda, "minutes": m.minutes, "resolutions": m.resolutions,
            "attendance": attendance, "amendments": m.amendments.count()}


def _activity(a: C.ActivityStatus) -> dict:
    return {"activity": a.kind, "activity_label": a.label, "required": a.required, "held": a.held, "status": a.status,
            "status_label": a.status_label, "rule": a.rule.rule.citation, "requirement": a.rule.describe()}


def _check(c: C.CheckStatus) -> dict:
    return {"activity": c.kind, "activity_label": c.label, "required": c.required, "held": c.held, "status": c.status,
            "status_label": c.status_label, "rule": c.rule.citation, "requirement": c.rule.text}


@router.get("/meetings/compliance", response={200: ComplianceOut, **error_responses(404)},
            url_name="orglife_compliance",
            summary="组织生活落实情况：period 为 2026、2026-Q3 或 2026-09；subtree=true 时附下级组织一览")
def compliance(request, query: Query[ComplianceQuery]):
    org = get_visible_or_404(PartyOrg.objects.visible_to(request.auth, Action.ORGLIFE_VIEW), pk=query.org)
    period = R.parse_period(query.period)
    rows = C.subtree_compliance(org, period, timezone.localdate())
    own = next((r for r in rows if r.org_id == org.pk), None)
    subtree = None
    if query.subtree:
        subtree = [{"org_id": r.org_id, "name": r.name, "rate": r.rate, "colour": r.colour, "required": r.required,
                    "held": r.held, "missing": r.missing} for r in rows if r.org_id != org.pk]
    return {"org": _ref(org), "period": period.code, "period_label": period.label,
            "rate": own.rate if own else None, "colour": own.colour if own else "na",
            "activities": ([_activity(a) for a in own.activities] + [_check(c) for c in own.checks]) if own else [],
            "subtree": subtree}


# --- writing -------------------------------------------------------------------------------

class AttendanceIn(Schema):
    member_id: int = Field(..., ge=1, le=2**62)
    present: bool = True
    absence_reason: str = Field("", max_length=16)
    note: str = Field("", max_length=200)


class MeetingIn(Schema):
    org: int = Field(..., ge=1, le=2**62)
    kind: R.Kind
    held_on: datetime.date
    starts_at: datetime.time | None = None
    ends_at: datetime.time | None = None
    place: str = Field(..., max_length=120)
    topic: str = Field(..., max_length=200)
    group: int | None = Field(None, ge=1, le=2**62)
    host: int | None = Field(None, ge=1, le=2**62)
    recorder: int | None = Field(None, ge=1, le=2**62)
    lecturer: int | None = Field(None, ge=1, le=2**62)
    lecturer_name: str = Field("", max_length=60)
    agenda: str = Field("", max_length=5000)
    minutes: str = Field("", max_length=50000)
    resolutions: str = Field("", max_length=5000)
    makeup_for: datetime.date | None = None
    attendance: list[AttendanceIn] | None = Field(None, max_length=2000)


class AttendanceUpdate(Schema):
    attendance: list[AttendanceIn] = Field(..., max_length=2000)
    reason: str = Field("", max_length=300)


def _lines(rows):
    from dangjian.orglife.services import AttendanceLine

    return None if rows is None else [AttendanceLine(r.member_id, r.present, r.absence_reason, r.note) for r in rows]


def _person(org: PartyOrg, pk: int | None, field: str):
    """Host, recorder or lecturer: a member of the meeting's organization, else refused (422)
    without saying who that id is."""
    from dangjian.members.models import Member

    if pk is None:
        return None
    person = Member.objects.filter(pk=pk, org=org).first()
    if person is None:
        raise RuleViolation(f"编号为 {pk} 的人员不是本组织的党员；系统外人员请填写姓名", rule=R.R_ATTENDEE, field=field)
    return person


@router.post("/meetings/", response={201: MeetingDetail, **error_responses(404)}, url_name="orglife_meeting_create",
             summary="登记一次组织生活（含出席情况；未列出的应到人员视为出席）")
def create_meeting(request, payload: MeetingIn):
    from dangjian.orglife.services import record_meeting

    org = get_visible_or_404(PartyOrg.objects.visible_to(request.auth, Action.ORGLIFE_VIEW), pk=payload.org)
    group = None
    if payload.group is not None:
        group = PartyOrg.objects.filter(pk=payload.group, path__startswith=org.path).first()
    facts = payload.dict(exclude={"org", "attendance", "group", "host", "recorder", "lecturer"})
    m = record_meeting(org, attendance=_lines(payload.attendance), acting_user=request.auth, group=group,
                       host=_person(org, payload.host, "host"), recorder=_person(org, payload.recorder, "recorder"),
                       lecturer=_person(org, payload.lecturer, "lecturer"), **facts)
    return 201, meeting(request, m.pk)


@router.put("/meetings/{int:id}/attendance", response=MeetingDetail, url_name="orglife_attendance",
            summary="修改出席情况（登记 15 天后为补正，须写明原因）")
def put_attendance(request, payload: AttendanceUpdate, id: int = Path(..., ge=1, le=2**62, description="编号")):
    from dangjian.orglife.services import update_meeting

    m = get_visible_or_404(Meeting.objects.visible_to(request.auth), pk=id)
    update_meeting(m, attendance=_lines(payload.attendance), reason=payload.reason, acting_user=request.auth)
    return meeting(request, id)


# --- members: participation, 自行脱党 risk and the person checks ------------------------------
# The page 党员参加组织生活情况 and the per-member lines of 落实情况, from the same readers
# (participation.participation, compliance.org_compliance): what a client needs to know who is
# at risk and who still lacks a 谈心谈话.

class ParticipationQuery(Schema):
    org: int = Field(..., ge=1, le=2**62, description="党组织编号（含下级）")
    year: int | None = Field(None, ge=2000, le=2100, description="年度，默认今年")
    at_risk: bool = Field(False, description="true 时只列连续 3 个月以上无故不参加的党员")
    limit: int = Field(100, ge=1, le=1000)
    offset: int = Field(0, ge=0, le=10**7)


class ParticipationOut(Schema):
    member_id: int
    name: str
    org_name: str
    expected: int = Field(description="应参加次数")
    present: int = Field(description="出席次数")
    excused: int = Field(description="有理由缺席次数（请假、病假、公差、其他）")
    unexcused: int = Field(description="无故缺席次数")
    rate: float | None = Field(description="出席率（%）；无应参加的活动为 null")
    run: int = Field(description="截至上月末连续无故不参加组织生活的月数")
    level: str = Field(description="ok 正常 / warning 满 3 个月，提醒批评教育（本系统提醒设置） / danger 满 6 个月，自行脱党风险（党章第九条）")
    level_label: str


class ParticipationList(Schema):
    org: OrgRef
    year: int
    rule: str = Field(description="自行脱党的规定（党章第九条）与满 3 个月的提醒（本系统设置），各附依据")
    at_risk: int = Field(description="连续 3 个月以上无故不参加的人数")
    count: int
    items: list[ParticipationOut]


def _participation(p) -> dict:
    return {"member_id": p.member_id, "name": p.name, "org_name": p.org_name, "expected": p.expected,
            "present": p.present, "excused": p.excused, "unexcused": p.unexcused, "rate": p.rate, "run": p.run,
            "level": p.level, "level_label": p.level_label}


@router.get("/meetings/participation", response={200: ParticipationList, **error_responses(404)},
            url_name="orglife_participation",
            summary="党员参加组织生活情况：出席率，连续无故不参加的月数与自行脱党风险（党章第九条）")
def participation(request, query: Query[ParticipationQuery]):
    from dangjian.orglife.models import Attendance
    from dangjian.orglife.participation import participation as participation_of

    org = get_visible_or_404(PartyOrg.objects.visible_to(request.auth, Action.ORGLIFE_VIEW), pk=query.org)
    today = timezone.localdate()
    year = query.year or today.year
    period = R.period_of(datetime.date(year, 1, 1), R.Frequency.YEARLY)
    attendance = Attendance.objects.visible_to(request.auth, Action.ORGLIFE_VIEW).filter(
        meeting__org__path__startswith=org.path)
    rows = participation_of(attendance, period.start, period.end, today)
    rows.sort(key=lambda p: (-p.run, p.rate if p.rate is not None else 101, p.name))  # as the page: most at risk first
    at_risk = [p for p in rows if p.level != "ok"]
    shown = at_risk if query.at_risk else rows
    return {"org": _ref(org), "year": year, "rule": R.LAPSE_RULES_TEXT, "at_risk": len(at_risk),
            "count": len(shown),
            "items": [_participation(p) for p in shown[query.offset:query.offset + query.limit]]}


class PersonCheckQuery(Schema):
    org: int = Field(..., ge=1, le=2**62, description="党组织编号")
    year: int | None = Field(None, ge=2000, le=2100, description="年度，默认今年")


class MemberRef(Schema):
    member_id: int
    name: str


class PersonCheckOut(Schema):
    check: str = Field(description="heart_talk_each 每名党员谈心谈话 / secretary_lecture 书记讲党课")
    check_label: str
    status: str = Field(description="done 已完成 / pending 未到期 / missing 缺失")
    status_label: str
    rule: str
    requirement: str
    expected: int = Field(description="应达到要求的人数")
    lacking: list[MemberRef] = Field(description="尚未达到要求的党员（未参加谈心谈话的党员；未讲党课的书记）")


class PersonChecksOut(Schema):
    org: OrgRef
    year: int
    checks: list[PersonCheckOut]


@router.get("/meetings/compliance/members", response={200: PersonChecksOut, **error_responses(404)},
            url_name="orglife_person_checks",
            summary="组织生活落实情况中逐人检查的项目：每名党员谈心谈话、书记讲党课，列出尚未达到要求的党员")
def person_checks(request, query: Query[PersonCheckQuery]):
    from dangjian.members.models import Member

    org = get_visible_or_404(PartyOrg.objects.visible_to(request.auth, Action.ORGLIFE_VIEW), pk=query.org)
    year = query.year or timezone.localdate().year
    period = R.period_of(datetime.date(year, 1, 1), R.Frequency.YEARLY)
    own = C.org_compliance(org, period, timezone.localdate())
    checks = own.checks if own else []
    # The lacking are the organization's own members (compliance's own query): their names only.
    ids = {i for c in checks for i in c.lacking}
    names = dict(Member.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}
    return {"org": _ref(org), "year": year, "checks": [
        {"check": c.kind, "check_label": c.label, "status": c.status, "status_label": c.status_label,
         "rule": c.rule.citation, "requirement": c.rule.text, "expected": c.expected,
         "lacking": [{"member_id": i, "name": names.get(i, "")} for i in c.lacking]}
        for c in checks]}


# --- correcting a record, the annual plan, reading notes ---------------------------------------
# The pages 编辑记录, 年度计划 (generate, edit an item) and 我的读书笔记, through the same services.

class MeetingChanges(Schema):
    """What PATCH /meetings/{id} may change: the fields of the page's form; only those given
    change (null clears an optional one). After the grace period the change is a 补正 and needs
    `reason` (422, rule orglife_locked)."""

    model_config = {"extra": "forbid"}

    kind: R.Kind | None = None
    held_on: datetime.date | None = None
    starts_at: datetime.time | None = None
    ends_at: datetime.time | None = None
    place: str | None = Field(None, max_length=120)
    topic: str | None = Field(None, max_length=200)
    group: int | None = Field(None, ge=1, le=2**62)
    host: int | None = Field(None, ge=1, le=2**62)
    recorder: int | None = Field(None, ge=1, le=2**62)
    lecturer: int | None = Field(None, ge=1, le=2**62)
    lecturer_name: str | None = Field(None, max_length=60)
    agenda: str | None = Field(None, max_length=5000)
    minutes: str | None = Field(None, max_length=50000)
    resolutions: str | None = Field(None, max_length=5000)
    makeup_for: datetime.date | None = None
    attendance: list[AttendanceIn] | None = Field(None, max_length=2000)
    reason: str = Field("", max_length=300, description="更正原因（登记 15 天后必填）")


_PEOPLE = ("host", "recorder", "lecturer")
_NOT_NULL_TEXTS = {"place", "topic", "lecturer_name", "agenda", "minutes", "resolutions"}


@router.patch("/meetings/{int:id}", response=MeetingDetail, url_name="orglife_meeting_update",
              summary="修改一条组织生活记录（登记 15 天后为补正，须写明原因，留存修改历史）")
def update(request, payload: MeetingChanges, id: int = Path(..., ge=1, le=2**62, description="编号")):
    from dangjian.orglife.services import update_meeting

    m = get_visible_or_404(Meeting.objects.visible_to(request.auth).select_related("org"), pk=id)
    given = payload.model_fields_set - {"attendance", "reason"}
    facts = {name: getattr(payload, name) for name in given - set(_PEOPLE) - {"group"}}
    for name in _NOT_NULL_TEXTS & set(facts):
        facts[name] = facts[name] or ""  # a text cleared with null is an empty text
    if facts.get("kind", "") is None or ("held_on" in facts and facts["held_on"] is None):
        raise RuleViolation("活动类型和会议日期不能清空", field="kind" if facts.get("kind", "") is None else "held_on")
    for name in set(_PEOPLE) & given:
        facts[name] = _person(m.org, getattr(payload, name), name)
    if "group" in given:
        facts["group"] = (None if payload.group is None else
                          PartyOrg.objects.filter(pk=payload.group, path__startswith=m.org.path).first())
    update_meeting(m, attendance=_lines(payload.attendance), reason=payload.reason, acting_user=request.auth, **facts)
    return meeting(request, id)


class PlanQuery(Schema):
    org: int = Field(..., ge=1, le=2**62, description="党组织编号")
    year: int | None = Field(None, ge=2000, le=2100, description="年度，默认今年")


class PlanIn(Schema):
    model_config = {"extra": "forbid"}

    org: int = Field(..., ge=1, le=2**62, description="党组织编号")
    year: int = Field(..., ge=2000, le=2100, description="年度")


class PlanItemOut(Schema):
    id: int
    kind: str
    kind_label: str
    period: str = Field(description="所属期间，如 2026年第3季度")
    sequence: int = Field(description="期内第几次")
    planned_on: datetime.date | None
    topic: str
    lecturer_name: str
    note: str
    rule: str = Field(description="依据")
    held: bool = Field(description="已开展（该期间已有足够的记录）")


class PlanOut(Schema):
    org: OrgRef
    year: int
    added: int | None = Field(None, description="本次新增的事项数（生成时）")
    items: list[PlanItemOut]


class PlanItemChanges(Schema):
    model_config = {"extra": "forbid"}

    planned_on: datetime.date | None = Field(None, description="计划日期；null 为未定")
    topic: str = Field("", max_length=200)
    lecturer_name: str = Field("", max_length=60)
    note: str = Field("", max_length=200)


def _plan(org: PartyOrg, year: int, added: int | None = None) -> dict:
    from dangjian.orglife.services import plan_with_progress

    items = [{"id": i.pk, "kind": i.kind, "kind_label": i.kind_label, "period": i.period_label, "sequence": i.sequence,
              "planned_on": i.planned_on, "topic": i.topic, "lecturer_name": i.lecturer_name, "note": i.note,
              "rule": i.rule_text, "held": i.held} for i in plan_with_progress(org, year)]
    return {"org": _ref(org), "year": year, "added": added, "items": items}


@router.get("/meetings/plan", response={200: PlanOut, **error_responses(404)}, url_name="orglife_plan",
            summary="年度组织生活计划及开展情况")
def plan(request, query: Query[PlanQuery]):
    org = get_visible_or_404(PartyOrg.objects.visible_to(request.auth, Action.ORGLIFE_VIEW), pk=query.org)
    return _plan(org, query.year or timezone.localdate().year)


@router.post("/meetings/plan", response={200: PlanOut, **error_responses(404)}, url_name="orglife_plan_generate",
             summary="按现行规定生成年度计划：只补充缺少的事项，已有的保持不变")
def generate_plan(request, payload: PlanIn):
    from dangjian.orglife.services import generate_plan as generate

    org = get_visible_or_404(PartyOrg.objects.visible_to(request.auth, Action.ORGLIFE_VIEW), pk=payload.org)
    added = generate(org, payload.year, acting_user=request.auth)
    return _plan(org, payload.year, added)


@router.patch("/meetings/plan/{int:id}", response=PlanItemOut, url_name="orglife_plan_item",
              summary="修改年度计划中的一项：计划日期、主题、授课人、备注")
def update_plan_item(request, payload: PlanItemChanges, id: int = Path(..., ge=1, le=2**62, description="事项编号")):
    from dangjian.orglife.models import PlanItem
    from dangjian.orglife.services import update_plan_item as update_item

    item = get_visible_or_404(PlanItem.objects.visible_to(request.auth).select_related("org"), pk=id)
    update_item(item, acting_user=request.auth, **payload.model_dump())
    return next(i for i in _plan(item.org, item.year)["items"] if i["id"] == item.pk)


class NoteIn(Schema):
    model_config = {"extra": "forbid"}

    title: str = Field(..., max_length=120, description="题目")
    book: str = Field(..., max_length=120, description="学习材料（书名、篇目）")
    content: str = Field(..., max_length=100000, description="笔记内容")
    written_on: datetime.date | None = Field(None, description="日期，默认今天")
    shared: bool = Field(False, description="发布到本组织的学习园地")


class NoteOut(Schema):
    id: int
    title: str
    book: str
    char_count: int = Field(description="字数")
    written_on: datetime.date
    shared: bool
    year_total: int = Field(description="本人本年度笔记字数合计")


@router.post("/study-notes/", response={201: NoteOut, **error_responses(404)}, url_name="orglife_note_create",
             summary="党员本人撰写读书笔记（没有本人党员档案的账号 404）")
def write_note(request, payload: NoteIn):
    from django.http import Http404

    from dangjian.members.models import Member
    from dangjian.orglife.services import write_note as write
    from dangjian.orglife.services import year_total

    member = Member.objects.filter(user=request.auth).select_related("org").first()
    if member is None:
        raise Http404  # no record of one's own: nobody to write for
    note = write(member, acting_user=request.auth, **payload.model_dump())
    total = year_total(member, note.written_on.year)
    return 201, {"id": note.pk, "title": note.title, "book": note.book, "char_count": note.char_count,
                 "written_on": note.written_on, "shared": note.shared, "year_total": total["chars"]}


# --- local rules (the rules page's two forms) -------------------------------------------------
class LocalRuleIn(Schema):
    model_config = {"extra": "forbid"}

    org: int = Field(..., ge=1, le=2**62, description="发布规定的党组织编号（规定适用于它及其下级）")
    effective_from: datetime.date = Field(..., description="生效日期，不早于今天")
    reason: str = Field(..., max_length=300, description="依据（文件名称、文号）")


class FrequencyRuleIn(LocalRuleIn):
    kind: R.Kind = Field(..., description="活动类型")
    frequency: R.Frequency = Field(..., description="频次单位")
    min_count: int = Field(1, ge=1, le=31, description="每期至少次数")


class LocalRuleOut(Schema):
    id: int
    org: OrgRef
    kind: str
    kind_label: str
    effective_from: datetime.date
    reason: str


class FrequencyRuleOut(LocalRuleOut):
    frequency: str
    frequency_label: str
    min_count: int


class QuorumRuleOut(LocalRuleOut):
    quorum: str
    quorum_label: str = Field(description="法定人数，如“应到会有表决权的党员超过半数”")


def _rule_org(user, pk: int) -> PartyOrg:
    # As the rules page: the organization among those whose organizational life one sees (else
    # 404); the service then asks for orglife.manage on it (403).
    return get_visible_or_404(PartyOrg.objects.visible_to(user, Action.ORGLIFE_VIEW), pk=pk)


def _local_rule(org: PartyOrg, row, **own) -> dict:
    """What both local settings answer (their organization, activity, date and document) and `own`."""
    return {"id": row.pk, "org": _ref(org), "kind": row.kind, "kind_label": row.get_kind_display(),
            "effective_from": row.effective_from, "reason": row.reason, **own}


@router.post("/meetings/rules", response={201: FrequencyRuleOut, **error_responses(404)}, url_name="orglife_rule_add",
             summary="发布本辖区更严格的组织生活频次（不得低于全国规定；生效日期不早于今天）")
def add_frequency_rule(request, payload: FrequencyRuleIn):
    from dangjian.orglife.services import set_override

    org = _rule_org(request.auth, payload.org)
    row = set_override(org, acting_user=request.auth, **payload.model_dump(exclude={"org"}))
    return 201, _local_rule(org, row, frequency=row.frequency, frequency_label=row.get_frequency_display(),
                            min_count=row.min_count)


@router.post("/meetings/rules/quorum", response={201: QuorumRuleOut, **error_responses(404)},
             url_name="orglife_quorum_rule_add",
             summary="规定本辖区支部党员大会须超过半数有表决权的党员到会（比全国规定更严格）")
def add_quorum_rule(request, payload: LocalRuleIn):
    from dangjian.orglife.services import set_quorum_setting

    org = _rule_org(request.auth, payload.org)
    row = set_quorum_setting(org, acting_user=request.auth, **payload.model_dump(exclude={"org"}))
    return 201, _local_rule(org, row, quorum=row.quorum, quorum_label=row.get_quorum_display())



# --- attachments (the record page's upload form) ---------------------------------------------------
class MeetingAttachmentOut(Schema):
    id: int
    meeting: int
    kind: str
    kind_label: str
    file_kind: str = Field(description="文件类型（按内容识别）")
    name: str
    size: int = Field(description="字节数")
    sha256: str


@router.post("/meetings/{int:id}/attachments", response={201: MeetingAttachmentOut},
             url_name="orglife_attachment_add",
             summary="上传会议照片或签到表扫描件（multipart：file、kind）；须为 PNG、JPEG 或 PDF，经内容检查，不合格的不保存")
def add_attachment(request, file: File[UploadedFile], kind: Form[AttachmentKind] = AttachmentKind.PHOTO,
                   id: int = Path(..., ge=1, le=2**62, description="编号")):
    from dangjian.orglife.services import add_attachment as attach

    meeting = get_visible_or_404(Meeting.objects.visible_to(request.auth).select_related("org"), pk=id)
    item = attach(meeting, file, kind=kind, acting_user=request.auth)
    return 201, {"id": item.pk, "meeting": meeting.pk, "kind": item.kind, "kind_label": item.get_kind_display(),
                 "file_kind": item.file_kind, "name": item.name, "size": item.size, "sha256": item.sha256}
