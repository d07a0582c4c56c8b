"""The 组织生活会 of the demo's other branches, written in bulk: the same story as the branches that
go through the services (demo/lifemeetings.py) — the preparation, the meeting linked to orglife's
record, 批评与自我批评, the problems on the 整改台账, the 情况报告 — with the same rule functions
deciding the figures (the participants of the day by orglife's `expected_attendees`, the rules in
force by `rules_for`, the due day by `report_due`) and the problems put on the ledger through the
rectification service, one batch call per meeting. Only the rows are written directly: a service
call per member and step would take a county's 1,500 members past many minutes (and a city's
22,000 past hours).

Last year's items are closed as the level above closes them (申请销号 → 同意销号 events), about
one in twenty left in progress: the same share as the service path."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from django.utils import timezone

from dangjian.members.models import Member, Standing
from dangjian.members.selectors import roster_as_of
from dangjian.orglife.models import Attendance, Meeting
from dangjian.orgs.models import PartyOrg, Position
from dangjian.supervision.models import (
    Criticism,
    ItemEvent,
    LifeMeeting,
    Opinion,
    Problem,
    RectificationItem,
    ReviewMaterial,
    StudySession,
    TalkPair,
)
from dangjian.supervision.rules import lifemeeting as R
from dangjian.supervision.rules.rectification import EventKind, ItemState
from dangjian.supervision.selectors.lifemeeting import LEADING_POSTS_ON_OWN_BRANCH, rules_for
from dangjian.supervision.services.rectification import create_rectification_batch


@dataclass
class Plan:
    org: PartyOrg
    year: int
    record: Meeting | None
    topic: str
    people: list = field(default_factory=list)


def _life(plan: Plan, today: datetime.date, rng: random.Random, late_share: float) -> LifeMeeting:
    record = plan.record
    planned = record.held_on if record else max(today, datetime.date(plan.year, 12, 10))
    life = LifeMeeting(org=plan.org, kind=R.Kind.LIFE_MEETING, year=plan.year, topic=plan.topic, planned_on=planned,
                       created_at=timezone.now())
    if record is None:
        return life
    first = max(record.held_on - datetime.timedelta(days=20), datetime.date(plan.year, 1, 1))
    rules = rules_for(plan.org, R.Kind.LIFE_MEETING, record.held_on)
    life.opinion_summary, life.summarized_on = "会前共征求意见 2 条，已反馈给每名参会党员。", first
    life.meeting, life.held_on, life.stage = record, record.held_on, R.Stage.HELD
    life.observer_required, life.report_days, life.report_source = (rules.observer_required, rules.report_days,
                                                                     rules.report_source[:400])
    if rules.observer_required:
        life.observer_name = "组织科负责同志"
        life.observer_org = PartyOrg.objects.filter(path=plan.org.path[:-PartyOrg.steplen]).first()
    life.report_due = R.report_due(record.held_on, rules.report_days)
    late = rng.random() < late_share
    reported_on = (life.report_due + datetime.timedelta(days=rng.randint(1, 5)) if late else
                   record.held_on + datetime.timedelta(days=rng.randint(2, rules.report_days)))
    if reported_on <= today:
        life.reported_on, life.stage = reported_on, R.Stage.REPORTED
    return life


def pairs(people: list) -> list[tuple]:
    """Talk pairs covering everyone: in twos, the odd one out with the first (the secretary's list
    starts the roster); a branch of one has none (its talk is orglife's 谈心谈话 record)."""
    result = list(zip(people[0::2], people[1::2], strict=False))
    if len(people) % 2 and len(people) > 1:
        result.append((people[0], people[-1]))
    return result


def _day_of(plan: Plan, today: datetime.date) -> datetime.date:
    return plan.record.held_on if plan.record else min(today, datetime.date(plan.year, 12, 10))


def _by_day(plans: list[Plan], today: datetime.date) -> dict[datetime.date, list[Plan]]:
    groups: dict[datetime.date, list[Plan]] = {}
    for plan in plans:
        groups.setdefault(_day_of(plan, today), []).append(plan)
    return groups


def _rosters(day: datetime.date, orgs: list[PartyOrg]) -> tuple[dict[int, list[Member]], dict[int, list[Member]]]:
    """For a day, in two queries: each branch's participants (its members that day, 停止党籍 excepted:
    orglife's `expected_attendees` one organization at a time) and its leaders of 双重组织生活
    (`branch_leaders`: members holding a post elsewhere, or the principal's)."""
    ids = [o.pk for o in orgs]
    people: dict[int, list[Member]] = {}
    for member in (roster_as_of(Member.objects.exclude(standing=Standing.SUSPENDED), day)
                   .filter(org_on_day_id__in=ids).order_by("id")):
        people.setdefault(member.org_on_day_id, []).append(member)
    by_id = {m.pk: (org_id, m) for org_id, members in people.items() for m in members}
    leaders: dict[int, list[Member]] = {}
    for member_id, org_id, post in (Position.objects.active_on(day).filter(member_id__in=list(by_id))
                                    .values_list("member_id", "org_id", "post")):
        own, member = by_id[member_id]
        if (org_id != own or post in LEADING_POSTS_ON_OWN_BRANCH) and member not in leaders.get(own, []):
            leaders.setdefault(own, []).append(member)
    return people, leaders


def write_bulk(plans: list[Plan], today: datetime.date, rng: random.Random, *, problems, causes: str,
               late_share: float, closed_share: float, counts) -> None:
    leaders: dict[tuple[int, datetime.date], list[Member]] = {}
    for day, group in _by_day(plans, today).items():
        people, leaders_on = _rosters(day, [p.org for p in group])
        for plan in group:
            plan.people = people.get(plan.org.pk, [])
            leaders[(plan.org.pk, day)] = leaders_on.get(plan.org.pk, [])
    plans = [p for p in plans if p.people]
    lives = LifeMeeting.objects.bulk_create([_life(p, today, rng, late_share) for p in plans])
    studies, opinions, talks, materials, criticisms = [], [], [], [], []
    for plan, life in zip(plans, lives, strict=True):
        counts.processes += 1
        first = max(_day_of(plan, today) - datetime.timedelta(days=20),
                    datetime.date(plan.year, 1, 1))
        studies.append(StudySession(life=life, held_on=first, form=R.StudyForm.COLLECTIVE, topic="学习党章党规",
                                    participants=len(plan.people)))
        opinions += [Opinion(life=life, collected_on=first, channel=R.Channel.FORUM, source=R.Source.STAFF,
                             content="希望支部多组织青年教师参加的活动"),
                     Opinion(life=life, collected_on=first, channel=R.Channel.FORM, source=R.Source.PARENTS,
                             content="党员教师家访可以更多一些")]
        if plan.record is None:
            counts.preparing += 1
            continue
        counts.held += 1
        talks += [TalkPair(life=life, talker=a, talkee=b, planned_on=first, held_on=first + datetime.timedelta(days=3),
                           summary="交流思想，互相提醒") for a, b in pairs(plan.people)]
        materials += [ReviewMaterial(life=life, member=person, causes=causes, state=R.MaterialState.APPROVED,
                                     submitted_on=first, reviewed_on=first) for person in plan.people]
        present = set(Attendance.objects.filter(meeting=plan.record, present=True).values_list("member_id", flat=True))
        criticisms += [Criticism(life=life, subject_id=pk, kind=kind, content=text) for pk in sorted(present)
                       for kind, text in ((R.CriticismKind.SELF, "查摆了理论学习、联系群众、作用发挥方面的不足。"),
                                          (R.CriticismKind.RESPONSE, "诚恳接受批评意见，认真整改。"))]
        attending = [m for m in leaders[(plan.org.pk, life.held_on)] if m.pk in present]
        if attending:
            life.dual_life.set(attending)
    StudySession.objects.bulk_create(studies)
    Opinion.objects.bulk_create(opinions)
    TalkPair.objects.bulk_create(talks)
    materials = ReviewMaterial.objects.bulk_create(materials)
    Criticism.objects.bulk_create(criticisms)
    rows = Problem.objects.bulk_create([Problem(material=m, sequence=1, problem=p, measures=q)
                                        for m in materials for p, q in [rng.choice(problems)]])
    counts.reported += sum(1 for life in lives if life.reported_on)
    counts.late += sum(1 for life in lives if life.reported_on and life.reported_on > life.report_due)
    _rectify(lives, rows, today, rng, closed_share, counts)


def _rectify(lives, problems, today, rng, closed_share, counts) -> None:
    """Each held meeting's problems on the 整改台账 through the service (one batch call), then last
    year's items closed as the level above would close them."""
    by_life: dict[int, list[Problem]] = {}
    for problem in problems:
        by_life.setdefault(problem.material.life_id, []).append(problem)
    linked, events, closed, progressing = [], [], [], []
    for life in lives:
        if life.held_on is None or life.pk not in by_life:
            continue
        deadline = life.held_on + datetime.timedelta(days=R.DEFAULT_RECTIFICATION_DAYS)
        batch = create_rectification_batch(life.org, source=life.kind, issued_on=life.held_on, today=life.held_on,
                                           title=f"{life.year}年度组织生活会查摆问题整改",
                                           origin=f"supervision.lifemeeting:{life.pk}", items=[
            {"problem": p.problem, "measures": p.measures, "owner_name": p.material.member.name, "unit": life.org.name[:60],
             "deadline": deadline, "origin": f"supervision.lifemeeting.problem:{p.pk}"} for p in by_life[life.pk]])
        items = {i.origin: i for i in batch.items.all()}
        for p in by_life[life.pk]:
            item = items[f"supervision.lifemeeting.problem:{p.pk}"]
            p.rectification_item = item
            linked.append(p)
            counts.items += 1
            done_on = min(deadline, today) - datetime.timedelta(days=rng.randint(0, 20))
            if deadline > today or done_on <= life.held_on:
                continue
            if rng.random() < closed_share:
                item.state, item.progress, item.requested_on, item.closed_on = ItemState.CLOSED, 100, done_on, done_on
                events += [ItemEvent(item=item, kind=EventKind.REQUESTED, occurred_on=done_on, progress=100,
                                     text="已按整改措施完成", actor_name="系统"),
                           ItemEvent(item=item, kind=EventKind.APPROVED, occurred_on=done_on, text="经审核，同意销号",
                                     actor_name="系统")]
                closed.append(item)
                counts.closed += 1
            else:
                item.state, item.progress = ItemState.IN_PROGRESS, 60
                events.append(ItemEvent(item=item, kind=EventKind.PROGRESS, occurred_on=done_on, progress=60,
                                        text="正在落实，部分措施尚需时间", actor_name="系统"))
                progressing.append(item)
    Problem.objects.bulk_update(linked, ["rectification_item"], batch_size=1000)
    ItemEvent.objects.bulk_create(events, batch_size=1000)
    RectificationItem.objects.bulk_update(closed, ["state", "progress", "requested_on", "closed_on"], batch_size=1000)
    RectificationItem.objects.bulk_update(progressing, ["state", "progress"], batch_size=1000)
