"""Five years of 民主评议党员 for every organization of the demo that holds members: each year's
round (评议基准日 1 December) taken through all its steps to 结果运用, with its 测评 counts, the
grades and the follow-up of the rare 基本合格 / 不合格.

The same rule functions as the real code decide everything: the roster of the 评议基准日 (the
Membership periods that `roster_as_of` reads, the status on the day by `status_on`, 停止党籍
excluded), the rules in force (`rules_in_force`: the national one third, 预备党员 not 优秀), the cap
(`excellent_cap`), the grades a 预备党员 may get (`allowed_grades`), counts within the number present
(`check_counts`). The organizations of the demo's secretaries and the first SERVICE_ORGS others
go through the services step by step (as a secretary would: audit entries, the members' 季度自查 /
半年初评 / 年终总评 of the last year, the follow-up tasks with their measures); the rest are written
in bulk — a service call per step and per member would take the city's 22,000 members × 5 years
past many minutes.

Behaviour, from its own random stream: most members 合格; 10–30 % of the full members 优秀, never
above the cap; about 2 % 基本合格 (改进措施, done by the spring); about 0.4 % 不合格 (限期改正, mostly
改正 by the spring; in the last year some still open, one in three gone on to 劝其退党)."""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Q
from django.utils import timezone

from dangjian.appraisal.models import FollowUp, MemberGrade, PollCount, ReviewOverride, ReviewRound, RoundEvent
from dangjian.appraisal.rules import review as R
from dangjian.appraisal.selectors.review import override_rows, roster
from dangjian.appraisal.services import review as S
from dangjian.appraisal.services import review_followups as F
from dangjian.appraisal.services import review_grades as G
from dangjian.appraisal.services import review_poll as P
from dangjian.appraisal.services import review_reports as SR
from dangjian.core.bulk import insert_rows
from dangjian.members.models import Membership, Standing
from dangjian.members.selectors import status_on
from dangjian.members.services import MEMBER_ORG_KINDS
from dangjian.orgs.models import PartyOrg, Position

YEARS = 5
SERVICE_ORGS = 12
EXCELLENT_SHARE = (0.10, 0.30)
BASIC_SHARE, UNQUALIFIED_SHARE = 0.02, 0.004
ABSENT_SHARE = 0.08
STILL_OPEN_SHARE, PERSUADED_SHARE = 0.5, 0.33
DAY = {R.Step.SELF_REVIEW: 3, R.Step.PEER_REVIEW: 8, R.Step.POLL: 15, R.Step.DECISION: 18, R.Step.REPORTED: 22,
       R.Step.APPLIED: 28}
DECIDED_DAY = 20
# The poll's counts and the grades, written as plain rows in these columns' order.
POLL_COLUMNS = ["round_id", "member_id", "excellent", "qualified", "basic", "unqualified"]
GRADE_COLUMNS = ["round_id", "member_id", "grade", "probationary", "note", "updated_at"]
IMPROVEMENT_MEASURES = ["每月参加一次党课并交学习心得，由支部书记结对帮助", "按时参加“三会一课”，每季度向支部书面汇报思想",
                        "承担一项年级组党员示范岗工作，由组织委员跟进"]
CORRECTION_MEASURES = ["支部书记谈话三次，要求按时参加组织生活、足额交纳党费", "限期三个月改正，每月书面汇报思想和工作"]
REPORT_TEXT = {
    "study": ["学习党章党规和党的创新理论，按时完成读书笔记", "参加支部集中学习和主题党日，自学党史", "坚持“学习强国”日常学习"],
    "work": ["完成本学期教学任务，所带班级成绩稳定", "担任班主任，班级管理规范", "承担校本课程开发和青年教师指导"],
    "role": ["参加党员先锋岗和志愿服务", "带头上公开课，参与教研组集体备课", "结对帮扶学困生"],
    "shortcomings": ["理论学习还不够系统", "联系群众还不够主动", "创新意识有待加强"],
    "plans": ["制定个人学习计划，每月读一本书", "主动承担急难险重任务", "加强与同事和家长的沟通"],
}


@dataclass
class ReviewCounts:
    rounds: int = 0
    through_services: int = 0
    grades: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    follow_ups: int = 0
    open_follow_ups: int = 0
    self_reports: int = 0

    def as_dict(self) -> dict:
        return {"rounds": self.rounds, "through_services": self.through_services, "grades": dict(self.grades),
                "follow_ups": self.follow_ups, "open_follow_ups": self.open_follow_ups,
                "self_reports": self.self_reports}


@dataclass
class Story:
    """One round as the seed decides it: who took part, their votes, their grades."""

    present: int
    counts: dict[int, dict[str, int]]
    grades: dict[int, str]
    body: str


def _votes(rng: random.Random, grade: str, voters: int) -> dict[str, int]:
    """Votes that agree with the grade, mostly; a few abstain."""
    weights = {R.Grade.EXCELLENT: (70, 28, 2, 0), R.Grade.QUALIFIED: (18, 78, 4, 0),
               R.Grade.BASIC: (0, 35, 55, 10), R.Grade.UNQUALIFIED: (0, 10, 40, 50)}.get(grade, (5, 90, 5, 0))
    votes = dict.fromkeys(R.POLL_GRADES, 0)
    for _ in range(voters):
        if rng.random() < 0.03:
            continue  # 弃权
        votes[rng.choices(R.POLL_GRADES, weights)[0]] += 1
    return votes


def plan_round(rng: random.Random, entries: list[tuple[int, bool]], rules: R.ReviewRules) -> Story:
    """entries: (member id, probationary) of the roster. Grades within the rules; counts within
    the number present."""
    full = [m for m, probationary in entries if not probationary]
    cap = R.excellent_cap(len(full), rules)
    excellent = set(rng.sample(full, min(cap, round(len(full) * rng.uniform(*EXCELLENT_SHARE)))))
    grades: dict[int, str] = {}
    for member_id, probationary in entries:
        roll = rng.random()
        if member_id in excellent:
            grades[member_id] = R.Grade.EXCELLENT
        elif roll < UNQUALIFIED_SHARE and not probationary:
            grades[member_id] = R.Grade.UNQUALIFIED
        elif roll < UNQUALIFIED_SHARE + BASIC_SHARE:
            grades[member_id] = R.Grade.BASIC
        else:
            grades[member_id] = R.Grade.QUALIFIED
        R.check_grade(str(member_id), grades[member_id], probationary, rules)
    absent = sum(1 for _ in entries if rng.random() < ABSENT_SHARE)
    present = max(1, len(entries) - absent)
    # Nobody grades themself: at most present − 1 votes each (or all present if the member was away).
    counts = {m: _votes(rng, grades[m], max(1, present - 1)) for m, _ in entries}
    for member_id, votes in counts.items():
        R.check_counts(str(member_id), votes, present)
    body = R.Body.COMMITTEE if len(entries) >= 7 else R.Body.GENERAL
    return Story(present, counts, grades, body)


def _day(year: int, step: str) -> datetime.date:
    return datetime.date(year, 12, DAY[step])


def _closing(year: int, rng: random.Random) -> datetime.date:
    return datetime.date(year + 1, 3, rng.randint(1, 28))


def write_reviews(today: datetime.date, seed: int) -> ReviewCounts:
    rng = random.Random(f"{seed}:appraisal")
    counts = ReviewCounts()
    orgs = list(PartyOrg.objects.filter(kind__in=MEMBER_ORG_KINDS, is_active=True).order_by("path"))
    persona_orgs = set(Position.objects.filter(user__username__in=("secretary_a", "secretary_b"))
                       .values_list("org_id", flat=True))
    chosen = [o for o in orgs if o.pk in persona_orgs] + [o for o in orgs if o.pk not in persona_orgs]
    service_ids = {o.pk for o in chosen[:SERVICE_ORGS + len(persona_orgs)]}
    owners = _owners()
    years = [today.year - k for k in range(YEARS, 0, -1)]
    for year in years:
        last = year == years[-1]
        for org in chosen:
            if org.pk in service_ids:
                if _through_services(org, year, rng, today, counts, owners, last):
                    counts.through_services += 1
        _bulk_year(year, [o for o in chosen if o.pk not in service_ids], rng, today, counts, last)
    # This year's round under way for the demo's own secretaries, once the 评议基准日 has come.
    as_of = datetime.date(today.year, 12, 1)
    if as_of <= today:
        for org in (o for o in chosen if o.pk in persona_orgs):
            _this_year(org, as_of, today, rng, counts)
    return counts


def _owners() -> dict[int, int]:
    """The member record of each organization's secretary (the default owner of a task)."""
    return dict(Position.objects.filter(post="secretary", member__isnull=False, ended_on__isnull=True)
                .values_list("org_id", "member_id"))


def _self_reports(entries, year: int, rng: random.Random, counts: ReviewCounts) -> None:
    for entry in entries:
        for period in R.ReportPeriod.values:
            if rng.random() < 0.1:
                continue  # not everyone hands in every report
            parts = {name: rng.choice(texts) for name, texts in REPORT_TEXT.items()}
            SR.save_self_report(entry.member, year=year, period=period, parts=parts)
            counts.self_reports += 1


def _through_services(org, year, rng, today, counts, owners, last) -> bool:
    as_of = datetime.date(year, 12, 1)
    round_ = ReviewRound(org=org, year=year, as_of=as_of)
    entries = roster(round_)
    if not entries:
        return False
    round_ = S.create_round(org, year=year, as_of=as_of, note="结合组织生活会开展")
    if last:
        _self_reports(entries, year, rng, counts)
    rules = R.rules_in_force(org.path, as_of, override_rows(org))
    story = plan_round(rng, [(e.member.pk, e.probationary) for e in entries], rules)
    for step in (R.Step.SELF_REVIEW, R.Step.PEER_REVIEW):
        S.transition(round_, step, occurred_on=_day(year, step))
    S.transition(round_, R.Step.POLL, occurred_on=_day(year, R.Step.POLL), facts={"poll_mode": R.PollMode.ENTERED})
    P.record_counts(round_, present=story.present,
                    rows=[{"member_id": m, **votes} for m, votes in story.counts.items()])
    S.transition(round_, R.Step.DECISION, occurred_on=_day(year, R.Step.DECISION))
    G.record_grades(round_, [{"member_id": m, "grade": g} for m, g in story.grades.items()])
    S.transition(round_, R.Step.REPORTED, occurred_on=_day(year, R.Step.REPORTED),
                 facts={"decided_by": story.body, "decided_on": datetime.date(year, 12, DECIDED_DAY)})
    # The secretary answers for the tasks when on the roster and still in the branch; else a full member who is.
    candidates = [e.member.pk for e in entries if not e.probationary and e.member.is_active and e.member.org_id == org.pk]
    owner = owners.get(org.pk) if owners.get(org.pk) in candidates else (candidates or [None])[0]
    tasks = list(FollowUp.objects.filter(grade__round=round_).select_related("grade"))
    if tasks and owner is None:
        _tally(counts, story)  # nobody left to answer for the tasks: the round waits at 上报 for the branch
        return True
    for task in tasks:
        measures = rng.choice(IMPROVEMENT_MEASURES if task.kind == R.FollowUpKind.IMPROVEMENT else CORRECTION_MEASURES)
        F.update_follow_up(task, owner_id=owner, measures=measures)
        _close_in_spring(task, year, rng, today, last, counts)
    S.transition(round_, R.Step.APPLIED, occurred_on=_day(year, R.Step.APPLIED), facts={"note": "优秀党员通报表扬"})
    _tally(counts, story)
    return True


def _close_in_spring(task, year, rng, today, last, counts) -> None:
    counts.follow_ups += 1
    closing = _closing(year, rng)
    if closing > today or (last and rng.random() < STILL_OPEN_SHARE):
        counts.open_follow_ups += 1
        return
    if task.kind == R.FollowUpKind.IMPROVEMENT:
        F.close_follow_up(task, outcome=R.Outcome.DONE, closed_on=closing, measures=task.measures + "；已落实", today=today)
    elif last and rng.random() < PERSUADED_SHARE:
        F.close_follow_up(task, outcome=R.Outcome.NOT_IMPROVED, closed_on=closing, today=today,
                          measures=task.measures + "；经教育仍无转变，提交支部大会讨论劝其退党")
        counts.follow_ups += 1
        counts.open_follow_ups += 1
    else:
        F.close_follow_up(task, outcome=R.Outcome.IMPROVED, closed_on=closing, today=today,
                          measures=task.measures + "；已按时参加组织生活，交清党费")


def _tally(counts: ReviewCounts, story: Story) -> None:
    counts.rounds += 1
    for grade in story.grades.values():
        counts.grades[grade] += 1


def _this_year(org, as_of, today, rng, counts) -> None:
    if ReviewRound.objects.filter(org=org, year=as_of.year).exists() or not roster(
            ReviewRound(org=org, year=as_of.year, as_of=as_of)):
        return
    round_ = S.create_round(org, year=as_of.year, as_of=as_of, note="结合组织生活会开展")
    S.transition(round_, R.Step.SELF_REVIEW, occurred_on=min(today, _day(as_of.year, R.Step.SELF_REVIEW)))
    _self_reports(roster(round_)[:3], as_of.year, rng, counts)
    counts.rounds += 1


# --- the bulk path -----------------------------------------------------------------------------

class _StatusFields(NamedTuple):
    status: str
    confirmed_on: datetime.date | None


def _rosters(org_ids: list[int], as_of: datetime.date) -> dict[int, list[tuple[int, bool]]]:
    """(member id, probationary on the day) per organization on `as_of`: the periods that cover the
    day (roster_as_of's rule), 停止党籍 left out, the status by status_on — one query."""
    rows = (Membership.objects.filter(org_id__in=org_ids, started_on__lte=as_of)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=as_of)).exclude(member__standing=Standing.SUSPENDED)
            .order_by("org_id", "member__name_pinyin", "member_id")
            .values_list("org_id", "member_id", "member__status", "member__confirmed_on"))
    result: dict[int, list[tuple[int, bool]]] = defaultdict(list)
    for org_id, member_id, status, confirmed_on in rows:
        # status_on reads these two fields only; a Member built per row cost 10 s for the city's 113,000
        probe = _StatusFields(status, confirmed_on)
        result[org_id].append((member_id, status_on(probe, as_of) == "probationary"))
    return result


def _bulk_year(year, orgs, rng, today, counts, last) -> None:
    as_of = datetime.date(year, 12, 1)
    rosters = _rosters([o.pk for o in orgs], as_of)
    overrides = _all_overrides()
    stories: dict[int, Story] = {}
    rounds = []
    for org in orgs:
        entries = rosters.get(org.pk)
        if not entries:
            continue
        stories[org.pk] = plan_round(rng, entries, R.rules_in_force(org.path, as_of, overrides))
        story = stories[org.pk]
        rounds.append(ReviewRound(org=org, year=year, as_of=as_of, state=R.Step.APPLIED, poll_mode=R.PollMode.ENTERED,
                                  present=story.present, decided_by=story.body,
                                  decided_on=datetime.date(year, 12, DECIDED_DAY),
                                  reported_on=_day(year, R.Step.REPORTED), note="结合组织生活会开展"))
    ReviewRound.objects.bulk_create(rounds, batch_size=500)
    ids = dict(ReviewRound.objects.filter(year=year, org_id__in=list(stories)).values_list("org_id", "id"))
    events, poll_rows, grade_rows = [], [], []
    now = timezone.now()
    for org_id, story in stories.items():
        round_id = ids[org_id]
        previous = ""
        for step in R.STEPS:
            day = as_of if step == R.Step.STUDY else _day(year, step)
            facts = {"poll_mode": R.PollMode.ENTERED} if step == R.Step.POLL else {}
            events.append(RoundEvent(round_id=round_id, source=previous, target=step, occurred_on=day, facts=facts))
            previous = step
        for member_id, votes in story.counts.items():
            poll_rows.append((round_id, member_id, *(votes[c] for c in POLL_COLUMNS[2:])))
        probationary = {m for m, p in rosters[org_id] if p}
        for member_id, grade in story.grades.items():
            grade_rows.append((round_id, member_id, grade, member_id in probationary, "", now))
        _tally(counts, story)
    RoundEvent.objects.bulk_create(events, batch_size=2000)
    insert_rows(PollCount, POLL_COLUMNS, poll_rows)
    insert_rows(MemberGrade, GRADE_COLUMNS, grade_rows)
    fallback = {ids[org_id]: next((m for m, p in rosters[org_id] if not p), rosters[org_id][0][0]) for org_id in stories}
    _bulk_follow_ups(year, fallback, rng, today, counts, last)


def _all_overrides() -> list[R.OverrideRow]:
    """Every stricter rule of the demo (none unless one was set): the bulk path resolves the rules
    in force with the same function as the services."""
    return [R.OverrideRow(*row) for row in ReviewOverride.objects.values_list(
        "org__path", "org__name", "excellent_percent", "probationary_policy", "effective_from")]


def _bulk_follow_ups(year, fallback: dict[int, int], rng, today, counts, last) -> None:
    """`fallback`: round id → a full member who answers for the tasks where there is no secretary."""
    opened = _day(year, R.Step.REPORTED)
    owners = _owners()
    tasks = []
    for grade in MemberGrade.objects.filter(round_id__in=list(fallback), grade__in=[R.Grade.BASIC, R.Grade.UNQUALIFIED]) \
            .select_related("round"):
        kind = F.first_kind(grade)
        if kind is None:
            continue
        measures = rng.choice(IMPROVEMENT_MEASURES if kind == R.FollowUpKind.IMPROVEMENT else CORRECTION_MEASURES)
        task = FollowUp(grade=grade, kind=kind, owner_id=owners.get(grade.round.org_id) or fallback[grade.round_id],
                        opened_on=opened,
                        deadline=opened + datetime.timedelta(days=R.FOLLOW_UP_DAYS[kind]), measures=measures)
        closing = _closing(year, rng)
        counts.follow_ups += 1
        if closing > today or (last and rng.random() < STILL_OPEN_SHARE):
            counts.open_follow_ups += 1
        else:
            task.outcome = R.Outcome.DONE if kind == R.FollowUpKind.IMPROVEMENT else R.Outcome.IMPROVED
            task.closed_on = closing
            task.measures += "；已落实" if kind == R.FollowUpKind.IMPROVEMENT else "；已按时参加组织生活，交清党费"
        tasks.append(task)
    FollowUp.objects.bulk_create(tasks, batch_size=1000)
