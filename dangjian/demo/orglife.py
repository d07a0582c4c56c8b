"""The last five years of organizational life (组织生活) for every organization of the demo: what
the rules ask for, mostly held, with gaps, non-quorate meetings and some members long absent.

The same rule functions as the real code decide everything: which activities an organization
owes (`compliance._applicable`), the rule in force and its period (`rules.rule_in_force`,
`rules.period_of`), who is expected on the day (the Membership periods that `roster_as_of`
reads, the member's status on the day by `status_on`, committee posts for a 支委会), and the
figures and quorum (`services.figures`). Only the writing is bulk (batches of organizations),
so a city's five years — about half a million meetings and five million attendance rows — are
one pass without a query per meeting.

Behaviour, from its own random stream: most organizations hold everything on time; some
miss a quarter of their monthly activities, a few half; ~3 % of 党员大会 fall short of the
quorum; a few members are absent without reason for their last 3–8 months (so the 自行脱党
flags of 党章 第九条 have something to find); other absences are mostly 请假, 病假, 公差. Most
secretaries give the second quarter's 党课 themselves (the yearly 书记讲党课 check), a few never do.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.utils import timezone

from dangjian.core.bulk import indexes_built_after, insert_rows
from dangjian.core.roles import COMMITTEE_POSTS, Post
from dangjian.members.models import ACTIVE_STANDINGS, EventKind, Member, MemberEvent, Membership, MemberStatus
from dangjian.members.selectors import group_on, status_on
from dangjian.orglife import compliance as C
from dangjian.orglife import rules as R
from dangjian.orglife.models import AbsenceReason, Attendance, Meeting
from dangjian.orglife.services import figures
from dangjian.orgs.models import OrgKind, PartyOrg, Position

MONTHS = 60
BATCH_ORGS = 40   # five years of a batch's meetings and attendance are held in memory at once
GAPPY_SHARE, WEAK_SHARE = 0.15, 0.05
NON_QUORATE_SHARE = 0.03
ABSENT_MEMBER_SHARE = 0.01
ABSENCE_RATE = 0.08
SECRETARY_LECTURES = 0.9   # share of years in which the secretary gives a 党课 themselves
REASONS = ((AbsenceReason.PERSONAL_LEAVE, 40), (AbsenceReason.SICK_LEAVE, 28), (AbsenceReason.OFFICIAL_DUTY, 25),
           (AbsenceReason.OTHER, 2), (AbsenceReason.UNEXCUSED, 5))
TOPICS = {
    R.Kind.GENERAL_MEETING: ["传达学习上级党组织会议精神", "讨论本支部年度工作计划", "听取支部工作报告", "研究发展党员工作"],
    R.Kind.COMMITTEE_MEETING: ["研究本月党建工作安排", "研究“三重一大”事项", "研究党员教育管理工作", "讨论主题党日方案"],
    R.Kind.GROUP_MEETING: ["学习党章党规", "交流师德师风建设体会", "开展批评与自我批评", "学习习近平新时代中国特色社会主义思想"],
    R.Kind.PARTY_LECTURE: ["立德树人 为党育人", "新时代教育家精神", "全面从严治党永远在路上", "学习贯彻党的二十届四中全会精神"],
    R.Kind.THEME_DAY: ["重温入党誓词", "参观红色教育基地", "志愿服务进社区", "学习身边的优秀共产党员"],
    R.Kind.LIFE_MEETING: ["年度组织生活会"], R.Kind.APPRAISAL: ["年度民主评议党员"],
    R.Kind.HEART_TALK: ["年度谈心谈话"], R.Kind.POLITICAL_STUDY: ["理想信念教育", "形势政策教育", "师德警示教育"],
    R.Kind.LEADERSHIP_LIFE_MEETING: ["领导班子民主生活会"],
}
# The day of the month (or of the period's last month) each kind is usually held.
USUAL_DAY = {R.Kind.COMMITTEE_MEETING: 3, R.Kind.GROUP_MEETING: 12, R.Kind.POLITICAL_STUDY: 18,
             R.Kind.PARTY_LECTURE: 20, R.Kind.GENERAL_MEETING: 24}


@dataclass
class OrglifeCounts:
    meetings: int = 0
    attendance: int = 0
    non_quorate: int = 0
    absent_members: int = 0


@dataclass
class _Person:
    id: int
    group_id: int | None
    status: str
    confirmed_on: datetime.date | None
    periods: list  # (org id, started_on, ended_on)
    group_changes: list = field(default_factory=list)  # (occurred_on, from group id) of 调整党小组

    def in_org(self, org_id: int, day: datetime.date) -> bool:
        # the roster_as_of rule: a period covers started_on <= day < ended_on
        return any(o == org_id and s <= day and (e is None or e > day) for o, s, e in self.periods)

    def group_on(self, day: datetime.date) -> int | None:
        if not self.group_changes:
            return self.group_id
        return group_on(self.group_id, [c for c in self.group_changes if c[0] > day])

    def can_vote(self, day: datetime.date) -> bool:
        return status_on(self, day) == MemberStatus.FULL


class _Roster:
    """An organization's members with their periods there, for the roster of any day: the same
    rule as `_Person.in_org` (started_on <= day < ended_on), read from one list per organization
    instead of every period of every member per meeting (the city's half a million meetings)."""

    __slots__ = ("org_id", "members", "spans", "simple")

    def __init__(self, org_id: int, members: list[_Person]):
        self.org_id, self.members = org_id, members
        self.spans = [[(s, e or datetime.date.max) for o, s, e in p.periods if o == org_id] for p in members]
        self.simple = all(len(spans) == 1 for spans in self.spans)
        if self.simple:
            self.spans = [(p, spans[0][0], spans[0][1]) for p, spans in zip(members, self.spans, strict=True)]

    def on(self, day: datetime.date) -> list[_Person]:
        if self.simple:
            return [p for p, s, e in self.spans if s <= day < e]
        return [p for p in self.members if p.in_org(self.org_id, day)]


def write_orglife(today: datetime.date | None = None, seed: int = 2026) -> OrglifeCounts:
    today = today or timezone.localdate()
    rng = random.Random(f"{seed}:orglife")
    first = R.add_months(today.replace(day=1), -MONTHS)
    orgs = list(PartyOrg.objects.filter(kind__in=list(R.ACTIVITIES_BY_ORG_KIND), is_active=True)
                .order_by("path").values("id", "path", "kind"))
    groups: dict[str, list[int]] = defaultdict(list)  # parent path -> its party groups
    for group_id, path in PartyOrg.objects.filter(kind=OrgKind.GROUP, is_active=True).values_list("id", "path"):
        groups[path[:-PartyOrg.steplen]].append(group_id)
    counts = OrglifeCounts()
    with indexes_built_after(Meeting, Attendance):  # five million attendance rows a city
        for start in range(0, len(orgs), BATCH_ORGS):
            _write_batch(orgs[start:start + BATCH_ORGS], rng, first, today, counts, groups)
    reset_sequences()
    return counts


def _load(batch):
    ids = [o["id"] for o in batch]
    people: dict[int, _Person] = {}
    for m in (Member.objects.filter(memberships__org_id__in=ids, standing__in=ACTIVE_STANDINGS).exclude(standing="suspended")
              .distinct().values("id", "group_id", "status", "confirmed_on")):
        people[m["id"]] = _Person(m["id"], m["group_id"], m["status"], m["confirmed_on"], [])
    for member_id, occurred_on, detail in MemberEvent.objects.filter(
            member_id__in=list(people), kind=EventKind.GROUP_CHANGED).values_list("member_id", "occurred_on", "detail"):
        people[member_id].group_changes.append((occurred_on, (detail or {}).get("from_id")))
    by_org: dict[int, list[_Person]] = defaultdict(list)
    for member_id, org_id, started, ended in Membership.objects.filter(org_id__in=ids).values_list(
            "member_id", "org_id", "started_on", "ended_on"):
        person = people.get(member_id)
        if person is not None:
            person.periods.append((org_id, started, ended))
            by_org[org_id].append(person)
    committee: dict[int, list] = defaultdict(list)
    secretaries: dict[int, list] = defaultdict(list)
    for org_id, member_id, post, started, ended in Position.objects.filter(
            org_id__in=ids, post__in=COMMITTEE_POSTS, member__isnull=False).values_list(
            "org_id", "member_id", "post", "started_on", "ended_on"):
        committee[org_id].append((member_id, started, ended))
        if post == Post.SECRETARY:
            secretaries[org_id].append((member_id, started, ended))
    return by_org, committee, secretaries


def _write_batch(batch, rng, first, today, counts, groups) -> None:
    by_org, committee, secretaries = _load(batch)
    meetings, rosters = [], []
    for org in batch:
        members = by_org.get(org["id"], [])
        roster = _Roster(org["id"], members)
        full = sum(1 for p in roster.on(today) if p.status == MemberStatus.FULL)
        kinds = C._applicable(org, full, groups.get(org["path"], []))
        miss = 0.0 if rng.random() > GAPPY_SHARE + WEAK_SHARE else (0.25 if rng.random() < 0.75 else 0.5)
        absent_from = {p.id: R.add_months(today.replace(day=1), -rng.randint(3, 8))
                       for p in members if rng.random() < ABSENT_MEMBER_SHARE}
        counts.absent_members += len(absent_from)
        theme_day = rng.randint(5, 26)
        for kind in kinds:
            cursor = first
            while cursor < today:
                rule = R.rule_in_force(kind, org["path"], cursor, [])
                period = R.period_of(cursor, rule.frequency)
                cursor = period.end + datetime.timedelta(days=1)
                for group_id in (groups.get(org["path"], []) if kind == R.Kind.GROUP_MEETING else [None]):
                    if rng.random() < miss * (1.0 if rule.frequency == R.Frequency.MONTHLY else 0.5):
                        continue
                    day = _day(kind, period, theme_day, rng)
                    if day >= today or day < first:
                        continue
                    expected = _expected(kind, org["id"], group_id, day, roster, committee)
                    if not expected:
                        continue
                    meeting = _meeting(org, kind, group_id, day, rng)
                    if kind == R.Kind.PARTY_LECTURE and period.start.month == 4 and rng.random() < SECRETARY_LECTURES:
                        secretary = _on_day(secretaries.get(org["id"], []), day)
                        if secretary in {p.id for p in expected}:
                            meeting["lecturer_id"], meeting["lecturer_name"] = secretary, ""
                    meetings.append(meeting)
                    rosters.append(_attendance(kind, expected, day, rng, absent_from, counts))
    # Written in the order of their days, as meetings are recorded in real use: a quarter's meetings
    # (what the compliance reads) then share pages. Written organization by organization, five
    # years each, the city's quarter was spread over 8,400 of the table's pages, three rows a page.
    order = sorted(range(len(meetings)), key=lambda i: meetings[i]["held_on"])
    _save([meetings[i] for i in order], [rosters[i] for i in order], counts)


def _day(kind, period: R.Period, theme_day: int, rng) -> datetime.date:
    month = period.end.replace(day=1) if period.unit != R.Frequency.MONTHLY else period.start
    if period.unit == R.Frequency.YEARLY:
        month = month.replace(month=12 if kind != R.Kind.HEART_TALK else 11)
    elif period.unit == R.Frequency.QUARTERLY and kind == R.Kind.PARTY_LECTURE:
        month = R.add_months(period.start, 1)
    usual = theme_day if kind == R.Kind.THEME_DAY else USUAL_DAY.get(kind, 15)
    return month.replace(day=max(1, min(28, usual + rng.randint(-2, 2))))


def _expected(kind, org_id, group_id, day, roster: _Roster, committee) -> list[_Person]:
    rule = R.NATIONAL[kind]
    if rule.attendees == R.Attendees.COMMITTEE:
        ids = {m for m, s, e in committee.get(org_id, []) if s <= day and (e is None or e >= day)}
        return [p for p in roster.members if p.id in ids]
    chosen = roster.on(day)
    if group_id is not None:
        chosen = [p for p in chosen if p.group_on(day) == group_id]
    return chosen


def _on_day(posts, day) -> int | None:
    return next((m for m, s, e in posts if s <= day and (e is None or e >= day)), None)


def _meeting(org, kind, group_id, day, rng) -> dict:
    """The meeting's own values by column name; the rest are the model's defaults (_save)."""
    created = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(9), tzinfo=datetime.UTC)
    return {"org_id": org["id"], "group_id": group_id, "kind": kind, "held_on": day, "place": "党员活动室",
            "starts_at": datetime.time(15 + rng.randint(0, 1), 30), "topic": rng.choice(TOPICS[kind]),
            "minutes": "会议按议程进行，与会党员进行了认真学习和讨论。",
            "lecturer_name": "区委党校讲师" if kind == R.Kind.PARTY_LECTURE else "",
            "counts_month": day.replace(day=1), "created_at": created, "updated_at": created}


def _attendance(kind, expected, day, rng, absent_from, counts) -> list[_Row]:
    short_of_quorum = kind == R.Kind.GENERAL_MEETING and rng.random() < NON_QUORATE_SHARE
    rows = []
    for person in expected:
        if person.id in absent_from and day >= absent_from[person.id]:
            reason = AbsenceReason.UNEXCUSED
        elif short_of_quorum and rng.random() < 0.6:
            reason = AbsenceReason.PERSONAL_LEAVE
        elif rng.random() < ABSENCE_RATE:
            reason = rng.choices(REASON_VALUES, weights=REASON_WEIGHTS)[0]
        else:
            reason = ""
        rows.append(_Row(person.id, not reason, reason, "外出学习" if reason == AbsenceReason.OTHER else "",
                         person.can_vote(day)))
    return rows


REASON_VALUES, REASON_WEIGHTS = [r for r, _ in REASONS], [w for _, w in REASONS]
MEETING_COLUMNS = [f.attname for f in Meeting._meta.concrete_fields]
# A meeting's row starts from the model's defaults (blank texts, no host …); created_at's default
# (now) is always replaced by the day after the meeting.
_BLANK_MEETING = [f.get_default() for f in Meeting._meta.concrete_fields]
_COLUMN = {name: i for i, name in enumerate(MEETING_COLUMNS)}
ATTENDANCE_COLUMNS = ["meeting_id", "member_id", "present", "absence_reason", "note", "can_vote", "held_on"]


class _Row:
    """An attendance row as `figures` reads it (present, can_vote), before it becomes a tuple for
    the COPY: a Model instance costs ~40 µs to build, five million of them minutes."""

    __slots__ = ("member_id", "present", "absence_reason", "note", "can_vote")

    def __init__(self, member_id: int, present: bool, absence_reason: str, note: str, can_vote: bool):
        self.member_id, self.present, self.absence_reason, self.note, self.can_vote = (
            member_id, present, absence_reason, note, can_vote)


def _save(meetings, rosters, counts) -> None:
    """Ids are given here (the next free ones), so the meetings and their attendance go in as
    plain rows (COPY on PostgreSQL) like the dues ledger; each meeting's figures and quorum are
    the service's (`figures`) from its attendance."""
    next_id = (Meeting.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    meeting_rows, attendance = [], []
    for offset, (meeting, rows) in enumerate(zip(meetings, rosters, strict=True)):
        row = _BLANK_MEETING.copy()
        meeting["id"] = meeting_id = next_id + offset
        meeting.update(figures(meeting["kind"], rows))
        for name, value in meeting.items():
            row[_COLUMN[name]] = value
        meeting_rows.append(row)
        counts.non_quorate += meeting["quorate"] is False
        day = meeting["held_on"]
        attendance += [(meeting_id, r.member_id, r.present, r.absence_reason, r.note, r.can_vote, day) for r in rows]
    insert_rows(Meeting, MEETING_COLUMNS, meeting_rows)
    insert_rows(Attendance, ATTENDANCE_COLUMNS, attendance)
    counts.meetings += len(meeting_rows)
    counts.attendance += len(attendance)


def reset_sequences() -> None:
    """After ids were given by hand, PostgreSQL's sequences must move past them."""
    if connection.vendor != "postgresql":
        return
    from django.core.management.color import no_style

    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), [Meeting, Attendance]):
            cursor.execute(statement)
