"""The 组织生活会 / 民主生活会 held, and afterwards: holding it (only when the preparation is done),
linked to the organizational-life record of its kind — recorded here through orglife's own
service with its attendance, or an existing record — with the higher committee's 列席指导 where
the rule in force asks for it and the leaders attending as ordinary members (双重组织生活, checked
against their membership); 批评与自我批评 per participant; the problems put on the 整改台账
through the rectification service; the 情况报告 sent up, its due day fixed when the meeting was held.

Same shape as the preparation services: transaction, lock, orglife.manage, rules, audit."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

from django.db import transaction
from django.utils import timezone

from dangjian.core import audit
from dangjian.core.errors import RuleViolation
from dangjian.core.roles import Action, Post
from dangjian.members.models import Member
from dangjian.members.selectors import roster_as_of
from dangjian.members.services import require
from dangjian.orglife.models import Attendance, Meeting
from dangjian.orglife.services import AttendanceLine, record_meeting
from dangjian.orgs.models import PartyOrg, Position
from dangjian.supervision.models.lifemeeting import Criticism, LifeMeeting, Problem
from dangjian.supervision.rules import lifemeeting as R
from dangjian.supervision.selectors.lifemeeting import readiness, rules_for
from dangjian.supervision.services.lifemeeting_common import (
    begin,
    lock,
    member_label,
    not_future,
    parse_date,
    parse_id,
    past_date,
    text,
)
from dangjian.supervision.services.rectification import create_rectification_batch, create_rectification_item

MAX_CRITICISMS = 30


def _ready(life: LifeMeeting, today: datetime.date) -> None:
    for check in readiness(life, today):
        if not check.done:
            raise RuleViolation(f"会前准备尚未完成：{check.label}（{check.detail}）", rule=check.rule, field=check.code,
                                code="not_ready")


def _linked(life: LifeMeeting, meeting_id) -> Meeting:
    pk = parse_id(meeting_id, "meeting", "会议记录")
    meeting = Meeting.objects.filter(pk=pk, org=life.org).select_related("org").first()
    if meeting is None:
        raise RuleViolation(f"编号为 {pk} 的会议记录不是{life.org.name}的记录", rule=R.R_ORDER, field="meeting")
    if meeting.kind != life.kind or meeting.held_on.year != life.year:
        raise RuleViolation(f"所选记录是{meeting.held_on:%Y年%m月%d日}的{meeting.get_kind_display()}，不是{life.year}年度的"
                            f"{life.get_kind_display()}", rule=R.R_ORDER, field="meeting")
    if LifeMeeting.objects.filter(meeting=meeting).exclude(pk=life.pk).exists():
        raise RuleViolation("该会议记录已属于另一次组织生活会", rule=R.R_ORDER, field="meeting", code="duplicate")
    return meeting


def _before_meeting(life: LifeMeeting, held_on: datetime.date) -> None:
    """学习、谈心谈话、听取意见 are 会前: none may be dated after the meeting."""
    late = [("学习研讨", R.R_STUDY, life.studies.filter(held_on__gt=held_on).exists()),
            ("谈心谈话", R.R_TALKS, life.talks.filter(held_on__gt=held_on).exists()),
            ("征求意见", R.R_OPINIONS, life.opinions.filter(collected_on__gt=held_on).exists())]
    for label, rule, found in late:
        if found:
            raise RuleViolation(f"{label}的日期晚于会议日期（{held_on:%Y-%m-%d}）：会前准备须在会议之前完成", rule=rule,
                                field="held_on")


def _observer(life: LifeMeeting, in_force: R.InForce, name: str, org_id) -> tuple[str, PartyOrg | None]:
    name = text(name, "observer_name", "列席指导人员", required=False, limit=60)
    org = None
    if org_id not in (None, ""):
        pk = parse_id(org_id, "observer_org", "列席指导单位")
        org = PartyOrg.objects.filter(pk=pk).first()
        if org is None or not life.org.path.startswith(org.path) or org.path == life.org.path:
            raise RuleViolation("列席指导单位须是本组织的上级党组织", rule=in_force.observer_rule, field="observer_org")
    if in_force.observer_required and not (name and org):
        raise RuleViolation(f"{life.get_kind_display()}须有上级党组织派人列席指导，请登记列席指导人员及其单位",
                            rule=in_force.observer_rule, field="observer_name")
    if bool(name) != bool(org):
        raise RuleViolation("请同时登记列席指导人员和所在的上级党组织", rule=in_force.observer_rule, field="observer_name")
    return name, org


def _dual_life(life: LifeMeeting, meeting: Meeting, ids: Iterable, acting_user) -> list[Member]:
    """Leaders declared as attending as ordinary members: each a member of this branch on the
    day (their membership, not their post, decides) and present at the meeting."""
    chosen: list[Member] = []
    if life.kind != R.Kind.LIFE_MEETING:
        return chosen
    present = set(meeting.attendance.filter(present=True).values_list("member_id", flat=True))
    for raw in ids:
        pk = parse_id(raw, "dual_life", "领导干部")
        member = roster_as_of(Member.objects.filter(pk=pk), meeting.held_on).filter(org_on_day_id=life.org.pk).first()
        if member is None:
            raise RuleViolation(f"{member_label(pk, acting_user)}的组织关系不在{life.org.name}，不能以普通党员身份参加本支部"
                                "组织生活会", rule=R.R_DUAL_LIFE, field="dual_life", code="not_member")
        if pk not in present:
            raise RuleViolation(f"{member.name}未出席会议，不能登记为以普通党员身份参会", rule=R.R_DUAL_LIFE,
                                field="dual_life")
        chosen.append(member)
    return chosen


@transaction.atomic
def hold(life: LifeMeeting, *, meeting=None, held_on=None, place: str = "", host=None, recorder=None,
         minutes: str = "", attendance: list[AttendanceLine] | None = None, observer_name: str = "",
         observer_org=None, dual_life: Iterable = (), acting_user=None,
         today: datetime.date | None = None) -> LifeMeeting:
    """Hold the meeting: link the orglife record `meeting` (an id), or record one now with its
    attendance through orglife's service. Refused — nothing saved, not even the orglife record —
    while the preparation is not done, without the 列席指导 the rule asks for, or for a leader who
    is not a member of this branch."""
    life = begin(life, acting_user, R.Stage.PREPARING, "召开会议")
    today = today or timezone.localdate()
    linked = _linked(life, meeting) if meeting not in (None, "") else None
    day = linked.held_on if linked is not None else parse_date(held_on, "held_on")
    not_future(day, today, "held_on")
    if day.year != life.year:
        raise RuleViolation(f"会议日期须在 {life.year} 年内", rule=R.R_YEARLY, field="held_on")
    life.held_on = day   # the roster of the day the meeting is held counts from now on
    _before_meeting(life, day)
    _ready(life, today)
    in_force = rules_for(life.org, life.kind, day)
    life.observer_name, life.observer_org = _observer(life, in_force, observer_name, observer_org)
    record = linked or record_meeting(life.org, kind=life.kind, held_on=day, place=place, topic=life.topic, host=host,
                                      recorder=recorder, minutes=minutes, attendance=attendance,
                                      acting_user=acting_user, today=today)
    leaders = _dual_life(life, record, dual_life, acting_user)
    life.meeting, life.stage, life.observer_required = record, R.Stage.HELD, in_force.observer_required
    life.report_days, life.report_source = in_force.report_days, in_force.report_source[:400]
    life.report_due = R.report_due(record.held_on, in_force.report_days)
    life.save()
    life.dual_life.set(leaders)
    audit.record("lifemeeting.hold", target=life, actor=acting_user, changes={
        "meeting": record.pk, "held_on": record.held_on.isoformat(), "observer": life.observer_name,
        "dual_life": [m.name for m in leaders], "report_due": life.report_due.isoformat(),
        "report_rule": life.report_source})
    return life


# --- 批评与自我批评 -----------------------------------------------------------------------------


@transaction.atomic
def record_criticism(life: LifeMeeting, *, subject, self_criticism: str, criticisms: Iterable[Mapping] = (),
                     response: str = "", acting_user=None) -> list[Criticism]:
    """What the meeting recorded for one participant: their self-criticism, the criticism others
    made of them (each by someone present), and their 表态. Replaces what was recorded before."""
    life = begin(life, acting_user, R.Stage.HELD, "登记批评与自我批评")
    present = set(Attendance.objects.filter(meeting__life_process=life, present=True).values_list("member_id", flat=True))
    pk = parse_id(subject, "subject", "人员")
    if pk not in present:
        raise RuleViolation(f"{member_label(pk, acting_user)}未出席本次会议，不能登记其批评与自我批评",
                            rule=R.R_PARTICIPANT, field="subject", code="not_participant")
    person = Member.objects.get(pk=pk)
    rows = [Criticism(life=life, subject=person, kind=R.CriticismKind.SELF,
                      content=text(self_criticism, "self_criticism", "自我批评"))]
    given = [c for c in criticisms if str((c or {}).get("content") or "").strip() or (c or {}).get("critic")]
    if len(given) > MAX_CRITICISMS:
        raise RuleViolation(f"每人最多登记 {MAX_CRITICISMS} 条批评意见", field="criticisms", code="invalid")
    for index, entry in enumerate(given, start=1):
        if entry.get("critic") in (None, ""):
            raise RuleViolation(f"第 {index} 条批评意见：请选择提出人", rule=R.R_CRITICISM, field="criticisms")
        critic = parse_id(entry.get("critic"), "criticisms", "提出人")
        if critic not in present or critic == pk:
            raise RuleViolation(f"第 {index} 条批评意见：提出人须是出席会议的其他人员", rule=R.R_PARTICIPANT,
                                field="criticisms", code="not_participant")
        rows.append(Criticism(life=life, subject=person, kind=R.CriticismKind.MUTUAL, critic_id=critic,
                              content=text(entry.get("content"), "criticisms", f"第 {index} 条批评意见")))
    if str(response or "").strip():
        rows.append(Criticism(life=life, subject=person, kind=R.CriticismKind.RESPONSE,
                              content=text(response, "response", "表态")))
    Criticism.objects.filter(life=life, subject=person).delete()
    Criticism.objects.bulk_create(rows)
    audit.record("lifemeeting.criticism", target=life, actor=acting_user,
                 changes={"subject": person.name, "criticisms": len(rows) - 1 - bool(str(response or "").strip())})
    return rows


# --- the problems on the 整改台账 ------------------------------------------------------------


def _leader_name(life: LifeMeeting) -> str:
    position = (Position.objects.active_on(life.held_on or life.planned_on).filter(org=life.org, post=Post.SECRETARY)
                .first())
    return position.person_name if position else ""


def open_problems(life: LifeMeeting):
    """The problems of the approved materials not yet on the 整改台账."""
    return (Problem.objects.filter(material__life=life, material__state=R.MaterialState.APPROVED,
                                   rectification_item__isnull=True)
            .select_related("material__member").order_by("material__member__name", "material_id", "sequence"))


@transaction.atomic
def rectify(life: LifeMeeting, *, deadlines: Mapping | None = None, acting_user=None,
            today: datetime.date | None = None):
    """Put every open problem on the 整改台账: one batch for the meeting (source 组织生活会 / 民主生活会,
    issued by the organization itself), one item per problem with its measures, the person whose
    material found it as 责任人 (the secretary for the leadership's), the secretary as 责任领导,
    and its deadline — the problem's own, one given here by problem id, or the default. Calling
    again adds only what is new (the rectification service is idempotent by origin)."""
    life = lock(life)
    require(acting_user, Action.ORGLIFE_MANAGE, life.org.path)
    if not R.reached(life.stage, R.Stage.HELD) or life.held_on is None:
        raise RuleViolation("会议召开后才能把查摆的问题列入整改台账", rule=R.R_ORDER, field="stage", code="wrong_stage")
    today = today or timezone.localdate()
    deadlines = {str(k): v for k, v in (deadlines or {}).items()}
    problems = list(open_problems(life))
    if not problems:
        raise RuleViolation("没有尚未列入整改台账的问题", rule=R.R_PROBLEMS, field="problems", code="nothing_to_do")
    default = life.held_on + datetime.timedelta(days=R.DEFAULT_RECTIFICATION_DAYS)
    leader = _leader_name(life)
    batch = create_rectification_batch(
        life.org, source=life.kind, issued_on=life.held_on, title=f"{life.year}年度{life.get_kind_display()}查摆问题整改",
        origin=f"supervision.lifemeeting:{life.pk}", acting_user=acting_user, today=today)
    items = []
    for index, problem in enumerate(problems):
        owner = problem.material.member.name if problem.material.member_id else leader or life.org.name
        raw = deadlines.get(str(problem.pk)) or problem.deadline or default
        try:
            item = create_rectification_item(
                batch, problem=problem.problem, measures=problem.measures, owner_name=owner, leader_name=leader,
                unit=life.org.name[:60], deadline=raw, origin=f"supervision.lifemeeting.problem:{problem.pk}",
                acting_user=acting_user, today=today)
        except RuleViolation as refusal:
            refusal.message = f"{problem.material.owner_label}的第 {problem.sequence} 个问题：{refusal.message}"
            refusal.index = index
            raise
        problem.rectification_item = item
        problem.save(update_fields=["rectification_item"])
        items.append(item)
    audit.record("lifemeeting.rectify", target=life, actor=acting_user,
                 changes={"batch": batch.pk, "items": [i.pk for i in items]})
    return batch, items


# --- the 情况报告 ----------------------------------------------------------------------------


@transaction.atomic
def send_report(life: LifeMeeting, *, reported_on, report_text: str = "", acting_user=None,
                today: datetime.date | None = None) -> LifeMeeting:
    """Send the 情况报告 up. Refused before every participant present has a self-criticism on
    record and every problem is on the 整改台账; sent after its due day it is kept as 逾期报送."""
    life = begin(life, acting_user, R.Stage.HELD, "报送情况报告")
    today = today or timezone.localdate()
    reported_on = past_date(reported_on, today, "reported_on")
    if reported_on < life.held_on:
        raise RuleViolation("报送日期不能早于会议日期", rule=R.R_REPORT, field="reported_on")
    present = list(Attendance.objects.filter(meeting__life_process=life, present=True).select_related("member")
                   .order_by("member__name"))
    done = set(Criticism.objects.filter(life=life, kind=R.CriticismKind.SELF).values_list("subject_id", flat=True))
    missing = [a.member.name for a in present if a.member_id not in done]
    if missing:
        raise RuleViolation(f"尚未登记自我批评：{'、'.join(missing[:8])}{'等' if len(missing) > 8 else ''}",
                            rule=R.R_CRITICISM, field="criticisms", code="not_ready")
    if open_problems(life).exists():
        raise RuleViolation("查摆的问题尚未全部列入整改台账", rule=R.R_PROBLEMS, field="problems", code="not_ready")
    life.report_text = text(report_text, "report_text", "情况报告正文", required=False, limit=R.TEXT_MAX * 2)
    life.reported_on, life.reported_by, life.stage = reported_on, acting_user, R.Stage.REPORTED
    life.save(update_fields=["report_text", "reported_on", "reported_by", "stage"])
    status = life.report_status(today)
    audit.record("lifemeeting.report", target=life, actor=acting_user, changes={
        "reported_on": reported_on.isoformat(), "due": life.report_due.isoformat() if life.report_due else None,
        "status": R.REPORT_STATUS_LABELS[status]})
    return life
