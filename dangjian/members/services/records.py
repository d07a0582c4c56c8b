"""Every change to a member record goes through these functions (ARCHITECTURE.md pattern 1).

Each runs in a transaction, checks the acting user's scope inside it, checks the rules in
dangjian.members.rules, saves, appends the timeline event and the audit entry. The pages, the
API, the importer and the demo generator all call them.
"""

from __future__ import annotations

import datetime
import inspect
from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from dangjian.core import audit
from dangjian.core.errors import RuleViolation
from dangjian.core.pinyin import name_initials, name_pinyin
from dangjian.core.roles import Action
from dangjian.core.scoping import scope_of
from dangjian.core.validators import ID_RULE, parse_id_number, validate_mobile
from dangjian.members import rules as R
from dangjian.members.models import (
    ETHNICITIES,
    EventKind,
    LeaveKind,
    Member,
    MemberEvent,
    Membership,
    MemberStatus,
    Standing,
)
from dangjian.members.rules import add_months
from dangjian.orgs.models import BRANCH_KINDS, OrgKind, PartyOrg

# Organizations members can belong to: a branch, a joint branch, or (in small committees and
# general branches) the committee itself.
MEMBER_ORG_KINDS = BRANCH_KINDS | {OrgKind.GENERAL_BRANCH, OrgKind.COMMITTEE}
EDITABLE_FIELDS = ("name", "ethnicity", "education", "job", "title", "office", "native_place", "work_started_on",
                   "in_hardship", "phone")


def require(user, action: str, path: str) -> None:
    """403 for an actor without `action` on the node; None acts as the system (demo, commands)."""
    if user is not None and not scope_of(user).allows(action, path):
        raise PermissionDenied("您没有执行此操作的权限")


def probation_ends(member: Member) -> datetime.date | None:
    """The day the probation ends: one year from the 支部大会, or the extended date (members.rules)."""
    if member.joined_on is None:
        return None
    return R.probation_end(member.joined_on, member.probation_extended_to)


def _not_future(day: datetime.date, field: str = "occurred_on") -> None:
    if day > timezone.localdate():
        raise RuleViolation(f"日期 {day:%Y-%m-%d} 晚于今天", rule=R.R_NOT_FUTURE, field=field)


def check_member_org(org: PartyOrg) -> None:
    if org.kind not in MEMBER_ORG_KINDS:
        raise RuleViolation(f"党员不能直接编入{org.get_kind_display()}，请选择党支部（或党总支、党委）",
                            rule=R.R_ONE_ORG, field="org")


_check_member_org = check_member_org


def record_problems(*, org: PartyOrg, facts, name: str, gender: str | None = None,
                    birth_date: datetime.date | None = None, ethnicity: str = "汉族",
                    status: str = MemberStatus.FULL, joined_on: datetime.date | None = None,
                    confirmed_on: datetime.date | None = None, group=None,
                    work_started_on: datetime.date | None = None) -> list[RuleViolation]:
    """Every rule a new record breaks, in the order create_member reports them.

    create_member raises the first; the importer reports all of them for a row, so both apply
    the same rules. `facts` is what parse_id_number said about the ID number."""
    problems = []

    def check(rule_check):
        try:
            rule_check()
        except RuleViolation as violation:
            problems.append(violation)

    def identity():
        if gender and gender != facts.gender:
            raise RuleViolation("性别与身份证号第 17 位不一致", rule=ID_RULE, field="gender")

    def birth():
        if birth_date and birth_date != facts.birth_date:
            raise RuleViolation("出生日期与身份证号不一致", rule=ID_RULE, field="birth_date")

    def has_name():
        if not (name or "").strip():
            raise RuleViolation("请填写姓名", field="name")

    def known_ethnicity():
        if ethnicity not in ETHNICITIES:
            raise RuleViolation(f"民族“{ethnicity}”不在 56 个民族名称中", field="ethnicity")

    def joined():
        if joined_on is not None:
            _not_future(joined_on, "joined_on")
            if add_months(facts.birth_date, 12 * R.MIN_AGE_AT_ADMISSION) > joined_on:
                raise RuleViolation("入党时未满十八周岁", rule=R.R_ADMISSION_AGE, field="joined_on")

    def confirmed():
        if confirmed_on is None:
            return
        if status == MemberStatus.PROBATIONARY:
            raise RuleViolation("预备党员尚未转正，不应填写转正日期", rule=R.R_PROBATION, field="confirmed_on")
        _not_future(confirmed_on, "confirmed_on")
        if joined_on and confirmed_on < joined_on:
            raise RuleViolation("转正日期不能早于入党日期", rule=R.R_PROBATION, field="confirmed_on")

    def worked():
        if work_started_on is not None:
            check_work_started_on(work_started_on, facts.birth_date)

    def in_org():
        if group is not None and (group.kind != OrgKind.GROUP or not group.path.startswith(org.path)):
            raise RuleViolation("党小组须是所在支部下设的党小组", rule=R.R_GROUP_IN_ORG, field="group")

    for rule_check in (identity, birth, has_name, known_ethnicity, joined, confirmed, worked, in_org):
        check(rule_check)
    return problems


def check_work_started_on(day: datetime.date, birth_date: datetime.date) -> None:
    """参加工作时间: not after today, not before the sixteenth birthday (R_WORKING_AGE)."""
    _not_future(day, "work_started_on")
    if day < add_months(birth_date, 12 * R.MIN_WORKING_AGE):
        raise RuleViolation(f"参加工作时间 {day:%Y-%m-%d} 早于年满十六周岁", rule=R.R_WORKING_AGE,
                            field="work_started_on")


def _event(member: Member, kind: str, day: datetime.date, acting_user, **facts) -> MemberEvent:
    return MemberEvent.objects.create(member=member, kind=kind, occurred_on=day, org=member.org,
                                      recorded_by=acting_user, **facts)


def _open_membership(member: Member, day: datetime.date) -> None:
    Membership.objects.create(member=member, org=member.org, started_on=day)


def _close_membership(member: Member, day: datetime.date) -> None:
    Membership.objects.filter(member=member, ended_on__isnull=True).update(ended_on=day)


@transaction.atomic
def create_member(*, org: PartyOrg, name: str, id_number, acting_user=None, status: str = MemberStatus.FULL,
                  joined_on: datetime.date | None = None, confirmed_on: datetime.date | None = None,
                  gender: str | None = None, birth_date: datetime.date | None = None, ethnicity: str = "汉族",
                  phone: str = "", education: str = "", job: str = "teacher", title: str = "", office: str = "",
                  native_place: str = "", work_started_on: datetime.date | None = None, group=None,
                  lost_contact: bool = False, is_mobile: bool = False, in_hardship: bool = False,
                  since: datetime.date | None = None, event_kind: str = EventKind.RECORD_CREATED,
                  event_facts: dict | None = None) -> Member:
    """建档: a new member record, its first membership period and its first timeline event."""
    member = _new_member(org=org, name=name, id_number=id_number, acting_user=acting_user, status=status,
                         joined_on=joined_on, confirmed_on=confirmed_on, gender=gender, birth_date=birth_date,
                         ethnicity=ethnicity, phone=phone, education=education, job=job, title=title, office=office,
                         native_place=native_place, work_started_on=work_started_on, group=group, lost_contact=lost_contact, is_mobile=is_mobile, in_hardship=in_hardship)
    if Member.objects.filter(id_number_index=member.id_number_index).exists():
        raise RuleViolation("该身份证号已有党员档案（可能在其他组织），不能重复建档", rule=R.R_UNIQUE_ID,
                            field="id_number", code="duplicate")
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError:  # a concurrent import of the same person
        raise RuleViolation("该身份证号已有党员档案，不能重复建档", rule=R.R_UNIQUE_ID, field="id_number",
                            code="duplicate") from None
    start = since or joined_on or timezone.localdate()
    _open_membership(member, start)
    _event(member, event_kind, start, acting_user, **(event_facts or {}))
    audit.record("member.create", target=member, changes=_creation_changes(member), actor=acting_user)
    return member


def _new_member(*, org: PartyOrg, name: str, id_number, acting_user, status: str, joined_on, confirmed_on, gender,
                birth_date, ethnicity: str, phone: str, education: str, job: str, title: str, office: str,
                native_place: str, work_started_on: datetime.date | None, group, lost_contact: bool,
                is_mobile: bool, in_hardship: bool) -> Member:
    """The checks of 建档 and the unsaved record: shared by create_member and create_members."""
    require(acting_user, Action.MEMBER_EDIT, org.path)
    check_member_org(org)
    facts = parse_id_number(id_number)
    problems = record_problems(org=org, facts=facts, name=name, gender=gender, birth_date=birth_date,
                               ethnicity=ethnicity, status=status, joined_on=joined_on, confirmed_on=confirmed_on,
                               group=group, work_started_on=work_started_on)
    if problems:
        raise problems[0]
    name = name.strip()
    member = Member(org=org, name=name, name_pinyin=name_pinyin(name), name_initials=name_initials(name),
                    gender=facts.gender, birth_date=facts.birth_date, ethnicity=ethnicity, education=education,
                    job=job, title=title, office=office.strip(), native_place=native_place.strip(),
                    work_started_on=work_started_on, status=status, joined_on=joined_on, confirmed_on=confirmed_on, group=group,
                    lost_contact=lost_contact, is_mobile=is_mobile, in_hardship=in_hardship)
    member.set_id_number(facts.number)
    member.set_phone(validate_mobile(phone) if phone else "")
    return member


def _creation_changes(member: Member) -> dict:
    return {"name": member.name, "org": member.org.code, "status": member.status}


BULK_BATCH = 1000


@transaction.atomic
def create_members(records: list[dict], *, acting_user=None, progress=None) -> list[Member]:
    """建档 of many records at once (the importer): every record passes exactly the checks of
    create_member, then the rows, their periods, their first events and their audit entries are
    written in batches. All or nothing: the first refusal raises and undoes every record, with
    `index` set on the RuleViolation to the record's position."""
    members, firsts = [], {}  # firsts: id() of a member -> (start, event kind, event facts)
    for index, record in enumerate(records):
        record = dict(record)
        extra = {key: record.pop(key, None) for key in ("since", "event_kind", "event_facts")}
        try:
            member = _new_member(acting_user=acting_user, **_with_defaults(record))
        except RuleViolation as violation:
            violation.index = index
            raise
        firsts[id(member)] = (extra["since"] or member.joined_on or timezone.localdate(),
                              extra["event_kind"] or EventKind.RECORD_CREATED, extra["event_facts"] or {})
        members.append(member)
    indexes = [m.id_number_index for m in members]
    taken = set()
    for start in range(0, len(indexes), 5000):
        taken |= set(Member.objects.filter(id_number_index__in=indexes[start:start + 5000])
                     .values_list("id_number_index", flat=True))
    for index, member in enumerate(members):
        if member.id_number_index in taken:
            duplicate = RuleViolation("该身份证号已有党员档案（可能在其他组织），不能重复建档", rule=R.R_UNIQUE_ID,
                                      field="id_number", code="duplicate")
            duplicate.index = index
            raise duplicate
    for start in range(0, len(members), BULK_BATCH):
        batch = members[start:start + BULK_BATCH]
        try:
            with transaction.atomic():
                Member.objects.bulk_create(batch)
        except IntegrityError:  # a concurrent import of the same person, or the same ID twice
            raise RuleViolation("该身份证号已有党员档案，不能重复建档", rule=R.R_UNIQUE_ID, field="id_number",
                                code="duplicate") from None
        Membership.objects.bulk_create([Membership(member=m, org=m.org, started_on=firsts[id(m)][0]) for m in batch])
        MemberEvent.objects.bulk_create([MemberEvent(member=m, kind=firsts[id(m)][1], occurred_on=firsts[id(m)][0],
                                                     org=m.org, recorded_by=acting_user, **firsts[id(m)][2])
                                         for m in batch])
        audit.record_many("member.create", [(m, _creation_changes(m)) for m in batch], actor=acting_user)
        if progress:
            progress(start + len(batch), len(members))
    return members


# create_member's own defaults, read from its signature so that the two never drift apart.
_CREATE_DEFAULTS = {name: p.default for name, p in inspect.signature(create_member).parameters.items()
                    if p.default is not inspect.Parameter.empty
                    and name not in ("acting_user", "since", "event_kind", "event_facts")}


def _with_defaults(record: dict) -> dict:
    """create_member's defaults for a record that leaves a keyword out."""
    return {**_CREATE_DEFAULTS, **record}


@transaction.atomic
def update_member(member: Member, *, acting_user=None, reason: str = "", **changes) -> Member:
    member = Member.objects.select_for_update().select_related("org").get(pk=member.pk)
    require(acting_user, Action.MEMBER_EDIT, member.org.path)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise RuleViolation(f"不可在此修改的字段：{'、'.join(sorted(unknown))}", field=sorted(unknown)[0])
    before = {f: getattr(member, f) for f in EDITABLE_FIELDS if f != "phone"}
    if "phone" in changes:
        member.set_phone(validate_mobile(changes.pop("phone")) if changes.get("phone") else "")
        before["phone"] = "（已更改）"
    if "ethnicity" in changes and changes["ethnicity"] not in ETHNICITIES:
        raise RuleViolation(f"民族“{changes['ethnicity']}”不在 56 个民族名称中", field="ethnicity")
    if changes.get("work_started_on") is not None:
        check_work_started_on(changes["work_started_on"], member.birth_date)
    for key, value in changes.items():
        setattr(member, key, value)
    if "name" in changes:
        member.name_pinyin, member.name_initials = name_pinyin(member.name), name_initials(member.name)
    member.save()
    after = {f: getattr(member, f) for f in before if f != "phone"}
    _event(member, EventKind.RECORD_UPDATED, timezone.localdate(), acting_user, reason=reason,
           detail={"fields": sorted(set(changes) | ({"phone"} if "phone" in before else set()))})
    audit.record("member.update", target=member, changes=audit.diff(before, after), reason=reason, actor=acting_user)
    return member


# --- The timeline -----------------------------------------------------------------------
# Each handler checks its own rule and changes the record; record_event does what is common.

def _confirm(member, day, facts):
    if member.status != MemberStatus.PROBATIONARY:
        raise RuleViolation(f"{member.name}不是预备党员，不能办理转正", rule=R.R_CONFIRM_ONLY_PROBATIONARY, field="kind")
    ends = probation_ends(member)
    if ends and day < ends:
        raise RuleViolation(f"预备期到 {ends:%Y年%m月%d日} 才满，不能提前转正", rule=R.R_PROBATION, field="occurred_on")
    member.status, member.confirmed_on = MemberStatus.FULL, day


def _extend(member, day, facts):
    if member.status != MemberStatus.PROBATIONARY:
        raise RuleViolation("只有预备党员才能延长预备期", rule=R.R_EXTENSION, field="kind")
    if member.probation_extended_to:
        raise RuleViolation("预备期已经延长过一次，不能再次延长", rule=R.R_EXTENSION, field="kind")
    months = facts.get("months")
    if not isinstance(months, int) or not R.EXTENSION_MIN_MONTHS <= months <= R.EXTENSION_MAX_MONTHS:
        raise RuleViolation("延长时间须为 6 至 12 个月", rule=R.R_EXTENSION, field="months")
    ends = probation_ends(member)
    if ends is None:  # a record imported without its 入党日期: no probation to extend from
        raise RuleViolation("档案中没有入党日期，无法计算预备期，请先补录入党日期", rule=R.R_EXTENSION, field="kind")
    member.probation_extended_to = add_months(ends, months)
    return {"detail": {"months": months, "until": member.probation_extended_to.isoformat()}}


def _cancel(member, day, facts):
    if member.status != MemberStatus.PROBATIONARY:
        raise RuleViolation("只有预备党员才能取消预备党员资格", rule=R.R_CANCEL, field="kind")
    _leave_org(member, day, Standing.LEFT)


def _leave_org(member, day, standing):
    member.standing, member.left_on = standing, day
    _close_membership(member, day)


def _transfer_out(member, day, facts):
    if not facts.get("other_org_name") or not facts.get("letter_number"):
        raise RuleViolation("转出须填写接收组织名称和介绍信编号", rule=R.R_TRANSFER_LETTER, field="letter_number")
    _leave_org(member, day, Standing.TRANSFERRED_OUT)


def _change_group(member, day, facts):
    group = facts.pop("group", None)
    if group is not None and (group.kind != OrgKind.GROUP or not group.path.startswith(member.org.path)):
        raise RuleViolation("党小组须是所在支部下设的党小组", rule=R.R_GROUP_IN_ORG, field="group")
    before = member.group.name if member.group_id else "未编入党小组"
    before_id = member.group_id
    member.group = group
    # the ids let organizational life find the group a member belonged to on a past day
    return {"detail": {"from": before, "to": group.name if group else "未编入党小组",
                       "from_id": before_id, "to_id": group.pk if group else None}}


def _standing(target):
    def handler(member, day, facts):
        if target == Standing.NORMAL and member.standing == Standing.NORMAL:
            raise RuleViolation("党籍状态正常，无需恢复", field="kind")
        if target != Standing.NORMAL and member.standing == target:
            raise RuleViolation(f"该党员已是“{Standing(target).label}”状态", field="kind")
        member.standing = target
    return handler


def _flag(attr, value, label):
    def handler(member, day, facts):
        if getattr(member, attr) == value:
            raise RuleViolation(f"该党员{'已' if value else '并非'}{label}", field="kind")
        setattr(member, attr, value)
    return handler


def _leave(member, day, facts):
    kind = facts.get("leave_kind")
    if kind not in LeaveKind.values or not facts.get("decision_org"):
        raise RuleViolation("出党须选择方式（除名、开除党籍、退党、自行脱党）并填写批准组织", rule=R.R_LEAVE_DECISION,
                            field="decision_org")
    _leave_org(member, day, Standing.LEFT)
    return {"detail": {"leave_kind": kind, "leave_kind_label": LeaveKind(kind).label}}


def _deceased(member, day, facts):
    _leave_org(member, day, Standing.DECEASED)


# (member, occurred_on, facts) -> extra event fields, or None
EventHandler = Callable[[Member, datetime.date, dict], dict | None]
EVENT_HANDLERS: dict[str, EventHandler] = {
    EventKind.CONFIRMED: _confirm,
    EventKind.PROBATION_EXTENDED: _extend,
    EventKind.PROBATION_CANCELLED: _cancel,
    EventKind.TRANSFER_OUT: _transfer_out,
    EventKind.GROUP_CHANGED: _change_group,
    EventKind.STANDING_RETAINED: _standing(Standing.RETAINED),
    EventKind.STANDING_SUSPENDED: _standing(Standing.SUSPENDED),
    EventKind.STANDING_RESTORED: _standing(Standing.NORMAL),
    EventKind.LOST_CONTACT: _flag("lost_contact", True, "失去联系"),
    EventKind.CONTACT_RESTORED: _flag("lost_contact", False, "失去联系"),
    EventKind.MOBILE_REGISTERED: _flag("is_mobile", True, "登记为流动党员"),
    EventKind.MOBILE_CANCELLED: _flag("is_mobile", False, "登记为流动党员"),
    EventKind.LEFT: _leave,
    EventKind.DECEASED: _deceased,
}
# Facts an event may carry, beyond its date; anything else is refused, not silently dropped.
EVENT_FACTS = {"other_org_name", "letter_number", "decision_org", "reason", "months", "leave_kind", "group"}


@transaction.atomic
def record_event(member: Member, kind: str, occurred_on: datetime.date, *, acting_user=None, **facts) -> MemberEvent:
    """Record one change on the member's timeline, or refuse it naming the rule."""
    # Lock the member row only: "group" is nullable (an outer join), which PostgreSQL cannot lock.
    member = Member.objects.select_for_update(of=("self",)).select_related("org", "group").get(pk=member.pk)
    require(acting_user, Action.MEMBER_EDIT, member.org.path)
    handler = EVENT_HANDLERS.get(kind)
    if handler is None:
        raise RuleViolation("此事项不能在这里登记（建档、转入和组织内转接有各自的办理入口）", field="kind")
    unknown = set(facts) - EVENT_FACTS
    if unknown:
        raise RuleViolation(f"未知的信息项：{'、'.join(sorted(unknown))}", field=sorted(unknown)[0])
    if not member.is_active:
        raise RuleViolation(f"{member.name}已{member.get_standing_display().removeprefix('已')}，不能再办理变更",
                            rule=R.R_ACTIVE_ONLY, field="kind")
    _not_future(occurred_on)
    if member.joined_on and occurred_on < member.joined_on:
        raise RuleViolation("事项日期不能早于入党日期", rule=R.R_NOT_BEFORE_JOINING, field="occurred_on")
    last = member.events.order_by("-occurred_on").values_list("occurred_on", flat=True).first()
    if last and occurred_on < last and kind in {EventKind.LEFT, EventKind.DECEASED, EventKind.TRANSFER_OUT}:
        raise RuleViolation(f"日期早于时间线上最近的事项（{last:%Y-%m-%d}）", field="occurred_on")
    extra = handler(member, occurred_on, facts) or {}
    member.save()
    stored = {k: v for k, v in facts.items() if k in {"other_org_name", "letter_number", "decision_org", "reason"}}
    event = _event(member, kind, occurred_on, acting_user, **stored, **extra)
    audit.record(f"member.event.{kind}", actor=acting_user, target=member, reason=facts.get("reason", ""),
                 changes={"kind": kind, "occurred_on": occurred_on.isoformat(), **extra.get("detail", {})})
    return event


@transaction.atomic
def admit_probationary(*, org: PartyOrg, name: str, id_number, general_meeting_on: datetime.date,
                       acting_user=None, **record) -> Member:
    """接收预备党员 (called by recruitment when the higher committee approves): 入党日期 is the
    date of the 支部大会, and the probation runs one year from it."""
    return create_member(org=org, name=name, id_number=id_number, acting_user=acting_user,
                         status=MemberStatus.PROBATIONARY, joined_on=general_meeting_on, since=general_meeting_on,
                         event_kind=EventKind.ADMITTED, **record)


def receive_from_outside(*, org: PartyOrg, name: str, id_number, received_on: datetime.date, other_org_name: str,
                         letter_number: str, acting_user=None, **record) -> Member:
    """组织关系转入 from an organization outside the system, with its letter."""
    if not other_org_name or not letter_number:
        raise RuleViolation("转入须填写转出组织名称和介绍信编号", rule=R.R_TRANSFER_LETTER, field="letter_number")
    _not_future(received_on, "received_on")
    return create_member(org=org, name=name, id_number=id_number, acting_user=acting_user, since=received_on,
                         event_kind=EventKind.TRANSFER_IN,
                         event_facts={"other_org_name": other_org_name, "letter_number": letter_number}, **record)
