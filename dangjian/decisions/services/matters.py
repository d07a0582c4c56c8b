"""Every change to a matter goes through these functions (ARCHITECTURE.md pattern 1): creating
it, moving it along the transition table of dangjian.decisions.rules (`transition`), reporting
on its execution, and the higher committee's threshold, the administration's expenditures and
the 小微权力清单. Meetings and votes are in dangjian.decisions.services.meetings.

Each runs in one transaction, checks the right and the rule, writes the timeline event and the
audit entry. A refusal is a RuleViolation naming its rule; a missing right a PermissionDenied.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from dangjian.core import audit
from dangjian.core.errors import RuleViolation
from dangjian.core.notify import announce
from dangjian.core.roles import Action, Post
from dangjian.core.scoping import scope_of
from dangjian.decisions import local_rules as LR
from dangjian.decisions import rules as R
from dangjian.decisions.models import (
    ExecutionReport,
    ExecutionTask,
    Expenditure,
    Matter,
    MatterEvent,
    Power,
    ThresholdSetting,
)
from dangjian.decisions.rules import CATEGORIES, State
from dangjian.orgs.models import SCHOOL_ORG_KINDS, PartyOrg, Position
from dangjian.orgs.services.local_documents import in_force as local_in_force
from dangjian.staff.models import StaffMember
from dangjian.staff.services import ethics

STEPLEN = PartyOrg.steplen


def require(user, action: str, org: PartyOrg) -> None:
    """None is the system itself (demo data, commands)."""
    if user is not None and not scope_of(user).allows(action, org.path):
        raise PermissionDenied(f"您的职务不含“{Action(action).label}”的权限")


def parse_amount(raw, field: str = "amount") -> Decimal | None:
    """An amount in yuan with at most two decimals: not negative, a number; None when empty."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool | float):
        raw = str(raw) if isinstance(raw, float) else "x"
    try:
        value = Decimal(str(raw).strip().replace(",", ""))
    except InvalidOperation:
        raise RuleViolation("金额必须是数字（元）", rule=R.R_AMOUNT, field=field) from None
    if not value.is_finite():
        raise RuleViolation("金额必须是数字（元）", rule=R.R_AMOUNT, field=field)
    if value < 0:
        raise RuleViolation("金额不能为负数", rule=R.R_AMOUNT, field=field)
    if value >= Decimal("1e12") or value != value.quantize(Decimal("0.01")):
        raise RuleViolation("金额最多两位小数，且不超过一万亿元", rule=R.R_AMOUNT, field=field)
    return value.quantize(Decimal("0.01"))


def _not_future(day: datetime.date, field: str) -> None:
    if day > timezone.localdate():
        raise RuleViolation("日期不能晚于今天", rule=R.R_ORDER, field=field)


# --- the threshold in force -------------------------------------------------------------------

def ancestor_paths(path: str) -> list[str]:
    return [path[:i] for i in range(STEPLEN, len(path) + 1, STEPLEN)]


def threshold_for(org: PartyOrg, on: datetime.date) -> tuple[Decimal, str]:
    """The nearest setting above or on the organization in force on `on`, with its citation."""
    settings = (ThresholdSetting.objects.filter(org__path__in=ancestor_paths(org.path), effective_on__lte=on)
                .select_related("org").order_by("-org__depth", "-effective_on").first())
    if settings is None:
        return R.DEFAULT_THRESHOLD, R.R_THRESHOLD.citation
    return settings.amount, f"{settings.org.name}：{settings.citation}（{settings.effective_on:%Y-%m-%d}起）"


@transaction.atomic
def set_threshold(org: PartyOrg, amount, *, citation: str, effective_on: datetime.date, acting_user=None):
    require(acting_user, Action.DECISIONS_OVERSEE, org)
    value = parse_amount(amount)
    if value is None or value <= 0:
        raise RuleViolation("请填写大于零的金额标准", rule=R.R_THRESHOLD, field="amount")
    if not (citation or "").strip():
        raise RuleViolation("请写明依据（文件名称和文号）", rule=R.R_THRESHOLD, field="citation")
    setting, _ = ThresholdSetting.objects.update_or_create(
        org=org, effective_on=effective_on, defaults={"amount": value, "citation": citation.strip(), "set_by": acting_user})
    _reflag_expenditures(org, effective_on)
    audit.record("decisions.threshold", target=setting, actor=acting_user,
                 changes={"amount": str(value), "effective_on": effective_on.isoformat()}, reason=citation)
    return setting


def _reflag_expenditures(org: PartyOrg, since: datetime.date) -> None:
    """A new threshold changes which of the subtree's expenditures from its date are large."""
    rows = Expenditure.objects.filter(org__path__startswith=org.path, paid_on__gte=since).select_related("org")
    changed = []
    for row in rows:
        large = row.amount >= threshold_for(row.org, row.paid_on)[0]
        if large != row.above_threshold:
            row.above_threshold = large
            changed.append(row)
    Expenditure.objects.bulk_update(changed, ["above_threshold"], batch_size=500)


# --- matters ----------------------------------------------------------------------------------

@transaction.atomic
def create_matter(org: PartyOrg, *, title: str, category: str, amount=None, background: str = "",
                  proposer_name: str = "", raised_on: datetime.date | None = None, needs_report_back=None,
                  persons=(), acting_user=None) -> Matter:
    """A draft matter of a school's party organization. `persons`: the staff members (or their ids)
    the matter concerns, on the school's staff; in a 评优选优 or 人事职称 matter each is judged by the
    ethics one-vote veto. (Not yet required: matters raised before the staff register name nobody.)"""
    require(acting_user, Action.DECISIONS_PROPOSE, org)
    if org.kind not in SCHOOL_ORG_KINDS:
        raise RuleViolation("议题属于学校党组织（党委、党总支、党支部）", rule=R.R_MAJOR_TO_PARTY, field="org")
    if category not in CATEGORIES:
        raise RuleViolation("请选择议题类别", rule=R.R_MAJOR_TO_PARTY, field="category")
    title = (title or "").strip()
    if not title:
        raise RuleViolation("请填写议题名称", field="title")
    value = parse_amount(amount)
    info = CATEGORIES[category]
    if info.money and category != R.Category.ROUTINE and value is None:
        raise RuleViolation(f"“{info.label}”须填写金额", rule=R.R_THRESHOLD, field="amount")
    raised_on = raised_on or timezone.localdate()
    _not_future(raised_on, "raised_on")
    threshold, _ = threshold_for(org, raised_on)
    people = _persons(org, persons, category)
    if category in R.VETO_CATEGORIES:
        ethics.require_no_veto(people, raised_on, matter_label=info.label)
    name = proposer_name or (acting_user.display_name or acting_user.get_username() if acting_user else "")
    matter = Matter.objects.create(
        org=org, title=title[:120], category=category, amount=value,
        is_major=LR.is_major(category, value, threshold,
                             list_applies=local_in_force(LR.MATTERS_LIST.code, org, raised_on) is not None),
        needs_report_back=info.report_back if needs_report_back is None else bool(needs_report_back),
        background=background, proposer_name=name[:60] or "—", proposed_by=acting_user, raised_on=raised_on)
    if people:
        matter.persons.set(people)
    MatterEvent.objects.create(matter=matter, target=State.DRAFT, occurred_on=raised_on, actor=acting_user,
                               facts={"note": f"提出议题（{info.label}）"})
    audit.record("decisions.matter_create", target=matter, actor=acting_user,
                 changes={"category": category, "amount": str(value) if value is not None else None,
                          "is_major": matter.is_major, **({"persons": [p.name for p in people]} if people else {})})
    return matter


def _persons(org: PartyOrg, persons, category: str) -> list[StaffMember]:
    """The staff members a matter names: on the staff of a school whose party organization is the
    matter's organization or above or below it."""
    ids = [getattr(p, "pk", p) for p in persons or ()]
    try:
        ids = sorted({int(i) for i in ids})
    except (TypeError, ValueError):
        raise RuleViolation("涉及人员须从本校教职工名册中选择", rule=R.R_PERSONS, field="persons") from None
    people = list(StaffMember.objects.filter(pk__in=ids).select_related("school__party_org").order_by("name"))
    for person in people:
        school_org = person.school.party_org
        if school_org is None or not (org.path.startswith(school_org.path) or school_org.path.startswith(org.path)):
            people = []
            break
    if len(people) != len(ids):
        raise RuleViolation("涉及人员须是本校教职工名册中的人员", rule=R.R_PERSONS, field="persons")
    return people


def _veto_check(matter: Matter, on: datetime.date) -> None:
    """A violation recorded after a 评优 or 职称 matter was raised stops it at its next step."""
    if matter.category in R.VETO_CATEGORIES:
        ethics.require_no_veto(matter.persons.all(), on, matter_label=CATEGORIES[matter.category].label)


def allowed_transitions(matter: Matter, user=None) -> list[R.Transition]:
    """What a person may ask for next, on the page and in the API (not the meeting's edges)."""
    found = []
    for t in R.transitions_from(matter.state):
        if t.target not in R.MANUAL_TARGETS:
            continue
        if not t.major_allowed and matter.is_major:
            continue
        if t.target == State.REPORTED and not matter.needs_report_back:
            continue
        if user is not None and not may(user, t, matter):
            continue
        found.append(t)
    return found


def may(user, t: R.Transition, matter: Matter) -> bool:
    if scope_of(user).allows(t.action, matter.org.path):
        return True
    # the owner reports on and closes what they were given
    return t.action == R.EXECUTE and matter.owner_id == user.pk and scope_of(user).allows(Action.DECISIONS_VIEW,
                                                                                        matter.org.path)


def may_act(user, matter: Matter) -> bool:
    """Any right to move a matter at all (checked before the rules, so that a refusal of the
    rules is never shown to someone who may not act)."""
    scope = scope_of(user)
    return (any(scope.allows(a, matter.org.path) for a in (R.PROPOSE, R.CONVENE, R.EXECUTE))
            or matter.owner_id == user.pk)


def _clean(facts: dict, names: tuple[str, ...]) -> dict:
    return {k: str(facts.get(k) or "").strip()[:500] for k in names}


@transaction.atomic
def transition(matter: Matter, to: str, *, occurred_on: datetime.date | None = None, facts: dict | None = None,
               acting_user=None, owner=None) -> Matter:
    """Move a matter along one edge of the table; anything else is refused with the rule."""
    matter = Matter.objects.select_for_update().select_related("org").get(pk=matter.pk)
    if acting_user is not None and not may_act(acting_user, matter):
        raise PermissionDenied("您的职务不含办理议题的权限")
    facts = dict(facts or {})
    occurred_on = occurred_on or timezone.localdate()
    if to not in State.values:
        raise RuleViolation("没有这个状态", rule=R.R_ORDER, field="to")
    edge = R.BY_EDGE.get((matter.state, to))
    if to in (State.EXECUTING, State.CLOSED, State.REPORTED) and matter.is_major and not _passed(matter):
        raise RuleViolation(f"“{matter.title}”属于“三重一大”事项，尚无党组织会议通过的决定，不能执行或办结",
                            rule=R.R_MAJOR_TO_PARTY, field="to")
    if to == State.CLOSED and matter.tasks.filter(progress__lt=100).exists():
        open_tasks = "、".join(matter.tasks.filter(progress__lt=100).values_list("title", flat=True))
        raise RuleViolation(f"分解任务尚未全部完成（{open_tasks}），不能办结", rule=R.R_EXECUTE, field="to")
    if edge is None or to not in R.MANUAL_TARGETS:
        label = State(to).label
        how = "（议程与表决结果由党组织会议登记）" if to not in R.MANUAL_TARGETS else ""
        raise RuleViolation(f"当前状态“{State(matter.state).label}”不能直接转为“{label}”{how}",
                            rule=R.R_ORDER, field="to")
    if acting_user is not None and not may(acting_user, edge, matter):
        raise PermissionDenied(f"您的职务不含“{Action(edge.action).label}”的权限")
    _not_future(occurred_on, "occurred_on")
    if to != State.WITHDRAWN:
        _veto_check(matter, occurred_on)
    last = matter.events.order_by("-occurred_on", "-id").values_list("occurred_on", flat=True).first()
    if last and occurred_on < last:
        raise RuleViolation(f"日期不能早于上一环节（{last:%Y-%m-%d}）", rule=R.R_ORDER, field="occurred_on")
    clean = _clean(facts, edge.fields)
    if to == State.PROPOSED and not clean["meeting_note"]:
        raise RuleViolation("请填写校长办公会研究情况", rule=R.R_PROPOSE_FIRST, field="meeting_note")
    if to == State.COMMUNICATED:
        if not clean["communication"]:
            raise RuleViolation("请填写书记与校长沟通酝酿的情况", rule=R.R_COMMUNICATE, field="communication")
        if matter.personnel and not clean["consultation"]:
            raise RuleViolation("人事事项须事先个别酝酿，请填写酝酿情况", rule=R.R_COMMUNICATE, field="consultation")
    if to == State.EXECUTING:
        _assign(matter, clean, facts, owner, occurred_on)
    if to == State.CLOSED:
        if matter.progress < 100:
            raise RuleViolation(f"执行进度为 {matter.progress}%，报告执行完毕（100%）后方可办结",
                                rule=R.R_EXECUTE, field="to")
        matter.closed_on = occurred_on
    if to == State.REPORTED and not clean["congress"]:
        raise RuleViolation("请填写向哪一次教代会报告", rule=R.R_REPORT_BACK, field="congress")
    if to == State.EXECUTING and matter.state == State.PROPOSED:
        matter.decided_on = occurred_on  # the 校长办公会's own decision
    note = str(facts.get("note") or "").strip()[:500]
    if note:
        clean["note"] = note
    before = matter.state
    matter.state = to
    matter.save()
    MatterEvent.objects.create(matter=matter, source=before, target=to, occurred_on=occurred_on,
                               facts={k: v for k, v in clean.items() if v}, actor=acting_user)
    audit.record("decisions.transition", target=matter, actor=acting_user,
                 changes={"state": [before, to], **{k: v for k, v in clean.items() if v}})
    if to == State.PROPOSED:
        _tell_the_secretary(matter)
    return matter


def _tell_the_secretary(matter: Matter) -> None:
    """A matter the 校长办公会 has studied now waits for the secretary, who talks it over with the
    principal and sets the agenda (R_COMMUNICATE, R_AGENDA); the deputy when no secretary is in
    post. Told here, where the state changes, so the page, the API and any importer all tell."""
    today = timezone.localdate()
    holders = list(Position.objects.active_on(today).filter(
        org=matter.org, post__in=(Post.SECRETARY, Post.DEPUTY_SECRETARY), user__isnull=False,
        user__is_active=True).select_related("user"))
    users = ([p.user for p in holders if p.post == Post.SECRETARY]
             or [p.user for p in holders if p.post == Post.DEPUTY_SECRETARY])
    label = CATEGORIES[matter.category].label
    # A personnel matter's title may name the people concerned: the group hears only its kind.
    subject = f"（{label}）" if matter.personnel else f"（{label}）：{matter.title}"
    announce(users, key=f"decisions:proposed:{matter.pk}", title=f"新议题待酝酿：{matter.title}",
             body=f"{matter.proposer_name}提出，校长办公会已研究。请与校长沟通酝酿，确定是否列入党组织会议议程。"
                  f"依据：{R.R_AGENDA}", url=reverse("decisions:matter", args=[matter.pk]), org=matter.org,
             group_text=f"一项议题经校长办公会研究后提交党组织，待书记酝酿沟通{subject}")


def _assign(matter, clean, facts, owner, occurred_on):
    if not clean["owner"] and owner is None:
        raise RuleViolation("请填写责任人", rule=R.R_EXECUTE, field="owner")
    if not clean["unit"]:
        raise RuleViolation("请填写责任部门", rule=R.R_EXECUTE, field="unit")
    deadline = facts.get("deadline")
    if isinstance(deadline, str):
        try:
            deadline = datetime.date.fromisoformat(deadline)
        except ValueError:
            deadline = None
    if not isinstance(deadline, datetime.date):
        raise RuleViolation("请填写完成期限（例如 2026-12-31）", rule=R.R_EXECUTE, field="deadline")
    if deadline < occurred_on:
        raise RuleViolation("完成期限不能早于交办日期", rule=R.R_EXECUTE, field="deadline")
    matter.owner = owner
    matter.owner_name = clean["owner"] or (owner.display_name or owner.get_username())
    matter.unit, matter.deadline = clean["unit"], deadline
    clean.update(owner=matter.owner_name, deadline=deadline.isoformat())


def _passed(matter: Matter) -> bool:
    return matter.agenda_items.filter(verdict=R.Verdict.PASSED).exists()


def _executing(matter: Matter, acting_user) -> Matter:
    matter = Matter.objects.select_for_update().select_related("org").get(pk=matter.pk)
    edge = R.BY_EDGE[(State.EXECUTING, State.CLOSED)]
    if acting_user is not None and not may(acting_user, edge, matter):
        raise PermissionDenied("只有责任人或组织执行的负责人可以报告执行情况")
    if matter.state != State.EXECUTING:
        raise RuleViolation("议题不在执行中，不能分解任务或报告执行情况", rule=R.R_EXECUTE)
    return matter


@transaction.atomic
def add_task(matter: Matter, *, title: str, owner_name: str, unit: str, deadline: datetime.date,
             acting_user=None) -> ExecutionTask:
    """Break a decision's execution into a task with its own owner and deadline, within the
    decision's own deadline."""
    matter = _executing(matter, acting_user)
    title, owner_name, unit = (title or "").strip(), (owner_name or "").strip(), (unit or "").strip()
    for value, field, label in ((title, "title", "任务"), (owner_name, "owner_name", "责任人"), (unit, "unit", "责任部门")):
        if not value:
            raise RuleViolation(f"请填写{label}", rule=R.R_EXECUTE, field=field)
    if not isinstance(deadline, datetime.date):
        raise RuleViolation("请填写完成期限（例如 2026-12-31）", rule=R.R_EXECUTE, field="deadline")
    if matter.deadline and deadline > matter.deadline:
        raise RuleViolation(f"分解任务的期限不能晚于决定的完成期限（{matter.deadline:%Y-%m-%d}）", rule=R.R_EXECUTE,
                            field="deadline")
    if matter.tasks.filter(title=title).exists():
        raise RuleViolation("已有同名的分解任务", rule=R.R_EXECUTE, field="title", code="duplicate")
    task = ExecutionTask.objects.create(matter=matter, title=title[:120], owner_name=owner_name[:60], unit=unit[:60],
                                        deadline=deadline)
    matter.progress = _rolled_up(matter)
    matter.save(update_fields=["progress"])
    audit.record("decisions.task", target=matter, actor=acting_user,
                 changes={"task": task.title, "owner": task.owner_name, "deadline": deadline.isoformat()})
    return task


def _rolled_up(matter: Matter) -> int:
    """A decision's progress is the mean of its tasks' (each task weighs the same)."""
    values = list(matter.tasks.values_list("progress", flat=True))
    return round(sum(values) / len(values)) if values else matter.progress


@transaction.atomic
def report_progress(matter: Matter, *, reported_on: datetime.date, progress: int, text: str, evidence: str = "",
                    task: ExecutionTask | None = None, acting_user=None) -> ExecutionReport:
    """An execution report, on the decision or (when it is broken into tasks) on one task; the
    decision's progress rolls up from its tasks."""
    matter = _executing(matter, acting_user)
    if not isinstance(progress, int) or isinstance(progress, bool) or not 0 <= progress <= 100:
        raise RuleViolation("进度是 0 到 100 之间的整数", rule=R.R_EXECUTE, field="progress")
    has_tasks = matter.tasks.exists()
    if has_tasks and (task is None or task.matter_id != matter.pk):
        raise RuleViolation("该决定已分解为任务，请选择报告的是哪一项任务", rule=R.R_EXECUTE, field="task")
    if task is not None and not has_tasks:
        raise RuleViolation("该决定没有分解任务", rule=R.R_EXECUTE, field="task")
    before = task.progress if task is not None else matter.progress
    if progress < before:
        raise RuleViolation(f"进度不能低于上次报告的 {before}%", rule=R.R_EXECUTE, field="progress")
    if not (text or "").strip():
        raise RuleViolation("请填写执行情况", rule=R.R_EXECUTE, field="text")
    _not_future(reported_on, "reported_on")
    if matter.decided_on and reported_on < matter.decided_on:
        raise RuleViolation("报告日期不能早于决定日期", rule=R.R_ORDER, field="reported_on")
    report = ExecutionReport.objects.create(matter=matter, task=task, reported_on=reported_on, progress=progress,
                                            text=text.strip(), evidence=(evidence or "").strip()[:300],
                                            reported_by=acting_user)
    if task is not None:
        task.progress = progress
        task.save(update_fields=["progress"])
        matter.progress = _rolled_up(matter)
    else:
        matter.progress = progress
    matter.save(update_fields=["progress"])
    audit.record("decisions.report", target=matter, actor=acting_user,
                 changes={"progress": matter.progress, **({"task": task.title, "task_progress": progress} if task else {})})
    return report


ATTACHMENT_KINDS = {"pdf", "png", "jpeg", "docx", "xlsx"}
ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
ATTACHMENTS_PER_MATTER = 30


@transaction.atomic
def add_attachment(matter: Matter, file, *, acting_user=None):
    """Attach a document to a matter. Refused (nothing stored) when the content is not PDF, an
    image, .docx or .xlsx, is damaged, encrypted, a macro workbook, or larger than 20 MB."""
    from dangjian.core.uploads import check_upload, store_upload
    from dangjian.decisions.models import MatterAttachment

    if acting_user is not None and not may_act(acting_user, matter):
        raise PermissionDenied("您的职务不含办理议题的权限")
    if matter.attachments.count() >= ATTACHMENTS_PER_MATTER:
        raise RuleViolation(f"每个议题最多 {ATTACHMENTS_PER_MATTER} 个附件", field="file")
    checked = check_upload(file, kinds=ATTACHMENT_KINDS, max_bytes=ATTACHMENT_MAX_BYTES)
    path = store_upload(checked)
    try:
        item = MatterAttachment.objects.create(
            matter=matter, file_kind=checked.kind, name=(checked.name or f"附件{checked.extension}")[:200],
            size=checked.size, sha256=checked.sha256, path=str(path), uploaded_by=acting_user)
        audit.record("decisions.attachment_add", target=matter, actor=acting_user,
                     changes={"name": item.name, "file_kind": checked.kind, "size": checked.size})
    except BaseException:
        path.unlink(missing_ok=True)  # the row did not commit: no orphan file either
        raise
    return item


# --- the administration's expenditures and the 小微权力清单 --------------------------------

@transaction.atomic
def record_expenditure(org: PartyOrg, *, paid_on: datetime.date, amount, purpose: str, voucher: str = "",
                       matter: Matter | None = None, acting_user=None) -> Expenditure:
    require(acting_user, Action.DECISIONS_EXECUTE, org)
    value = parse_amount(amount)
    if value is None:
        raise RuleViolation("请填写金额", rule=R.R_AMOUNT, field="amount")
    if matter is not None and matter.org_id != org.pk:
        raise RuleViolation("关联的议题不属于本校", rule=R.R_MAJOR_TO_PARTY, field="matter")
    row = Expenditure.objects.create(org=org, paid_on=paid_on, amount=value, purpose=purpose[:120],
                                     voucher=voucher[:40], matter=matter,
                                     above_threshold=value >= threshold_for(org, paid_on)[0])
    audit.record("decisions.expenditure", target=row, actor=acting_user, changes={"amount": str(value)})
    return row


POWER_FIELDS = ("name", "basis", "responsible_post", "steps", "risk_points")


@transaction.atomic
def save_power(org: PartyOrg, data: dict, *, power: Power | None = None, acting_user=None) -> Power:
    require(acting_user, Action.DECISIONS_CONVENE, org)
    clean = {k: str(data.get(k) or "").strip() for k in POWER_FIELDS}
    for key, label in (("name", "权力事项"), ("basis", "设定依据"), ("responsible_post", "责任岗位"), ("steps", "运行流程")):
        if not clean[key]:
            raise RuleViolation(f"请填写{label}", rule=R.R_POWERS, field=key)
    before = {k: getattr(power, k) for k in POWER_FIELDS} if power else {}
    if power is None:
        power = Power(org=org)
    for k, v in clean.items():
        setattr(power, k, v)
    power.save()
    audit.record("decisions.power_save", target=power, actor=acting_user, changes=audit.diff(before, clean))
    return power


@transaction.atomic
def publish_powers(org: PartyOrg, *, on: datetime.date | None = None, acting_user=None) -> int:
    """Publish the school's whole list to its members (the date shows on each entry)."""
    require(acting_user, Action.DECISIONS_CONVENE, org)
    on = on or timezone.localdate()
    count = Power.objects.filter(org=org).update(published_on=on)
    if not count:
        raise RuleViolation("清单为空，请先添加权力事项", rule=R.R_POWERS)
    audit.record("decisions.powers_publish", target=org, actor=acting_user, changes={"count": count})
    return count
