"""The staff register (教职工名册) of every demo school, consistent with seed 001's figures.

Each school gets exactly its planned 教职工 (School.staff_count: the scale's share of the city's
88,000, dangjian/demo/schools.py) and, among them, its 专任教师 (School.teacher_count) by post
category — so the register's counts, which the school page and the committees' figures now read,
add up to the same totals as before. The school's party members in service are on its staff,
linked to their records (a joint branch's members are shared out among its schools); the other
entries are people drawn by the demo's name and ID generators. The leadership team: the party
organization's secretary (and deputy) and the school's principal as leadership terms from the
dates of their posts; the principal persona's (and every post holder's) system account is linked
to his entry, so he signs 责任书 on screen as himself.

Everything goes through dangjian.staff.services, acting as the system, SCHOOLS_PER_CALL schools
at a time: create_registers (every record checked as create_staff_member checks it; one audit
entry for each school's register, not one per person, as the members' bulk demo writes none per
member) and start_terms_of_schools (each seat checked as start_leadership_term checks it). Seeding
time: docs/staff.md."""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass

from dangjian.core.roles import Post
from dangjian.demo.people import PeopleFactory
from dangjian.members.models import Job, Member
from dangjian.orgs.models import Position, School
from dangjian.staff.models import LeadershipRole, StaffPost
from dangjian.staff.services import create_registers, start_terms_of_schools

# Posts of the staff that are not 专任教师 nor 校级领导, in the shares a school's roll shows them.
OTHER_POSTS = [(StaffPost.MIDDLE, 35), (StaffPost.ADMINISTRATIVE, 20), (StaffPost.SUPPORT, 25), (StaffPost.WORKER, 20)]
SEATS = {Post.SECRETARY: LeadershipRole.SECRETARY, Post.DEPUTY_SECRETARY: LeadershipRole.DEPUTY_SECRETARY,
         Post.PRINCIPAL: LeadershipRole.PRINCIPAL}
OFFICES = {LeadershipRole.SECRETARY: "党组织书记", LeadershipRole.PRINCIPAL: "校长",
           LeadershipRole.DEPUTY_SECRETARY: "党组织副书记"}
DEPARTMENTS = {StaffPost.MIDDLE: ("教务处", "德育处", "总务处", "办公室"), StaffPost.ADMINISTRATIVE: ("办公室", "财务室"),
               StaffPost.SUPPORT: ("图书室", "实验室", "信息中心"), StaffPost.WORKER: ("后勤", "食堂", "门卫")}
TITLES = ("二级教师", "一级教师", "一级教师", "高级教师")


@dataclass
class StaffCounts:
    schools: int = 0
    staff: int = 0
    teachers: int = 0
    linked_members: int = 0
    terms: int = 0
    accounts: int = 0


def _school_of_members(schools: list[School]) -> dict[int, list[Member]]:
    """school id → the school's party members in service (not retired), each in one school only:
    a member belongs to the school whose organization is the nearest above his; a joint branch's
    members are dealt out among its schools in turn."""
    by_path: dict[str, list[School]] = defaultdict(list)
    for school in schools:
        if school.party_org_id:
            by_path[school.party_org.path].append(school)
    turn: dict[str, int] = defaultdict(int)
    found: dict[int, list[Member]] = defaultdict(list)
    members = (Member.objects.active().exclude(job=Job.RETIRED).select_related("org", "user")
               .order_by("org__path", "pk"))
    for member in members:
        path = member.org.path
        while path and path not in by_path:
            path = path[:-4]
        if not path:
            continue
        sharing = by_path[path]
        found[sharing[turn[path] % len(sharing)].pk].append(member)
        turn[path] += 1
    return found


def _seats(schools: list[School], today: datetime.date) -> dict[int, list[Position]]:
    """school id → the current posts of its organization that are seats on the leadership team."""
    by_org: dict[int, list[Position]] = defaultdict(list)
    for position in (Position.objects.active_on(today).filter(post__in=list(SEATS))
                     .select_related("member", "user").order_by("started_on", "pk")):
        by_org[position.org_id].append(position)
    seats: dict[int, list[Position]] = {}
    first_school: dict[int, int] = {}
    for school in schools:
        # A joint branch's secretary sits on the team of its first school only.
        if school.party_org_id and school.party_org_id not in first_school:
            first_school[school.party_org_id] = school.pk
            seats[school.pk] = by_org.get(school.party_org_id, [])
    return seats


def write_staff(today: datetime.date, seed: int) -> StaffCounts:
    rng = random.Random(f"{seed}:staff")
    factory = PeopleFactory(random.Random(f"{seed}:staff-people"), today)
    counts = StaffCounts()
    schools = list(School.objects.select_related("party_org", "supervisor").order_by("code"))
    members_of = _school_of_members(schools)
    seats_of = _seats(schools, today)
    taken_members: set[int] = set()
    users: set[int] = set()  # an account is linked to one entry in the whole register
    for start in range(0, len(schools), SCHOOLS_PER_CALL):
        planned = [(school, *_plan_school(school, members_of.get(school.pk, []), seats_of.get(school.pk, []),
                                          taken_members, users, factory, rng, today))
                   for school in schools[start:start + SCHOOLS_PER_CALL]]
        _write(planned, counts)
    return counts


# Schools registered per service call: a few queries for them all, and a province's 880,000
# entries never in memory at once.
SCHOOLS_PER_CALL = 200


def _write(planned, counts: StaffCounts) -> None:
    """The planned registers through the services, acting as the system: every record checked as
    create_staff_member checks it (one audit entry a school), every seat as start_leadership_term."""
    counts.schools += len(planned)
    planned = [(school, records, terms) for school, records, terms in planned if records]
    registers = create_registers([(school, records) for school, records, _ in planned], acting_user=None,
                                 audit_each=False)
    seats = [(school, [(entries[i], role, max(started_on, entries[i].employed_from)) for i, role, started_on in terms])
             for (school, _, terms), entries in zip(planned, registers, strict=True)]
    start_terms_of_schools(seats, acting_user=None)
    for (_, _, terms), entries in zip(planned, registers, strict=True):
        counts.staff += len(entries)
        counts.teachers += sum(1 for e in entries if e.post == StaffPost.TEACHER)
        counts.linked_members += sum(1 for e in entries if e.member_id)
        counts.terms += len(terms)
        counts.accounts += sum(1 for e in entries if e.user_id)


def _start(rng: random.Random, today: datetime.date, birth: datetime.date | None, not_after: datetime.date) -> datetime.date:
    """An employment start after the 22nd birthday, before any seat, never in the future."""
    earliest = (birth.replace(year=birth.year + 22) if birth and birth.month * 100 + birth.day != 229
                else datetime.date(today.year - 30, 9, 1))
    latest = min(not_after, today)
    if earliest >= latest:
        return latest
    years = max(0, min(30, (latest - earliest).days // 365))
    day = datetime.date(latest.year - rng.randint(0, years), 9, 1)
    return max(earliest, min(day, latest))


def _plan_school(school, members, seats, taken_members, users, factory, rng, today) -> tuple[list, list]:
    """The school's register (records for create_registers) and its seats (record index, role, day)."""
    total, teachers = school.staff_count, school.teacher_count
    seat_of: dict[int, list[tuple[str, Position]]] = defaultdict(list)  # member pk → its seats
    plain_seats: list[tuple[str, Position]] = []  # seats held by someone without a member record
    for position in seats:
        role = SEATS[position.post]
        if position.member_id:
            seat_of[position.member_id].append((role, position))
        else:
            plain_seats.append((role, position))
    if total <= 0:
        return [], []
    # Members with a seat first, then the others, up to the school's staff.
    members = sorted((m for m in members if m.pk not in taken_members), key=lambda m: (m.pk not in seat_of, m.pk))
    members = members[:max(0, total - len(plain_seats))]
    n_leaders = sum(1 for m in members if m.pk in seat_of) + len(plain_seats)
    posts = [StaffPost.LEADER] * min(n_leaders, total)
    others = total - len(posts)
    n_teachers = min(teachers, others)
    rest = others - n_teachers
    weights = [w for _, w in OTHER_POSTS]
    posts += [StaffPost.TEACHER] * n_teachers + rng.choices([p for p, _ in OTHER_POSTS], weights, k=rest)
    leader_posts, other_posts = posts[:n_leaders], posts[n_leaders:]
    rng.shuffle(other_posts)
    records, terms = [], []  # terms: (record index, role, started_on)

    def record(name, male, id_number, phone, post, start, member=None, user=None, office=""):
        department = rng.choice(DEPARTMENTS[post]) if post in DEPARTMENTS else ""
        title = rng.choice(TITLES) if post in (StaffPost.TEACHER, StaffPost.MIDDLE, StaffPost.LEADER) else ""
        if user is not None:
            if user.pk in users:
                user = None
            else:
                users.add(user.pk)
        records.append({"name": name, "gender": "male" if male else "female", "id_number": id_number, "phone": phone,
                        "post": post, "employed_from": start, "member": member, "user": user, "office": office,
                        "department": "" if post == StaffPost.LEADER else department, "title": title})

    def person(post, start_before=today, name=None, male=None, user=None, office=""):
        male = rng.random() < 0.45 if male is None else male
        birth = datetime.date(today.year - rng.randint(24, 58), rng.randint(1, 12), rng.randint(1, 28))
        number = factory.id_number(birth, male, rng.choice(factory.city_regions))
        phone = f"1{rng.choice('3578')}{rng.randrange(10**9):09d}"
        record(name or factory.picker.person(male=male), male, number, phone, post, _start(rng, today, birth, start_before),
               user=user, office=office)

    for member in members:
        member_seats = seat_of.get(member.pk, [])
        post = leader_posts.pop() if member_seats and leader_posts else other_posts.pop()
        first_seat = min((p.started_on for _, p in member_seats), default=today)
        user = member.user or next((p.user for _, p in member_seats if p.user_id), None)
        office = "、".join(OFFICES[role] for role, _ in member_seats)
        record(member.name, member.gender == "male", member.get_id_number(), member.get_phone(), post,
               _start(rng, today, member.birth_date, first_seat), member=member, user=user, office=office)
        terms += [(len(records) - 1, role, p.started_on) for role, p in member_seats]
        taken_members.add(member.pk)
    for role, position in plain_seats:
        post = leader_posts.pop() if leader_posts else other_posts.pop()
        person(post, start_before=position.started_on, name=position.person_name, user=position.user,
               office=OFFICES[role])
        terms.append((len(records) - 1, role, position.started_on))
    if school.party_org_id is None and school.principal_name and other_posts:
        # A school without a party organization: its principal from the school's own record.
        person(StaffPost.LEADER, name=school.principal_name, office="校长")
        # the slot taken is one that is not a 专任教师's, so the school's teachers stay as planned
        other_posts.pop(next((i for i, p in enumerate(other_posts) if p != StaffPost.TEACHER), len(other_posts) - 1))
        terms.append((len(records) - 1, LeadershipRole.PRINCIPAL, records[-1]["employed_from"]))
    while other_posts:
        person(other_posts.pop())
    return records, terms
