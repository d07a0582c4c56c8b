"""发展党员 files for the demo, every step judged by dangjian.recruitment's services so that the
demo obeys the same rules as a secretary: one full year as activist, the 公示 in working days,
the 支部大会's quorum and majority, and late steps only with a reason. The files go in batches
through recruitment.bulk.open_files (open_file's checks and _judge for every step, what they read
fetched once a batch): a city's 5,000 files in seconds instead of minutes.

Two kinds of files, over five years:

- the files of the members the members demo admitted in the last five years (history.py and
  people.py decide who and when): opened with `open_file_for_member` in the organization that
  admitted them, with the 支部大会 on their 入党日期, the approval after it, and — for those
  already confirmed — the 转正 on the member's record, checked by the service against it. The
  probationary members' files are open in the probation stage; the others are finished (归档).
- people who are not members yet: applicants, activists, candidates and those waiting for the
  committee's approval, about 9 for every 100 members (a city of 22,000 members has some 2,000),
  a third of them stalled months ago (red on the board and the due list), a few with a late talk
  justified, a few ended by a 支部大会 that did not pass. They stop before the approval (17):
  approval admits a member, and the members demo has its own.

And the annual development plans (年度发展计划): each county's committee for each of the five
years and this one, the school-level organizations for this year, from the admissions the
files show; the personas' school carries seed 000's "发展党员10名".
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Max, Q

from dangjian.core.errors import RuleViolation
from dangjian.core.validators import id_check_char
from dangjian.core.workdays import add_working_days
from dangjian.demo.names import NamePicker
from dangjian.members.models import Member, Membership, MemberStatus, Standing
from dangjian.orgs.models import BRANCH_KINDS, OrgKind, PartyOrg, Position
from dangjian.recruitment import services
from dangjian.recruitment.bulk import FileSpec, open_files
from dangjian.recruitment.models import DevelopmentPlan, StepRecord
from dangjian.recruitment.progress import add_months

HISTORY_YEARS = 5
NEW_FILES_PER_MEMBER = 0.09
MIN_NEW_FILES = 8
# Days from the application to each step of a file that keeps every rule (06: reports R and
# assessments A every quarter / half year while an activist). Gaps stay inside the shortest
# calendar spans (three months can be 89 days, six 181, twelve 365).
SCHEDULE = [
    ("02", 14), ("03", 180), ("04", 186), ("05", 186), ("06R", 268), ("06R", 356), ("06A", 358), ("06R", 444),
    ("06R", 532), ("06A", 536), ("07", 550), ("08", 556), ("09", 560), ("10", 580), ("11", 600), ("12", 625),
    ("13", 640), ("14", 650), ("15", 660), ("16", 680),
]
MEETING_DAY = dict(SCHEDULE)["15"]
LAST_DAY = SCHEDULE[-1][1]
UNITS = ["语文教师", "数学教师", "英语教师", "物理教师", "化学教师", "道德与法治教师", "体育教师", "班主任", "教务处干事", "团委书记"]
LATE_TALK_REASON = "申请人寒假期间外出培训，开学后安排谈话"
LATE_TALK_SHARE = 0.12
FAILED_VOTE_SHARE = 0.05        # of the applicants' files that reach the 支部大会
STALLED_SHARE = 0.3
# Files per open_files call: the batch's steps and audit entries are held in memory until written.
BATCH = 2000
SEED_000_PLAN = "学校党建工作计划：强化支部常规，创建特色支部，发展党员10名"


@dataclass
class RecruitmentCounts:
    files: int = 0
    member_files: int = 0
    steps: int = 0
    stopped: int = 0
    late_with_reason: int = 0
    plans: int = 0
    refused: int = 0


def write_recruitment(scale: str, today: datetime.date, seed: int) -> RecruitmentCounts:
    rng = random.Random(f"{seed}:recruitment")
    counts = RecruitmentCounts()
    people = _FullMembers()
    _member_files(today, rng, people, counts)
    _new_files(today, rng, people, counts)
    _plans(today, rng, counts)
    return counts


class _FullMembers:
    """The full members of each branch (for 培养联系人, 入党介绍人 and the vote), read once."""

    def __init__(self):
        self.by_org: dict[int, list[tuple[int, datetime.date]]] = defaultdict(list)
        for org_id, pk, confirmed in (Member.objects.filter(status=MemberStatus.FULL, standing=Standing.NORMAL)
                                      .order_by("org_id", "joined_on", "pk")
                                      .values_list("org_id", "pk", "confirmed_on")):
            self.by_org[org_id].append((pk, confirmed))

    def two_before(self, org_id: int, day: datetime.date, rng, exclude: int = 0) -> list[int]:
        """Two members of the branch confirmed before `day`: full members at every later step."""
        pool = [pk for pk, confirmed in self.by_org.get(org_id, [])[:40] if confirmed and confirmed < day and pk != exclude]
        return rng.sample(pool, 2) if len(pool) >= 2 else []

    def vote(self, org_id: int, rng, *, fails: bool = False) -> dict:
        should = max(1, len(self.by_org.get(org_id, [])))
        attended = should - rng.randrange(0, min(3, (should - 1) // 2) + 1)   # always more than half
        yes = should // 2 if fails else attended
        return {"should_attend": should, "attended": attended, "written": 0, "yes": yes, "no": attended - yes,
                "abstain": 0}


def _count(file, items: list[dict], counts: RecruitmentCounts) -> None:
    """What a file added: its steps (01 and `items`), late ones with their reasons, an end."""
    counts.steps += 1 + len(items)
    counts.late_with_reason += sum(1 for item in items if item.get("reason"))
    counts.stopped += file.state == "stopped"


def _early_steps(org_id, applied, extra, mentors, rng, *, until: datetime.date, fails=False, late_talk=False,
                 people=None) -> list[dict]:
    """Steps 02–16 on the schedule up to `until` (all but 02 moved `extra` days later: a longer
    wait before becoming an activist); a 支部大会 that does not pass ends the list."""
    items = []
    for code, offset in SCHEDULE:
        day = applied + datetime.timedelta(days=offset + (0 if code == "02" else extra))
        item = {"step": code[:2], **_facts(code, mentors, rng)}
        if code == "02" and late_talk:
            day += datetime.timedelta(days=31)
            item["reason"] = LATE_TALK_REASON
        if code == "12":
            start = day - datetime.timedelta(days=20)
            item.update(publicity_start=start, publicity_end=add_working_days(start, 5))
            day = max(day, item["publicity_end"] + datetime.timedelta(days=1))
        if code == "15":
            item["vote"] = people.vote(org_id, rng, fails=fails)
        if day > until:
            break
        items.append({**item, "occurred_on": day})
        if code == "15" and fails:
            break
    return items


def _facts(code, mentors, rng) -> dict:
    if code == "02":
        return {"talker": "组织委员"}
    if code == "03":
        return {"recommendation": rng.choice(["members", "youth_league", "both"]), "decided_by": "committee_meeting"}
    if code == "05":
        return {"mentors": mentors}
    if code.startswith("06"):
        return {"kind": "assessment" if code == "06A" else "report"}
    if code == "07":
        return {"opinions": True, "decided_by": "committee_meeting"}
    if code == "09":
        return {"sponsors": mentors}
    if code == "10":
        return {"conclusion": "pass"}
    if code == "11":
        return {"training_days": 3, "training_hours": 24}
    if code == "16":
        return {"talker": "教育党工委组织员"}
    return {}


# --- the members admitted in the last five years -------------------------------------------

def _member_files(today, rng, people: _FullMembers, counts: RecruitmentCounts) -> None:
    window_start = add_months(today, -12 * HISTORY_YEARS)
    admitted = list(Member.objects.filter(joined_on__gte=window_start, probation_extended_to__isnull=True)
                    .order_by("joined_on", "pk"))
    first_org = {}
    for member_id, org_id in (Membership.objects.filter(member__in=[m.pk for m in admitted])
                              .order_by("member_id", "-started_on").values_list("member_id", "org_id")):
        first_org[member_id] = org_id   # the earliest period wins (ordered latest first)
    orgs = PartyOrg.objects.in_bulk(set(first_org.values()))
    specs = []
    for member in admitted:
        org_id = first_org.get(member.pk)
        if org_id is not None:
            spec = _member_file(member, orgs[org_id], today, rng, people)
            if spec is not None:
                specs.append(spec)
    # One batch call per slice of the paper files: opened and every step judged by the same rules
    # as open_file_for_member, each file all or nothing.
    for start in range(0, len(specs), BATCH):
        chunk = specs[start:start + BATCH]
        for spec, result in zip(chunk, open_files(chunk), strict=True):
            if isinstance(result, RuleViolation):
                # A member record the rules cannot reproduce: no file rather than a wrong one (the
                # demo tests require none at the school and county scales).
                counts.refused += 1
                continue
            counts.files += 1
            counts.member_files += 1
            _count(result, spec.steps, counts)


def _member_file(member: Member, org: PartyOrg, today, rng, people) -> FileSpec | None:
    """The paper file of a member admitted within the window, steps and all; None for a record
    the schedule cannot reproduce."""
    org_id = org.pk
    joined = member.joined_on
    ends = add_months(joined, 12)
    if member.status == MemberStatus.FULL and (member.confirmed_on is None or member.confirmed_on < ends):
        return None  # a record the 转正 rules cannot reproduce (confirmed before the year was up)
    room = (joined - add_months(member.birth_date, 18 * 12)).days - MEETING_DAY - 1
    if room < 0:
        return None
    extra = rng.randint(0, min(room, 240))
    applied = joined - datetime.timedelta(days=MEETING_DAY + extra)
    mentors = people.two_before(org_id, applied, rng, exclude=member.pk)
    approval_notice = (joined + datetime.timedelta(days=1), add_working_days(joined + datetime.timedelta(days=1), 5))
    approved_on = max(joined + datetime.timedelta(days=rng.randint(15, 40)), approval_notice[1] + datetime.timedelta(days=1))
    if not mentors or approved_on > today:
        return None
    late_talk = rng.random() < LATE_TALK_SHARE
    # The 支部大会 is on the member's 入党日期: the schedule's day 660 from the application.
    items = _early_steps(org_id, applied, extra, mentors, rng, until=joined, late_talk=late_talk, people=people)
    items += _later_steps(org_id, member, joined, ends, approved_on, approval_notice, today, rng, people)
    return FileSpec(org=org, name=member.name, id_number=member.get_id_number(), applied_on=applied,
                    unit=rng.choice(UNITS), note="补录：入党前的发展材料", member=member, steps=items)


def _later_steps(org_id, member, joined, ends, approved_on, notice, today, rng, people) -> list[dict]:
    """16–25 after the 支部大会: talk, approval, probation with quarterly reports, 转正 (on the
    member's record, for those already confirmed) and 归档 — each only once its day has come."""
    steps = [("16", joined + datetime.timedelta(days=5), {"talker": "教育党工委组织员"}),
             ("17", approved_on, {"approved": True, "publicity_start": notice[0], "publicity_end": notice[1]}),
             ("18", approved_on + datetime.timedelta(days=7), {}),
             ("19", approved_on + datetime.timedelta(days=7), {}),
             ("20", approved_on + datetime.timedelta(days=10), {})]
    report = joined + datetime.timedelta(days=85)
    while report <= ends - datetime.timedelta(days=21):
        if report > approved_on + datetime.timedelta(days=10):
            steps.append(("21", report, {"kind": "report"}))
        report += datetime.timedelta(days=85)
    steps.append(("22", ends - datetime.timedelta(days=20), {}))
    if member.status == MemberStatus.FULL:
        start = ends + datetime.timedelta(days=1)
        end = add_working_days(start, 5)
        decided = max(member.confirmed_on, end + datetime.timedelta(days=1), ends + datetime.timedelta(days=20))
        steps += [("23", ends, {"outcome": "confirm", "vote": None}),
                  ("24", decided, {"publicity_start": start, "publicity_end": end}),
                  ("25", decided + datetime.timedelta(days=10), {})]
    steps.sort(key=lambda s: s[1])
    items = []
    for code, day, facts in steps:
        if day > today:
            break
        if code == "23":
            facts = {**facts, "vote": people.vote(org_id, rng)}
        items.append({"step": code, "occurred_on": day, **facts})
    return items


# --- people who are not members yet ---------------------------------------------------------

def _branches(count: int, rng: random.Random) -> list[PartyOrg]:
    """Branches with enough full members to hold a 支部大会, the demo secretary's first."""
    full = Q(members__status=MemberStatus.FULL, members__standing=Standing.NORMAL)
    rows = list(PartyOrg.objects.filter(kind__in=BRANCH_KINDS, is_active=True)
                .annotate(full=Count("members", filter=full)).filter(full__gte=5).order_by("path"))
    own = Position.objects.filter(user__username="secretary_a").values_list("org_id", flat=True).first()
    first = [o for o in rows if o.pk == own]
    others = [o for o in rows if o.pk != own]
    rng.shuffle(others)
    return (first + others)[:max(1, count // 3)]


def _id_number(rng: random.Random, birth: datetime.date, male: bool) -> str:
    seq = 2 * rng.randrange(499) + (1 if male else 2)
    first17 = f"450103{birth:%Y%m%d}{seq:03d}"
    return first17 + id_check_char(first17)


def _new_files(today, rng, people: _FullMembers, counts: RecruitmentCounts) -> None:
    picker = NamePicker(rng)
    total = max(MIN_NEW_FILES, round(Member.objects.count() * NEW_FILES_PER_MEMBER))
    branches = _branches(total, rng)
    drafts, specs = [], []
    for i in range(total):
        org = branches[i % len(branches)]
        # The file's progress: how many days since the application (past the last step for a few).
        applied = today - datetime.timedelta(days=rng.randrange(5, LAST_DAY + 40))
        male = rng.random() < 0.45
        birth = datetime.date(rng.randrange(1988, 2003), rng.randrange(1, 13), rng.randrange(1, 29))
        mentors = people.two_before(org.pk, applied, rng)
        # About a third of the files stalled some months ago: their next deadline has passed.
        stalled = rng.random() < STALLED_SHARE
        until = today - datetime.timedelta(days=rng.randrange(100, 300)) if stalled else today
        items = _early_steps(org.pk, applied, 0, mentors, rng, until=until, fails=rng.random() < FAILED_VOTE_SHARE,
                             late_talk=rng.random() < LATE_TALK_SHARE, people=people) if mentors else []
        drafts.append((org, applied, male, birth, items))
        specs.append(_applicant(drafts[-1], picker, rng))
    # Each round opens the files in batch calls; a person whose drawn ID is taken (the same ID
    # drawn twice) gets a new name and ID in the next round, up to five attempts as before.
    for _attempt in range(5):
        again = []
        for start in range(0, len(specs), BATCH):
            chunk = specs[start:start + BATCH]
            for spec, draft, result in zip(chunk, drafts[start:start + BATCH], open_files(chunk), strict=True):
                if isinstance(result, RuleViolation):
                    if result.code == "duplicate":
                        again.append(draft)
                    else:
                        counts.refused += 1   # the demo tests require none
                    continue
                counts.files += 1
                _count(result, spec.steps, counts)
        drafts = again
        if not drafts:
            break
        specs = [_applicant(draft, picker, rng) for draft in drafts]


def _applicant(draft, picker: NamePicker, rng: random.Random) -> FileSpec:
    org, applied, male, birth, items = draft
    return FileSpec(org=org, name=picker.person(male=male), applied_on=applied, id_number=_id_number(rng, birth, male),
                    unit=rng.choice(UNITS), steps=items)


# --- the annual plans ---------------------------------------------------------------------------

def _plans(today, rng, counts: RecruitmentCounts) -> None:
    """Each county committee's plan for the five years and this one, and this year's plan of
    every school-level organization that admitted someone last year: from the admissions (17)
    the files show, a little above or below what was done."""
    done = defaultdict(int)   # (org path prefix, year) -> approvals
    # The counties' committees are the lowest 教育党工委 (under the city's, or the province's and a city's).
    depth = PartyOrg.objects.filter(kind=OrgKind.EDUCATION_COMMITTEE).aggregate(depth=Max("depth"))["depth"]
    counties = list(PartyOrg.objects.filter(depth=depth, kind=OrgKind.EDUCATION_COMMITTEE).order_by("path"))
    schools = list(PartyOrg.objects.filter(depth=depth + 1, is_active=True).order_by("path"))
    for path, day in StepRecord.objects.filter(code="17", passed=True).values_list("file__org__path", "occurred_on"):
        for length in (PartyOrg.steplen * depth, PartyOrg.steplen * (depth + 1)):
            done[(path[:length], day.year)] += 1
    school_plans = []
    own = Position.objects.filter(user__username="secretary_a").values_list("org__path", flat=True).first() or ""
    for school in schools:
        last_year = done[(school.path, today.year - 1)]
        if own.startswith(school.path):
            school_plans.append({"org": school, "year": today.year, "admitted": 10, "basis": SEED_000_PLAN})
        elif last_year:
            school_plans.append({"org": school, "year": today.year,
                                 "admitted": max(1, round(last_year * rng.uniform(0.8, 1.3))),
                                 "basis": "党组织年度工作计划"})
    plans = []   # set together through set_plans: set_plan's checks for each, one write for all
    for county in counties:
        # This year's county plan covers at least what its schools plan (the county's page and the
        # panorama read the county's own plan as the subtree's target): a county planning one
        # admission above a school planning ten read as "200 % done" beside "20 %".
        schools_plan = sum(p["admitted"] for p in school_plans if p["org"].path.startswith(county.path))
        for year in range(today.year - HISTORY_YEARS, today.year + 1):
            basis = (done[(county.path, year - 1)] if year == today.year else done[(county.path, year)])
            if basis:
                admitted = max(1, round(basis * rng.uniform(0.9, 1.2)))
                activists = round(basis * rng.uniform(1.2, 1.6))
                if year == today.year:
                    admitted = max(admitted, schools_plan)
                plans.append({"org": county, "year": year, "admitted": admitted, "activists": activists,
                              "basis": f"{county.name}{year}年党建工作要点"})
    plans += school_plans
    counts.plans = len(services.set_plans(plans))
    assert DevelopmentPlan.objects.count() == counts.plans
