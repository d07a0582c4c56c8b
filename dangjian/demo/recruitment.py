"""发展党员 files for the demo, at every stage from the application to the 上级党委's talk, each
step recorded through dangjian.recruitment.services (open_file, record_step) so that the demo
obeys the same rules as a secretary: one full year as activist, the 公示 in working days, the
支部大会's quorum and majority, and late steps only with a reason.

The files stop before the higher committee's approval (step 17): approval admits a new member,
and the members demo already holds its own probationary members with their five-year history.
Drawn from its own random stream; a fixed number of files per scale keeps seeding fast (each
step is a service call).
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.db.models import Count, Q

from dangjian.core.errors import RuleViolation
from dangjian.core.validators import id_check_char
from dangjian.core.workdays import add_working_days
from dangjian.demo.names import NamePicker
from dangjian.members.models import Member, MemberStatus, Standing
from dangjian.orgs.models import BRANCH_KINDS, PartyOrg, Position
from dangjian.recruitment import services
from dangjian.recruitment.models import FileState

FILES_PER_SCALE = {"school": 8, "county": 30, "city": 40}
# Days from the application to each step of a file that keeps every rule (06: reports R and
# assessments A every quarter / half year while an activist).
# Gaps stay inside the shortest calendar spans (three months can be 89 days, six 181, twelve 365).
SCHEDULE = [
    ("02", 14), ("03", 180), ("04", 186), ("05", 186), ("06R", 268), ("06R", 356), ("06A", 358), ("06R", 444),
    ("06R", 532), ("06A", 536), ("07", 550), ("08", 556), ("09", 560), ("10", 580), ("11", 600), ("12", 625),
    ("13", 640), ("14", 650), ("15", 660), ("16", 680),
]
LAST_DAY = SCHEDULE[-1][1]
UNITS = ["语文教师", "数学教师", "英语教师", "物理教师", "化学教师", "道德与法治教师", "体育教师", "班主任", "教务处干事", "团委书记"]
LATE_TALK_REASON = "申请人寒假期间外出培训，开学后安排谈话"


@dataclass
class RecruitmentCounts:
    files: int = 0
    steps: int = 0
    stopped: int = 0
    late_with_reason: int = 0


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


def write_recruitment(scale: str, today: datetime.date, seed: int) -> RecruitmentCounts:
    rng = random.Random(f"{seed}:recruitment")
    picker = NamePicker(rng)
    counts = RecruitmentCounts()
    total = FILES_PER_SCALE.get(scale, 8)
    branches = _branches(total, rng)
    for i in range(total):
        org = branches[i % len(branches)]
        # The file's progress: how many days since the application (past the last step for a few).
        age = rng.randrange(5, LAST_DAY + 40)
        applied = today - datetime.timedelta(days=age)
        male = rng.random() < 0.45
        birth = datetime.date(rng.randrange(1988, 2003), rng.randrange(1, 13), rng.randrange(1, 29))
        for _attempt in range(5):
            try:
                file = services.open_file(org=org, name=picker.person(male=male), applied_on=applied,
                                          id_number=_id_number(rng, birth, male), unit=rng.choice(UNITS))
                break
            except RuleViolation:  # the same ID drawn twice: draw again
                continue
        else:
            continue
        counts.files += 1
        counts.steps += 1 + _walk(file, org, applied, today, rng, counts)
    return counts


def _walk(file, org, applied, today, rng, counts) -> int:
    members = list(Member.objects.filter(org=org, status=MemberStatus.FULL, standing=Standing.NORMAL,
                                         confirmed_on__lt=applied).order_by("joined_on", "pk")
                   .values_list("pk", flat=True)[:6])
    should = Member.objects.filter(org=org, status=MemberStatus.FULL, standing=Standing.NORMAL).count()
    if len(members) < 2:
        return 0
    mentors = rng.sample(members, 2)
    late_talk = rng.random() < 0.15
    fails = rng.random() < 0.25          # of the files that reach the 支部大会
    # About a third of the files stalled some months ago: their next deadline has passed (the red of
    # the board and the due list).
    cutoff = today - datetime.timedelta(days=rng.randrange(100, 300)) if rng.random() < 0.3 else today
    recorded = 0
    for code, offset in SCHEDULE:
        day = applied + datetime.timedelta(days=offset + (30 if late_talk and code == "02" else 0))
        facts, reason = _facts(code, day, mentors, should, fails, rng), None
        if code == "12":
            start = day - datetime.timedelta(days=20)
            end = add_working_days(start, 5)
            facts.update(publicity_start=start, publicity_end=end)
            day = max(day, end + datetime.timedelta(days=1))
        if day > cutoff:
            break
        if late_talk and code == "02":
            reason = LATE_TALK_REASON
            counts.late_with_reason += 1
        services.record_step(file, code[:2], {**facts, "occurred_on": day}, None, reason)
        recorded += 1
        file.refresh_from_db(fields=["state"])
        if file.state != FileState.OPEN:
            counts.stopped += 1
            break
    return recorded


def _facts(code, day, mentors, should, fails, rng) -> dict:
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
    if code == "15":
        attended = should - rng.randrange(0, min(3, should // 2))
        yes = should // 2 if fails else attended
        return {"vote": {"should_attend": should, "attended": attended, "written": 0, "yes": yes,
                         "no": attended - yes, "abstain": 0}}
    if code == "16":
        return {"talker": "教育党工委组织员"}
    return {}
