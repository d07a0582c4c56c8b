"""The organization tree of the demo, planned in memory and written in bulk.

Shapes follow the rules module: a branch needs `BRANCH_MIN_FULL_MEMBERS` full members (fewer →
a joint branch of at most `JOINT_BRANCH_MAX_SCHOOLS` schools), more than
`COMMITTEE_MIN_MEMBERS` members → a 基层党委, `GENERAL_BRANCH_RANGE` → a 党总支; which kind may sit
under which is `orgs.services.ALLOWED_CHILDREN`. The writer computes treebeard's materialized
paths itself (`PartyOrg._get_path`, the same function `add_child` uses) so that thousands of
nodes go in with a few INSERTs; tests check the result with `PartyOrg.objects.find_problems()`.
"""

from __future__ import annotations

import datetime
import math
import random
from dataclasses import dataclass, field

from dangjian.demo import names
from dangjian.demo.people import MemberPlan, PeopleFactory
from dangjian.demo.schools import PROVINCE_NAME, PROVINCE_REGION, CountyPlan, Scale, SchoolPlan, cn_number
from dangjian.orgs.models import OrgKind, PartyOrg, SchoolType
from dangjian.orgs.rules import (
    BRANCH_MIN_FULL_MEMBERS,
    BRANCH_NORMAL_MAX_MEMBERS,
    COMMITTEE_MIN_MEMBERS,
    GENERAL_BRANCH_RANGE,
    JOINT_BRANCH_MAX_SCHOOLS,
    TERM_YEARS,
)
from dangjian.orgs.services import ALLOWED_CHILDREN

GROUPS_FROM = 10                 # branches of 10 members or more are split into 党小组
SUB_BRANCH_SIZE = {OrgKind.COMMITTEE: 35, OrgKind.GENERAL_BRANCH: 30}
# Share of school organizations that break a rule, so that the dashboard has findings to show.
FLAW_SHARES = {"expired": 0.025, "expiring": 0.05, "oversize_branch": 0.08}

SUB_BRANCH_NAMES = {
    SchoolType.COMPLETE: ("高中部", "初中部", "高三年级", "行政后勤", "高一年级", "高二年级"),
    SchoolType.SENIOR: ("高一年级", "高二年级", "高三年级", "行政后勤", "教研"),
    SchoolType.VOCATIONAL: ("机电专业部", "信息技术专业部", "财经商贸专业部", "公共基础部", "行政后勤"),
    SchoolType.NINE_YEAR: ("小学部", "初中部", "行政后勤", "综合"),
}
_DEFAULT_SUB_NAMES = ("第一", "第二", "第三", "第四", "第五", "第六")


@dataclass(eq=False)
class OrgNode:
    kind: str
    code: str
    name: str
    parent: OrgNode | None = None
    children: list[OrgNode] = field(default_factory=list)
    members: list[MemberPlan] = field(default_factory=list)  # direct members (branches only)
    schools: list[SchoolPlan] = field(default_factory=list)
    founded_on: datetime.date | None = None
    term_start: datetime.date | None = None
    term_end: datetime.date | None = None
    flaw: str = ""
    retiree_branch: bool = False
    is_county: bool = False   # a county's (区县) 教育党工委, above the school-level organizations
    id: int | None = None
    path: str = ""

    def add(self, kind: str, code: str, name: str, **extra) -> OrgNode:
        if kind not in ALLOWED_CHILDREN[self.kind]:
            raise ValueError(f"{OrgKind(self.kind).label}下不能设立{OrgKind(kind).label}（{code}）")
        child = OrgNode(kind, code, name, parent=self, **extra)
        self.children.append(child)
        return child

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def all_members(self) -> list[MemberPlan]:
        return [m for node in self.walk() for m in node.members]

    def county(self) -> OrgNode:
        """The county this node is in (itself for a county; the root for the root)."""
        node = self
        while node.parent is not None and not node.is_county:
            node = node.parent
        return node

    @property
    def is_school_level(self) -> bool:
        return self.parent is not None and self.parent.kind == OrgKind.EDUCATION_COMMITTEE \
            and self.kind != OrgKind.EDUCATION_COMMITTEE


def _shape(school: SchoolPlan, full: int, rng: random.Random) -> str:
    if not school.covered:
        return ""
    if full < BRANCH_MIN_FULL_MEMBERS:
        return OrgKind.JOINT_BRANCH
    if school.members > COMMITTEE_MIN_MEMBERS:
        return OrgKind.COMMITTEE
    if school.members >= GENERAL_BRANCH_RANGE[0] and school.members > BRANCH_NORMAL_MAX_MEMBERS:
        # A few schools just over 50 have not yet split their branch: a finding on the dashboard.
        return OrgKind.BRANCH if rng.random() < FLAW_SHARES["oversize_branch"] else OrgKind.GENERAL_BRANCH
    return OrgKind.BRANCH


def _fill_branch(node: OrgNode, members: list[MemberPlan], groups: int | None = None) -> None:
    """Members into the branch, and into 党小组 when the branch is big enough to need them."""
    node.members = members
    for m in members:
        m.org = node
    n = groups if groups is not None else (0 if len(members) < GROUPS_FROM else 2 if len(members) < 20
                                           else 3 if len(members) < 45 else 4)
    if not n:
        return
    stem = node.name.removesuffix("党支部").removesuffix("联合")
    size = math.ceil(len(members) / n)
    for k in range(n):
        group = node.add(OrgKind.GROUP, f"{node.code}-G{k + 1}", f"{stem}第{cn_number(k + 1)}党小组")
        for m in members[k * size:(k + 1) * size]:
            m.group = group


def _fill_split(node: OrgNode, school: SchoolPlan, members: list[MemberPlan]) -> None:
    """A 党委 or 党总支: members go into branches under it (retirees into their own branch)."""
    retirees = [m for m in members if m.retiree]
    working = [m for m in members if not m.retiree]
    if len(retirees) < BRANCH_MIN_FULL_MEMBERS:
        working, retirees = working + retirees, []
    n = max(2 if node.kind == OrgKind.GENERAL_BRANCH else 3, math.ceil(len(working) / SUB_BRANCH_SIZE[node.kind]))
    labels = SUB_BRANCH_NAMES.get(school.school_type, _DEFAULT_SUB_NAMES)
    size = math.ceil(len(working) / n)
    for k in range(n):
        label = labels[k] if k < len(labels) else f"第{cn_number(k + 1)}"
        branch = node.add(OrgKind.BRANCH, f"{node.code}-{k + 1:02d}", f"{school.name}{label}党支部")
        _fill_branch(branch, working[k * size:(k + 1) * size])
    if retirees:
        branch = node.add(OrgKind.BRANCH, f"{node.code}-{n + 1:02d}", f"{school.name}离退休党支部", retiree_branch=True)
        _fill_branch(branch, retirees)


def _joint_groups(candidates: list[SchoolPlan], full: dict[int, int], rng: random.Random) -> list[list[SchoolPlan]]:
    """Small schools of one county in joint branches: close a branch once it has enough full
    members (2–5 schools), never more than the rule's maximum."""
    groups: list[list[SchoolPlan]] = []
    current: list[SchoolPlan] = []
    for school in candidates:
        current.append(school)
        total = sum(full[id(s)] for s in current)
        enough = total >= BRANCH_MIN_FULL_MEMBERS and len(current) >= 2
        if len(current) == JOINT_BRANCH_MAX_SCHOOLS or (enough and rng.random() < 0.55):
            groups.append(current)
            current = []
    if current:
        if groups and len(groups[-1]) + len(current) <= JOINT_BRANCH_MAX_SCHOOLS:
            groups[-1].extend(current)
        else:
            if len(current) == 1 and groups and len(groups[-1]) > 2:
                # A "joint" branch of one school is no joint branch: borrow a neighbour.
                current.insert(0, groups[-1].pop())
            groups.append(current)
    return groups


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _set_term(node: OrgNode, rng: random.Random, today: datetime.date, warning_days: int) -> None:
    years = TERM_YEARS[node.kind]
    far = rng.randint(warning_days + 1, max(warning_days + 2, years * 365 - 30))
    soon = rng.randint(min(5, warning_days), max(5, warning_days - 5))
    late = rng.randint(10, 300)
    founded = datetime.date(rng.randint(1980, 2021), rng.randint(1, 12), 1)
    offset = {"expired": -late, "expiring": soon}.get(node.flaw, far)
    node.term_end = today + datetime.timedelta(days=offset)
    node.term_start = _add_years(node.term_end, -years)
    node.founded_on = min(founded, node.term_start)


def build_tree(counties: list[CountyPlan], scale: Scale, factory: PeopleFactory, rng: random.Random,
               today: datetime.date, warning_days: int, county_retirees: list[int]) -> OrgNode:
    if scale.cities > 1:
        # The province's 教育工委 above the cities' (schools.PROVINCE_CITIES), each above its counties.
        root = OrgNode(OrgKind.EDUCATION_COMMITTEE, f"JW{PROVINCE_REGION}", f"{PROVINCE_NAME}教育工委")
        cities: dict[int, OrgNode] = {}
        for county in counties:
            if county.city.index not in cities:
                cities[county.city.index] = root.add(OrgKind.EDUCATION_COMMITTEE, f"JW{county.city.region}",
                                                     f"{county.city.name}教育工委")
    else:
        root = OrgNode(OrgKind.EDUCATION_COMMITTEE, f"JW{names.CITY_REGION}", f"{names.CITY_NAME}教育工委")
    for county in counties:
        above = cities[county.city.index] if scale.cities > 1 else root
        node = above.add(OrgKind.EDUCATION_COMMITTEE, f"JW{county.region}", f"{county.name}教育党工委", is_county=True)
        county.org = node
        _build_county(node, county, factory, rng)
        if scale.county_retiree_branches:
            branch = node.add(OrgKind.BRANCH, f"{county.region}-LT01", f"{county.name}教育系统离退休教师党支部",
                              retiree_branch=True)
            people = [factory.member(county.region, retiree=True) for _ in range(county_retirees[county.index])]
            _fill_branch(branch, people)
    for node in root.walk():
        if node.kind in TERM_YEARS:
            if node.is_school_level and not any(s.pinned == "A" for s in node.schools):
                x = rng.random()
                if any(s.pinned == "B" for s in node.schools):
                    node.flaw = "expiring"  # school B always shows a 换届 reminder
                elif x < FLAW_SHARES["expired"]:
                    node.flaw = "expired"
                elif x < FLAW_SHARES["expired"] + FLAW_SHARES["expiring"]:
                    node.flaw = "expiring"
            _set_term(node, rng, today, warning_days)
    return root


def _build_county(county_node: OrgNode, county: CountyPlan, factory: PeopleFactory, rng: random.Random) -> None:
    people: dict[int, list[MemberPlan]] = {}
    full: dict[int, int] = {}
    for school in county.schools:
        fixed_probationary = {"A": 2, "B": 0}.get(school.pinned)
        people[id(school)] = factory.school_members(school.members, school.retirees, county.region, fixed_probationary)
        full[id(school)] = sum(m.full for m in people[id(school)])
    joint_candidates = []
    for school in county.schools:
        kind = _shape(school, full[id(school)], rng)
        if kind == OrgKind.JOINT_BRANCH:
            joint_candidates.append(school)
            continue
        if not kind:
            continue
        suffix = {OrgKind.COMMITTEE: "党委", OrgKind.GENERAL_BRANCH: "党总支", OrgKind.BRANCH: "党支部"}[kind]
        node = county_node.add(kind, f"{school.code}D", f"{school.name}{suffix}", schools=[school])
        school.org = node
        if kind == OrgKind.BRANCH:
            groups = 3 if school.pinned == "A" else None
            _fill_branch(node, people[id(school)], groups)
        else:
            _fill_split(node, school, people[id(school)])
    towns_used: dict[str, int] = {}
    for k, group in enumerate(_joint_groups(joint_candidates, full, rng), start=1):
        town = group[0].town
        towns_used[town] = towns_used.get(town, 0) + 1
        label = f"{town}镇学校" + ("" if towns_used[town] == 1 else f"第{cn_number(towns_used[town])}")
        node = county_node.add(OrgKind.JOINT_BRANCH, f"{county.region}-LH{k:02d}", f"{county.name}{label}联合党支部",
                               schools=group)
        for school in group:
            school.org = node
        _fill_branch(node, [m for s in group for m in people[id(s)]])


def write_tree(root: OrgNode, batch_size: int = 1000) -> list[OrgNode]:
    """Insert the whole tree with correct treebeard paths, depths and child counts.

    Assumes an empty table (seed_demo refuses otherwise), so the root is the first root."""
    nodes: list[OrgNode] = []
    rows: list[PartyOrg] = []

    def visit(node: OrgNode, depth: int, position: int, parent_path: str | None) -> None:
        node.path = PartyOrg._get_path(parent_path, depth, position)
        nodes.append(node)
        rows.append(PartyOrg(
            path=node.path, depth=depth, numchild=len(node.children), kind=node.kind, code=node.code, name=node.name,
            founded_on=node.founded_on, term_start=node.term_start, term_end=node.term_end,
        ))
        for i, child in enumerate(node.children, start=1):
            visit(child, depth + 1, i, node.path)

    visit(root, 1, 1, None)
    PartyOrg.objects.bulk_create(rows, batch_size=batch_size)
    if any(r.pk is None for r in rows):
        ids = dict(PartyOrg.objects.values_list("path", "id"))
        for r in rows:
            r.pk = ids[r.path]
    for node, row in zip(nodes, rows, strict=True):
        node.id = row.pk
    return nodes
