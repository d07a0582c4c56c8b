"""The staff register (教职工) and the leadership team (班子成员): every change goes through here.

Each function runs in a transaction, checks the acting user's right on the school inside it,
checks dangjian.staff.rules, saves and writes the audit entry with the actor. `acting_user=None`
acts as the system (the demo generator, commands). The signatures of create_staff_member,
start_leadership_term and end_employment are relied on by the other ledgers (责任书, 廉政风险,
师德师风): keep them.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from dangjian.core import audit
from dangjian.core.errors import RuleViolation
from dangjian.core.roles import Action
from dangjian.core.scoping import scope_of
from dangjian.core.validators import parse_id_number, validate_mobile
from dangjian.orgs.models import School
from dangjian.staff.models import LeadershipRole, LeadershipTerm, StaffMember, StaffPost
from dangjian.staff.rules import register as R

GENDERS = {"male": "male", "female": "female", "男": "male", "女": "female"}
EDITABLE_FIELDS = ("name", "gender", "phone", "post", "office", "department", "title", "employed_from", "member", "user")
BULK_BATCH = 1000


def school_paths(school: School) -> list[str]:
    """The paths a right on a school may be held on: its party organization's, its committee's."""
    party_org = school.party_org if school.party_org_id else None
    return [p for p in (party_org.path if party_org else "", school.supervisor.path) if p]


def require_on_school(user, action: str, school: School) -> None:
    """403 unless `user` holds `action` on the school; None acts as the system."""
    if user is None:
        return
    scope = scope_of(user)
    if not any(scope.allows(action, path) for path in school_paths(school)):
        raise PermissionDenied(f"您的职务不含“{Action(action).label}”的权限")


def _date(value, field: str) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value or "").strip())
    except ValueError:
        raise RuleViolation("日期应写作 2024-09-01 的格式", rule=R.R_DATES, field=field) from None


def _not_future(day: datetime.date, field: str, rule=R.R_DATES) -> None:
    if day > timezone.localdate():
        raise RuleViolation(f"日期 {day:%Y-%m-%d} 晚于今天", rule=rule, field=field)


def _gender(value, facts) -> str:
    gender = GENDERS.get(str(value or "").strip()) if value else facts.gender
    if gender is None:
        raise RuleViolation("性别应为“男”或“女”", rule=R.R_GENDER, field="gender")
    if gender != facts.gender:
        raise RuleViolation(f"性别“{'男' if gender == 'male' else '女'}”与身份证号不一致", rule=R.R_GENDER, field="gender")
    return gender


def _post(value) -> str:
    text = str(value or "").strip()
    for key, label in StaffPost.choices:
        if text in (key, label):
            return key
    raise RuleViolation(f"岗位类别“{text}”不在名册的岗位类别中", rule=R.R_POST, field="post")


def _check_member(school: School, member, id_index: str, staff_pk=None, *, once: bool = True) -> None:
    """A member link only to a member of the school's own organization subtree, the same person."""
    if member is None:
        return
    party_org = school.party_org if school.party_org_id else None
    if party_org is None or not member.org.path.startswith(party_org.path):
        raise RuleViolation(f"党员“{member.name}”的组织关系不在本校党组织，不能关联", rule=R.R_MEMBER_OWN_SCHOOL,
                            field="member")
    if member.id_number_index != id_index:
        raise RuleViolation(f"党员“{member.name}”的身份证号与该教职工不一致，不能关联", rule=R.R_MEMBER_OWN_SCHOOL,
                            field="member")
    if once and StaffMember.objects.filter(member=member).exclude(pk=staff_pk).exists():
        raise RuleViolation(f"党员“{member.name}”的档案已关联其他教职工记录", rule=R.R_MEMBER_ONCE, field="member")


def _check_user(user, staff_pk=None) -> None:
    if user is not None and StaffMember.objects.filter(user=user).exclude(pk=staff_pk).exists():
        raise RuleViolation("该系统账号已关联其他教职工记录", rule=R.R_USER_ONCE, field="user")


def _new_staff(school: School, *, name, gender, id_number, post, employed_from, phone, office, department, title,
               member, user, acting_user, once: bool = True) -> StaffMember:
    """The checks of 登记 and the unsaved entry: shared by the one-by-one and the batch service."""
    require_on_school(acting_user, Action.STAFF_EDIT, school)
    name = str(name or "").strip()
    if not name or len(name) > 60:
        raise RuleViolation("姓名必填，最长 60 个字", rule=R.R_NAME, field="name")
    facts = parse_id_number(id_number)
    employed_from = _date(employed_from, "employed_from")
    _not_future(employed_from, "employed_from")
    staff = StaffMember(school=school, name=name, gender=_gender(gender, facts), post=_post(post),
                        office=str(office or "").strip()[:60], department=str(department or "").strip()[:60],
                        title=str(title or "").strip()[:30], employed_from=employed_from, member=member, user=user)
    staff.set_id_number(facts.number)
    staff.set_phone(validate_mobile(phone) if phone else "")
    # `once`: the link checks one query each; a batch checks all its links in one query instead.
    _check_member(school, member, staff.id_number_index, once=once)
    if once:
        _check_user(user)
    return staff


RECORD_DEFAULTS = {"phone": "", "office": "", "department": "", "title": "", "member": None, "user": None}


def check_staff_record(school: School, record: dict, *, once: bool = True) -> StaffMember:
    """The checks create_staff_member makes on one record, without the right (checked once by the
    caller) and without saving: the importer's per-row report uses the very same checks."""
    return _new_staff(school, acting_user=None, once=once, **{**RECORD_DEFAULTS, **record})


def _creation_changes(staff: StaffMember) -> dict:
    return {"name": staff.name, "school": staff.school.code, "post": staff.post,
            "employed_from": staff.employed_from.isoformat(), "member": staff.member_id}


def _duplicate() -> RuleViolation:
    return RuleViolation("该身份证号已在本校教职工名册中，请修改已有记录", rule=R.R_ONE_ENTRY, field="id_number",
                         code="duplicate")


@transaction.atomic
def create_staff_member(school: School, *, name: str, gender: str, id_number, post: str, employed_from,
                        phone: str = "", office: str = "", department: str = "", title: str = "", member=None,
                        user=None, acting_user) -> StaffMember:
    """登记: one staff entry of a school."""
    staff = _new_staff(school, name=name, gender=gender, id_number=id_number, post=post, employed_from=employed_from,
                       phone=phone, office=office, department=department, title=title, member=member, user=user,
                       acting_user=acting_user)
    if StaffMember.objects.filter(school=school, id_number_index=staff.id_number_index).exists():
        raise _duplicate()
    try:
        with transaction.atomic():
            staff.save()
    except IntegrityError:  # a concurrent entry of the same person, member or account
        raise _duplicate() from None
    audit.record("staff.create", target=staff, changes=_creation_changes(staff), actor=acting_user)
    return staff


@transaction.atomic
def create_staff_members(school: School, records: list[dict], *, acting_user, audit_each: bool = True) -> list[StaffMember]:
    """登记 of many entries of one school at once (the importer, the demo): every record passes the
    checks of create_staff_member, then the rows and their audit entries are written in batches.
    All or nothing: the first refusal raises with `index` set to the record's position.
    `audit_each=False` (the demo generator, a whole city's staff) writes one entry for the batch,
    with its count, instead of one per person."""
    return create_registers([(school, records)], acting_user=acting_user, audit_each=audit_each)[0]


@transaction.atomic
def create_registers(registers: list[tuple[School, list[dict]]], *, acting_user,
                     audit_each: bool = True) -> list[list[StaffMember]]:
    """create_staff_members for several schools in one step (the demo's city of registers): the
    same checks of every record and every school, the links' uniqueness over them all, and the
    rows written together — a few queries for hundreds of schools instead of twenty a school.
    A refusal raises with `index` (the record's position in its school) and `school`."""
    for school, _ in registers:
        require_on_school(acting_user, Action.STAFF_EDIT, school)
    by_school: list[list[StaffMember]] = []
    for school, records in registers:
        entries: list[StaffMember] = []
        seen: dict[str, int] = {}
        for index, record in enumerate(records):
            try:
                staff = check_staff_record(school, record, once=False)
                if staff.id_number_index in seen:
                    raise RuleViolation(f"与第 {seen[staff.id_number_index] + 1} 条是同一身份证号", rule=R.R_ONE_ENTRY,
                                        field="id_number", code="duplicate")
            except RuleViolation as violation:
                violation.index, violation.group = index, school
                raise
            seen[staff.id_number_index] = index
            entries.append(staff)
        by_school.append(entries)
    everyone = [s for entries in by_school for s in entries]
    taken = set(StaffMember.objects.filter(school__in=[school for school, _ in registers],
                                           id_number_index__in={s.id_number_index for s in everyone})
                .values_list("school_id", "id_number_index"))
    for (school, _), entries in zip(registers, by_school, strict=True):
        for index, staff in enumerate(entries):
            if (school.pk, staff.id_number_index) in taken:
                taken_here = _duplicate()
                taken_here.index, taken_here.group = index, school
                raise taken_here
    members = [s.member for s in everyone if s.member is not None]
    if len({m.pk for m in members}) != len(members) or StaffMember.objects.filter(member__in=members).exists():
        raise RuleViolation("同一党员档案只能关联一条教职工记录：批量中有重复，或已关联其他教职工记录",
                            rule=R.R_MEMBER_ONCE, field="member")
    users = [s.user for s in everyone if s.user is not None]
    if len({u.pk for u in users}) != len(users) or StaffMember.objects.filter(user__in=users).exists():
        raise RuleViolation("一个系统账号只能关联一条教职工记录", rule=R.R_USER_ONCE, field="user")
    try:
        with transaction.atomic():
            StaffMember.objects.bulk_create(everyone, batch_size=BULK_BATCH)
    except IntegrityError:
        raise _duplicate() from None
    if audit_each:
        audit.record_many("staff.create", [(s, _creation_changes(s)) for s in everyone], actor=acting_user)
    else:
        audit.record_many("staff.create_many", [
            (school, {"created": len(entries), "linked": sum(1 for s in entries if s.member_id)})
            for (school, _), entries in zip(registers, by_school, strict=True)], actor=acting_user)
    return by_school


@transaction.atomic
def update_staff_member(staff: StaffMember, *, acting_user, **changes) -> StaffMember:
    """修改: the editable fields of an entry (not the ID number, not the school)."""
    staff = StaffMember.objects.select_for_update(of=("self",)).select_related("school__party_org", "school__supervisor").get(pk=staff.pk)
    require_on_school(acting_user, Action.STAFF_EDIT, staff.school)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise RuleViolation(f"不可在此修改的字段：{'、'.join(sorted(unknown))}", field=sorted(unknown)[0])
    before = {f: _plain(getattr(staff, f if f not in ("member", "user") else f"{f}_id")) for f in EDITABLE_FIELDS
              if f != "phone"}
    if "name" in changes:
        name = str(changes["name"] or "").strip()
        if not name or len(name) > 60:
            raise RuleViolation("姓名必填，最长 60 个字", rule=R.R_NAME, field="name")
        staff.name = name
    if "gender" in changes:
        staff.gender = _gender(changes["gender"], parse_id_number(staff.get_id_number()))
    if "post" in changes:
        staff.post = _post(changes["post"])
    for field, length in (("office", 60), ("department", 60), ("title", 30)):
        if field in changes:
            setattr(staff, field, str(changes[field] or "").strip()[:length])
    if "employed_from" in changes:
        day = _date(changes["employed_from"], "employed_from")
        _not_future(day, "employed_from")
        if staff.employed_until and staff.employed_until < day:
            raise RuleViolation("入职日期晚于离职日期", rule=R.R_DATES, field="employed_from")
        first_term = staff.leadership_terms.order_by("started_on").first()
        if first_term and first_term.started_on < day:
            raise RuleViolation("入职日期晚于其班子任职日期", rule=R.R_TERM_DATES, field="employed_from")
        staff.employed_from = day
    if "member" in changes:
        _check_member(staff.school, changes["member"], staff.id_number_index, staff.pk)
        staff.member = changes["member"]
    if "user" in changes:
        _check_user(changes["user"], staff.pk)
        staff.user = changes["user"]
    if "phone" in changes:
        staff.set_phone(validate_mobile(changes["phone"]) if changes["phone"] else "")
    try:
        with transaction.atomic():
            staff.save()
    except IntegrityError:
        raise RuleViolation("该党员档案或系统账号已关联其他教职工记录", rule=R.R_MEMBER_ONCE, field="member") from None
    after = {f: _plain(getattr(staff, f if f not in ("member", "user") else f"{f}_id")) for f in before}
    diff = audit.diff(before, after)
    if "phone" in changes:
        diff["phone"] = ["（已更改）", "（已更改）"]
    audit.record("staff.update", target=staff, changes=diff, actor=acting_user)
    return staff


def _plain(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


@transaction.atomic
def end_employment(staff: StaffMember, *, on, acting_user) -> StaffMember:
    """离职: the entry stays (the ledgers keep referring to it); its open leadership terms end too."""
    staff = StaffMember.objects.select_for_update(of=("self",)).select_related("school__party_org", "school__supervisor").get(pk=staff.pk)
    require_on_school(acting_user, Action.STAFF_EDIT, staff.school)
    day = _date(on, "employed_until")
    if staff.employed_until is not None:
        raise RuleViolation(f"{staff.name}已于 {staff.employed_until:%Y-%m-%d} 离职", rule=R.R_CURRENT, field="employed_until")
    _not_future(day, "employed_until")
    if day < staff.employed_from:
        raise RuleViolation(f"离职日期早于入职日期 {staff.employed_from:%Y-%m-%d}", rule=R.R_DATES, field="employed_until")
    open_terms = list(staff.leadership_terms.select_for_update().filter(ended_on__isnull=True))
    for term in open_terms:
        if term.started_on > day:
            raise RuleViolation(f"离职日期早于其{term.get_role_display()}任职日期 {term.started_on:%Y-%m-%d}",
                                rule=R.R_TERM_DATES, field="employed_until")
        term.ended_on = day
        term.save(update_fields=["ended_on"])
    staff.employed_until = day
    staff.save(update_fields=["employed_until", "updated_at"])
    audit.record("staff.end_employment", target=staff, actor=acting_user,
                 changes={"employed_until": day.isoformat(), "terms_ended": [t.get_role_display() for t in open_terms]})
    return staff


@transaction.atomic
def start_leadership_term(staff: StaffMember, *, role: str, started_on, acting_user) -> LeadershipTerm:
    """任职: a seat on the school's leadership team from `started_on`."""
    # The school's row is locked so that two secretaries of the same school cannot start at once.
    school = School.objects.select_for_update(of=("self",)).select_related("party_org", "supervisor").get(pk=staff.school_id)
    staff = StaffMember.objects.select_related("school").get(pk=staff.pk)
    require_on_school(acting_user, Action.STAFF_EDIT, school)
    if role not in LeadershipRole.values:
        raise RuleViolation(f"班子职务“{role}”不在可选职务中", rule=R.R_ONE_HOLDER, field="role")
    day = _date(started_on, "started_on")
    _not_future(day, "started_on", R.R_TERM_DATES)
    if staff.employed_until is not None:
        raise RuleViolation(f"{staff.name}已于 {staff.employed_until:%Y-%m-%d} 离职，不能任职", rule=R.R_CURRENT, field="started_on")
    if day < staff.employed_from:
        raise RuleViolation(f"任职日期早于入职日期 {staff.employed_from:%Y-%m-%d}", rule=R.R_TERM_DATES, field="started_on")
    label = LeadershipRole(role).label
    if staff.leadership_terms.filter(role=role, ended_on__isnull=True).exists():
        raise RuleViolation(f"{staff.name}已在任{label}", rule=R.R_ONE_HOLDER, field="role")
    if role in R.SINGLE_HOLDER_ROLES:
        holder = (LeadershipTerm.objects.filter(staff__school=school, role=role, ended_on__isnull=True)
                  .select_related("staff").first())
        if holder is not None:
            raise RuleViolation(f"本校已有在任{label}{holder.staff.name}（{holder.started_on:%Y-%m-%d} 起），请先办理其卸任",
                                rule=R.R_ONE_HOLDER, field="role")
    term = LeadershipTerm.objects.create(staff=staff, role=role, started_on=day)
    audit.record("staff.term_start", target=term, actor=acting_user,
                 changes={"staff": staff.name, "role": label, "started_on": day.isoformat()})
    return term


@transaction.atomic
def start_leadership_terms(school: School, seats: list[tuple[StaffMember, str, datetime.date]], *,
                           acting_user) -> list[LeadershipTerm]:
    """任职 of several seats of one school at once (the demo generator): each seat passes the checks
    of start_leadership_term — against the school's open seats and the batch's own — then all are
    written together with their audit entries. All or nothing; `index` names the refused seat."""
    return start_terms_of_schools([(school, seats)], acting_user=acting_user)


@transaction.atomic
def start_terms_of_schools(seats_by_school: list[tuple[School, list[tuple[StaffMember, str, datetime.date]]]], *,
                           acting_user) -> list[LeadershipTerm]:
    """start_leadership_terms for several schools in one step: the schools locked and their open
    seats read in one query each, every seat checked as there, all written together."""
    ids = [school.pk for school, _ in seats_by_school]
    locked = School.objects.select_for_update(of=("self",)).select_related("party_org", "supervisor").in_bulk(ids)
    open_seats: dict[int, set] = {pk: set() for pk in ids}
    for school_id, staff_id, role in LeadershipTerm.objects.filter(staff__school_id__in=ids, ended_on__isnull=True) \
            .values_list("staff__school_id", "staff_id", "role"):
        open_seats[school_id].add((staff_id, role))
    terms = []
    for given, seats in seats_by_school:
        school = locked[given.pk]
        require_on_school(acting_user, Action.STAFF_EDIT, school)
        taken = open_seats[school.pk]
        held = {role: staff_id for staff_id, role in taken if role in R.SINGLE_HOLDER_ROLES}
        for index, (staff, role, started_on) in enumerate(seats):
            try:
                if staff.school_id != school.pk or role not in LeadershipRole.values:
                    raise RuleViolation("班子职务须为本校教职工的可选职务", rule=R.R_ONE_HOLDER, field="role")
                day = _date(started_on, "started_on")
                _not_future(day, "started_on", R.R_TERM_DATES)
                if staff.employed_until is not None or day < staff.employed_from:
                    raise RuleViolation(f"{staff.name}的任职日期不在其在职期间", rule=R.R_TERM_DATES, field="started_on")
                if (staff.pk, role) in taken or (role in held and held[role] != staff.pk):
                    raise RuleViolation(f"{LeadershipRole(role).label}已有人在任", rule=R.R_ONE_HOLDER, field="role")
            except RuleViolation as violation:
                violation.index = index
                raise
            taken.add((staff.pk, role))
            if role in R.SINGLE_HOLDER_ROLES:
                held[role] = staff.pk
            terms.append(LeadershipTerm(staff=staff, role=role, started_on=day))
    LeadershipTerm.objects.bulk_create(terms, batch_size=BULK_BATCH)
    audit.record_many("staff.term_start", [(t, {"staff": t.staff.name, "role": t.get_role_display(),
                                                "started_on": t.started_on.isoformat()}) for t in terms],
                      actor=acting_user)
    return terms


@transaction.atomic
def end_leadership_term(term: LeadershipTerm, *, on, acting_user) -> LeadershipTerm:
    """卸任: the seat ends on `on`; the person stays on the staff."""
    term = LeadershipTerm.objects.select_for_update(of=("self",)).select_related("staff__school__party_org",
                                                                      "staff__school__supervisor").get(pk=term.pk)
    require_on_school(acting_user, Action.STAFF_EDIT, term.staff.school)
    day = _date(on, "ended_on")
    if term.ended_on is not None:
        raise RuleViolation(f"该任职已于 {term.ended_on:%Y-%m-%d} 卸任", rule=R.R_TERM_DATES, field="ended_on")
    _not_future(day, "ended_on", R.R_TERM_DATES)
    if day < term.started_on:
        raise RuleViolation(f"卸任日期早于任职日期 {term.started_on:%Y-%m-%d}", rule=R.R_TERM_DATES, field="ended_on")
    term.ended_on = day
    term.save(update_fields=["ended_on"])
    audit.record("staff.term_end", target=term, actor=acting_user,
                 changes={"staff": term.staff.name, "role": term.get_role_display(), "ended_on": day.isoformat()})
    return term


def reveal_pii(staff: StaffMember, *, reason: str, acting_user) -> dict:
    """The full ID number and phone: the person himself, or the reveal right on the school with a
    reason; audited either way (as members.services.reveal_pii)."""
    own = acting_user is not None and staff.user_id == acting_user.pk
    if not own:
        if acting_user is None:
            raise PermissionDenied("查看完整信息须由具体人员办理")
        require_on_school(acting_user, Action.STAFF_REVEAL, staff.school)
        if len((reason or "").strip()) < 4:
            raise RuleViolation("查看完整身份证号和手机号须写明用途（至少 4 个字）", rule=R.R_REVEAL_REASON, field="reason")
    audit.record("staff.reveal", target=staff, reason=reason or "本人查看", actor=acting_user)
    return {"id_number": staff.get_id_number(), "phone": staff.get_phone()}
