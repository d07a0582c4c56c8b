"""Party members of the demo: names, birth dates, ID numbers, membership dates, the rest of
the record (ethnicity, education, post, title, phone, flags), and their bulk insert.

ID numbers are built from a region code, the birth date and a sequence whose parity is the
gender, closed with `core.validators.id_check_char`, and every one is read back through
`parse_id_number` — the generator has no ID rule of its own. Phones are checked by
`validate_mobile` and stored through `Member.set_phone` (encrypted and masked), like any other.

The record's other fields come from their own random stream (`assign_profiles`), so adding or
reshaping a field never changes the names and ID numbers a seed gives.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from dangjian.core.pinyin import spell_name
from dangjian.core.validators import id_check_char, parse_id_number, validate_mobile
from dangjian.demo import names
from dangjian.members.models import Education, Gender, Job, Member, MemberStatus, Standing

# Dates that must not move with the clock (births, admissions) hang off a fixed reference, so
# the same seed gives the same ID numbers on any day. Only what has to be "recent" relative to
# today (probation, terms, appointments) is placed from today.
REFERENCE = datetime.date(2025, 1, 1)
# Full members are drawn as admitted by this day; history.py spreads later admissions over the
# years between it and today.
LATEST_ADMISSION = REFERENCE - datetime.timedelta(days=400)
IN_SERVICE_AGES = (24, 59)
RETIREE_AGES = (61, 86)
PROBATIONARY_SHARE = 0.03
FEMALE_SHARE = {False: 0.56, True: 0.42}  # in service / retired


@dataclass
class MemberPlan:
    name: str
    male: bool
    birth: datetime.date
    id_number: str
    retiree: bool
    probationary: bool
    joined_on: datetime.date
    confirmed_on: datetime.date | None
    org: object = None      # tree.OrgNode of the branch the member belongs to
    group: object = None    # tree.OrgNode of the party group, if any
    persona: str = ""
    db: Member | None = None
    # The rest of the record (assign_profiles) and what the history made of it (history.py).
    ethnicity: str = "汉族"
    education: str = ""
    job: str = Job.TEACHER
    title: str = ""
    office: str = ""
    native_place: str = ""
    work_started_on: datetime.date | None = None
    phone: str = ""
    lost_contact: bool = False
    is_mobile: bool = False
    in_hardship: bool = False
    standing: str = Standing.NORMAL
    left_on: datetime.date | None = None
    probation_extended_to: datetime.date | None = None

    @property
    def full(self) -> bool:
        return not self.probationary


class PeopleFactory:
    def __init__(self, rng: random.Random, today: datetime.date):
        self.rng = rng
        self.today = today
        self.picker = names.NamePicker(rng)
        self.used_ids: set[str] = set()
        self.city_regions = [r for _, r, _ in names.COUNTIES]

    def _birth(self, retiree: bool) -> datetime.date:
        low, high = RETIREE_AGES if retiree else IN_SERVICE_AGES
        # Triangular: most teachers in service are 35-50, most retired members 65-75.
        age = round(self.rng.triangular(low, high, (low + high) / 2 + (2 if retiree else 3)))
        year = REFERENCE.year - age
        return datetime.date(year, 1, 1) + datetime.timedelta(days=self.rng.randrange(365))

    def _region(self, home: str) -> str:
        x = self.rng.random()
        if x < 0.68:
            return home
        if x < 0.85:
            return self.rng.choice(self.city_regions)
        return self.rng.choice(names.OTHER_REGIONS)

    def id_number(self, birth: datetime.date, male: bool, home: str) -> str:
        while True:
            k = self.rng.randrange(499)
            seq = 2 * k + 1 if male else 2 * k + 2  # odd sequence = male (GB 11643)
            first17 = f"{self._region(home)}{birth:%Y%m%d}{seq:03d}"
            if first17 in self.used_ids:
                continue
            self.used_ids.add(first17)
            number = first17 + id_check_char(first17)
            facts = parse_id_number(number)
            if facts.birth_date != birth or (facts.gender == Gender.MALE) != male:
                raise AssertionError(f"生成的身份证号与出生日期或性别不一致：{first17}")
            return number

    def member(self, home_region: str, *, retiree: bool = False, probationary: bool | None = None) -> MemberPlan:
        rng = self.rng
        male = rng.random() >= FEMALE_SHARE[retiree]
        birth = self._birth(retiree)
        if probationary is None:
            probationary = not retiree and rng.random() < PROBATIONARY_SHARE
        offset = rng.randint(15, 340)  # drawn for everyone, so the sequence does not depend on who is probationary
        if probationary:
            joined = self.today - datetime.timedelta(days=offset)
            confirmed = None
        else:
            earliest = datetime.date(birth.year + 20, birth.month, 1)  # admitted at 20 at the earliest
            latest = min(LATEST_ADMISSION, earliest + datetime.timedelta(days=365 * 30))
            span = max(0, (latest - earliest).days)
            joined = earliest + datetime.timedelta(days=rng.randint(0, span))
            confirmed = joined + datetime.timedelta(days=365)
        return MemberPlan(
            name=self.picker.person(male=male, retiree=retiree), male=male, birth=birth,
            id_number=self.id_number(birth, male, home_region), retiree=retiree, probationary=probationary,
            joined_on=joined, confirmed_on=confirmed,
        )

    def school_members(self, count: int, retirees: int, home_region: str, probationary: int | None = None):
        """A school's members: `retirees` of them retired; `probationary` fixed when given."""
        people = [self.member(home_region, retiree=True) for _ in range(retirees)]
        in_service = count - retirees
        for i in range(in_service):
            fixed = None if probationary is None else i < probationary
            people.append(self.member(home_region, probationary=fixed))
        return people


def write_members(plans: list[MemberPlan], batch_size: int = 2000) -> int:
    """Bulk insert; `set_id_number` and `set_phone` do the encryption, blind index and masks."""
    rows = []
    spelled: dict[str, tuple[str, str]] = {}
    for p in plans:
        if p.name not in spelled:
            spelled[p.name] = spell_name(p.name)
        m = Member(
            name=p.name, name_pinyin=spelled[p.name][0], name_initials=spelled[p.name][1],
            gender=Gender.MALE if p.male else Gender.FEMALE, birth_date=p.birth, ethnicity=p.ethnicity,
            education=p.education, job=p.job, title=p.title, office=p.office, native_place=p.native_place,
            work_started_on=p.work_started_on,
            org_id=p.org.id, group_id=p.group.id if p.group else None,
            status=MemberStatus.PROBATIONARY if p.probationary else MemberStatus.FULL, standing=p.standing,
            joined_on=p.joined_on, confirmed_on=p.confirmed_on, probation_extended_to=p.probation_extended_to,
            lost_contact=p.lost_contact, is_mobile=p.is_mobile, in_hardship=p.in_hardship, left_on=p.left_on,
        )
        m.set_id_number(p.id_number)
        m.set_phone(p.phone)
        p.db = m
        rows.append(m)
    Member.objects.bulk_create(rows, batch_size=batch_size)
    if any(m.pk is None for m in rows):
        # Databases without RETURNING: fetch the keys back through the unique blind index.
        ids = dict(Member.objects.values_list("id_number_index", "id"))
        for m in rows:
            m.pk = ids[m.id_number_index]
    return len(rows)


# --- the rest of the record ----------------------------------------------------------------
# Shares as a Guangxi prefecture's school staff would show them: mostly 汉族 with the
# region's minorities (壮族 first); teachers mostly 大学本科, the young ones more often 研究生;
# titles by age along the 2015 unified title system of primary and secondary teachers.

ETHNICITY_SHARES = (
    ("汉族", 80.0), ("壮族", 14.0), ("瑶族", 2.2), ("苗族", 1.0), ("侗族", 1.0), ("仫佬族", 0.5), ("回族", 0.4),
    ("毛南族", 0.3), ("满族", 0.3), ("土家族", 0.3),
)
IN_SERVICE_JOBS = ((Job.TEACHER, 82), (Job.MANAGEMENT, 11), (Job.SUPPORT, 7))
EDUCATION_BY_AGE = (  # (oldest age of the band, shares) for teachers and managers in service
    (34, ((Education.POSTGRADUATE, 18), (Education.BACHELOR, 78), (Education.COLLEGE, 4))),
    (44, ((Education.POSTGRADUATE, 10), (Education.BACHELOR, 80), (Education.COLLEGE, 10))),
    (200, ((Education.POSTGRADUATE, 4), (Education.BACHELOR, 70), (Education.COLLEGE, 22),
           (Education.SECONDARY, 4))),
)
SUPPORT_EDUCATION = ((Education.HIGH_SCHOOL, 35), (Education.SECONDARY, 25), (Education.COLLEGE, 25),
                     (Education.BACHELOR, 15))
RETIREE_EDUCATION = ((Education.COLLEGE, 35), (Education.SECONDARY, 30), (Education.BACHELOR, 30),
                     (Education.HIGH_SCHOOL, 5))
TITLES_BY_AGE = (  # (oldest age of the band, shares); "" = not yet rated
    (27, (("二级教师", 60), ("三级教师", 10), ("", 30))),
    (34, (("一级教师", 45), ("二级教师", 50), ("高级教师", 5))),
    (44, (("一级教师", 55), ("高级教师", 35), ("二级教师", 10))),
    (200, (("高级教师", 55), ("一级教师", 40), ("正高级教师", 3), ("二级教师", 2))),
)
SUPPORT_TITLES = (("高级工", 30), ("中级工", 40), ("技师", 10), ("", 20))
RETIREE_TITLES = (("高级教师", 45), ("一级教师", 45), ("二级教师", 5), ("正高级教师", 1), ("", 4))
# Mainland mobile prefixes of the three operators (YD/T 2740 number plan).
MOBILE_PREFIXES = (
    "134", "135", "136", "137", "138", "139", "147", "150", "151", "152", "157", "158", "159", "178", "182", "183",
    "184", "187", "188", "198", "130", "131", "132", "155", "156", "166", "176", "185", "186", "133", "153", "173",
    "177", "180", "181", "189", "199",
)
PHONE_MISSING_SHARE = {False: 0.01, True: 0.08}  # in service / retired: no phone on record
LOST_CONTACT_SHARE = 0.004
MOBILE_SHARE = {False: 0.012, True: 0.02}
HARDSHIP_SHARE = {False: 0.006, True: 0.06}


def _pick(rng: random.Random, shares):
    values, weights = zip(*shares, strict=True)
    return rng.choices(values, weights)[0]


def _age(birth: datetime.date, today: datetime.date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def _by_age(table, age: int):
    return next(shares for oldest, shares in table if age <= oldest)


def phone_number(rng: random.Random, used: set[str]) -> str:
    while True:
        number = validate_mobile(rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10 ** 8):08d}")
        if number not in used:
            used.add(number)
            return number


def assign_profiles(plans: list[MemberPlan], rng: random.Random, today: datetime.date,
                    busy: set[int] = frozenset()) -> None:
    """Ethnicity, education, post, title, phone and flags for every member. `busy` are the
    id()s of members who hold a post: they are reachable and not flagged lost or mobile."""
    phones: set[str] = set()
    for p in plans:
        age = _age(p.birth, today)
        p.ethnicity = _pick(rng, ETHNICITY_SHARES)
        if p.retiree:
            p.job, p.education, p.title = Job.RETIRED, _pick(rng, RETIREE_EDUCATION), _pick(rng, RETIREE_TITLES)
        else:
            p.job = _pick(rng, IN_SERVICE_JOBS)
            if p.job == Job.SUPPORT:
                p.education, p.title = _pick(rng, SUPPORT_EDUCATION), _pick(rng, SUPPORT_TITLES)
            else:
                p.education, p.title = _pick(rng, _by_age(EDUCATION_BY_AGE, age)), _pick(rng, _by_age(TITLES_BY_AGE, age))
        draws = [rng.random() for _ in range(4)]  # always four, so one flag's share never moves the others
        p.phone = "" if draws[0] < PHONE_MISSING_SHARE[p.retiree] else phone_number(rng, phones)
        if id(p) in busy or p.persona:
            continue
        p.lost_contact = draws[1] < LOST_CONTACT_SHARE
        p.is_mobile = not p.lost_contact and draws[2] < MOBILE_SHARE[p.retiree]
        p.in_hardship = draws[3] < HARDSHIP_SHARE[p.retiree]


# --- 籍贯, 参加工作时间, 职务 (items of the national member information system) ----------------
# Drawn from a stream of their own (`assign_work_records`), after the profiles they depend on,
# so that they never shift the draws of the fields above.

# Prefectures (GB/T 2260, first four digits) of the regions people.py draws ID numbers from.
PREFECTURES = {
    "4502": "广西柳州", "4503": "广西桂林", "4504": "广西梧州", "4505": "广西北海", "4507": "广西钦州",
    "4506": "广西防城港", "4508": "广西贵港", "4509": "广西玉林", "4510": "广西百色", "4511": "广西贺州", "4512": "广西河池",
    "4513": "广西来宾", "4514": "广西崇左", "4401": "广东广州", "4408": "广东湛江", "4301": "湖南长沙",
    "4310": "湖南郴州", "3605": "江西新余", "5201": "贵州贵阳", "5301": "云南昆明", "5101": "四川成都",
    "4201": "湖北武汉", "3501": "福建福州", "4601": "海南海口",
}
# Age on starting work by education: graduates start after their degree, 中专 and 高中 earlier.
START_AGE = {
    Education.POSTGRADUATE: (24, 27), Education.BACHELOR: (21, 24), Education.COLLEGE: (20, 22),
    Education.SECONDARY: (18, 20), Education.HIGH_SCHOOL: (18, 22), "": (20, 23),
}
MANAGEMENT_OFFICES = (("副校长", 20), ("教导主任", 20), ("德育主任", 15), ("办公室主任", 15), ("总务主任", 12),
                      ("教务处副主任", 10), ("政教处主任", 8))
TEACHER_OFFICES = (("", 70), ("年级组长", 10), ("教研组长", 14), ("备课组长", 6))
# Members moved in from elsewhere keep the ID region of their birth; 籍贯 follows the father's
# home and differs from the birth place for a few.
NATIVE_ELSEWHERE_SHARE = 0.1


def _pick_at(draw: float, shares):
    """The value of `shares` (value, weight) that a uniform draw in [0, 1) falls on."""
    point = draw * sum(weight for _, weight in shares)
    for value, weight in shares:
        point -= weight
        if point < 0:
            return value
    return shares[-1][0]


def native_place_of(id_number: str) -> str:
    """籍贯 as people write it (省 + 市/县) from the region part of an ID number."""
    region = id_number[:6]
    county = next((name for name, code, _ in names.COUNTIES if code == region), None)
    if county is not None:
        return f"广西{county}"
    return PREFECTURES.get(region[:4], "广西")


def assign_work_records(plans: list[MemberPlan], rng: random.Random, today: datetime.date) -> None:
    """籍贯, 参加工作时间 and 职务 for every member: the start of work from the education's usual
    age (never before sixteen, never after today), 职务 for managers and some teachers."""
    regions = [code for _, code, _ in names.COUNTIES]
    for p in plans:
        draws = [rng.random() for _ in range(4)]  # always four: one field's share never moves another
        home = p.id_number if draws[0] >= NATIVE_ELSEWHERE_SHARE else regions[int(draws[1] * len(regions))]
        p.native_place = native_place_of(home)
        low, high = START_AGE.get(p.education, START_AGE[""])
        age = low + int(draws[2] * (high - low + 1))
        started = datetime.date(p.birth.year + age, 9 if p.job != Job.SUPPORT else 3, 1)
        sixteen = datetime.date(p.birth.year + 16, p.birth.month, 1) + datetime.timedelta(days=31)
        p.work_started_on = min(max(started, sixteen), today)
        if p.job == Job.MANAGEMENT:
            p.office = _pick_at(draws[3], MANAGEMENT_OFFICES)
        elif p.job == Job.TEACHER:
            p.office = _pick_at(draws[3], TEACHER_OFFICES)
