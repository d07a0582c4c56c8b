"""Reads of the 组织生活会 / 民主生活会 process: the rules in force, who takes part, the leaders
whose 双重组织生活 is checked, the preparation checklist, the talks orglife counts, and the
subtree's list for the higher committee. Pages, the API, the documents and the services read
through these."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Q

from dangjian.core.errors import Rule
from dangjian.core.roles import Post
from dangjian.members.models import Member
from dangjian.members.selectors import memberships_on, roster_as_of
from dangjian.orglife import rules as orglife_rules
from dangjian.orglife.compliance import org_compliance
from dangjian.orglife.models import Attendance
from dangjian.orglife.services import Expected, expected_attendees
from dangjian.orgs.models import PartyOrg, Position
from dangjian.supervision.models.lifemeeting import LifeMeeting, LifeMeetingRule, ReviewMaterial, TalkPair
from dangjian.supervision.rules import lifemeeting as R

# --- rules in force --------------------------------------------------------------------------


def local_rows(org: PartyOrg) -> list[R.LocalRow]:
    """The local rules of `org` and every organization above it (by path: one query)."""
    prefixes = [org.path[:i] for i in range(PartyOrg.steplen, len(org.path) + 1, PartyOrg.steplen)]
    return [R.LocalRow(r.org.path, r.org.name, r.kind, r.report_days, r.observer_required, r.effective_from, r.document)
            for r in LifeMeetingRule.objects.filter(org__path__in=prefixes).select_related("org")]


def rules_for(org: PartyOrg, kind: str, day: datetime.date) -> R.InForce:
    return R.rules_in_force(kind, org.path, day, local_rows(org))


# --- people ----------------------------------------------------------------------------------


def meeting_day(life: LifeMeeting) -> datetime.date:
    """The day whose roster counts: the day it was held, or until then the planned day."""
    return life.held_on or life.planned_on


def participants(life: LifeMeeting, day: datetime.date | None = None) -> list[Expected]:
    """Who takes part, as orglife counts the attendees of the meeting's kind: the branch's members
    on the day (停止党籍 excepted) for a 组织生活会, the committee members for a 民主生活会."""
    return expected_attendees(life.org, life.kind, day or meeting_day(life))


def participant_ids(life: LifeMeeting, day: datetime.date | None = None) -> set[int]:
    return {e.member.pk for e in participants(life, day)}


@dataclass
class Leader:
    """A party member with a leading post (above the branch, on the school's 党委, or the
    principal) whose own branch this is: attends its 组织生活会 as an ordinary member."""

    member: Member
    posts: list[str] = field(default_factory=list)
    present: bool | None = None      # at the linked meeting: None until it is held
    absence: str = ""


LEADING_POSTS_ON_OWN_BRANCH = {Post.PRINCIPAL}


def branch_leaders(org: PartyOrg, day: datetime.date) -> list[Leader]:
    """Members of `org` on `day` holding a post elsewhere (a higher committee, the school's 党委
    or 党总支) or the principal's post — the 党员领导干部 of 双重组织生活, found from their
    membership, not from what anyone ticks."""
    roster = roster_as_of(Member.objects.all(), day).filter(org_on_day_id=org.pk)
    positions = (Position.objects.active_on(day).filter(member__in=roster)
                 .filter(~Q(org=org) | Q(post__in=LEADING_POSTS_ON_OWN_BRANCH)).select_related("org", "member")
                 .order_by("member__name", "org__path"))
    leaders: dict[int, Leader] = {}
    for position in positions:
        leader = leaders.setdefault(position.member_id, Leader(position.member))
        leader.posts.append(f"{position.org.name}{position.get_post_display()}")
    return list(leaders.values())


def leaders_with_attendance(life: LifeMeeting) -> list[Leader]:
    leaders = branch_leaders(life.org, meeting_day(life))
    if life.meeting_id:
        rows = {a.member_id: a for a in Attendance.objects.filter(meeting_id=life.meeting_id)}
        for leader in leaders:
            row = rows.get(leader.member.pk)
            if row is not None:
                leader.present = row.present
                leader.absence = "" if row.present else row.get_absence_reason_display()
    return leaders


@dataclass
class OwnBranch:
    """For a 民主生活会: a 班子 member's own branch (from the membership) and whether they took part
    in its 组织生活会 of the year — the other half of 双重组织生活."""

    member: Member
    branch: PartyOrg | None
    attended: bool | None   # None: the branch has held no 组织生活会 this year yet


def own_branches(life: LifeMeeting) -> list[OwnBranch]:
    people = [e.member for e in participants(life)]
    day = meeting_day(life)
    branch_of = dict(memberships_on(day).filter(member__in=people).values_list("member_id", "org_id"))
    orgs = PartyOrg.objects.in_bulk(set(branch_of.values()))
    held = set(Attendance.objects.filter(
        meeting__kind=orglife_rules.Kind.LIFE_MEETING, meeting__org_id__in=list(orgs), held_on__year=life.year)
        .values_list("meeting__org_id", flat=True))
    present = set(Attendance.objects.filter(
        meeting__kind=orglife_rules.Kind.LIFE_MEETING, member__in=people, present=True, held_on__year=life.year)
        .values_list("member_id", "meeting__org_id"))
    result = []
    for person in people:
        org_id = branch_of.get(person.pk)
        attended = None if org_id not in held else (person.pk, org_id) in present
        result.append(OwnBranch(person, orgs.get(org_id) if org_id else None, attended))
    return result


# --- talks -----------------------------------------------------------------------------------


def talks_between(root_path: str, start: datetime.date, end: datetime.date):
    """orglife's talk source (registered in SupervisionConfig.ready()): both people of each talk
    held between `start` and `end` in the subtree, with the organization of its meeting."""
    for org_id, talker, talkee in (TalkPair.objects.filter(
            life__org__path__startswith=root_path, held_on__gte=start, held_on__lte=end)
            .values_list("life__org_id", "talker_id", "talkee_id")):
        yield org_id, talker
        yield org_id, talkee


def lacking_talks(life: LifeMeeting, today: datetime.date) -> list[Member]:
    """Participants without a 谈心谈话 this year. For a branch this is orglife's own yearly check
    (每名党员谈心谈话: its 谈心谈话 records, and through the hook the talks held here); for a
    committee's 民主生活会, whose members belong to other branches, the talks held here."""
    people = [e.member for e in participants(life)]
    held = TalkPair.objects.filter(life=life, held_on__isnull=False).values_list("talker_id", "talkee_id")
    talked = {pk for pair in held for pk in pair}
    if life.kind == R.Kind.LIFE_MEETING:
        row = org_compliance(life.org, orglife_rules.period_of(datetime.date(life.year, 1, 1),
                                                                orglife_rules.Frequency.YEARLY), today)
        check = next((c for c in row.checks if c.kind == orglife_rules.PersonCheck.HEART_TALK_EACH), None) if row else None
        if check is not None:
            lacking = set(check.lacking)
            return [p for p in people if p.pk in lacking and p.pk not in talked]
    return [p for p in people if p.pk not in talked]


# --- the preparation checklist ---------------------------------------------------------------


@dataclass
class Check:
    code: str
    label: str
    done: bool
    detail: str
    rule: Rule

    @property
    def state(self) -> str:
        return "ok" if self.done else "warning"


def _names(people, limit: int = 8) -> str:
    names = [p.name for p in people]
    return "、".join(names[:limit]) + (f"等 {len(names)} 人" if len(names) > limit else "")


def missing_materials(life: LifeMeeting) -> tuple[list[Member], bool]:
    """Participants without an approved material, and whether the leadership's is missing (it is
    required for a 民主生活会)."""
    approved = ReviewMaterial.objects.filter(life=life, state=R.MaterialState.APPROVED)
    members = set(approved.filter(member__isnull=False).values_list("member_id", flat=True))
    people = [e.member for e in participants(life)]
    leadership_missing = (life.kind == R.Kind.LEADERSHIP_LIFE_MEETING
                          and not approved.filter(member__isnull=True).exists())
    return [p for p in people if p.pk not in members], leadership_missing


def readiness(life: LifeMeeting, today: datetime.date) -> list[Check]:
    """What the meeting needs before it is held (R_STUDY, R_OPINIONS, R_TALKS, R_MATERIALS): the
    service refuses to hold it while one is not done, naming the first such rule."""
    studies = life.studies.count()
    opinions = life.opinions.count()
    pairs = list(life.talks.all())
    open_pairs = [p for p in pairs if p.held_on is None]
    lacking = lacking_talks(life, today)
    missing, leadership_missing = missing_materials(life)
    talk_detail = (f"已完成 {len(pairs) - len(open_pairs)} / {len(pairs)} 对" if pairs else
                   "尚未计划谈心谈话" if lacking else "未另行安排；参会人员本年度均已谈心谈话")
    if lacking:
        talk_detail += f"；本年度尚无谈心谈话：{_names(lacking)}"
    material_detail = "每名参会人员的材料均已审核" if not missing else f"尚未审核：{_names(missing)}"
    if leadership_missing:
        material_detail += "；班子对照检查材料尚未审核"
    return [
        Check("study", "学习研讨", studies > 0, f"已登记 {studies} 次" if studies else "尚未登记学习研讨", R.R_STUDY),
        Check("opinions", "征求意见", opinions > 0 and bool(life.opinion_summary.strip()),
              (f"已征求 {opinions} 条" if opinions else "尚未登记征求到的意见")
              + ("，已汇总" if life.opinion_summary.strip() else "，尚未汇总"), R.R_OPINIONS),
        # done when no planned talk is left open and nobody lacks a talk this year (a talk of
        # orglife's own 谈心谈话 record counts: a branch of one member has no pair to plan)
        Check("talks", "谈心谈话", not open_pairs and not lacking, talk_detail, R.R_TALKS),
        Check("materials", "对照检查材料", not missing and not leadership_missing, material_detail, R.R_MATERIALS),
    ]


# --- lists -----------------------------------------------------------------------------------


def processes_within(user, root: PartyOrg, year: int):
    return (LifeMeeting.objects.visible_to(user).filter(org__path__startswith=root.path, year=year)
            .select_related("org", "meeting").order_by("org__path", "kind", "planned_on", "id"))


def orgs_owing(root: PartyOrg, kind: str):
    """The active organizations in the subtree that hold meetings of `kind`."""
    return PartyOrg.objects.filter(path__startswith=root.path, kind__in=R.ORG_KINDS[kind], is_active=True)
