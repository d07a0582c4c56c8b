"""Seed 001's figures that need more than the schools' sizes (schools.py): the coverage two years
back, and the members in service that the history takes off the roll.

Seed 001 (the city's 2023 summary): "全市公办中小学校党组织覆盖率由87%提高到100%，民办学校党组织
覆盖率由31.47%提高到90.3%" and "6所新建学校同步成立党组织". No whole number of the 447 private
schools of today makes 31.47 %, so the city had fewer private schools before: 135 covered of 429
is 31.47 %; of 1,754 public schools 1,526 covered is 87.00 %. Since then 10 public schools opened
(6 of them with their party organization the day they opened) and 18 private ones. Today: 1,764
public schools all covered, 404 of 447 private ones (90.38 %: no whole number of 447 rounds to
90.3 %; 404 is the nearest and is what the seed's figure, cut to one decimal, says).

Smaller scales keep the same shares. The plan marks which schools opened and which came under a
party organization within the period (`BEFORE_YEARS` back from today), and the dates: a school's
own organization founded within the period starts its first term that day; a school joining a
joint branch joins one that existed before (the branch keeps at least one school covered from
before the period). The system reads the figures back from School.opened_on and covered_on
(orgs.selectors.coverage_on).
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from dangjian.demo.people import MemberPlan, PeopleFactory
from dangjian.demo.schools import SchoolPlan
from dangjian.demo.tree import OrgNode, _add_years
from dangjian.members.models import ACTIVE_STANDINGS
from dangjian.orgs.models import NoOrgReason, OrgKind, Ownership
from dangjian.orgs.rules import TERM_YEARS

BEFORE_YEARS = 2
# Seed 001's city, before (BEFORE_YEARS back) and since.
CITY_PUBLIC, CITY_PRIVATE = 1_764, 447
PUBLIC_OPENED, OPENED_WITH_ORG, PRIVATE_OPENED = 10, 6, 18
PUBLIC_COVERED_BEFORE = (1_526, 1_754)     # 87.00 %
PRIVATE_COVERED_BEFORE = (135, 429)        # 31.47 %
NEW_ORG_MAX_MEMBERS = 30                   # organizations founded lately are the smaller ones


def before_day(today: datetime.date) -> datetime.date:
    """The day the "before" figures are of: BEFORE_YEARS back from today."""
    return _add_years(today, -BEFORE_YEARS)


@dataclass(frozen=True)
class CoverageTarget:
    public_opened: int           # public schools opened within the period
    opened_with_org: int         # of which with their party organization from the day they opened
    private_opened: int
    public_covered_before: int   # of the public schools open before the period
    private_covered_before: int


def coverage_target(public: int, private: int) -> CoverageTarget:
    """Seed 001's figures for a scale of `public` and `private` schools (exact at the city's)."""
    public_opened = round(PUBLIC_OPENED * public / CITY_PUBLIC)
    private_opened = round(PRIVATE_OPENED * private / CITY_PRIVATE)
    covered, of = PUBLIC_COVERED_BEFORE
    private_covered, private_of = PRIVATE_COVERED_BEFORE
    return CoverageTarget(
        public_opened, min(public_opened, round(OPENED_WITH_ORG * public / CITY_PUBLIC)), private_opened,
        round((public - public_opened) * covered / of), round((private - private_opened) * private_covered / private_of))


def _day_in(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    """A day after `start`, up to `end` (inclusive)."""
    return start + datetime.timedelta(days=rng.randint(1, max(1, (end - start).days)))


def _own_branch(s: SchoolPlan) -> bool:
    """A school with a plain branch of its own, small enough to have been founded lately."""
    return s.org is not None and s.org.kind == OrgKind.BRANCH and len(s.org.schools) == 1 and \
        s.members <= NEW_ORG_MAX_MEMBERS


def _late_joiners(schools: list[SchoolPlan]) -> list[SchoolPlan]:
    """Schools of joint branches that may have joined lately: all but the branch's first."""
    return [s for s in schools if s.org is not None and s.org.kind == OrgKind.JOINT_BRANCH and s.org.schools[0] is not s]


def _take(pool: list[SchoolPlan], n: int, taken: set[int], rng: random.Random) -> list[SchoolPlan]:
    free = [s for s in pool if id(s) not in taken]
    chosen = rng.sample(free, max(0, min(n, len(free))))
    taken.update(id(s) for s in chosen)
    return chosen


def plan_coverage_history(schools: list[SchoolPlan], rng: random.Random, today: datetime.date) -> CoverageTarget:
    """Opening and coverage dates for every school so that the coverage `before_day` back is
    seed 001's; the organizations founded within the period get their founding and first term.
    Runs after the tree is built and before the posts are planned (they follow the terms)."""
    before = before_day(today)
    free = [s for s in schools if not s.pinned]
    public = [s for s in free if s.ownership == Ownership.PUBLIC]
    private = [s for s in free if s.ownership == Ownership.PRIVATE]
    target = coverage_target(sum(s.ownership == Ownership.PUBLIC for s in schools),
                             sum(s.ownership == Ownership.PRIVATE for s in schools))
    taken: set[int] = set()
    # Opened within the period: public ones with a branch of their own from the first day, the
    # others joining a town's joint branch; private ones first those still 新建学校，正在组建.
    with_org = _take([s for s in public if _own_branch(s)], target.opened_with_org, taken, rng)
    public_new = with_org + _take(_late_joiners(public), target.public_opened - len(with_org), taken, rng)
    founding = [s for s in private if not s.covered and s.no_org_reason == NoOrgReason.NEWLY_FOUNDED]
    private_new = _take(founding, target.private_opened, taken, rng)
    private_joiners = _late_joiners(private)
    private_new += _take([s for s in private if _own_branch(s)] + private_joiners,
                         target.private_opened - len(private_new), taken, rng)
    opened = {id(s) for s in public_new + private_new}
    # Covered within the period: the new ones that are, then joint branches' late joiners, then
    # schools whose own branch was founded within it.
    newly = [s for s in public_new + private_new if s.covered]
    for ownership, joiners, covered_before in ((Ownership.PUBLIC, _late_joiners(public), target.public_covered_before),
                                               (Ownership.PRIVATE, private_joiners, target.private_covered_before)):
        n = sum(s.ownership == ownership and s.covered and id(s) not in opened for s in schools) - covered_before
        chosen = _take(joiners, n, taken, rng)
        newly += chosen + _take([s for s in free if s.ownership == ownership and _own_branch(s)], n - len(chosen),
                                taken, rng)
    _dates(schools, opened, {id(s) for s in with_org}, {id(s) for s in newly}, rng, before, today)
    return target


def _dates(schools, opened: set[int], with_org: set[int], newly: set[int], rng: random.Random,
           before: datetime.date, today: datetime.date) -> None:
    last = today - datetime.timedelta(days=1)
    for s in schools:
        if id(s) in opened:
            s.opened_on = _day_in(rng, before, today - datetime.timedelta(days=90))
        if not s.covered:
            s.covered_on = None
        elif id(s) in with_org:
            s.covered_on = s.opened_on
        elif id(s) in newly:
            start = max(before, s.opened_on) if s.opened_on else before
            s.covered_on = _day_in(rng, start + datetime.timedelta(days=29), last)
        else:
            s.covered_on = min(s.org.founded_on, before)
        if s.opened_on is None:
            # Before the period: public schools decades ago, private ones since the 1990s; never
            # after the organization that covers them.
            year = rng.randint(1952, 2005) if s.ownership == Ownership.PUBLIC else rng.randint(1996, 2019)
            day = datetime.date(year, rng.choice((3, 9)), 1)
            s.opened_on = min(day, s.covered_on or before, before)
        if id(s) in newly and s.org.kind != OrgKind.JOINT_BRANCH:
            _found(s.org, s.covered_on)


def _found(node: OrgNode, day: datetime.date) -> None:
    """An organization founded on `day`: its first term starts then (no 换届 is owed yet)."""
    node.founded_on = node.term_start = day
    node.term_end = _add_years(day, TERM_YEARS[node.kind])
    node.flaw = ""


def replace_departed(root: OrgNode, factory: PeopleFactory) -> list[MemberPlan]:
    """As many members in service as the history took off the roll (died, left, moved away),
    added where they left: the roll in service stays the scale's figure (seed 001's 22,375).
    Call after plan_history; then give them profiles and plan_plain_history."""
    added = []
    for node in list(root.walk()):
        for m in list(node.members):
            if not m.retiree and m.standing not in ACTIVE_STANDINGS:
                county = node.county()
                new = factory.member(county.code.removeprefix("JW"), probationary=False)
                new.org, new.group = node, m.group
                node.members.append(new)
                added.append(new)
    return added




@dataclass
class Figures:
    """Seed 001's figures as a plan gives them (what the system reads back once written)."""

    counties: int
    schools: int
    public: int
    private: int
    public_covered: int
    private_covered: int
    public_before: int
    public_covered_before: int
    private_before: int
    private_covered_before: int
    opened: int
    opened_with_org: int
    members_in_service: int

    @staticmethod
    def pct(part: int, whole: int) -> float | None:
        return round(100 * part / whole, 2) if whole else None


def figures(counties: list, schools: list[SchoolPlan], members: list[MemberPlan], today: datetime.date) -> Figures:
    before = before_day(today)

    def counts(ownership: str, day: datetime.date) -> tuple[int, int]:
        open_ = [s for s in schools if s.ownership == ownership and (s.opened_on is None or s.opened_on <= day)]
        return len(open_), sum(s.covered and (s.covered_on is None or s.covered_on <= day) for s in open_)

    public, public_covered = counts(Ownership.PUBLIC, today)
    private, private_covered = counts(Ownership.PRIVATE, today)
    opened = [s for s in schools if s.opened_on is not None and before < s.opened_on <= today]
    return Figures(
        len(counties), len(schools), public, private, public_covered, private_covered,
        *counts(Ownership.PUBLIC, before), *counts(Ownership.PRIVATE, before),
        len(opened), sum(s.covered and s.covered_on == s.opened_on for s in opened),
        sum(not m.retiree and m.standing in ACTIVE_STANDINGS for m in members))

