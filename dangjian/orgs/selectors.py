"""Reads over the organization tree, in bulk: a fixed number of queries per page whatever
the size of the subtree (ARCHITECTURE.md pattern 7)."""

from __future__ import annotations

import datetime
import os
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, F, Q

from dangjian.core.roles import COMMITTEE_POSTS, Post
from dangjian.orgs.hooks import member_count_rows
from dangjian.orgs.models import SCHOOL_ORG_KINDS, OrgKind, Ownership, PartyOrg, Position, School
from dangjian.orgs.rules import TERM_YEARS, Finding, OrgFacts, check_structure, term_status, term_warning_days


def _ancestor_paths(path: str, steplen: int = PartyOrg.steplen):
    return (path[:i] for i in range(steplen, len(path) + 1, steplen))


def roots_holding(roots: dict[str, int], path: str) -> list[int]:
    """The ids of the organizations in `roots` (path → id) whose subtree holds the organization at
    `path`: a read over several subtrees at once gives each row to its subtree(s)."""
    return [roots[ancestor] for ancestor in _ancestor_paths(path) if ancestor in roots]


def member_counts_by_path(root_path: str) -> dict[str, tuple[int, int]]:
    """(members, full members) of every organization in the subtree, counting descendants."""
    rows = member_count_rows(root_path)
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        for ancestor in _ancestor_paths(row["org__path"]):
            totals[ancestor][0] += row["total"]
            totals[ancestor][1] += row["full"]
    return {path: (t, f) for path, (t, f) in totals.items()}


def findings_for(orgs: list[PartyOrg], today: datetime.date | None = None) -> dict[int, list[Finding]]:
    """Structure findings for each organization in `orgs` (which may be a whole subtree)."""
    today = today or datetime.date.today()
    checked = [o for o in orgs if o.kind in TERM_YEARS]
    if not checked:
        return {}
    # The deepest node above all of them: its subtree is what the bulk queries below read.
    prefix = os.path.commonprefix([o.path for o in checked])
    common = prefix[: len(prefix) - len(prefix) % PartyOrg.steplen]
    counts = member_counts_by_path(common)
    ids = [o.id for o in checked]
    committee = Counter()
    secretaries = set()
    # With a shared root, a path prefix beats an IN list of thousands of ids (77 → 24 ms at city
    # scale, bench/run.py); rows outside `ids` are simply never looked up.
    where = {"org__path__startswith": common} if common else {"org_id__in": ids}
    school_where = {"party_org__path__startswith": common} if common else {"party_org_id__in": ids}
    for org_id, post in Position.objects.active_on(today).filter(post__in=COMMITTEE_POSTS, **where).values_list(
        "org_id", "post"
    ):
        committee[org_id] += 1
        if post == Post.SECRETARY:
            secretaries.add(org_id)
    schools = dict(
        School.objects.filter(**school_where).values("party_org_id").annotate(n=Count("id")).values_list("party_org_id", "n")
    )
    warning_days = term_warning_days()
    result = {}
    for org in checked:
        total, full = counts.get(org.path, (0, 0))
        facts = OrgFacts(org.kind, total, full, committee[org.id], org.id in secretaries, schools.get(org.id, 0),
                         org.term_end)
        result[org.id] = check_structure(facts, today, warning_days)
    return result


def term_counts(orgs, today: datetime.date) -> tuple[int, int]:
    """(terms ended without 换届, terms ending within the warning window) among `orgs`, judged by
    orgs.rules.term_status like the organization pages and the 换届 reminders."""
    states = [term_status(o.kind, o.term_end, today).state for o in orgs]
    return states.count("danger"), states.count("warning")


@dataclass
class Coverage:
    public_schools: int = 0
    public_covered: int = 0
    private_schools: int = 0
    private_covered: int = 0

    @staticmethod
    def _rate(part: int, whole: int) -> float | None:
        return round(100 * part / whole, 2) if whole else None

    @property
    def public_rate(self):
        return self._rate(self.public_covered, self.public_schools)

    @property
    def private_rate(self):
        return self._rate(self.private_covered, self.private_schools)

    @property
    def total_rate(self):
        return self._rate(self.public_covered + self.private_covered, self.public_schools + self.private_schools)


def schools_within(org: PartyOrg):
    """The schools under `org`: supervised by a committee in its subtree, or with their party
    organization there. Two spellings of the same set, chosen by the size of the answer: under an
    education committee (hundreds or thousands of schools) one pass over the table with an OR
    across the two joins is cheapest; under a school's own organization (one school) the OR would
    still scan every school (18 ms a query at province scale), so the two reaches are read as a
    UNION of two index lookups (measured at city scale: 3.3 -> 2.0 ms)."""
    reaches = (Q(supervisor__path__startswith=org.path), Q(party_org__path__startswith=org.path))
    if org.kind == OrgKind.EDUCATION_COMMITTEE:
        return School.objects.filter(reaches[0] | reaches[1])
    ids = [School.objects.filter(reach).order_by().values("pk") for reach in reaches]
    return School.objects.filter(pk__in=ids[0].union(ids[1]))


def _coverage_of(schools, covered: Q) -> Coverage:
    """Public and private `schools`, and those of them `covered`: one query."""
    agg = schools.aggregate(
        public=Count("id", filter=Q(ownership=Ownership.PUBLIC)),
        public_covered=Count("id", filter=Q(ownership=Ownership.PUBLIC) & covered),
        private=Count("id", filter=Q(ownership=Ownership.PRIVATE)),
        private_covered=Count("id", filter=Q(ownership=Ownership.PRIVATE) & covered),
    )
    return Coverage(agg["public"], agg["public_covered"], agg["private"], agg["private_covered"])


def coverage_for(org: PartyOrg) -> Coverage:
    """组织覆盖率 of the schools under `org`, separately for public and private schools."""
    return _coverage_of(schools_within(org), Q(party_org__isnull=False))


def coverage_on(org: PartyOrg, day: datetime.date) -> Coverage:
    """组织覆盖率 of the schools under `org` as it stood on `day`, from the schools' recorded
    dates: a school counts if it had opened by then, as covered if it had a party organization
    by then (School.opened_on, covered_on; an empty date is from before the records). Read over
    the schools as they belong now: a school that has lost its organization since `day` counts
    as uncovered (the change itself is in the audit log)."""
    opened = Q(opened_on__isnull=True) | Q(opened_on__lte=day)
    covered = Q(party_org__isnull=False) & (Q(covered_on__isnull=True) | Q(covered_on__lte=day))
    return _coverage_of(schools_within(org).filter(opened), covered)


@dataclass
class Opened:
    schools: int        # opened within the period
    with_org: int       # of which had their party organization from the day they opened (同步建立)


def opened_between(org: PartyOrg, start: datetime.date, end: datetime.date) -> Opened:
    """Schools under `org` opened after `start` up to `end`, and those among them covered from
    their first day (seed 001: 新建学校同步成立党组织)."""
    agg = schools_within(org).filter(opened_on__gt=start, opened_on__lte=end).aggregate(
        n=Count("id"), with_org=Count("id", filter=Q(party_org__isnull=False, covered_on=F("opened_on"))))
    return Opened(agg["n"], agg["with_org"])


def kind_counts(org: PartyOrg) -> dict[str, int]:
    # order_by(): the manager orders by path, which would otherwise split the GROUP BY per node.
    rows = PartyOrg.objects.within(org).filter(is_active=True).order_by().values("kind").annotate(n=Count("id"))
    counts = {row["kind"]: row["n"] for row in rows}
    return {label: counts.get(value, 0) for value, label in OrgKind.choices}


def school_orgs_within(org: PartyOrg) -> list[PartyOrg]:
    """The active school-level organizations (党委/总支/支部/联合支部) under `org`, in one query:
    the set the structure findings are checked over."""
    return list(PartyOrg.objects.within(org).filter(kind__in=SCHOOL_ORG_KINDS, is_active=True))


def school_roots(root: PartyOrg) -> dict[str, tuple[int, str]]:
    """path → (id, name) of the school-level organizations under `root` that are not inside
    another one (a school 党委's branches roll up to the 党委): one query."""
    orgs = list(PartyOrg.objects.filter(path__startswith=root.path, kind__in=SCHOOL_ORG_KINDS)
                .order_by("path").values_list("path", "id", "name"))
    roots: dict[str, tuple[int, str]] = {}
    last = None
    for path, org_id, name in orgs:
        if last is not None and path.startswith(last):
            continue
        roots[path] = (org_id, name)
        last = path
    return roots


def school_roots_of(root: PartyOrg) -> dict[str, tuple[int, str]]:
    """school_roots, kept on the `root` instance: the home page's to-do sources each fold their
    counts by school over the same organization, and ask once between them."""
    cached = getattr(root, "_school_roots", None)
    if cached is None:
        cached = root._school_roots = school_roots(root)
    return cached


def coverage_by_child(org: PartyOrg) -> list[tuple[str, Coverage]]:
    """Coverage per child education committee (区县) of `org`, in two queries whatever the
    number of schools; schools supervised by `org` itself are grouped as 本级直属."""
    children = list(
        PartyOrg.objects.filter(path__startswith=org.path, depth=org.depth + 1, kind=OrgKind.EDUCATION_COMMITTEE,
                                is_active=True).only("path", "name")
    )
    if not children:
        return []
    by_prefix = {child.path: Coverage() for child in children}
    direct = Coverage()
    cut = len(org.path) + PartyOrg.steplen
    rows = schools_within(org).values("supervisor__path", "ownership").annotate(
        n=Count("id"), covered=Count("id", filter=Q(party_org__isnull=False))
    )
    for row in rows:
        cov = by_prefix.get(row["supervisor__path"][:cut], direct)
        if row["ownership"] == Ownership.PUBLIC:
            cov.public_schools += row["n"]
            cov.public_covered += row["covered"]
        else:
            cov.private_schools += row["n"]
            cov.private_covered += row["covered"]
    result = [(child.name, by_prefix[child.path]) for child in children]
    if direct.public_schools or direct.private_schools:
        result.append(("本级直属", direct))
    return result


def coverage_by_school_type(org: PartyOrg) -> list[tuple[str, Coverage]]:
    """Coverage per school type (小学, 初中 …) under `org`, in one query: the breakdown a county
    committee, which has no sub-committees, looks at."""
    from dangjian.orgs.models import SchoolType

    by_type: dict[str, Coverage] = {}
    rows = schools_within(org).values("school_type", "ownership").annotate(
        n=Count("id"), covered=Count("id", filter=Q(party_org__isnull=False))
    )
    for row in rows:
        cov = by_type.setdefault(row["school_type"], Coverage())
        if row["ownership"] == Ownership.PUBLIC:
            cov.public_schools += row["n"]
            cov.public_covered += row["covered"]
        else:
            cov.private_schools += row["n"]
            cov.private_covered += row["covered"]
    return [(label, by_type[value]) for value, label in SchoolType.choices if value in by_type]


def narrow_orgs(queryset, *, within: PartyOrg | None = None, kind: str = "", q: str = ""):
    """The organization list's one filter definition (ARCHITECTURE.md pattern 5), shared by the
    page's filter form and the API. `queryset` is already scoped; this only narrows it."""
    if within is not None:
        queryset = queryset.filter(path__startswith=within.path)
    if kind:
        queryset = queryset.filter(kind=kind)
    if q:
        queryset = queryset.filter(Q(name__icontains=q) | Q(code__icontains=q))
    return queryset


def narrow_schools(queryset, *, within: PartyOrg | None = None, ownership: str = "", school_type: str = "",
                   county: str = "", has_org: bool | None = None, q: str = ""):
    """The school list's one filter definition, shared by the page and the API."""
    if within is not None:
        queryset = queryset.filter(Q(supervisor__path__startswith=within.path) | Q(party_org__path__startswith=within.path))
    for name, value in (("ownership", ownership), ("school_type", school_type), ("county", county)):
        if value:
            queryset = queryset.filter(**{name: value})
    if has_org is not None:
        queryset = queryset.filter(party_org__isnull=not has_org)
    if q:
        queryset = queryset.filter(Q(name__icontains=q) | Q(code__icontains=q))
    return queryset
