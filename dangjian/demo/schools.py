"""The schools of a scale, planned in memory: counties, types, sizes, names, party members.

Figures come from seed 001's city: 7 counties (县、市、区), 2,211 schools (1,764 public, 447
private), 88,000 staff, 1,438,300 students, 22,375 party members in service (在职教职工党员);
private coverage 90.3 %, public 100 %. Smaller scales keep the same proportions; the province
is ten such cities (PROVINCE_CITIES), the first the city itself. Nothing here touches the
database. (The coverage two years back and the members who left since: seed_figures.py.)
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from dangjian.demo import names
from dangjian.orgs.models import NoOrgReason, Ownership, SchoolType


@dataclass(frozen=True)
class Scale:
    name: str
    counties: int
    public: int
    private: int
    members: int  # party members placed in organizations: retirees included, or see in_service
    staff: int
    students: int
    county_retiree_branches: bool
    private_uncovered_share: float = 1 - 0.903  # seed 001: private coverage 90.3 %
    # `members` counts the members in service on the roll today (seed 001's 在职教职工党员), the
    # retired ones come on top; otherwise everyone placed, retirees included.
    in_service: bool = False
    cities: int = 1   # more than one: a province's 教育工委 above the cities' (PROVINCE_CITIES)


SCALES = {
    # Schools A and B only, with their own sizes: members/staff/students are theirs.
    "school": Scale("school", 1, 2, 0, members=0, staff=0, students=0, county_retiree_branches=False),
    "county": Scale("county", 1, 120, 30, members=1_500, staff=5_970, students=97_600, county_retiree_branches=True),
    "city": Scale("city", 7, 1_764, 447, members=22_375, staff=88_000, students=1_438_300,
                  county_retiree_branches=True, in_service=True),
    # Ten cities of the city's shape, each a little larger or smaller (CITY_WEIGHTS): ten times
    # its schools, staff, students and members in service.
    "province": Scale("province", 70, 17_640, 4_470, members=223_750, staff=880_000, students=14_383_000,
                      county_retiree_branches=True, in_service=True, cities=10),
}

PROVINCE_NAME, PROVINCE_REGION = "示范省", "450000"
# The province's cities after the first (names.CITY_NAME's, the city scale's own): demo names (示范…市)
# over real county-level divisions with their current GB/T 2260 codes (dangjian/core/data/
# region_codes.tsv), so the members' ID numbers read as current codes. Each city: two urban
# districts first, then the others, like the first city; the two last take the counties of two
# small prefectures together. (name, region, ((county, code), …))
PROVINCE_CITIES: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    ("青岭示范市", "450200", (("鱼峰区", "450203"), ("柳南区", "450204"), ("柳北区", "450205"), ("柳江区", "450206"),
                          ("柳城县", "450222"), ("鹿寨县", "450223"), ("融安县", "450224"))),
    ("龙潭示范市", "450300", (("秀峰区", "450302"), ("叠彩区", "450303"), ("临桂区", "450312"), ("阳朔县", "450321"),
                          ("灵川县", "450323"), ("全州县", "450324"), ("荔浦市", "450381"))),
    ("金水示范市", "450400", (("万秀区", "450403"), ("长洲区", "450405"), ("龙圩区", "450406"), ("苍梧县", "450421"),
                          ("藤县", "450422"), ("蒙山县", "450423"), ("岑溪市", "450481"))),
    ("白沙示范市", "450900", (("玉州区", "450902"), ("福绵区", "450903"), ("容县", "450921"), ("陆川县", "450922"),
                          ("博白县", "450923"), ("兴业县", "450924"), ("北流市", "450981"))),
    ("凤翔示范市", "451000", (("右江区", "451002"), ("田阳区", "451003"), ("田东县", "451022"), ("德保县", "451024"),
                          ("凌云县", "451027"), ("田林县", "451029"), ("靖西市", "451081"))),
    ("双江示范市", "451200", (("金城江区", "451202"), ("宜州区", "451203"), ("南丹县", "451221"), ("天峨县", "451222"),
                          ("凤山县", "451223"), ("东兰县", "451224"), ("环江毛南族自治县", "451226"))),
    ("云岭示范市", "451400", (("江州区", "451402"), ("扶绥县", "451421"), ("宁明县", "451422"), ("龙州县", "451423"),
                          ("大新县", "451424"), ("天等县", "451425"), ("凭祥市", "451481"))),
    ("丹霞示范市", "451300", (("兴宾区", "451302"), ("八步区", "451102"), ("忻城县", "451321"), ("象州县", "451322"),
                          ("武宣县", "451323"), ("金秀瑶族自治县", "451324"), ("合山市", "451381"))),
    ("碧溪示范市", "450500", (("海城区", "450502"), ("银海区", "450503"), ("防城区", "450603"), ("合浦县", "450521"),
                          ("上思县", "450621"), ("铁山港区", "450512"), ("东兴市", "450681"))),
)
# Each city's size beside the first's (its schools, staff, students and members): "the same
# shape, repeated with variation". They add up to ten.
CITY_WEIGHTS = (1.0, 0.92, 1.10, 0.85, 1.05, 0.95, 1.12, 0.88, 1.03, 1.10)

# Shares of school types (public, private), from the usual make-up of a Guangxi prefecture.
TYPE_SHARES = {
    SchoolType.PRIMARY: (0.715, 0.40),
    SchoolType.JUNIOR: (0.14, 0.15),
    SchoolType.NINE_YEAR: (0.06, 0.25),
    SchoolType.SENIOR: (0.025, 0.05),
    SchoolType.COMPLETE: (0.03, 0.08),
    SchoolType.VOCATIONAL: (0.02, 0.07),
    SchoolType.SPECIAL: (0.01, 0.0),
}
# Median staff of a school by type (urban, rural), and students per staff member.
STAFF_MEDIAN = {
    SchoolType.PRIMARY: (75, 12), SchoolType.JUNIOR: (95, 55), SchoolType.NINE_YEAR: (85, 45),
    SchoolType.SENIOR: (230, 150), SchoolType.COMPLETE: (260, 160), SchoolType.VOCATIONAL: (180, 120),
    SchoolType.SPECIAL: (45, 30),
}
STUDENTS_PER_STAFF = {
    SchoolType.PRIMARY: 19, SchoolType.JUNIOR: 14, SchoolType.NINE_YEAR: 16, SchoolType.SENIOR: 13,
    SchoolType.COMPLETE: 13, SchoolType.VOCATIONAL: 17, SchoolType.SPECIAL: 4,
}
MEMBER_SHARE = {Ownership.PUBLIC: 0.27, Ownership.PRIVATE: 0.10}  # party members among staff
RETIREE_SHARE = (0.06, 0.20)  # retirees among a school's members, drawn per school
RETIREES_FROM = 8             # schools with fewer members have no retired ones on their roll


@dataclass
class SchoolPlan:
    code: str
    name: str
    school_type: str
    ownership: str
    county: CountyPlan
    rural: bool
    town: str
    staff: int = 0
    teachers: int = 0
    students: int = 0
    members: int = 0           # party members whose relation is in the school's organization
    retirees: int = 0          # of which retired
    declared_members: int = 0  # 党员人数 as the school reports it (incl. relations elsewhere)
    covered: bool = True
    no_org_reason: str = ""
    no_org_note: str = ""
    sponsor: str = ""
    sponsor_is_member: bool = False
    affiliation: str = ""
    principal_name: str = ""
    pinned: str = ""           # "A" / "B": the personas' schools, with fixed sizes
    raw_members: float = 0.0
    org: object = None         # the tree.OrgNode that covers it (own org or joint branch)
    opened_on: object = None   # datetime.date: 建校日期, and since when it is covered (seed_figures.py)
    covered_on: object = None


@dataclass
class CityPlan:
    name: str
    region: str
    index: int


@dataclass
class CountyPlan:
    name: str
    region: str
    index: int
    schools: list[SchoolPlan] = field(default_factory=list)
    org: object = None
    city: CityPlan | None = None   # None: the scale's one city (names.CITY_NAME)
    urban: bool = False
    raw_share: float = 1.0         # its share of the scale's schools (county_table)


_CN_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1..99 in Chinese numerals as used in school names (第十二中学)."""
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")


def _split(total: int, shares: list[float]) -> list[int]:
    """Largest-remainder split of `total` by `shares`, so the parts add up exactly."""
    s = sum(shares)
    raw = [total * x / s for x in shares]
    parts = [math.floor(r) for r in raw]
    for i in sorted(range(len(raw)), key=lambda i: parts[i] - raw[i])[: total - sum(parts)]:
        parts[i] += 1
    return parts


_SUFFIXES = ("九年一贯制学校", "职业技术学校", "特殊教育学校", "高级中学", "初级中学", "实验学校", "中学", "小学", "学校")


class _Namer:
    """School names that look like the real ones and do not repeat within the scale."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()
        self.counters: dict[tuple[str, str], int] = {}

    def _next(self, county: str, kind: str) -> int:
        key = (county, kind)
        self.counters[key] = self.counters.get(key, 0) + 1
        return self.counters[key]

    def name(self, county: str, school_type: str, ownership: str, rural: bool, town: str) -> str:
        candidate = ""
        for _ in range(10):
            candidate = self._candidate(county, school_type, ownership, rural, town)
            if candidate not in self.used:
                self.used.add(candidate)
                return candidate
        # A town with several schools of one kind numbers them: 大塘镇第二中学.
        suffix = next(x for x in _SUFFIXES if candidate.endswith(x))
        for k in range(2, 100):
            numbered = f"{candidate.removesuffix(suffix)}第{cn_number(k)}{suffix}"
            if numbered not in self.used:
                self.used.add(numbered)
                return numbered
        raise RuntimeError("学校名称生成失败")  # only with an absurd number of schools per town

    def _candidate(self, county, school_type, ownership, rural, town) -> str:
        rng = self.rng
        if ownership == Ownership.PRIVATE:
            brand = rng.choice(names.PRIVATE_BRANDS)
            suffix = {
                SchoolType.PRIMARY: "小学", SchoolType.JUNIOR: "中学", SchoolType.NINE_YEAR: "学校",
                SchoolType.SENIOR: "高级中学", SchoolType.COMPLETE: "中学", SchoolType.VOCATIONAL: "职业技术学校",
            }[school_type]
            return f"{county}{brand}{rng.choice(('', '实验', '外国语', '双语'))}{suffix}"
        if school_type == SchoolType.PRIMARY:
            if rural:
                return f"{county}{town}镇{rng.choice(names.VILLAGES)}小学"
            return f"{county}第{cn_number(self._next(county, 'p'))}小学"
        if school_type == SchoolType.JUNIOR:
            return f"{county}{town}镇中学" if rural else f"{county}第{cn_number(self._next(county, 'j'))}初级中学"
        if school_type == SchoolType.NINE_YEAR:
            return f"{county}{town}镇九年一贯制学校" if rural else f"{county}第{cn_number(self._next(county, 'n'))}实验学校"
        if school_type == SchoolType.SENIOR:
            return f"{county}第{cn_number(self._next(county, 's'))}高级中学"
        if school_type == SchoolType.COMPLETE:
            return f"{county}第{cn_number(self._next(county, 'c'))}中学"
        if school_type == SchoolType.VOCATIONAL:
            n = self._next(county, 'v')
            return f"{county}职业技术学校" if n == 1 else f"{county}第{cn_number(n)}职业技术学校"
        n = self._next(county, 'x')
        return f"{county}特殊教育学校" if n == 1 else f"{county}第{cn_number(n)}特殊教育学校"


def _pinned_schools(county: CountyPlan) -> list[SchoolPlan]:
    """Schools A and B of the personas: the same at every scale, so the tests and the browser
    tests find the same shapes (a 40-member branch with a committee and 3 groups; a small branch)."""
    a = SchoolPlan(f"{county.region}0001", f"{county.name}第一初级中学", SchoolType.JUNIOR, Ownership.PUBLIC, county,
                   rural=False, town=names.TOWNS[0], staff=118, teachers=102, students=1_650, members=40, retirees=5,
                   pinned="A")
    b = SchoolPlan(f"{county.region}0002", f"{county.name}实验小学", SchoolType.PRIMARY, Ownership.PUBLIC, county,
                   rural=False, town=names.TOWNS[1], staff=34, teachers=30, students=620, members=8, retirees=1,
                   pinned="B")
    return [a, b]


def county_table(scale: Scale) -> list[CountyPlan]:
    """The scale's counties (no schools yet), each with its share of the scale's schools in
    `raw_share`: the city's seven (names.COUNTIES), or the province's ten cities of seven."""
    first = [(n, r, share, r in names.URBAN_REGIONS) for n, r, share in names.COUNTIES]
    if scale.cities == 1:
        return [CountyPlan(n, r, i, urban=urban, raw_share=share) for i, (n, r, share, urban) in
                enumerate(first[: scale.counties])]
    # The other cities take the first's county shares, its two urban districts' (its smallest,
    # 0.08 and 0.09) for their own two, then the others' in the first city's order.
    shares = [share for _, _, share, urban in first if urban] + [share for _, _, share, urban in first if not urban]
    cities = [(names.CITY_NAME, names.CITY_REGION, first)] + [
        (name, region, [(n, r, shares[k], k < 2) for k, (n, r) in enumerate(table)])
        for name, region, table in PROVINCE_CITIES]
    counties = []
    for index, ((name, region, table), weight) in enumerate(zip(cities[: scale.cities], CITY_WEIGHTS, strict=False)):
        city = CityPlan(name, region, index)
        counties += [CountyPlan(n, r, len(counties) + k, city=city, urban=urban, raw_share=share * weight)
                     for k, (n, r, share, urban) in enumerate(table)]
    return counties


def plan_schools(scale: Scale, rng: random.Random) -> list[CountyPlan]:
    counties = county_table(scale)
    shares = [c.raw_share for c in counties]
    publics = _split(scale.public - 2, shares) if scale.counties > 1 else [scale.public - 2]
    privates = _split(scale.private, shares) if scale.counties > 1 else [scale.private]
    namer = _Namer(rng)
    for county in counties:
        pinned = _pinned_schools(county) if county.index == 0 else []
        for school in pinned:
            namer.used.add(school.name)
        county.schools.extend(pinned)
        urban = county.urban
        towns = rng.sample(names.TOWNS, 8 if urban else 14)
        flags = [Ownership.PUBLIC] * publics[county.index] + [Ownership.PRIVATE] * privates[county.index]
        rng.shuffle(flags)
        for ownership in flags:
            col = 0 if ownership == Ownership.PUBLIC else 1
            types = list(TYPE_SHARES)
            school_type = rng.choices(types, weights=[TYPE_SHARES[t][col] for t in types])[0]
            village_level = school_type in (SchoolType.PRIMARY, SchoolType.JUNIOR, SchoolType.NINE_YEAR)
            rural = ownership == Ownership.PUBLIC and village_level and rng.random() < (0.3 if urban else 0.78)
            town = rng.choice(towns)
            n = len(county.schools) + 1
            county.schools.append(SchoolPlan(
                f"{county.region}{n:04d}", namer.name(county.name, school_type, ownership, rural, town),
                school_type, ownership, county, rural, town,
            ))
    schools = [s for c in counties for s in c.schools]
    if scale.members:
        _size(schools, scale, rng)
    _five_facts(schools, scale, rng)
    return counties


def _size(schools: list[SchoolPlan], scale: Scale, rng: random.Random) -> None:
    """Staff, students and members: drawn per school, then scaled so the totals are the scale's."""
    free = [s for s in schools if not s.pinned]
    pinned = [s for s in schools if s.pinned]
    raw_staff, raw_students = [], []
    for s in free:
        urban_median, rural_median = STAFF_MEDIAN[s.school_type]
        median = rural_median if s.rural else urban_median
        if s.ownership == Ownership.PRIVATE:
            median *= 0.8
        staff = max(4.0, rng.lognormvariate(math.log(median), 0.45))
        raw_staff.append(staff)
        raw_students.append(staff * STUDENTS_PER_STAFF[s.school_type] * rng.lognormvariate(0, 0.2))
        s.raw_members = staff * MEMBER_SHARE[s.ownership] * rng.lognormvariate(0, 0.35)
    staff_factor = (scale.staff - sum(p.staff for p in pinned)) / sum(raw_staff)
    student_factor = (scale.students - sum(p.students for p in pinned)) / sum(raw_students)
    for s, staff, students in zip(free, raw_staff, raw_students, strict=True):
        s.staff = max(4, round(staff * staff_factor))
        s.teachers = max(3, round(s.staff * rng.uniform(0.8, 0.9)))
        s.students = max(20, round(students * student_factor))
        if s.school_type == SchoolType.SPECIAL:
            s.students = max(40, s.students)
    # What the rounding left over, one each at the largest schools: the totals are the scale's.
    for name, total in (("staff", scale.staff), ("students", scale.students)):
        left = total - sum(getattr(s, name) for s in schools)
        for s in sorted(free, key=lambda s: -getattr(s, name))[:abs(left)]:
            setattr(s, name, getattr(s, name) + (1 if left > 0 else -1))


def _five_facts(schools: list[SchoolPlan], scale: Scale, rng: random.Random) -> None:
    """Who has no party organization and why; sponsors of private schools; 隶属情况."""
    private = [s for s in schools if s.ownership == Ownership.PRIVATE]
    # The schools left without an organization are the private ones with the fewest members:
    # that is where seed 001's remaining 9.7 % are.
    uncovered = sorted(private, key=lambda s: s.raw_members)[: round(len(private) * scale.private_uncovered_share)]
    for s in uncovered:
        s.covered = False
        s.declared_members = rng.choice((0, 0, 1, 2))
        if s.declared_members == 0:
            s.no_org_reason = rng.choice((NoOrgReason.NO_MEMBERS, NoOrgReason.NO_MEMBERS, NoOrgReason.NEWLY_FOUNDED))
        else:
            s.no_org_reason = rng.choice((NoOrgReason.TOO_FEW_MEMBERS, NoOrgReason.SPONSOR_RESISTS))
        s.no_org_note = {
            NoOrgReason.NO_MEMBERS: "教职工中暂无党员，已选派党建工作指导员",
            NoOrgReason.NEWLY_FOUNDED: "新办学校，党组织与学校同步筹建中",
            NoOrgReason.TOO_FEW_MEMBERS: f"有党员 {s.declared_members} 名，组织关系在原单位，正在协调转入",
            NoOrgReason.SPONSOR_RESISTS: "举办者对组建党组织认识不足，教育党工委正在督促",
        }[s.no_org_reason]
    for s in schools:
        county = s.county.name
        if s.ownership == Ownership.PRIVATE:
            brand = rng.choice(names.PRIVATE_BRANDS)
            city = s.county.city.name if s.county.city else names.CITY_NAME
            s.sponsor = f"{city}{brand}{rng.choice(names.SPONSOR_SUFFIX)}"
            s.sponsor_is_member = rng.random() < 0.3
            s.affiliation = f"民办学校，审批机关{county}教育局，党建工作由{county}教育党工委指导"
        else:
            s.affiliation = f"{county}教育局直属，党组织隶属{county}教育党工委"


def distribute_members(schools: list[SchoolPlan], target: int, rng: random.Random, *, in_service: bool = False) -> None:
    """Turn the drawn member expectations into whole numbers that add up to `target` exactly:
    all members, or (`in_service`) those in service, the retired ones on top."""
    free = [s for s in schools if not s.pinned and s.covered]
    pinned = [s for s in schools if s.pinned]
    if in_service:
        # First everyone, at the expected share of retirees; then the ones in service made exact.
        in_service_budget = target - sum(s.members - s.retirees for s in pinned)
        budget = round(in_service_budget / (1 - sum(RETIREE_SHARE) / 2))
    else:
        budget = target - sum(s.members for s in pinned)
    factor = budget / sum(s.raw_members for s in free)
    for s in free:
        # Stochastic rounding keeps the small rural schools' 0, 1, 2 members in proportion.
        x = s.raw_members * factor
        s.members = min(s.staff, math.floor(x + rng.random()))
    _nudge(free, budget - sum(s.members for s in free), rng)
    for s in free:
        if s.members >= RETIREES_FROM:
            s.retirees = round(s.members * rng.uniform(*RETIREE_SHARE))
    if in_service:
        _nudge(free, in_service_budget - sum(s.members - s.retirees for s in free), rng)
    for s in schools:
        if s.covered:
            # Members whose relation sits elsewhere (e.g. just transferred) show in the declared count.
            s.declared_members = s.members - s.retirees + (1 if rng.random() < 0.1 else 0)


def _nudge(free: list[SchoolPlan], diff: int, rng: random.Random) -> None:
    """Add (or take) `diff` members one by one at random schools of 10 or more, never beyond a
    school's staff: what is left of the rounding, spread where one more or less goes unnoticed."""
    adjustable = [s for s in free if s.members >= 10]
    while diff and adjustable:
        s = rng.choice(adjustable)
        step = 1 if diff > 0 else -1
        if step > 0 and s.members >= s.staff:
            continue
        s.members += step
        diff -= step
