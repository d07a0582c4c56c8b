"""The 组织生活会 / 民主生活会 before the meeting: a higher committee's stricter local rule, opening the
process, and its preparation — 学习研讨, 征求意见 and their summary, 谈心谈话 planned and held.
The materials are in lifemeeting_materials.py; the meeting and afterwards in lifemeeting_meeting.py.

Each function runs in a transaction, locks the process, checks the actor's orglife.manage on the
organization (None acts as the system: the demo, commands), checks the rules of
dangjian.supervision.rules.lifemeeting and writes the audit entry. Pages, the API and the demo
all call these."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from dangjian.core import audit
from dangjian.core.errors import RuleViolation
from dangjian.core.roles import Action
from dangjian.members.services import require
from dangjian.orgs.models import PartyOrg
from dangjian.supervision.models.lifemeeting import LifeMeeting, LifeMeetingRule, Opinion, StudySession, TalkPair
from dangjian.supervision.rules import lifemeeting as R
from dangjian.supervision.selectors.lifemeeting import participant_ids
from dangjian.supervision.services.lifemeeting_common import (
    begin,
    choice,
    optional_date,
    parse_date,
    participant,
    past_date,
    text,
)

# --- the local rule --------------------------------------------------------------------------


@transaction.atomic
def set_local_rule(org: PartyOrg, *, kind: str, report_days=None, observer_required: bool = False, effective_from,
                   document: str, acting_user=None, today: datetime.date | None = None) -> LifeMeetingRule:
    """A higher committee's stricter rule for its subtree from a date. Refused when looser than the
    default, without its local document, or dated in the past (a report already due must not move)."""
    require(acting_user, Action.ORGLIFE_MANAGE, org.path)
    today = today or timezone.localdate()
    effective_from = parse_date(effective_from, "effective_from")
    days = None if report_days in (None, "") else report_days
    if days is not None:
        try:
            days = int(str(days))
        except ValueError:
            raise RuleViolation("报送天数须为整数", rule=R.R_LOCAL, field="report_days") from None
    R.check_local(kind, days, bool(observer_required), document)
    if org.kind in R.ORG_KINDS[kind]:
        raise RuleViolation(f"{org.name}自己召开{R.Kind(kind).label}，不能为自己规定报送期限：本地规定由上级党组织制定",
                            rule=R.R_LOCAL, field="org")
    if effective_from < today:
        raise RuleViolation("生效日期不能早于今天：已召开的会议按当时的规定报送", rule=R.R_LOCAL, field="effective_from")
    try:
        with transaction.atomic():
            row = LifeMeetingRule.objects.create(org=org, kind=kind, report_days=days,
                                                 observer_required=bool(observer_required),
                                                 effective_from=effective_from, document=document.strip(),
                                                 created_by=acting_user)
    except IntegrityError:
        raise RuleViolation("该组织同一会议类型在同一生效日期已有规定", rule=R.R_LOCAL, field="effective_from",
                            code="duplicate") from None
    audit.record("lifemeeting.rule", target=row, actor=acting_user, changes={
        "kind": kind, "report_days": days, "observer_required": bool(observer_required),
        "effective_from": effective_from.isoformat(), "document": row.document})
    return row


# --- opening the process ---------------------------------------------------------------------


@transaction.atomic
def open_process(org: PartyOrg, *, kind: str, topic: str, planned_on, acting_user=None,
                 today: datetime.date | None = None) -> LifeMeeting:
    """Start preparing a 组织生活会 (a branch) or 民主生活会 (a school 党委 / 党总支)."""
    require(acting_user, Action.ORGLIFE_MANAGE, org.path)
    today = today or timezone.localdate()
    kind = choice(kind, R.Kind, "kind", "会议类型")
    if org.kind not in R.ORG_KINDS[kind] or not org.is_active:
        raise RuleViolation(f"{org.name}（{org.get_kind_display()}）不召开{R.Kind(kind).label}", rule=R.R_ORG, field="kind")
    planned_on = parse_date(planned_on, "planned_on")
    if not today.year - 1 <= planned_on.year <= today.year + 1:
        raise RuleViolation(f"计划召开日期须在 {today.year - 1} 至 {today.year + 1} 年之间", rule=R.R_YEARLY,
                            field="planned_on")
    life = LifeMeeting.objects.create(org=org, kind=kind, year=planned_on.year, planned_on=planned_on,
                                      topic=text(topic, "topic", "会议主题", limit=200), created_by=acting_user)
    if not participant_ids(life):
        raise RuleViolation(f"{planned_on:%Y年%m月%d日}{org.name}没有应参会人员", rule=R.R_PARTICIPANT, field="planned_on")
    audit.record("lifemeeting.open", target=life, actor=acting_user,
                 changes={"kind": kind, "topic": life.topic, "planned_on": planned_on.isoformat()})
    return life


# --- 学习研讨 ----------------------------------------------------------------------------------


@transaction.atomic
def record_study(life: LifeMeeting, *, held_on, form: str, topic: str, note: str = "", participants=0,
                 acting_user=None, today: datetime.date | None = None) -> StudySession:
    life = begin(life, acting_user, R.Stage.PREPARING, "登记学习研讨")
    today = today or timezone.localdate()
    held_on = past_date(held_on, today, "held_on")
    try:
        count = int(str(participants or 0))
    except ValueError:
        raise RuleViolation("参加人数须为整数", field="participants", code="invalid") from None
    if not 0 <= count <= 10_000:
        raise RuleViolation("参加人数超出范围", field="participants", code="invalid")
    study = StudySession.objects.create(life=life, held_on=held_on, form=choice(form, R.StudyForm, "form", "学习形式"),
                                        topic=text(topic, "topic", "学习内容", limit=200),
                                        note=text(note, "note", "研讨情况", required=False), participants=count)
    audit.record("lifemeeting.study", target=life, actor=acting_user,
                 changes={"held_on": held_on.isoformat(), "form": study.form, "topic": study.topic})
    return study


# --- 征求意见 ----------------------------------------------------------------------------------


@transaction.atomic
def record_opinion(life: LifeMeeting, *, collected_on, channel: str, source: str, content: str, addressed_to=None,
                   acting_user=None, today: datetime.date | None = None) -> Opinion:
    """One opinion collected, about the leadership or one participant. Once summarized, a new
    opinion reopens the summary (it must be written again to include it)."""
    life = begin(life, acting_user, R.Stage.PREPARING, "登记征求到的意见")
    today = today or timezone.localdate()
    collected_on = past_date(collected_on, today, "collected_on")
    target = None
    if addressed_to not in (None, ""):
        target = participant(life, addressed_to, participant_ids(life), acting_user, "addressed_to", "意见")
    opinion = Opinion.objects.create(life=life, collected_on=collected_on,
                                     channel=choice(channel, R.Channel, "channel", "征求方式"),
                                     source=choice(source, R.Source, "source", "意见来源"), addressed_to=target,
                                     content=text(content, "content", "意见内容"))
    if life.opinion_summary:
        life.opinion_summary, life.summarized_on = "", None
        life.save(update_fields=["opinion_summary", "summarized_on"])
    audit.record("lifemeeting.opinion", target=life, actor=acting_user, changes={
        "collected_on": collected_on.isoformat(), "channel": opinion.channel, "source": opinion.source,
        "addressed_to": target.name if target else "班子"})
    return opinion


@transaction.atomic
def summarize_opinions(life: LifeMeeting, *, summary: str, acting_user=None,
                       today: datetime.date | None = None) -> LifeMeeting:
    """The summary of the opinions collected (征求意见汇总), fed back to the participants."""
    life = begin(life, acting_user, R.Stage.PREPARING, "汇总征求意见")
    if not life.opinions.exists():
        raise RuleViolation("尚未登记征求到的意见，无从汇总", rule=R.R_OPINIONS, field="summary")
    life.opinion_summary = text(summary, "summary", "征求意见汇总", limit=R.TEXT_MAX * 2)
    life.summarized_on = today or timezone.localdate()
    life.save(update_fields=["opinion_summary", "summarized_on"])
    audit.record("lifemeeting.summary", target=life, actor=acting_user,
                 changes={"opinions": life.opinions.count(), "summarized_on": life.summarized_on.isoformat()})
    return life


# --- 谈心谈话 ----------------------------------------------------------------------------------


@transaction.atomic
def plan_talk(life: LifeMeeting, *, talker, talkee, planned_on=None, acting_user=None) -> TalkPair:
    """A pair to talk before the meeting: both must take part in it, and be two people."""
    life = begin(life, acting_user, R.Stage.PREPARING, "安排谈心谈话")
    people = participant_ids(life)
    first = participant(life, talker, people, acting_user, "talker", "谈心谈话")
    second = participant(life, talkee, people, acting_user, "talkee", "谈心谈话")
    if first.pk == second.pk:
        raise RuleViolation("谈话人和谈话对象不能是同一人", rule=R.R_TALKS, field="talkee")
    day = optional_date(planned_on, "planned_on")
    if TalkPair.objects.filter(life=life, talker__in=[first, second], talkee__in=[first, second]).exists():
        raise RuleViolation(f"{first.name}与{second.name}的谈心谈话已经安排", rule=R.R_TALKS, field="talkee",
                            code="duplicate")
    pair = TalkPair.objects.create(life=life, talker=first, talkee=second, planned_on=day)
    audit.record("lifemeeting.talk_plan", target=life, actor=acting_user,
                 changes={"talker": first.name, "talkee": second.name, "planned_on": day.isoformat() if day else None})
    return pair


@transaction.atomic
def record_talk(pair: TalkPair, *, held_on, summary: str, acting_user=None,
                today: datetime.date | None = None) -> TalkPair:
    """A planned talk held: its date and gist. From then on it counts for both people in orglife's
    yearly check 每名党员谈心谈话."""
    life = begin(pair.life, acting_user, R.Stage.PREPARING, "登记谈心谈话")
    pair = TalkPair.objects.select_for_update(of=("self",)).select_related("talker", "talkee").get(pk=pair.pk)
    today = today or timezone.localdate()
    held_on = past_date(held_on, today, "held_on")
    if held_on.year != life.year:
        raise RuleViolation(f"会前谈心谈话须在 {life.year} 年内", rule=R.R_TALKS, field="held_on")
    before = pair.held_on
    pair.held_on, pair.summary = held_on, text(summary, "summary", "谈话要点")
    pair.save(update_fields=["held_on", "summary"])
    audit.record("lifemeeting.talk", target=life, actor=acting_user, changes={
        "talker": pair.talker.name, "talkee": pair.talkee.name,
        "held_on": [before.isoformat() if before else None, held_on.isoformat()]})
    return pair
