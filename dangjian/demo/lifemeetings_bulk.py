"""The 组织生活会 of the demo's other branches, written in bulk: the same story as the branches that
go through the services (demo/lifemeetings.py) — the preparation, the meeting linked to orglife's
record, 批评与自我批评, the problems on the 整改台账, the 情况报告 — with the same rule functions
deciding the figures (the participants of the day by orglife's `expected_attendees`, the rules in
force by `rules_in_force` over the local rules read once, the due day by `report_due`) and the
problems put on the ledger as the rectification service puts them there (its check_items judges
every item; see _rectify). Only the rows are written directly, with one audit entry for the
ledger step: a service call per member and step would take a county's 1,500 members past many
minutes (and a city's 22,000 past hours).

Last year's items are closed as the level above closes them (申请销号 → 同意销号 events), about
one in twenty left in progress: the same share as the service path."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from django.db import connection
from django.utils import timezone

from dangjian.core import audit
from dangjian.core.bulk import insert_rows
from dangjian.core.errors import RuleViolation
from dangjian.members.models import Member, Standing
from dangjian.members.selectors import memberships_on, roster_as_of
from dangjian.orglife.models import Attendance, Meeting
from dangjian.orgs.models import PartyOrg, Position
from dangjian.supervision.models import (
    Criticism,
    ItemEvent,
    LifeMeeting,
    LifeMeetingRule,
    Opinion,
    Problem,
    RectificationBatch,
    RectificationItem,
    ReviewMaterial,
    StudySession,
    TalkPair,
)
from dangjian.supervision.rules import lifemeeting as R
from dangjian.supervision.rules import rectification as RS
from dangjian.supervision.rules.rectification import EventKind, ItemState
from dangjian.supervision.selectors.lifemeeting import LEADING_POSTS_ON_OWN_BRANCH
from dangjian.supervision.services.rectification import check_items


@dataclass
class Plan:
    org: PartyOrg
    year: int
    record: Meeting | None
    topic: str
    people: list = field(default_factory=list)


class _Known:
    """What the rules read for every branch, read once: the organizations by path (the level above
    sends the 列席指导) and the local rules (selectors.lifemeeting.local_rows, for all at once)."""

    def __init__(self):
        self.orgs = {o.path: o for o in PartyOrg.objects.all()}
        self.rules = [R.LocalRow(r.org.path, r.org.name, r.kind, r.report_days, r.observer_required, r.effective_from,
                                 r.document) for r in LifeMeetingRule.objects.select_related("org")]

    def local_rows(self, org: PartyOrg) -> list[R.LocalRow]:
        return [r for r in self.rules if org.path.startswith(r.path)]


def _life(plan: Plan, today: datetime.date, rng: random.Random, late_share: float, known: _Known) -> LifeMeeting:
    record = plan.record
    planned = record.held_on if record else max(today, datetime.date(plan.year, 12, 10))
    life = LifeMeeting(org=plan.org, kind=R.Kind.LIFE_MEETING, year=plan.year, topic=plan.topic, planned_on=planned,
                       created_at=timezone.now())
    if record is None:
        return life
    first = max(record.held_on - datetime.timedelta(days=20), datetime.date(plan.year, 1, 1))
    rules = R.rules_in_force(R.Kind.LIFE_MEETING, plan.org.path, record.held_on, known.local_rows(plan.org))
    life.opinion_summary, life.summarized_on = "会前共征求意见 2 条，已反馈给每名参会党员。", first
    life.meeting, life.held_on, life.stage = record, record.held_on, R.Stage.HELD
    life.observer_required, life.report_days, life.report_source = (rules.observer_required, rules.report_days,
                                                                     rules.report_source[:400])
    if rules.observer_required:
        life.observer_name = "组织科负责同志"
        life.observer_org = known.orgs.get(plan.org.path[:-PartyOrg.steplen])
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
    # roster_as_of decides; the periods in these branches that day only narrow what it looks at
    # (without them each day's roster tested every member of the city: 50 ms a day, 600 days).
    candidates = memberships_on(day).filter(org_id__in=ids).values("member_id")
    for member in (roster_as_of(Member.objects.exclude(standing=Standing.SUSPENDED).filter(pk__in=candidates), day)
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
    known = _Known()
    lives = LifeMeeting.objects.bulk_create([_life(p, today, rng, late_share, known) for p in plans])
    present_at: dict[int, set[int]] = {}
    for meeting_id, member_id in Attendance.objects.filter(
            meeting__in=[p.record.pk for p in plans if p.record is not None], present=True).values_list(
            "meeting_id", "member_id"):
        present_at.setdefault(meeting_id, set()).add(member_id)
    studies, opinions, talks, materials, criticisms, dual = [], [], [], [], [], []
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
        present = present_at.get(plan.record.pk, set())
        criticisms += [Criticism(life=life, subject_id=pk, kind=kind, content=text) for pk in sorted(present)
                       for kind, text in ((R.CriticismKind.SELF, "查摆了理论学习、联系群众、作用发挥方面的不足。"),
                                          (R.CriticismKind.RESPONSE, "诚恳接受批评意见，认真整改。"))]
        dual += [(life.pk, m.pk) for m in leaders[(plan.org.pk, life.held_on)] if m.pk in present]
    StudySession.objects.bulk_create(studies)
    Opinion.objects.bulk_create(opinions)
    TalkPair.objects.bulk_create(talks)
    insert_rows(LifeMeeting.dual_life.through, ("lifemeeting_id", "member_id"), dual)
    materials = ReviewMaterial.objects.bulk_create(materials)
    Criticism.objects.bulk_create(criticisms)
    rows = Problem.objects.bulk_create([Problem(material=m, sequence=1, problem=p, measures=q)
                                        for m in materials for p, q in [rng.choice(problems)]])
    counts.reported += sum(1 for life in lives if life.reported_on)
    counts.late += sum(1 for life in lives if life.reported_on and life.reported_on > life.report_due)
    _rectify(lives, rows, today, rng, closed_share, counts)


ITEM_COLUMNS = ("batch_id", "org_id", "number", "problem", "measures", "leader_name", "leader_id", "unit", "owner_name",
                "owner_id", "deadline", "state", "progress", "requested_on", "closed_on", "escalated_on", "origin",
                "created_at")
EVENT_COLUMNS = ("item_id", "kind", "occurred_on", "text", "progress", "actor_id", "actor_name", "created_at")


def _rectify(lives, problems, today, rng, closed_share, counts) -> None:
    """Each held meeting's problems on the 整改台账 as create_rectification_batch puts them there —
    the items judged by its check_items, the batch's 情况报告 due by report_due, the issuer by the
    source's rule (组织生活会: the branch itself), the owners' accounts matched by name as
    accounts_by_name matches them — then last year's items closed as the level above would close
    them, each item written once in its final state with its timeline. A service call per meeting
    (an audit step each, with a lock, a hash and change marks up to the root) took the city's 2,000
    meetings three minutes; the step is one entry of the log here, as the seed's bulk phases are."""
    by_life: dict[int, list[Problem]] = {}
    for problem in problems:
        by_life.setdefault(problem.material.life_id, []).append(problem)
    held = [life for life in lives if life.held_on is not None and life.pk in by_life]
    if not held:
        return
    accounts = _Accounts([p.material.member.name for life in held for p in by_life[life.pk]])
    batches, checked = [], []
    for life in held:
        if RS.SOURCES[life.kind].issuer != RS.Issuer.SELF:
            raise RuleViolation("组织生活会查摆的问题由支部自己列入台账", rule=RS.R_ISSUER, field="issuer")
        deadline = life.held_on + datetime.timedelta(days=R.DEFAULT_RECTIFICATION_DAYS)
        result = check_items([{"problem": p.problem, "measures": p.measures, "owner_name": p.material.member.name,
                               "unit": life.org.name[:60], "deadline": deadline,
                               "origin": f"supervision.lifemeeting.problem:{p.pk}"} for p in by_life[life.pk]],
                             life.held_on)
        if result.problems:
            raise RuleViolation(result.problems[0].message, rule=result.problems[0].rule, field=result.problems[0].field)
        checked.append(result.items)
        batches.append(RectificationBatch(org=life.org, source=life.kind, issuer=life.org, issued_on=life.held_on,
                                          title=f"{life.year}年度组织生活会查摆问题整改",
                                          report_due=RS.report_due(life.kind, life.held_on),
                                          origin=f"supervision.lifemeeting:{life.pk}"))
    RectificationBatch.objects.bulk_create(batches, batch_size=2000)
    now = timezone.now()
    items, fates = [], []
    for life, batch, clean in zip(held, batches, checked, strict=True):
        for number, c in enumerate(clean, 1):
            counts.items += 1
            done_on = min(c.deadline, today) - datetime.timedelta(days=rng.randint(0, 20))
            fate = None
            if c.deadline <= today and done_on > life.held_on:
                fate = "closed" if rng.random() < closed_share else "progress"
                counts.closed += fate == "closed"
            closed = fate == "closed"
            state = ItemState.CLOSED if closed else ItemState.IN_PROGRESS if fate else ItemState.OPEN
            items.append((batch.pk, life.org_id, number, c.problem, c.measures, c.leader_name,
                          accounts.of(c.leader_name, life.org, life.held_on) if c.leader_name else None, c.unit,
                          c.owner_name, accounts.of(c.owner_name, life.org, life.held_on), c.deadline, state,
                          100 if closed else 60 if fate else 0, done_on if closed else None,
                          done_on if closed else None, None, c.origin, now))
            fates.append((batch, fate, done_on))
    insert_rows(RectificationItem, ITEM_COLUMNS, items)
    ids = dict(RectificationItem.objects.filter(batch__in=batches).values_list("origin", "id"))
    events = []
    for row, (batch, fate, done_on) in zip(items, fates, strict=True):
        item = ids[row[ITEM_COLUMNS.index("origin")]]
        events.append((item, EventKind.CREATED, batch.issued_on, f"{batch.get_source_display()}：{batch.title}", None,
                       None, "系统", now))
        if fate == "closed":
            events += [(item, EventKind.REQUESTED, done_on, "已按整改措施完成", 100, None, "系统", now),
                       (item, EventKind.APPROVED, done_on, "经审核，同意销号", None, None, "系统", now)]
        elif fate:
            events.append((item, EventKind.PROGRESS, done_on, "正在落实，部分措施尚需时间", 60, None, "系统", now))
    insert_rows(ItemEvent, EVENT_COLUMNS, events)
    _link(Problem, [(int(origin.rsplit(":", 1)[1]), item) for origin, item in ids.items()])
    root = min((life.org.path for life in held), key=len)[:PartyOrg.steplen]
    audit.record("rectification.import", actor_name="seed_demo", org_path=root,
                 changes={"source": RS.Source.LIFE_MEETING, "batches": len(batches), "items": len(items),
                          "closed": sum(f == "closed" for _, f, _ in fates)})


def _link(model, pairs: list[tuple[int, int]]) -> None:
    """rectification_item_id of each (problem id, item id), in statements of a few thousand."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(pairs), 5000):
            chunk = pairs[start:start + 5000]
            # the table name is the model's own; the values are parameters
            # VALUES' columns are column1, column2 on both PostgreSQL and SQLite
            cursor.execute(f"UPDATE {table} SET rectification_item_id = v.column2 FROM (VALUES "  # noqa: S608
                           + ", ".join(["(%s, %s)"] * len(chunk)) + ") AS v WHERE id = v.column1",
                           [value for pair in chunk for value in pair])


class _Accounts:
    """accounts_by_name (services.rectification) for every meeting at once: a name matches the
    account of the one member (active, with an account) or position holder of that name in the
    organization's subtree — read once for all the names instead of twice a meeting."""

    def __init__(self, names: list[str]):
        wanted = set(names)
        self.members: dict[str, list[tuple[int, str]]] = {}
        for name, user, path in Member.objects.active().filter(user__isnull=False).values_list("name", "user_id",
                                                                                              "org__path"):
            if name in wanted:
                self.members.setdefault(name, []).append((user, path))
        self.positions: dict[str, list[tuple]] = {}
        for name, *rest in Position.objects.filter(user__isnull=False).values_list(
                "person_name", "user_id", "org__path", "started_on", "ended_on"):
            if name in wanted:
                self.positions.setdefault(name, []).append(rest)

    def of(self, name: str, org: PartyOrg, day: datetime.date) -> int | None:
        users = {user for user, path in self.members.get(name, ()) if path.startswith(org.path)}
        users |= {user for user, path, start, end in self.positions.get(name, ())
                  if path.startswith(org.path) and start <= day and (end is None or end >= day)}
        return next(iter(users)) if len(users) == 1 else None
