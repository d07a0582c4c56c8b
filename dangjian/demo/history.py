"""Five years of member history for the demo: admissions and confirmations, a few extended
probations, moves between party groups, transfers between schools (with both timelines, the
letter and the membership periods), members who died, left the party or moved away, and the
events behind the 失联 and 流动 flags — planned in memory, then bulk inserted.

Bulk inserts skip the services, so the plan keeps their rules itself, through the same
definitions: a probation ends at `services.probation_ends` (one year from the 支部大会, or the
extended date), an extension lasts `EXTENSION_MIN_MONTHS`–`EXTENSION_MAX_MONTHS`, a letter is
valid `TRANSFER_LETTER_VALID_DAYS`, nobody is admitted before `MIN_AGE_AT_ADMISSION`, no event
is dated after today or before 入党日期, a member who left gets nothing after leaving, and a
member has one open membership while on the roll and none after. The demo tests check the
written rows against those same rules.

Who holds a post (and the personas) keeps a plain history — no transfer, no leaving, no flag —
so that their positions never predate their membership or outlive it.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field

from dangjian.demo.people import LATEST_ADMISSION, MemberPlan
from dangjian.demo.tree import OrgNode
from dangjian.members.models import EventKind, LeaveKind, MemberEvent, Membership, Standing, Transfer, TransferState
from dangjian.members.rules import (
    EXTENSION_MAX_MONTHS,
    EXTENSION_MIN_MONTHS,
    MIN_AGE_AT_ADMISSION,
    PROBATION_MONTHS,
    TRANSFER_LETTER_VALID_DAYS,
    add_months,
)
from dangjian.orgs.models import OrgKind

WINDOW_YEARS = 5
YOUNG = 40                      # in-service members up to this age may have been admitted lately
RECENT_ADMISSION_SHARE = 0.4    # of them: admitted after people.LATEST_ADMISSION, as many a year as before it
ADMISSION_AGE = 20              # the demo admits at 20 at the earliest (the rule says 18)
CONFIRMATION_DELAY_DAYS = 30    # the 支部大会 that confirms meets up to a month after the year is up
TRANSFER_SHARE = 0.03
GROUP_CHANGE_SHARE = 0.04
DECEASED_SHARE = {False: 0.0006, True: 0.015}  # over the window, in service / retired
LEFT_SHARE = 0.0012
MOVED_AWAY_SHARE = 0.004        # transferred to an organization outside the system
PENDING_PER_COUNTY = 1
SMALLEST_WORLD_WITH_MOVES = 200  # the school scale (two schools of personas) keeps a quiet history

LEAVE_KINDS = ((LeaveKind.LAPSED, 40, "连续六个月不参加组织生活、不交纳党费"), (LeaveKind.REMOVED, 30, "理想信念淡化，经教育仍无转变"),
               (LeaveKind.WITHDREW, 20, "本人申请退党"), (LeaveKind.EXPELLED, 10, "严重违纪"))
OUTSIDE_ORGS = ("北湖市第二中学党支部", "南屏市实验小学党支部", "东江市教育局机关党委", "西岭县第一中学党支部",
                "清河市职业技术学校党总支", "云台县教育党工委")


@dataclass
class EventPlan:
    member: MemberPlan
    kind: str
    day: datetime.date
    org: OrgNode
    other_org: OrgNode | None = None
    other_org_name: str = ""
    letter_number: str = ""
    decision_org: str = ""
    reason: str = ""
    detail: dict = field(default_factory=dict)
    groups: tuple = ()   # 调整党小组: (from, to) nodes, whose ids exist only once the tree is written


@dataclass
class PeriodPlan:
    member: MemberPlan
    org: OrgNode
    started_on: datetime.date
    ended_on: datetime.date | None = None


@dataclass
class TransferPlan:
    member: MemberPlan
    from_org: OrgNode
    to_org: OrgNode
    letter_number: str
    requested_on: datetime.date
    state: str
    decided_on: datetime.date | None = None
    reason: str = "工作调动"

    @property
    def valid_until(self) -> datetime.date:
        return self.requested_on + datetime.timedelta(days=TRANSFER_LETTER_VALID_DAYS)


@dataclass
class History:
    periods: list[PeriodPlan] = field(default_factory=list)
    events: list[EventPlan] = field(default_factory=list)
    transfers: list[TransferPlan] = field(default_factory=list)

    def counts(self) -> dict:
        kinds = defaultdict(int)
        for e in self.events:
            kinds[e.kind] += 1
        return {"member_events": len(self.events), "memberships": len(self.periods),
                "transfers": len(self.transfers), "events_by_kind": dict(sorted(kinds.items()))}


def _day_between(rng: random.Random, low: datetime.date, high: datetime.date) -> datetime.date:
    return _day_at(rng.random(), low, high)


def _day_at(x: float, low: datetime.date, high: datetime.date) -> datetime.date:
    """The day at fraction x of [low, high], both included."""
    span = max(0, (high - low).days)
    return low + datetime.timedelta(days=min(span, int(x * (span + 1))))


def _age(birth: datetime.date, on: datetime.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _approver(node: OrgNode) -> str:
    """The committee that approves admissions, confirmations and expulsions for a branch: the
    school's 党委 if it has one, else the county's 教育党工委."""
    up = node.parent
    while up is not None and up.kind not in (OrgKind.COMMITTEE, OrgKind.EDUCATION_COMMITTEE):
        up = up.parent
    return up.name if up is not None else node.name


def _school_root(node: OrgNode) -> OrgNode:
    while not node.is_school_level and node.parent is not None:
        node = node.parent
    return node


class _Letters:
    """介绍信编号: one sequence per county and year, e.g. 宾阳党转〔2024〕7号."""

    def __init__(self):
        self.next = defaultdict(int)

    def number(self, county: OrgNode, day: datetime.date) -> str:
        key = (county.code, day.year)
        self.next[key] += 1
        return f"{county.name[:2]}党转〔{day.year}〕{self.next[key]}号"


def plan_history(root: OrgNode, positions: list, rng: random.Random, today: datetime.date) -> History:
    members = root.all_members()
    window_start = add_months(today, -12 * WINDOW_YEARS)
    yesterday = today - datetime.timedelta(days=1)
    quiet = {id(p.member) for p in positions if p.member is not None} | {id(m) for m in members if m.persona}
    lively = len(members) >= SMALLEST_WORLD_WITH_MOVES

    _admissions(members, quiet, rng, today, window_start)
    extended = _extensions(members, quiet, rng, today) if lively else set()

    counties = [c for c in root.walk() if c.is_county]
    homes = {id(c): [n for n in c.walk() if n.kind in (OrgKind.BRANCH, OrgKind.JOINT_BRANCH) and not n.retiree_branch]
             for c in counties}
    letters = _Letters()
    history = History()
    moved: dict[int, tuple[OrgNode, datetime.date, str]] = {}   # member -> (earlier org, day, letter)
    regrouped: dict[int, tuple[OrgNode, datetime.date]] = {}
    gone: dict[int, tuple[str, datetime.date, dict]] = {}

    for m in members:
        # A fixed number of draws per member, whatever is decided: one share never shifts another.
        draw = [rng.random() for _ in range(6)]
        days = rng.random()
        if id(m) in quiet or id(m) in extended or not lively or m.probationary:
            continue
        earliest = max(window_start, m.confirmed_on + datetime.timedelta(days=1))
        if draw[0] < TRANSFER_SHARE and not m.retiree and earliest < yesterday - datetime.timedelta(days=30):
            county = m.org.county()
            others = [n for n in homes.get(id(county), []) if _school_root(n) is not _school_root(m.org)]
            if others:
                day = _day_at(days, earliest, yesterday - datetime.timedelta(days=30))
                moved[id(m)] = (others[int(draw[5] * len(others))], day, letters.number(county, day))
                continue
        groups = [c for c in m.org.children if c.kind == OrgKind.GROUP]
        if draw[1] < GROUP_CHANGE_SHARE and m.group is not None and len(groups) > 1:
            earlier = [g for g in groups if g is not m.group]
            regrouped[id(m)] = (earlier[int(draw[5] * len(earlier))], _day_at(days, earliest,
                                                                                 yesterday))
            continue
        if m.lost_contact or m.is_mobile:
            continue
        if draw[2] < DECEASED_SHARE[m.retiree]:
            gone[id(m)] = (EventKind.DECEASED, _day_at(days, earliest, yesterday), {})
        elif draw[3] < LEFT_SHARE:
            kind, reason = _pick_leave(draw[5])
            gone[id(m)] = (EventKind.LEFT, _day_at(days, earliest, yesterday),
                           {"leave_kind": kind, "reason": reason})
        elif draw[4] < MOVED_AWAY_SHARE and not m.retiree:
            day = _day_at(days, earliest, yesterday)
            gone[id(m)] = (EventKind.TRANSFER_OUT, day, {"other_org_name": OUTSIDE_ORGS[int(draw[5] * len(OUTSIDE_ORGS))],
                                                         "letter_number": letters.number(m.org.county(), day)})

    for m in members:
        _member_history(history, m, window_start, moved.get(id(m)), regrouped.get(id(m)), gone.get(id(m)),
                        id(m) in extended, rng, yesterday)
    if lively:
        _pending(history, counties, homes, quiet | set(moved) | set(regrouped) | set(gone) | extended, rng, today,
                 letters)
    return history


def plan_plain_history(history: History, members: list[MemberPlan], rng: random.Random, today: datetime.date) -> None:
    """The history of members added once plan_history has run (seed_figures.py replaces those who
    left): their record, admission and confirmation, their flags; no move and no leaving."""
    window_start = add_months(today, -12 * WINDOW_YEARS)
    for m in members:
        _member_history(history, m, window_start, None, None, None, False, rng, today - datetime.timedelta(days=1))


def _pick_leave(x: float) -> tuple[str, str]:
    point = x * sum(weight for _, weight, _ in LEAVE_KINDS)
    for kind, weight, reason in LEAVE_KINDS:
        if point < weight:
            return kind, reason
        point -= weight
    return LEAVE_KINDS[-1][0], LEAVE_KINDS[-1][2]


def _admissions(members, quiet, rng, today, window_start) -> None:
    """转正日期 one probation after 入党日期 for every full member; some young members in
    service admitted within the window, so each of the five years has its new members."""
    latest = add_months(today, -PROBATION_MONTHS) - datetime.timedelta(days=CONFIRMATION_DELAY_DAYS + 1)
    for m in members:
        draw, delay, offset = rng.random(), rng.randint(0, CONFIRMATION_DELAY_DAYS), rng.random()
        if m.probationary:
            continue
        if (id(m) not in quiet and not m.retiree and _age(m.birth, today) <= YOUNG
                and draw < RECENT_ADMISSION_SHARE):
            # Into the years people.py leaves empty, so that every year of the window has its admissions.
            earliest = max(window_start, LATEST_ADMISSION,
                           add_months(m.birth, 12 * max(ADMISSION_AGE, MIN_AGE_AT_ADMISSION)))
            if earliest < latest:
                m.joined_on = earliest + datetime.timedelta(days=int(offset * (latest - earliest).days))
        m.confirmed_on = add_months(m.joined_on, PROBATION_MONTHS) + datetime.timedelta(days=delay)


def _extensions(members, quiet, rng, today) -> set[int]:
    """One or two 延长预备期: admitted 12–16 months ago, probation extended and still running."""
    pool = [m for m in members if m.probationary and id(m) not in quiet]
    chosen = rng.sample(pool, min(len(pool), 1 if len(members) < 5000 else 2))
    for k, m in enumerate(chosen):
        months = (EXTENSION_MIN_MONTHS, EXTENSION_MAX_MONTHS)[k % 2]
        m.joined_on = today - datetime.timedelta(days=rng.randint(370, 480))
        original_end = add_months(m.joined_on, PROBATION_MONTHS)
        m.probation_extended_to = add_months(original_end, months)
    return {id(m) for m in chosen}


def _member_history(history: History, m: MemberPlan, window_start, move, regroup, gone, extended: bool,
                    rng: random.Random, yesterday) -> None:
    def org_on(day):
        return move[0] if move and day < move[1] else m.org

    def event(kind, day, org=None, **facts):
        history.events.append(EventPlan(m, kind, day, org or org_on(day), **facts))

    start = m.joined_on
    if move:
        earlier, day, letter = move
        history.periods.append(PeriodPlan(m, earlier, start, day))
        history.periods.append(PeriodPlan(m, m.org, day))
    else:
        history.periods.append(PeriodPlan(m, m.org, start))

    # Like create_member: the first line is 接收预备党员 for those admitted within the window, else the record.
    if m.joined_on >= window_start:
        event(EventKind.ADMITTED, m.joined_on, decision_org=_approver(org_on(m.joined_on)))
    else:
        event(EventKind.RECORD_CREATED, start)
    if extended:
        original_end = add_months(m.joined_on, PROBATION_MONTHS)
        months = (m.probation_extended_to.year - original_end.year) * 12 + m.probation_extended_to.month - original_end.month
        event(EventKind.PROBATION_EXTENDED, original_end, decision_org=_approver(m.org),
              reason="支部大会讨论认为尚需继续教育考察",
              detail={"months": months, "until": m.probation_extended_to.isoformat()})
    if m.confirmed_on and m.confirmed_on >= window_start:
        event(EventKind.CONFIRMED, m.confirmed_on, decision_org=_approver(org_on(m.confirmed_on)))
    if move:
        earlier, day, letter = move
        event(EventKind.TRANSFER_OUT, day, earlier, other_org=m.org, other_org_name=m.org.name, letter_number=letter)
        event(EventKind.TRANSFER_IN, day, m.org, other_org=earlier, other_org_name=earlier.name, letter_number=letter)
        history.transfers.append(TransferPlan(m, earlier, m.org, letter, day - datetime.timedelta(days=rng.randint(2, 30)),
                                              TransferState.ACCEPTED, day))
    if regroup:
        earlier, day = regroup
        event(EventKind.GROUP_CHANGED, day, reason="按年级组调整党小组",
              detail={"from": earlier.name, "to": m.group.name}, groups=(earlier, m.group))
    flag_from = max(window_start, history.periods[-1].started_on, m.joined_on)
    if m.lost_contact:
        event(EventKind.LOST_CONTACT, _day_between(rng, flag_from, yesterday), reason="多次联系未果")
    if m.is_mobile:
        event(EventKind.MOBILE_REGISTERED, _day_between(rng, flag_from, yesterday), reason="外出学习或支教，登记为流动党员")
    if gone:
        kind, day, facts = gone
        standing = {EventKind.DECEASED: Standing.DECEASED, EventKind.LEFT: Standing.LEFT,
                    EventKind.TRANSFER_OUT: Standing.TRANSFERRED_OUT}[kind]
        detail = {}
        if kind == EventKind.LEFT:
            detail = {"leave_kind": facts["leave_kind"], "leave_kind_label": LeaveKind(facts["leave_kind"]).label}
            event(kind, day, decision_org=_approver(m.org), reason=facts["reason"], detail=detail)
        else:
            event(kind, day, other_org_name=facts.get("other_org_name", ""), letter_number=facts.get("letter_number", ""))
        m.standing, m.left_on = standing, day
        history.periods[-1].ended_on = day


def _pending(history, counties, homes, busy, rng, today, letters) -> None:
    """A transfer or two still waiting in each county: both schools see it until it is decided."""
    for county in counties:
        candidates = [m for home in homes[id(county)] for m in home.members
                      if id(m) not in busy and m.full and not m.retiree and not (m.lost_contact or m.is_mobile)]
        for m in rng.sample(candidates, min(PENDING_PER_COUNTY, len(candidates))):
            targets = [n for n in homes[id(county)] if _school_root(n) is not _school_root(m.org)]
            if not targets:
                continue
            requested = today - datetime.timedelta(days=rng.randint(3, 40))
            history.transfers.append(TransferPlan(m, m.org, rng.choice(targets), letters.number(county, requested),
                                                  requested, TransferState.PENDING))


def write_history(history: History, batch_size: int = 5000) -> dict:
    Membership.objects.bulk_create(
        [Membership(member_id=p.member.db.pk, org_id=p.org.id, started_on=p.started_on, ended_on=p.ended_on)
         for p in history.periods], batch_size=batch_size)
    # In timeline order per member, so the ids follow the dates as they do when recorded live.
    events = sorted(history.events, key=lambda e: (e.member.db.pk, e.day))
    MemberEvent.objects.bulk_create(
        [MemberEvent(member_id=e.member.db.pk, kind=e.kind, occurred_on=e.day, org_id=e.org.id,
                     other_org_id=e.other_org.id if e.other_org else None, other_org_name=e.other_org_name,
                     letter_number=e.letter_number, decision_org=e.decision_org, reason=e.reason,
                     detail={**e.detail, "from_id": e.groups[0].id, "to_id": e.groups[1].id} if e.groups else e.detail)
         for e in events], batch_size=batch_size)
    Transfer.objects.bulk_create(
        [Transfer(member_id=t.member.db.pk, from_org_id=t.from_org.id, to_org_id=t.to_org.id,
                  letter_number=t.letter_number, state=t.state, requested_on=t.requested_on, valid_until=t.valid_until,
                  decided_on=t.decided_on, reason=t.reason) for t in history.transfers], batch_size=batch_size)
    return history.counts()

