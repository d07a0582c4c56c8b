"""The committees' facts over a subtree (a county or the city) as of a date: what the 全景 page
shows and the committee's summary document prints, from one place.

Every figure is read through the selector its module page uses (the compliance table, the dues
collection sheet and arrears list, the development plan, the decisions oversight, the star
distribution and 软弱涣散 list, the rectification overview, the schools' coverage, the member
counts), over the whole subtree at once, then folded into units in Python: for a county its
schools (school-level organizations not inside another, plus the schools without one), for the
city its counties (plus the schools it supervises directly). No query per school or per county:
about thirty queries whatever the size of the subtree (test_panorama_facts guards it).

The totals are the selectors' own totals for the subtree (items of the committee itself count
there even though they belong to no unit), so a total equals the figure on the module page for
the same organization; the units add up to it when everything sits in a school.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from dangjian.appraisal.rules import rating as RR
from dangjian.appraisal.selectors import rating as rating_selectors
from dangjian.decisions import selectors as decision_selectors
from dangjian.dues import rules as DR
from dangjian.dues import selectors as dues_selectors
from dangjian.orglife import compliance as C
from dangjian.orglife import rules as OR
from dangjian.orgs import selectors as org_selectors
from dangjian.orgs.models import OrgKind, Ownership, PartyOrg
from dangjian.recruitment import selectors as recruitment_selectors
from dangjian.staff.selectors import register as staff_selectors
from dangjian.supervision.selectors import rectification as rect_selectors

ZERO = Decimal("0.00")


def _rate(part, whole, digits: int = 1) -> float | None:
    return round(100 * float(part) / float(whole), digits) if whole else None


@dataclass
class UnitFacts:
    """The figures of one unit (a school, a county) or of the whole subtree (`is_total`)."""

    key: str
    name: str
    org_id: int | None = None      # the school-level organization or the county committee
    path: str = ""
    is_county: bool = False
    is_total: bool = False
    schools: list[tuple[int, str]] = field(default_factory=list)   # (school id, name)
    # schools (学校信息)
    public_schools: int = 0
    private_schools: int = 0
    public_covered: int = 0
    private_covered: int = 0
    staff: int = 0
    teachers: int = 0
    students: int = 0
    # members
    members: int = 0
    full_members: int = 0
    # organizational life, this quarter: organizations owing some and those 良好 (rate ≥ GREEN_FROM)
    orglife_assessed: int = 0
    orglife_compliant: int = 0
    # dues, the last closed month
    dues_due_count: int = 0
    dues_paid_count: int = 0
    dues_due_amount: Decimal = ZERO
    dues_paid_amount: Decimal = ZERO
    arrears_3: int = 0             # members with ≥ 3 consecutive unpaid months (6+ included)
    arrears_6: int = 0             # members with ≥ 6
    # recruitment, this year: the plan (None: no plan names it) and what was done
    plan_admitted: int | None = None
    admitted: int = 0
    activists: int = 0
    candidates: int = 0
    # decisions oversight, this year
    decision_findings: int = 0     # large expenditures without a decision, overdue, not quorate, late
    decision_schools: int = 0      # schools with at least one finding
    # 评星定级 (the latest rated year) and 软弱涣散
    stars: int | None = None       # a school's own granted stars
    star_counts: dict[int, int] = field(default_factory=lambda: dict.fromkeys(range(RR.MAX_STARS + 1), 0))
    revoked: int = 0
    titles: int = 0                # 六好 (the standard's title awarded)
    weak: int = 0                  # 软弱涣散 still 整顿中
    # rectification
    rect_total: int = 0
    rect_open: int = 0
    rect_overdue: int = 0
    rect_closed: int = 0
    # filled by the page: each module's page for this unit's organization, and its own 全景
    links: dict[str, str] = field(default_factory=dict)
    drill: str = ""

    @property
    def schools_total(self) -> int:
        return self.public_schools + self.private_schools

    @property
    def covered(self) -> int:
        return self.public_covered + self.private_covered

    @property
    def coverage_rate(self) -> float | None:
        return _rate(self.covered, self.schools_total, 2)

    @property
    def public_rate(self) -> float | None:
        return _rate(self.public_covered, self.public_schools, 2)

    @property
    def private_rate(self) -> float | None:
        return _rate(self.private_covered, self.private_schools, 2)

    @property
    def probationary(self) -> int:
        return self.members - self.full_members

    @property
    def orglife_rate(self) -> float | None:
        return _rate(self.orglife_compliant, self.orglife_assessed)

    @property
    def dues_rate(self) -> float | None:
        """收缴率 by amount: paid of due (a month's 补交 included, as on the collection sheet)."""
        return _rate(self.dues_paid_amount, self.dues_due_amount)

    @property
    def dues_arrears_amount(self) -> Decimal:
        return self.dues_due_amount - self.dues_paid_amount

    @property
    def plan_share(self) -> int | None:
        return round(100 * self.admitted / self.plan_admitted) if self.plan_admitted else None

    @property
    def rated(self) -> int:
        return sum(self.star_counts.values()) + self.revoked

    @property
    def rect_closed_rate(self) -> float | None:
        return _rate(self.rect_closed, self.rect_total)

    @property
    def level(self) -> str:
        """The row's colour: overdue rectification, 软弱涣散 or arrears of 6 months are danger."""
        if self.rect_overdue or self.weak or self.arrears_6:
            return "danger"
        if self.decision_findings or self.arrears_3 or (self.orglife_rate is not None and self.orglife_rate < 100):
            return "warning"
        return "ok"


@dataclass
class CommitteeFacts:
    root: PartyOrg
    as_of: datetime.date
    quarter: OR.Period             # organizational life
    dues_month: datetime.date      # the last closed month
    year: int                      # recruitment plan, decisions oversight
    rating_year: int | None        # the latest year with granted ratings
    units: list[UnitFacts]
    total: UnitFacts
    kinds: dict[str, int]          # organizations by kind (label → count)
    has_plan: bool                 # any development plan of the year in the subtree

    @property
    def city(self) -> bool:
        return any(u.is_county for u in self.units)


class _Units:
    """Which unit a path of the subtree falls in: the school-level organizations for a county,
    the child committees for the city (direct schools and items go to the total only)."""

    def __init__(self, root: PartyOrg, counties: list[PartyOrg]):
        self.root = root
        self.by_path: dict[str, UnitFacts] = {}
        if counties:
            for county in counties:
                self.by_path[county.path] = UnitFacts(f"org:{county.pk}", county.name, county.pk, county.path,
                                                      is_county=True)
        else:
            for path, (org_id, name) in org_selectors.school_roots(root).items():
                self.by_path[path] = UnitFacts(f"org:{org_id}", name, org_id, path)
        self.lengths = sorted({len(p) for p in self.by_path})
        self.extra: list[UnitFacts] = []

    def of(self, path: str | None) -> UnitFacts | None:
        if not path:
            return None
        for n in self.lengths:
            unit = self.by_path.get(path[:n])
            if unit is not None:
                return unit
        return None

    def all(self) -> list[UnitFacts]:
        return [*sorted(self.by_path.values(), key=lambda u: u.path), *self.extra]


def _schools(root: PartyOrg, units: _Units, total: UnitFacts, counties: bool) -> None:
    """Schools by ownership and coverage, staff and students, per unit: one query. A school with
    no organization is its own unit in a county; for the city it counts in its county."""
    rows = org_selectors.schools_within(root).order_by("code").values_list(
        "id", "name", "ownership", "party_org__path", "supervisor__path", "staff_count", "teacher_count",
        "student_count")
    rows = list(rows)
    # 教职工 and 专任教师 from the staff register where a school keeps one, else the declared figures.
    register = staff_selectors.counts_by_school([row[0] for row in rows])
    direct = UnitFacts("direct", "本级直属")
    for school_id, name, ownership, org_path, supervisor_path, staff, teachers, students in rows:
        staff, teachers = register.get(school_id, (staff, teachers))
        unit = units.of(org_path) or (units.of(supervisor_path) if counties else None)
        if unit is None:
            if counties or org_path:
                unit = direct
            else:
                unit = UnitFacts(f"school:{school_id}", name)
                units.extra.append(unit)
        unit.schools.append((school_id, name))
        for target in (unit, total):
            public = ownership == Ownership.PUBLIC
            target.public_schools += public
            target.private_schools += not public
            target.public_covered += public and org_path is not None
            target.private_covered += (not public) and org_path is not None
            target.staff += staff
            target.teachers += teachers
            target.students += students
    if direct.schools:
        units.extra.append(direct)


def committee_facts(user, root: PartyOrg, as_of: datetime.date) -> CommitteeFacts:
    """The figures of `root`'s subtree as of `as_of`, per unit and in total. `user` is the one the
    page is shown to: figures whose module selectors are scoped by the user (development files,
    ratings, 软弱涣散) count what the user may see there, as on the module pages."""
    counties = list(PartyOrg.objects.filter(path__startswith=root.path, depth=root.depth + 1,
                                            kind=OrgKind.EDUCATION_COMMITTEE, is_active=True).order_by("path"))
    units = _Units(root, counties)
    total = UnitFacts("total", f"{root.name}合计", root.pk, root.path, is_total=True)
    _schools(root, units, total, bool(counties))
    paths = dict(PartyOrg.objects.filter(path__startswith=root.path).values_list("id", "path"))

    # members: active members per organization, counting descendants (the home page's counts)
    counts = org_selectors.member_counts_by_path(root.path)
    for unit in [*units.by_path.values(), total]:
        unit.members, unit.full_members = counts.get(unit.path, (0, 0))

    quarter = OR.period_of(as_of, OR.Frequency.QUARTERLY)
    _orglife(root, quarter, as_of, units, total)
    dues_month = dues_selectors.last_closed_month(as_of)
    _dues(root, dues_month, as_of, paths, units, total)
    year = as_of.year
    has_plan = _recruitment(user, root, year, units, total)
    _decisions(root, as_of, year, paths, units, total)
    rating_year = rating_selectors.latest_rated_year(user, root)
    _ratings(user, root, rating_year, units, total)
    _rectification(root, as_of, units, total)
    return CommitteeFacts(root, as_of, quarter, dues_month, year, rating_year, units.all(), total,
                          org_selectors.kind_counts(root), has_plan)


def _orglife(root, quarter, as_of, units: _Units, total: UnitFacts) -> None:
    """The compliance table's counts (orglife:compliance): organizations below the root owing
    organizational life this quarter, and those 良好."""
    for row in C.subtree_compliance(root, quarter, as_of):
        if row.org_id == root.pk or row.colour == "na":
            continue
        unit = units.of(row.path)
        for target in (unit, total) if unit else (total,):
            target.orglife_assessed += 1
            target.orglife_compliant += row.colour == "ok"


def _dues(root, month, as_of, paths, units: _Units, total: UnitFacts) -> None:
    rows, sheet_total = dues_selectors.collection_sheet(root, month)
    for row in rows:
        unit = units.of(paths.get(row.org_id))
        if unit is not None:
            unit.dues_due_count += row.due_count
            unit.dues_paid_count += row.paid_count
            unit.dues_due_amount += row.due_amount
            unit.dues_paid_amount += row.paid_amount
    total.dues_due_count, total.dues_paid_count = sheet_total.due_count, sheet_total.paid_count
    total.dues_due_amount, total.dues_paid_amount = sheet_total.due_amount, sheet_total.paid_amount
    for member in dues_selectors.arrears(root, today=as_of, minimum=DR.WARNING_MONTHS):
        unit = units.of(paths.get(member.org_id))
        for target in (unit, total) if unit else (total,):
            target.arrears_3 += 1
            target.arrears_6 += member.count >= DR.LAPSE_MONTHS


def _recruitment(user, root, year, units: _Units, total: UnitFacts) -> bool:
    """The plan page's figures (recruitment:plan): the plan of each next-level organization (its
    own, else its subtree's added up) against the files that passed the step this year."""
    summary = recruitment_selectors.plan_vs_actual(user, root, year)

    def fill(target: UnitFacts, part: dict) -> None:
        planned = part["planned"] or {}
        target.plan_admitted = planned.get("admitted")
        target.admitted = part["actual"]["admitted"]
        target.activists = part["actual"]["activists"]
        target.candidates = part["actual"]["candidates"]

    for row in summary["rows"]:
        unit = units.by_path.get(row["org"].path)
        if unit is not None:
            fill(unit, row)
    fill(total, summary)
    return summary["planned"] is not None


def _decisions(root, as_of, year, paths, units: _Units, total: UnitFacts) -> None:
    """The oversight page's findings (decisions:oversight, this year)."""
    for row in decision_selectors.oversight(root.path, as_of, datetime.date(year, 1, 1)):
        findings = row.undecided_large + row.overdue + row.non_quorate + row.closed_late
        unit = units.of(paths.get(row.org_id))
        for target in (unit, total) if unit else (total,):
            target.decision_findings += findings
            target.decision_schools += bool(row.problems)


def _ratings(user, root, year, units: _Units, total: UnitFacts) -> None:
    """评星定级 of the latest rated year (the dashboard's stars panel) and 软弱涣散 in 整顿."""
    if year is not None:
        dist = rating_selectors.star_distribution(user, root, year)
        total.star_counts, total.revoked, total.titles = dict(dist["stars"]), dist["revoked"], dist["titles"]
        rows = (rating_selectors.ratings_in(user, root, year=year)
                .filter(state__in=(RR.State.GRANTED, RR.State.REVOKED))
                .values_list("org__path", "stars", "state", "title_awarded"))
        for path, stars, state, title in rows:
            unit = units.of(path)
            if unit is None:
                continue
            if state == RR.State.REVOKED:
                unit.revoked += 1
            else:
                unit.star_counts[stars or 0] += 1
                unit.titles += title
                if path == unit.path and not unit.is_county:
                    unit.stars = stars or 0
    weak = rating_selectors.weak_in(user, root, state=RR.WeakState.RECTIFYING).values_list("org__path", flat=True)
    for path in weak:
        unit = units.of(path)
        for target in (unit, total) if unit else (total,):
            target.weak += 1


def _rectification(root, as_of, units: _Units, total: UnitFacts) -> None:
    """The rectification overview's rows (supervision:overview), per school, folded per unit."""
    result = rect_selectors.overview(root, as_of)
    for row in result.rows:
        unit = units.of(row.path)
        if unit is not None:
            unit.rect_total += row.total
            unit.rect_open += row.open
            unit.rect_overdue += row.overdue
            unit.rect_closed += row.closed
    t = result.total
    total.rect_total, total.rect_open, total.rect_overdue, total.rect_closed = t.total, t.open, t.overdue, t.closed
