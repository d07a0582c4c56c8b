"""Reads of 述职评议: the weights in force for a round, the results of a subtree by county and
school, a secretary's history over the years. Every read starts from a scoped queryset."""

from __future__ import annotations

import datetime
import os
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from dangjian.appraisal.models import DutyEntry, DutyRound, DutySetting
from dangjian.appraisal.rules import duty_review as R
from dangjian.members.models import Member
from dangjian.orgs.models import OrgKind, PartyOrg


def ancestor_paths(path: str) -> list[str]:
    step = PartyOrg.steplen
    return [path[:i] for i in range(step, len(path) + 1, step)]


def setting_rows(org: PartyOrg) -> list[R.SettingRow]:
    """The settings of `org` and every committee above it (the ones that can apply to it)."""
    rows = DutySetting.objects.filter(org__path__in=ancestor_paths(org.path)).values_list(
        "org__path", "org__name", "source", "meeting_weight", "supervision_weight", "poll_weight", "good_min",
        "fairly_good_min", "average_min", "effective_from")
    return [R.SettingRow(*row) for row in rows]


def weights_for(org: PartyOrg, day: datetime.date) -> R.Weights:
    return R.weights_in_force(org.path, day, setting_rows(org))


def weights_of_round(round_: DutyRound) -> R.Weights:
    """A round's results are judged by the settings in force on its deadline for its committee."""
    return weights_for(round_.org, round_.deadline)


def entries_of(user, root: PartyOrg, *, year: int | None = None, kind: str = ""):
    qs = (DutyEntry.objects.visible_to(user).filter(org__path__startswith=root.path)
          .select_related("org", "round__org").order_by("round__year", "org__path"))
    if year:
        qs = qs.filter(round__year=year)
    if kind:
        qs = qs.filter(round__kind=kind)
    return qs


@dataclass
class CountyResult:
    name: str
    path: str
    due: int = 0
    submitted: int = 0
    late: int = 0
    assessed: int = 0
    grades: Counter = field(default_factory=Counter)
    scores: list[Decimal] = field(default_factory=list)
    rows: list[DutyEntry] = field(default_factory=list)

    @property
    def average(self) -> Decimal | None:
        if not self.scores:
            return None
        return (sum(self.scores) / len(self.scores)).quantize(R.TENTH)

    def grade_counts(self) -> list[tuple[str, int]]:
        return [(R.Grade(g).label, self.grades.get(g, 0)) for g in R.GRADES]


def results_by_county(user, root: PartyOrg, *, year: int, kind: str = "") -> list[CountyResult]:
    """The entries of a year under `root`, grouped by the education committee (区县) each school
    belongs to — the committee right below `root`, or `root` itself for its own schools — in
    two queries whatever the size of the subtree."""
    counties = list(PartyOrg.objects.filter(path__startswith=root.path, depth=root.depth + 1,
                                            kind=OrgKind.EDUCATION_COMMITTEE).order_by("path").values_list("path", "name"))
    groups = {path: CountyResult(name, path) for path, name in counties}
    own = CountyResult(f"{root.name}（直属）" if counties else root.name, root.path)
    cut = len(root.path) + PartyOrg.steplen
    for entry in entries_of(user, root, year=year, kind=kind):
        group = groups.get(entry.org.path[:cut], own)
        group.due += 1
        group.submitted += entry.submitted_on is not None
        group.late += entry.late
        if entry.composite is not None:
            group.assessed += 1
            group.scores.append(entry.composite)
            group.grades[entry.grade] += 1
        group.rows.append(entry)
    result = [g for g in groups.values() if g.due]
    if own.due:
        result.append(own)
    return result


def history_of(user, entry: DutyEntry) -> list[DutyEntry]:
    """The secretary's entries over the years, as far as the user may see them: by account where
    the secretary has one, else by name in the same organization."""
    qs = DutyEntry.objects.visible_to(user).select_related("org", "round__org")
    if entry.secretary_id:
        qs = qs.filter(secretary_id=entry.secretary_id)
    else:
        qs = qs.filter(secretary_name=entry.secretary_name, org=entry.org)
    return list(qs.order_by("-round__year", "round__kind", "org__path"))


def member_count(org: PartyOrg) -> int:
    """Members of the school organization (its branches included): those who may sit in the 党员大会."""
    return Member.objects.active().filter(org__path__startswith=org.path).count()


def member_counts(orgs: list[PartyOrg]) -> dict[int, int]:
    """member_count of each of `orgs` (school organizations, none inside another), in one read of
    the members' organization paths under their nearest common organization."""
    if not orgs:
        return {}
    paths = sorted(o.path for o in orgs)
    common = os.path.commonprefix(paths)
    common = common[:len(common) - len(common) % PartyOrg.steplen]
    by_path = {o.path: o.pk for o in orgs}
    found = dict.fromkeys(by_path.values(), 0)
    for path in Member.objects.active().filter(org__path__startswith=common).values_list("org__path", flat=True):
        for depth in range(len(path) // PartyOrg.steplen, 0, -1):
            org_id = by_path.get(path[:depth * PartyOrg.steplen])
            if org_id is not None:
                found[org_id] += 1
                break
    return found


def due_reports(user, today: datetime.date) -> list[DutyEntry]:
    """The entries whose secretary is `user` and whose report is not submitted yet (the to-do)."""
    return list(DutyEntry.objects.filter(secretary=user, submitted_on__isnull=True)
                .select_related("org", "round__org").order_by("round__deadline"))


def rounds_summary(rounds: list[DutyRound]) -> dict[int, dict[str, int]]:
    """Per round: due, submitted, late, assessed (one query)."""
    out: dict[int, dict[str, int]] = defaultdict(lambda: {"due": 0, "submitted": 0, "late": 0, "assessed": 0})
    for round_id, submitted, late, composite in DutyEntry.objects.filter(round__in=rounds).values_list(
            "round_id", "submitted_on", "late", "composite"):
        row = out[round_id]
        row["due"] += 1
        row["submitted"] += submitted is not None
        row["late"] += late
        row["assessed"] += composite is not None
    return out
