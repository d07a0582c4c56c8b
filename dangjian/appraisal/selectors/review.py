"""Reads of 民主评议党员: a round's roster, the rules in force for an organization, a member's
results, the subtree's statistics, and the selector other modules use for 评先评优."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Container
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet

from dangjian.appraisal.models import FollowUp, MemberGrade, ReviewOverride, ReviewRound, SelfReport
from dangjian.appraisal.rules import review as R
from dangjian.members.models import Member, MemberStatus, Standing
from dangjian.members.selectors import memberships_on, roster_as_of, status_on
from dangjian.orgs.models import PartyOrg, School


@dataclass
class RosterEntry:
    member: Member
    probationary: bool


def roster(round_: ReviewRound) -> list[RosterEntry]:
    """The members under review: in the branch on the 评议基准日, not suspended (停止党籍 takes
    no part in organizational life), with their status (正式 / 预备) on that day."""
    # roster_as_of decides; the periods in the branch that day only narrow the members it tests
    # (without them it tested all of the city's 25,000 for every round: 0.1 s a call).
    in_org = memberships_on(round_.as_of).filter(org_id=round_.org_id).values("member_id")
    members = (roster_as_of(Member.objects.filter(pk__in=in_org), round_.as_of).filter(org_on_day_id=round_.org_id)
               .exclude(standing=Standing.SUSPENDED).order_by("name_pinyin", "id"))
    return [RosterEntry(m, status_on(m, round_.as_of) == MemberStatus.PROBATIONARY) for m in members]


def override_rows(org: PartyOrg) -> list[R.OverrideRow]:
    """The overrides on `org` and every organization above it (the ones that can apply to it)."""
    step = PartyOrg.steplen
    ancestors = [org.path[:i] for i in range(step, len(org.path) + 1, step)]
    rows = ReviewOverride.objects.filter(org__path__in=ancestors)
    return [R.OverrideRow(path, name, percent, policy, since) for path, name, percent, policy, since in
            rows.values_list("org__path", "org__name", "excellent_percent", "probationary_policy", "effective_from")]


def rules_for(org: PartyOrg, day: datetime.date) -> R.ReviewRules:
    return R.rules_in_force(org.path, day, override_rows(org))


def self_report_counts(member_ids: list[int], year: int) -> dict[int, dict[str, bool]]:
    """Which of the year's reports each member has written (period → True)."""
    result: dict[int, dict[str, bool]] = defaultdict(dict)
    for member_id, period in SelfReport.objects.filter(member_id__in=member_ids, year=year).values_list(
            "member_id", "period"):
        result[member_id][period] = True
    return result


@dataclass
class MemberResult:
    year: int
    org_name: str
    grade: str
    grade_label: str
    note: str
    round_id: int
    state: str
    follow_ups: list = field(default_factory=list)

    @property
    def final(self) -> bool:
        return R.reached(self.state, R.Step.REPORTED)


def results_of(member: Member, *, reported_only: bool = True) -> list[MemberResult]:
    """A member's grades, newest year first. `reported_only`: only rounds past 上报并通报本人 — what
    the member may see of themselves (R_REPORT)."""
    grades = MemberGrade.objects.filter(member=member).select_related("round__org").order_by("-round__year")
    if reported_only:
        grades = grades.filter(round__state__in=[R.Step.REPORTED, R.Step.APPLIED])
    grades = grades.prefetch_related("follow_ups")
    return [MemberResult(g.round.year, g.round.org.name, g.grade, g.get_grade_display(), g.note, g.round_id,
                         g.round.state, list(g.follow_ups.all())) for g in grades]


def final_grades(member_ids, year: int) -> dict[int, str]:
    """评先评优 input: each member's grade of `year`, from rounds already reported. A member with
    no reported round of that year is absent from the answer (no grade is not 合格)."""
    rows = MemberGrade.objects.filter(member_id__in=list(member_ids), round__year=year,
                                      round__state__in=[R.Step.REPORTED, R.Step.APPLIED])
    return dict(rows.values_list("member_id", "grade"))


def eligible_for_honours(members: QuerySet[Member], year: int, *, grades=R.PASSING_GRADES) -> QuerySet[Member]:
    """The members (from an already scoped queryset) whose reported grade of `year` is one of
    `grades` (by default 优秀 or 合格): the selector 评先评优 uses. 基本合格 and 不合格 are out."""
    return members.filter(review_grades__round__year=year, review_grades__grade__in=list(grades),
                          review_grades__round__state__in=[R.Step.REPORTED, R.Step.APPLIED]).distinct()


@dataclass
class SchoolRow:
    org_id: int
    name: str
    path: str
    rounds: int = 0
    reported: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def graded(self) -> int:
        return sum(self.counts.values())

    def share(self, grade: str) -> float | None:
        return round(self.counts.get(grade, 0) * 100 / self.graded, 1) if self.graded else None


def school_org_of(path: str, school_paths: Container[str]) -> str | None:
    """The school organization a branch belongs to: the longest school org path above it (or its
    own). The path's own prefixes, longest first, looked up in the set: a handful of lookups a
    row, where comparing each row with every school took 11 million comparisons for a city
    (2,211 schools × 6,353 rows, 2.9 s of the year's 评星 automatic items)."""
    for end in range(len(path), 0, -PartyOrg.steplen):
        if path[:end] in school_paths:
            return path[:end]
    return None


def subtree_statistics(root: PartyOrg, year: int) -> tuple[list[SchoolRow], dict[str, int]]:
    """Grades per school in `root`'s subtree for `year`, and the totals. A school is its party
    organization (the one its School row names); each round counts under the school whose
    organization is above (or is) the round's branch. Three queries whatever the subtree's size."""
    schools = {path: SchoolRow(org_id, name, path) for org_id, name, path in School.objects.filter(
        party_org__path__startswith=root.path).values_list("party_org_id", "name", "party_org__path")}
    school_paths = schools.keys()
    for path, state in ReviewRound.objects.filter(org__path__startswith=root.path, year=year).values_list(
            "org__path", "state"):
        key = school_org_of(path, school_paths)
        if key is not None:
            schools[key].rounds += 1
            schools[key].reported += R.reached(state, R.Step.REPORTED)
    totals: dict[str, int] = defaultdict(int)
    for path, grade, count in (MemberGrade.objects.filter(
            round__org__path__startswith=root.path, round__year=year,
            round__state__in=[R.Step.REPORTED, R.Step.APPLIED])
            .values_list("round__org__path", "grade").annotate(n=Count("id")).order_by()):
        key = school_org_of(path, school_paths)
        if key is not None:
            schools[key].counts[grade] = schools[key].counts.get(grade, 0) + count
        totals[grade] += count
    rows = sorted(schools.values(), key=lambda r: r.path)
    return rows, dict(totals)


def open_follow_ups(queryset: QuerySet[FollowUp]) -> QuerySet[FollowUp]:
    """Open 改进 / 处置 tasks, soonest deadline first (from an already scoped queryset)."""
    return (queryset.filter(closed_on__isnull=True)
            .select_related("grade__member", "grade__round__org", "owner").order_by("deadline", "id"))
