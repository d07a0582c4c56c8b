"""Every change to a recruitment file goes through these functions (ARCHITECTURE.md pattern 1):
opening a file (step 01), recording any later step (`record_step`), and a higher committee's
stricter time limits (`set_rule_setting`).

`record_step` is the one place where the 25 steps' rules are enforced: the order of the steps,
dates, who may record the step, its facts, and its time rules (dangjian.recruitment.checks). A
refusal is a RuleViolation naming the rule; a broken warning rule needs a written reason and is
kept with the step. Approval (17) creates the probationary member, and the 转正 approval (24)
applies its outcome, through dangjian.members.services — never by writing members here.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from dangjian.core import audit
from dangjian.core.errors import RuleViolation
from dangjian.core.notify import announce
from dangjian.core.roles import Action, Post
from dangjian.core.scoping import scope_of
from dangjian.core.validators import parse_id_number
from dangjian.members import services as members
from dangjian.members.models import EventKind, Member, Membership, MemberStatus
from dangjian.members.services import MEMBER_ORG_KINDS
from dangjian.orgs.meeting_records import MeetingRecord, meeting_book
from dangjian.orgs.models import PartyOrg, Position
from dangjian.recruitment import progress
from dangjian.recruitment import rules as R
from dangjian.recruitment.checks import CHECKS, Context, clean_facts, members_within
from dangjian.recruitment.models import DevelopmentPlan, FileState, RecruitmentFile, RuleSetting, StepRecord
from dangjian.recruitment.rules import Recorder, step
from dangjian.recruitment.selectors import describe

STEPLEN = PartyOrg.steplen


# --- who may do what --------------------------------------------------------------------------

def can_record(user, file: RecruitmentFile, code: str) -> bool:
    """The branch's steps need recruitment.manage on the file's organization; the higher
    committee's need recruitment.approve from a post strictly above it (a branch never approves
    its own people). None is the system itself (demo data, commands)."""
    if user is None:
        return True
    scope = scope_of(user)
    if scope.is_superuser:
        return True
    path = file.org.path
    if step(code).recorder == Recorder.BRANCH:
        return scope.allows(Action.RECRUITMENT_MANAGE, path)
    return any(path.startswith(p) and p != path for p in scope.paths_for(Action.RECRUITMENT_APPROVE))


def _require_record(user, file, code):
    if not can_record(user, file, code):
        if step(code).recorder == Recorder.COMMITTEE:
            raise PermissionDenied(f"“{step(code).label}”由上级党委办理。依据：{R.R_APPROVAL_ACTOR}")
        raise PermissionDenied("您的职务不含“办理发展党员”的权限")


# --- the limits in force --------------------------------------------------------------------

def ancestor_paths(path: str) -> list[str]:
    return [path[:i] for i in range(STEPLEN, len(path) + 1, STEPLEN)]


def _stricter(rule: R.Limit, a: int, b: int) -> int:
    return max(a, b) if rule.stricter == "up" else min(a, b)


def effective_limits(org: PartyOrg) -> dict[str, int]:
    """The national value of every limit, made stricter by any setting on the organization or
    above it. The strictest wins, so a lower committee can tighten but never undo a higher one."""
    return _limits(RuleSetting.objects.filter(org__path__in=ancestor_paths(org.path)).values_list("rule_code", "value"))


def effective_limits_of(orgs) -> dict[int, dict[str, int]]:
    """effective_limits of many organizations, by id, from one read of the settings above them."""
    paths = {p for org in orgs for p in ancestor_paths(org.path)}
    by_path: dict[str, list] = {}
    for path, code, value in RuleSetting.objects.filter(org__path__in=paths).values_list("org__path", "rule_code",
                                                                                        "value"):
        by_path.setdefault(path, []).append((code, value))
    return {org.pk: _limits([row for p in ancestor_paths(org.path) for row in by_path.get(p, ())]) for org in orgs}


def _limits(settings) -> dict[str, int]:
    limits = {code: rule.value for code, rule in R.LIMITS.items()}
    for code, value in settings:
        rule = R.ADJUSTABLE.get(code)
        if rule is not None:
            limits[code] = _stricter(rule, limits[code], value)
    return limits


@transaction.atomic
def set_rule_setting(org: PartyOrg, rule_code: str, value: int, *, reason: str, acting_user=None) -> RuleSetting:
    """A higher committee's stricter limit for its subtree. Looser than the national rule, or
    than a setting above, is refused."""
    if acting_user is not None and not scope_of(acting_user).allows(Action.RECRUITMENT_CONFIGURE, org.path):
        raise PermissionDenied("只有上级党委可以设定本辖区的发展党员时限")
    rule = R.ADJUSTABLE.get(rule_code)
    if rule is None:
        raise RuleViolation("该规则不能由上级党委调整", rule=R.R_STRICTER_ONLY, field="rule_code")
    if not (reason or "").strip():
        raise RuleViolation("请写明设定的依据（文件名称和文号）", field="reason")
    parent = PartyOrg.objects.get(path=org.path[:-STEPLEN]) if len(org.path) > STEPLEN else None
    floor = effective_limits(parent)[rule_code] if parent else rule.value
    if value != _stricter(rule, value, floor):
        direction = "少于" if rule.stricter == "up" else "多于"
        raise RuleViolation(f"“{rule.text}”在本辖区现为 {floor}{R.Unit(rule.unit).label}，只能从严，不能{direction}此数",
                            rule=R.R_STRICTER_ONLY, field="value")
    setting, _ = RuleSetting.objects.update_or_create(
        org=org, rule_code=rule_code, defaults={"value": value, "reason": reason.strip(), "set_by": acting_user})
    audit.record("recruitment.rule_setting", target=setting, actor=acting_user, reason=reason,
                 changes={"rule": rule_code, "value": value, "national": rule.value})
    return setting


# --- the annual development plan ---------------------------------------------------------------

PLAN_FIELDS = ("admitted", "activists", "candidates")
PLAN_YEARS = (2000, 2100)


@transaction.atomic
def set_plan(org: PartyOrg, year: int, *, admitted: int, activists: int | None = None, candidates: int | None = None,
             basis: str = "", acting_user=None) -> DevelopmentPlan:
    """年度发展计划 of an organization: set by whoever does its recruitment work (the branch for
    itself, the higher committee for any organization of its subtree); changed with its old and
    new numbers in the audit log."""
    numbers = _plan_numbers(org, year, admitted, activists, candidates, acting_user)
    plan = DevelopmentPlan.objects.select_for_update().filter(org=org, year=year).first()
    before = {name: getattr(plan, name) for name in PLAN_FIELDS} if plan else None
    if plan is None:
        plan = DevelopmentPlan(org=org, year=year)
    for name, value in numbers.items():
        setattr(plan, name, value)
    plan.basis, plan.set_by = (basis or "").strip()[:300], acting_user
    plan.save()
    audit.record("recruitment.plan", target=plan, actor=acting_user, reason=plan.basis,
                 changes={"org": org.code, "year": year, "before": before, "after": numbers})
    return plan


def _plan_numbers(org: PartyOrg, year: int, admitted, activists, candidates, acting_user) -> dict:
    """set_plan's checks: the user's right, the year, the numbers; the numbers by field."""
    if acting_user is not None and not scope_of(acting_user).allows(Action.RECRUITMENT_MANAGE, org.path):
        raise PermissionDenied("您的职务不含“办理发展党员”的权限，不能制定该组织的发展计划")
    if not PLAN_YEARS[0] <= int(year) <= PLAN_YEARS[1]:
        raise RuleViolation("年度不是有效年份", field="year")
    numbers = {"admitted": admitted, "activists": activists, "candidates": candidates}
    for name, value in numbers.items():
        if value is not None and (not isinstance(value, int) or value < 0):
            raise RuleViolation("计划人数须为不小于 0 的整数", field=name)
    if admitted is None:
        raise RuleViolation("请填写计划发展党员人数", field="admitted")
    return numbers


@transaction.atomic
def set_plans(items: list[dict], *, acting_user=None) -> list[DevelopmentPlan]:
    """set_plan for many organizations and years at once (each item: org, year, admitted and
    optionally activists, candidates, basis): every item checked as set_plan checks it, all or
    none; the plans there are read once, the new ones inserted and the others updated together,
    and one audit entry a plan with its old and new numbers (its basis among the changes)."""
    checked = [(item, _plan_numbers(item["org"], item["year"], item["admitted"], item.get("activists"),
                                    item.get("candidates"), acting_user)) for item in items]
    plans = {(p.org_id, p.year): p for p in DevelopmentPlan.objects.select_for_update().filter(
        org__in={item["org"].pk for item in items}, year__in={item["year"] for item in items})}
    existing = list(plans.values())
    entries = []
    for item, numbers in checked:
        org, year = item["org"], item["year"]
        plan = plans.get((org.pk, year))
        before = {name: getattr(plan, name) for name in PLAN_FIELDS} if plan else None
        if plan is None:
            plan = plans[(org.pk, year)] = DevelopmentPlan(org=org, year=year)
        for name, value in numbers.items():
            setattr(plan, name, value)
        plan.basis, plan.set_by, plan.set_at = (item.get("basis") or "").strip()[:300], acting_user, timezone.now()
        entries.append((plan, {"org": org.code, "year": year, "before": before, "after": numbers,
                               "basis": plan.basis}))
    DevelopmentPlan.objects.bulk_create([p for p in plans.values() if p.pk is None])
    DevelopmentPlan.objects.bulk_update(existing, [*PLAN_FIELDS, "basis", "set_by", "set_at"])
    audit.record_many("recruitment.plan", entries, actor=acting_user)
    return [plan for plan, _ in entries]


# --- opening a file: step 01 --------------------------------------------------------------------

def _not_future(day: datetime.date, field: str = "occurred_on"):
    if day > timezone.localdate():
        raise RuleViolation("日期不能晚于今天", rule=R.R_NOT_FUTURE, field=field)


def open_file_for_member(member: Member, *, org: PartyOrg, applied_on: datetime.date, unit: str = "",
                         acting_user=None, note: str = "", steps: list[dict] | None = None) -> RecruitmentFile:
    """补录: the development file of someone the members module already holds as admitted (the
    paper file of a member admitted before the system, or the demo's history). The file's steps
    are recorded through record_step / record_steps (or `steps` here) with every rule, and
    approval (17) and 转正 (24) are checked against the member's record (R_MEMBER_RECORD)
    instead of being applied to it again."""
    return open_file(org=org, name=member.name, id_number=member.get_id_number(), applied_on=applied_on, unit=unit,
                     acting_user=acting_user, note=note, member=member, steps=steps)


@transaction.atomic
def open_file(*, org: PartyOrg, name: str, id_number, applied_on: datetime.date, unit: str = "",
              acting_user=None, note: str = "", member: Member | None = None,
              steps: list[dict] | None = None) -> RecruitmentFile:
    """递交入党申请书: the file begins with step 01, refused under 18 on that day. With `member`
    (open_file_for_member) the file is that member's own, recorded afterwards. With `steps`, the
    file's later steps follow in the same call, judged as record_steps judges them (a paper file
    entered at once): all or nothing, one audit entry for the opening and one per step."""
    file = check_opening(org=org, name=name, id_number=id_number, applied_on=applied_on, unit=unit, acting_user=acting_user,
                     member=member, known=LiveLookups())
    try:
        with transaction.atomic():
            file.save()
    except IntegrityError:
        raise RuleViolation("此人已有一份在办的发展党员档案", rule=R.R_ONE_FILE, field="id_number",
                            code="duplicate") from None
    record = StepRecord.objects.create(file=file, code="01", occurred_on=applied_on, recorded_by=acting_user,
                                       note=note[:500])
    opened = {"opened": True, "org": org.code, "applied_on": applied_on.isoformat()}
    if steps is not None:
        _record_batch(file, [record], steps, acting_user, opened=opened)
        return file
    _refresh(file, [record])
    audit.record("recruitment.open", target=file, actor=acting_user, changes=opened)
    return file


class LiveLookups:
    """What the checks of an opening and of a step read, read when asked: one file at a time.
    bulk.BatchLookups answers the same questions for many files from one read."""

    def is_member(self, index: str) -> bool:
        return Member.objects.filter(id_number_index=index).exists()

    def has_open_file(self, index: str) -> bool:
        return RecruitmentFile.objects.filter(id_number_index=index, state=FileState.OPEN).exists()

    def member_has_file(self, member: Member) -> bool:
        return RecruitmentFile.objects.filter(member=member).exists()

    def was_in(self, member: Member, org: PartyOrg, day: datetime.date) -> bool:
        return Membership.objects.filter(member=member, org=org, started_on__lte=day).exists()

    find_members = staticmethod(members_within)


def check_opening(*, org: PartyOrg, name: str, id_number, applied_on: datetime.date, unit: str, acting_user,
              member: Member | None, known) -> RecruitmentFile:
    """Every check of an opening (step 01), in its order, and the unsaved file; `known` reads
    what the checks need from the database (LiveLookups, or a batch's)."""
    if acting_user is not None and not scope_of(acting_user).allows(Action.RECRUITMENT_MANAGE, org.path):
        raise PermissionDenied("您的职务不含“办理发展党员”的权限")
    if org.kind not in MEMBER_ORG_KINDS:
        raise RuleViolation(f"入党申请应向所在单位的党组织提出，不能递交给{org.get_kind_display()}", rule=R.R_OWN_UNIT,
                            field="org")
    if not (name or "").strip():
        raise RuleViolation("请填写姓名", field="name")
    facts = parse_id_number(id_number)
    _not_future(applied_on, "applied_on")
    if progress.add_months(facts.birth_date, 18 * 12) > applied_on:
        raise RuleViolation(f"递交申请书时（{applied_on:%Y-%m-%d}）未满十八周岁，不能申请入党", rule=R.R_AGE,
                            field="applied_on")
    file = RecruitmentFile(org=org, name=name.strip(), gender=facts.gender, birth_date=facts.birth_date,
                           unit=unit.strip(), applied_on=applied_on, created_by=acting_user, last_code="01")
    file.set_id_number(facts.number)
    if member is not None:
        _check_member_file(file, member, org, known)
    elif known.is_member(file.id_number_index):
        raise RuleViolation("此人已有党员档案，不需要发展", rule=R.R_ONE_FILE, field="id_number", code="duplicate")
    if known.has_open_file(file.id_number_index):
        raise RuleViolation("此人已有一份在办的发展党员档案（可能在其他组织）", rule=R.R_ONE_FILE, field="id_number",
                            code="duplicate")
    return file


def _check_member_file(file: RecruitmentFile, member: Member, org: PartyOrg, known) -> None:
    if member.id_number_index != file.id_number_index:
        raise RuleViolation("补录档案须是该党员本人的", rule=R.R_MEMBER_RECORD, field="id_number")
    if known.member_has_file(member):
        raise RuleViolation(f"{member.name}已有发展党员档案", rule=R.R_ONE_FILE, field="id_number", code="duplicate")
    if member.joined_on is None or file.applied_on >= member.joined_on:
        raise RuleViolation(f"递交申请书日期须早于党员档案的入党日期（{member.joined_on}）", rule=R.R_MEMBER_RECORD,
                            field="applied_on")
    if not known.was_in(member, org, member.joined_on):
        raise RuleViolation(f"{member.name}入党时不在{org.name}，补录档案应由其入党时的党组织建立", rule=R.R_MEMBER_RECORD,
                            field="org")
    file.member = member


# --- every later step ---------------------------------------------------------------------------

def _serialize(facts: dict) -> dict:
    return {k: (v.isoformat() if isinstance(v, datetime.date) else v) for k, v in facts.items()}


@transaction.atomic
def record_step(file: RecruitmentFile, step_code: str, facts: dict | None, acting_user=None, reason: str | None = None,
                *, occurred_on: datetime.date | None = None, meeting: int | None = None,
                new_meeting_place: str | None = None) -> StepRecord:
    """Record one step of the file, or refuse it naming the rule.

    `facts` holds the step's facts (rules.STEPS) and may hold "occurred_on" and "note"; a step
    that breaks a warning rule needs `reason`, else it is refused asking for one.

    A step decided at a 支委会 or 支部党员大会 (rules.MEETING_STEPS) may name that meeting's
    organizational-life record (`meeting`), or have it entered from the step, held where
    `new_meeting_place` says — so the meeting is entered once (link_meeting)."""
    file = _locked(file)
    records = list(file.steps.order_by("occurred_on", "id"))
    limits = effective_limits(file.org)
    record = _judge(file, records, limits, step_code, facts, acting_user, reason, occurred_on)
    created = link_meeting(file, record, meeting=meeting, new_meeting_place=new_meeting_place,
                           acting_user=acting_user)
    record.save()
    records.append(record)
    _consequences(file, record, records, acting_user)
    _refresh(file, records, limits)
    changes = _audit_changes(record)
    if created is not None:
        changes["meeting_created"] = True
    audit.record(f"recruitment.step.{step_code}", target=file, actor=acting_user, reason=record.reason,
                 changes=changes)
    _tell_the_committee(file)
    return record


@transaction.atomic
def record_steps(file: RecruitmentFile, steps: list[dict], acting_user=None) -> list[StepRecord]:
    """Several steps of one file in their order — a paper file entered afterwards, the demo's
    history: each judged exactly as record_step judges it (the same _judge, against the steps
    before it), all or none written, with one audit entry per step. Each item is
    {"step": "07", "occurred_on": …, "reason": …, <the step's facts>}."""
    file = _locked(file)
    return _record_batch(file, list(file.steps.order_by("occurred_on", "id")), steps, acting_user)


def _record_batch(file: RecruitmentFile, records: list, steps: list[dict], acting_user, opened: dict | None = None):
    limits = effective_limits(file.org)
    new = judge_steps(file, records, steps, limits, acting_user)
    StepRecord.objects.bulk_create(new)
    _refresh(file, records, limits)
    audit.record_many("recruitment.steps", batch_entries(file, new, opened), actor=acting_user)
    _tell_the_committee(file)
    return new


def judge_steps(file: RecruitmentFile, records: list, steps: list[dict], limits: dict, acting_user,
                find_members=None) -> list[StepRecord]:
    """Each item judged in turn against the steps before it (appended to `records`), with its
    consequences: the unsaved records, or the first refusal."""
    new = []
    for item in steps:
        facts = dict(item)
        code, reason = facts.pop("step", ""), facts.pop("reason", None)
        record = _judge(file, records, limits, code, facts, acting_user, reason, None, find_members)
        records.append(record)
        new.append(record)
        _consequences(file, record, records, acting_user)
    return new


def batch_entries(file: RecruitmentFile, new: list[StepRecord], opened: dict | None) -> list[tuple]:
    """The audit entries of steps entered together: the opening (if any), then one per step."""
    entries = [(file, {"step": "01", **opened})] if opened else []
    return entries + [(file, step_changes(r)) for r in new]


def step_changes(record: StepRecord) -> dict:
    """What the audit log keeps of a step entered in a batch: its facts, judgement and reason."""
    return {**_audit_changes(record), "reason": record.reason}


def nearest_above(path: str, holders: dict) -> str | None:
    """The nearest organization strictly above `path` that has someone in `holders` ({path: …})."""
    above = [p for p in reversed(ancestor_paths(path)[:-1]) if holders.get(p)]
    return above[0] if above else None


def tell_the_committees(files: list[RecruitmentFile]) -> None:
    """_tell_the_committee for many files, the committees' administrators read once."""
    waiting = [file for file in files if waits_for_committee(file)]
    by_path = committee_admins({p for file in waiting for p in ancestor_paths(file.org.path)[:-1]})
    for file in waiting:
        _tell_the_committee(file, by_path)


def waits_for_committee(file: RecruitmentFile) -> bool:
    return bool(file.state == FileState.OPEN and file.next_code and step(file.next_code).recorder == Recorder.COMMITTEE)


def committee_admins(paths) -> dict[str, list]:
    """The active committee administrators' posts on the organizations `paths`, by path."""
    rows = (Position.objects.active_on(timezone.localdate())
            .filter(org__path__in=paths, post=Post.COMMITTEE_ADMIN, user__isnull=False,
                    user__is_active=True).select_related("user", "org"))
    by_path: dict[str, list] = {}
    for position in rows:
        by_path.setdefault(position.org.path, []).append(position)
    return by_path


def _tell_the_committee(file: RecruitmentFile, by_path: dict[str, list] | None = None) -> None:
    """A file whose next step is the higher committee's (备案, 预审, 谈话, 审批) waits for it: the
    administrators of the nearest committee above are told once per file and step, and that
    committee's group hears of it without the person's name. `by_path`: committee_admins of
    (at least) the organizations above the file, read beforehand for a batch."""
    if not waits_for_committee(file):
        return
    if by_path is None:
        by_path = committee_admins(ancestor_paths(file.org.path)[:-1])
    path = nearest_above(file.org.path, by_path)
    if path is None:
        return
    the_step = step(file.next_code)
    announce([p.user for p in by_path[path]], key=f"recruitment:waiting:{file.pk}:{file.next_code}",
             title=f"{file.org.name}：{file.name}的发展党员档案待上级党委办理“{the_step.label}”",
             body=f"依据：{the_step.citation}。" + (f"期限 {file.due_on:%Y-%m-%d}。" if file.due_on else ""),
             url=reverse("recruitment:file", kwargs={"pk": file.pk}), org=by_path[path][0].org,
             group_text=f"{file.org.name}有一份发展党员档案待上级党委办理“{the_step.label}”")


def _locked(file: RecruitmentFile) -> RecruitmentFile:
    return RecruitmentFile.objects.select_for_update(of=("self",)).select_related("org", "member").get(pk=file.pk)


def _audit_changes(record: StepRecord) -> dict:
    changes = {"step": record.code, "occurred_on": record.occurred_on.isoformat(), "passed": record.passed,
               "breaches": [b["rule"] for b in record.breaches]}
    if record.meeting_record:
        changes["meeting_record"] = record.meeting_record
    return changes


def _meeting_refusal(message: str, field: str = "meeting") -> RuleViolation:
    return RuleViolation(message, rule=R.R_MEETING_RECORD, field=field)


def link_meeting(file: RecruitmentFile, record: StepRecord, *, meeting: int | None, new_meeting_place: str | None,
                 acting_user) -> MeetingRecord | None:
    """Name on the (unsaved, judged) step the record of the meeting that decided it: an existing
    record of the file's organization, of the step's kind of meeting, held on the step's day; or a
    new record entered from the step through organizational life's own service and rules. Returns
    the record it created, if any. Neither given: the step is recorded without a meeting."""
    if meeting is None and new_meeting_place is None:
        return None
    kind = R.meeting_kind(record.code, record.facts)
    if kind is None:
        if R.MEETING_STEPS.get(record.code):
            raise _meeting_refusal("请先选择研究决定的会议", "decided_by")
        raise _meeting_refusal(f"“{record.step.label}”不是由会议研究决定的步骤，不关联会议记录")
    book = meeting_book()
    wanted = R.MEETING_KIND_LABELS[kind]
    if meeting is not None:
        found = book.get(meeting)
        if found is None or found.org_id != file.org_id:
            raise _meeting_refusal(f"没有找到{file.org.name}的这条会议记录")
        if found.kind != kind:
            raise _meeting_refusal(f"所选记录是{found.kind_label}，本步骤由{wanted}研究决定")
        if found.held_on != record.occurred_on:
            raise _meeting_refusal(f"所选会议在 {found.held_on:%Y-%m-%d} 召开，与办理日期 {record.occurred_on:%Y-%m-%d} 不一致")
        record.meeting_record = found.pk
        return None
    place = (new_meeting_place or "").strip()
    if not place:
        raise RuleViolation("根据本步骤新建会议记录，须填写会议地点", field="meeting_place")
    if acting_user is not None and not book.can_create(acting_user, file.org):
        raise _meeting_refusal("您没有登记组织生活的权限：请选择已登记的会议记录，或请组织委员先登记该次会议")
    try:
        created = book.create(file.org, kind=kind, held_on=record.occurred_on, topic=f"{record.step.name}（{file.name}）",
                              place=place, resolutions="；".join([f"{record.step.name}：{file.name}", *describe(record)]),
                              acting_user=acting_user)
    except RuleViolation as refused:  # organizational life's own rules (a kind the org does not hold …)
        raise RuleViolation(f"不能新建会议记录：{refused.message}", rule=refused.rule,
                            field="meeting_place" if refused.field == "place" else "meeting") from None
    record.meeting_record = created.pk
    return created


def _judge(file, records, limits, step_code, facts, acting_user, reason, occurred_on, find_members=None) -> StepRecord:
    """Every rule of one step against the file's steps so far: the unsaved record, or a refusal."""
    facts = dict(facts or {})
    if step_code not in R.STEP_BY_CODE:
        raise RuleViolation(f"没有编号为“{step_code}”的步骤", field="step")
    the_step = step(step_code)
    _require_record(acting_user, file, step_code)
    day = occurred_on or facts.pop("occurred_on", None)
    facts.pop("occurred_on", None)
    if day in (None, ""):
        raise RuleViolation("请填写办理日期", field="occurred_on")
    if not isinstance(day, datetime.date):
        try:
            day = datetime.date.fromisoformat(str(day))
        except ValueError:
            raise RuleViolation("办理日期不是有效日期（格式如 2026-11-23）", field="occurred_on") from None
    if file.state != FileState.OPEN:
        raise RuleViolation(f"该档案{file.get_state_display()}（{file.stop_reason or '程序已结束'}），不能再登记步骤",
                            rule=R.R_NOT_PASSED, field="step")
    expected = progress.next_code(records)
    if step_code != expected and step_code not in progress.repeatable_now(records):
        wanted = f"下一步应为“{step(expected).label}”" if expected else "全部步骤已办结"
        raise RuleViolation(f"不能登记“{the_step.label}”：{wanted}", rule=R.R_ORDER, field="step")
    _not_future(day)
    if records and day < records[-1].occurred_on:
        raise RuleViolation(f"日期早于上一步骤“{records[-1].step.label}”（{records[-1].occurred_on:%Y-%m-%d}）",
                            rule=R.R_NOT_FUTURE, field="occurred_on")
    note = str(facts.pop("note", "") or "")[:500]
    ctx = Context(file=file, step=the_step, day=day, facts=clean_facts(the_step, facts), records=records,
                  limits=limits, find_members=find_members or members_within)
    CHECKS.get(step_code, lambda c: None)(ctx)
    reason = (reason or "").strip()
    if ctx.breaches and not reason:
        first = ctx.breaches[0]
        raise RuleViolation(f"{first.message}。如确需办理，请写明理由", rule=first.rule, field="reason",
                            code="reason_required")
    return StepRecord(file=file, code=step_code, occurred_on=day, facts=_serialize(ctx.facts), passed=ctx.passed,
                      breaches=[b.as_dict() for b in ctx.breaches], reason=reason[:500] if ctx.breaches else "",
                      note=note, recorded_by=acting_user)


def touches_members(member: Member | None, steps: list[dict]) -> bool:
    """Whether _consequences may write to the members module for these steps of a new file: an
    approval (17) of someone not yet a member, or a 转正 approval (24) — except a 补录 file's
    confirmations of a member already full on the record, which are only checked. (bulk.open_files
    leaves such files to open_file, one at a time.)"""
    codes = [item.get("step") for item in steps]
    if "17" in codes and member is None:
        return True
    if "24" not in codes:
        return False
    confirmed = member is not None and member.status == MemberStatus.FULL
    return not (confirmed and all(item.get("outcome") == "confirm" for item in steps if item.get("step") == "23"))


def _consequences(file: RecruitmentFile, record: StepRecord, records: list, acting_user) -> None:
    """What a step changes beyond the file: the end of the file on a negative outcome, the
    member record on approval and on the 转正 decision (through the members services, acting as
    the system: the recruitment rights were checked above, and the step is audited with its user)."""
    if not record.passed and record.code != "23":
        file.state = FileState.STOPPED
        file.stop_reason = {"10": "政治审查不合格", "15": "支部大会未通过接收预备党员的决议",
                            "17": "上级党委未批准"}[record.code]
        return
    if record.code == "17" and file.member is None:
        meeting = progress.date_of(records, "15")
        if meeting is None:  # the steps go in order: 17 is only recorded after the 支部大会 (15)
            raise AssertionError("step 17 without a 支部大会 (15)")
        file.member = members.admit_probationary(org=file.org, name=file.name, id_number=file.get_id_number(),
                                                 general_meeting_on=meeting)
    if record.code == "24" and file.member is not None:
        resolution = progress.latest([r for r in records if r.passed], "23")
        outcome = resolution.facts.get("outcome")
        if outcome == "confirm" and file.member.status == MemberStatus.FULL:
            # 补录: checks_24 found the 转正 on the member's record, with a date that agrees; the
            # record is unchanged (nothing to read again).
            return
        if outcome == "confirm":
            ends = progress.probation_ends(records, file.member)
            if ends is None:  # as above: a 转正 discussion (23) follows the 支部大会 (15)
                raise AssertionError("step 24 without a 支部大会 (15)")
            members.record_event(file.member, EventKind.CONFIRMED, ends)
        elif outcome == "extend":
            members.record_event(file.member, EventKind.PROBATION_EXTENDED, resolution.occurred_on,
                                 months=resolution.facts["extend_months"], reason="支部大会决议延长预备期")
        else:
            members.record_event(file.member, EventKind.PROBATION_CANCELLED, record.occurred_on,
                                 reason="支部大会决议取消预备党员资格")
        file.member.refresh_from_db()
    if record.code == "25":
        file.state = FileState.DONE


def _refresh(file: RecruitmentFile, records: list, limits: dict[str, int] | None = None) -> None:
    """Store where the file stands, for the board and the due list."""
    place(file, records, limits)
    file.save()


def place(file: RecruitmentFile, records: list, limits: dict[str, int] | None = None) -> None:
    """Where the file stands after `records`: its stage, next step and deadlines (unsaved)."""
    file.last_code = max(r.code for r in records)
    file.stage = progress.stage_of(records)
    if file.state == FileState.OPEN:
        file.next_code = progress.next_code(records)
        items = progress.deadlines(records, limits or effective_limits(file.org), file.member)
        file.due_on, file.earliest_on = progress.due_and_earliest(items)
    else:
        file.next_code, file.due_on, file.earliest_on = "", None, None
