"""The member import (QUALITY.md items 16-17): one pipeline for the page, the API and the command.

    check_file(upload)            type by content, size, zip bombs, XXE, macros, encryption
    read_rows(source)             calamine, spreadsheet row numbers, float IDs refused
    plan_import(read, ...)        every row checked with the services' own rules, duplicates in
                                  the file and against the database (by blind index)
    apply_plan(plan, ...)         all-or-nothing, through services.create_members / update_member

`import_file` runs them in order. Rules are never written here: ID numbers go through
`parse_id_number`, phones through `validate_mobile`, a new record through
`services.record_problems` (the very checks `create_member` raises), choices come from the
model. Whatever the importer lets through, the services check once more while writing.

Decisions, documented for the pages and the command:
- The import has a target organization (`within`). A row without 所属党组织代码 goes to the
  target (which must then be an organization members can belong to); a row with a code must
  name an organization inside the target's subtree that the acting user may edit members of.
  A code outside the user's scope reads "不存在", exactly like a code that does not exist.
- A row whose ID number already has a record is an update when that member is in scope (only
  the fields `update_member` may change; an empty cell keeps the stored value, so a partial
  file never erases data); a record out of scope is an error that does not say where it is.
  Status, dates, group and the 失联/流动 flags of an existing member are timeline events, so a
  difference there is an error that says where to record the change.
- Any error anywhere: nothing is written.
- A warning is not an error: the row is imported and the answer says what to check. Today the
  one warning is an ID number whose region code (its first six digits) is no longer a current
  administrative division code (dangjian.core.regions, GB/T 2260): the number stays valid for
  life, so the row goes in as it is and a person checks it.
"""

from __future__ import annotations

import datetime
import os
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models.functions import Upper

from dangjian.core import audit, crypto
from dangjian.core.errors import RuleViolation
from dangjian.core.models import AuditEntry
from dangjian.core.regions import region_code_status
from dangjian.core.roles import Action
from dangjian.core.scoping import scope_of
from dangjian.core.spreadsheets import Column, ReadResult, read_xlsx
from dangjian.core.uploads import CheckedUpload, check_upload
from dangjian.core.validators import mask_id_number, parse_id_number, validate_mobile
from dangjian.members import services
from dangjian.members.models import (
    ACTIVE_STANDINGS,
    ETHNICITIES,
    Education,
    Gender,
    Job,
    Member,
    MemberStatus,
)
from dangjian.orgs.models import OrgKind, PartyOrg

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 30_000
# Up to this many rows the page validates and commits while the user waits; beyond, a huey job.
SYNC_ROWS = 2_000
SAMPLE_SIZE = 20
# Test hook: seconds to sleep after each written row, so a test can kill the process part-way
# through the commit (tests/.../test_import_kill.py). Never set in production.
ROW_DELAY_ENV = "DANGJIAN_IMPORT_ROW_DELAY"

YES_NO = ("是", "否")

COLUMNS = [
    Column("name", "姓名", required=True, width=10),
    Column("id_number", "身份证号", required=True, kind="id_number", help="18 位，末位可为 X；已有档案的按身份证号更新"),
    Column("gender", "性别", kind="choice", choices=Gender.labels, width=6, help="可不填；填写时须与身份证号一致"),
    Column("ethnicity", "民族", kind="choice", choices=ETHNICITIES, width=10, help="不填按汉族"),
    Column("phone", "手机号", width=14, help="11 位手机号码"),
    Column("education", "学历", kind="choice", choices=Education.labels, width=12),
    Column("job", "岗位", kind="choice", choices=Job.labels, width=12, help="不填按专任教师"),
    Column("title", "职称", width=14, help="专业技术职称"),
    Column("office", "职务", width=14, help="所任职务，如：教导主任"),
    Column("native_place", "籍贯", width=12, help="如：湖南长沙"),
    Column("work_started_on", "参加工作时间", kind="date", help="不得晚于今天，不得早于年满十六周岁"),
    Column("joined_on", "入党日期", required=True, kind="date", help="接收为预备党员的支部大会日期"),
    Column("confirmed_on", "转正日期", kind="date", help="正式党员填写；预备党员留空"),
    Column("status", "党员类别", required=True, kind="choice", choices=MemberStatus.labels, width=10),
    Column("org_code", "所属党组织代码", width=16, help="不填则导入到上传时选择的党组织"),
    Column("group", "所属党小组", width=14, help="填写党小组名称，须是所属党组织下设的党小组"),
    Column("lost_contact", "失联党员", kind="choice", choices=YES_NO, width=8, help="不填按“否”"),
    Column("is_mobile", "流动党员", kind="choice", choices=YES_NO, width=8, help="不填按“否”"),
    Column("in_hardship", "困难党员", kind="choice", choices=YES_NO, width=8, help="不填按“否”"),
]
TITLES = {c.key: c.title for c in COLUMNS}
# Where a service's RuleViolation.field lands in the spreadsheet.
FIELD_COLUMNS = {**TITLES, "birth_date": "身份证号", "org": "所属党组织代码", "kind": "党员类别"}

_GENDERS = {label: value for value, label in Gender.choices}
_EDUCATIONS = {label: value for value, label in Education.choices}
_JOBS = {label: value for value, label in Job.choices}
_STATUSES = {label: value for value, label in MemberStatus.choices}

MSG_NO_ORG = "组织代码不存在"
MSG_ELSEWHERE = "该身份证号已在其他组织建档"
MSG_REGION_KEPT = "身份证号码终身不变，按原号码导入"
MSG_EVENT = "与系统记录（{stored}）不一致；{what}属于党员情况变更，请在党员页面登记，不能通过导入修改"


@dataclass
class RowPlan:
    row: int
    action: str  # "create", "update" or "unchanged"
    name: str
    id_masked: str
    org: PartyOrg
    record: dict = field(default_factory=dict)  # create_member's keyword arguments
    member_id: int | None = None
    changes: dict = field(default_factory=dict)  # update_member's keyword arguments

    def preview(self) -> dict:
        labels = {"create": "新建", "update": "更新", "unchanged": "无变化"}
        changed = "、".join(TITLES.get(k, k) for k in self.changes)
        return {"row": self.row, "action": labels[self.action], "name": self.name, "id_number": self.id_masked,
                "org": self.org.name, "changes": changed}


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[dict] = field(default_factory=list)
    # {"row", "column", "message", "message_masked"}: rows imported all the same, to be checked
    warnings: list[dict] = field(default_factory=list)
    plans: list[RowPlan] = field(default_factory=list)
    total: int = 0
    committed: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict:
        """The answer to whoever sent the file (the API, the command): the warnings in full, since
        the file they hold has the whole ID numbers anyway."""
        warnings = [{k: w[k] for k in ("row", "column", "message")} for w in self.warnings]
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged, "errors": self.errors,
                "warnings": warnings}

    def sample(self, size: int = SAMPLE_SIZE) -> list[dict]:
        """What will change first (created and updated rows), masked: never a full ID or phone."""
        changing = [p for p in self.plans if p.action != "unchanged"]
        return [p.preview() for p in (changing or self.plans)[:size]]


Progress = Callable[[int, int], None]


def file_refusal(violation: RuleViolation) -> dict:
    """A refusal of the whole file, in the error list's shape (no row, no column)."""
    return {"row": None, "column": "", "message": violation.message}


# --- reading ----------------------------------------------------------------------------------

def check_file(file) -> CheckedUpload:
    return check_upload(file, kinds={"xlsx"}, max_bytes=MAX_BYTES)


def read_rows(source) -> ReadResult:
    return read_xlsx(source, columns=COLUMNS, max_rows=MAX_ROWS)


# --- validation -------------------------------------------------------------------------------

class _Row:
    """One row's parsed values and its errors, column by column."""

    def __init__(self, number: int, values: dict):
        self.number, self.values, self.errors, self.warnings = number, values, [], []

    def error(self, column_key: str, message: str) -> None:
        self.errors.append({"row": self.number, "column": FIELD_COLUMNS.get(column_key, column_key), "message": message})

    def warn(self, column_key: str, message: str, message_masked: str) -> None:
        """Something to check that does not stop the import; `message_masked` is the same said
        without the parts of an ID number a masked page must not show."""
        self.warnings.append({"row": self.number, "column": FIELD_COLUMNS.get(column_key, column_key),
                              "message": message, "message_masked": message_masked})

    def violation(self, violation: RuleViolation, column_key: str | None = None) -> None:
        message = violation.message
        if violation.rule is not None:
            message = f"{message}（依据：{violation.rule.citation}）"
        self.error(column_key or violation.field or "", message)


class _Context:
    """What every row is checked against, loaded once per file: the organizations named in the
    file (within the user's edit scope and the target subtree), their groups, and the existing
    members with the file's ID numbers (matched by blind index, never by decrypting)."""

    def __init__(self, rows, *, user, within: PartyOrg | None):
        self.user, self.within = user, within
        self.scope = scope_of(user) if user is not None else None
        codes = {str(r.values.get("org_code") or "").strip().upper() for r in rows} - {""}
        found = PartyOrg.objects.annotate(ucode=Upper("code")).filter(ucode__in=codes, is_active=True)
        self.orgs = {org.ucode: org for org in found if self.may_edit(org.path)}
        used = {org.path: org for org in self.orgs.values()}
        if within is not None:
            used[within.path] = within
        # A group is a direct child of its organization; its parent's path is its own minus a step.
        self.groups: dict[tuple[int, str], list[PartyOrg]] = defaultdict(list)
        if used:
            groups = PartyOrg.objects.filter(kind=OrgKind.GROUP, is_active=True,
                                             depth__in={org.depth + 1 for org in used.values()})
            if within is not None:
                groups = groups.filter(path__startswith=within.path)
            for group in groups.only("id", "name", "path", "depth", "kind"):
                parent = used.get(group.path[:-PartyOrg.steplen])
                if parent is not None:
                    self.groups[(parent.pk, group.name.strip())].append(group)
        self.existing: dict[str, Member] = {}

    def may_edit(self, path: str) -> bool:
        if self.within is not None and not path.startswith(self.within.path):
            return False
        return self.scope is None or self.scope.allows(Action.MEMBER_EDIT, path)

    def load_existing(self, indexes: set[str]) -> None:
        ordered = sorted(indexes)
        for start in range(0, len(ordered), 500):
            chunk = ordered[start:start + 500]
            for member in Member.objects.filter(id_number_index__in=chunk).select_related("org", "group"):
                self.existing[member.id_number_index] = member


def plan_import(read: ReadResult, *, user=None, within: PartyOrg | None = None,
                progress: Progress | None = None) -> ImportResult:
    """Check every row; return what the import would do and every error, writing nothing."""
    context = _Context(read.rows, user=user, within=within)
    result = ImportResult(total=len(read.rows))
    cell_errors = defaultdict(list)
    for problem in read.problems:
        cell_errors[problem.row].append(problem.as_dict())
    checked: list[tuple[_Row, dict]] = []
    by_index: dict[str, list[int]] = defaultdict(list)
    for position, sheet_row in enumerate(read.rows, start=1):
        row = _Row(sheet_row.number, sheet_row.values)
        row.errors.extend(cell_errors.get(sheet_row.number, []))
        parsed = _parse(row, context)
        if parsed.get("index"):
            by_index[parsed["index"]].append(row.number)
        checked.append((row, parsed))
        if progress and position % 500 == 0:
            progress(position, result.total)
    context.load_existing(set(by_index))
    for row, parsed in checked:
        index = parsed.get("index")
        others = [n for n in by_index.get(index, []) if n != row.number] if index else []
        if others:
            row.error("id_number", "身份证号在本文件中重复（另见第 " + "、".join(map(str, others)) + " 行）")
        elif index and not row.errors:
            plan = _match(row, parsed, context)
            if plan is not None:
                result.plans.append(plan)
        result.errors.extend(row.errors)
        result.warnings.extend(row.warnings)
    result.created = sum(1 for p in result.plans if p.action == "create")
    result.updated = sum(1 for p in result.plans if p.action == "update")
    result.unchanged = sum(1 for p in result.plans if p.action == "unchanged")
    if progress:
        progress(result.total, result.total)
    return result


def _choice(row: _Row, key: str, mapping: dict, default=None):
    label = row.values.get(key)
    return mapping[label] if label else default


def _flag(row: _Row, key: str) -> bool | None:
    label = row.values.get(key)
    return None if not label else label == "是"


def _parse(row: _Row, context: _Context) -> dict:
    """Parse and check one row on its own; the duplicate and database checks come after."""
    values = row.values
    parsed: dict = {"name": (values.get("name") or "").strip()}
    facts = None
    if values.get("id_number"):
        try:
            facts = parse_id_number(values["id_number"])
        except RuleViolation as violation:
            row.violation(violation, "id_number")
    if facts is not None:
        parsed["facts"], parsed["index"] = facts, crypto.blind_index(facts.number)
        region = region_code_status(facts.number)
        if region.retired:
            # The number is valid for life whatever became of its county: imported as written.
            row.warn("id_number", f"{region.warning()}；{MSG_REGION_KEPT}", f"{region.masked_warning()}；{MSG_REGION_KEPT}")
    phone = values.get("phone")
    if phone:
        try:
            parsed["phone"] = validate_mobile(phone)
        except RuleViolation as violation:
            row.violation(violation, "phone")
    parsed["gender"] = _choice(row, "gender", _GENDERS)
    parsed["ethnicity"] = values.get("ethnicity")
    parsed["education"] = _choice(row, "education", _EDUCATIONS)
    parsed["job"] = _choice(row, "job", _JOBS)
    for key in ("title", "office", "native_place"):
        parsed[key] = (values.get(key) or "").strip() or None
    parsed["work_started_on"] = values.get("work_started_on")
    parsed["status"] = _choice(row, "status", _STATUSES)
    parsed["joined_on"], parsed["confirmed_on"] = values.get("joined_on"), values.get("confirmed_on")
    for key in ("lost_contact", "is_mobile", "in_hardship"):
        parsed[key] = _flag(row, key)

    org = _org_of(row, context)
    parsed["org"] = org
    group_name = (values.get("group") or "").strip()
    parsed["group"] = None
    if org is not None and group_name:
        groups = context.groups.get((org.pk, group_name), [])
        if not groups:
            row.error("group", f"「{org.name}」下没有名为「{group_name}」的党小组")
        elif len(groups) > 1:
            row.error("group", f"「{org.name}」下有不止一个名为「{group_name}」的党小组，请先在组织架构中区分")
        else:
            parsed["group"] = groups[0]
    if facts is not None and org is not None:
        for violation in services.record_problems(
            org=org, facts=facts, name=parsed["name"], gender=parsed["gender"],
            ethnicity=parsed["ethnicity"] or "汉族", status=parsed["status"] or MemberStatus.FULL,
            joined_on=parsed["joined_on"],
            confirmed_on=parsed["confirmed_on"], group=parsed["group"], work_started_on=parsed["work_started_on"],
        ):
            if violation.field != "name":  # an empty 姓名 is already reported by the reader
                row.violation(violation)
    return parsed


def _org_of(row: _Row, context: _Context) -> PartyOrg | None:
    code = str(row.values.get("org_code") or "").strip()
    if code:
        org = context.orgs.get(code.upper())
        if org is None:
            row.error("org_code", f"{MSG_NO_ORG}：{code}")
            return None
    elif context.within is not None:
        org = context.within
    else:
        row.error("org_code", "请填写所属党组织代码")
        return None
    try:
        services.check_member_org(org)
    except RuleViolation as violation:
        message = violation.message if code else f"{violation.message}；或在本行填写所属党组织代码"
        row.error("org_code", message)
        return None
    return org


# The stored value of an existing member, said the way the spreadsheet says it.
def _show(value) -> str:
    if value is None or value == "":
        return "空"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _match(row: _Row, parsed: dict, context: _Context) -> RowPlan | None:
    """Create, update or unchanged against the database; errors for what an import may not do."""
    facts, org = parsed["facts"], parsed["org"]
    member = context.existing.get(parsed["index"])
    if member is None:
        record = {
            "org": org, "name": parsed["name"], "id_number": facts.number, "status": parsed["status"],
            "joined_on": parsed["joined_on"], "confirmed_on": parsed["confirmed_on"], "gender": parsed["gender"],
            "ethnicity": parsed["ethnicity"] or "汉族", "phone": parsed.get("phone", ""),
            "education": parsed["education"] or "", "job": parsed["job"] or Job.TEACHER,
            "title": parsed["title"] or "", "office": parsed["office"] or "",
            "native_place": parsed["native_place"] or "", "work_started_on": parsed["work_started_on"],
            "group": parsed["group"],
            "lost_contact": bool(parsed["lost_contact"]), "is_mobile": bool(parsed["is_mobile"]),
            "in_hardship": bool(parsed["in_hardship"]),
        }
        return RowPlan(row.number, "create", parsed["name"], mask_id_number(facts.number), org, record=record)
    if not context.may_edit(member.org.path):
        row.error("id_number", MSG_ELSEWHERE)
        return None
    if member.standing not in ACTIVE_STANDINGS:
        row.error("id_number", f"该党员档案状态为“{member.get_standing_display()}”，不能通过导入修改")
        return None
    if member.org_id != org.pk:
        row.error("org_code", f"该党员现在「{member.org.name}」，与所填组织不一致；组织关系变动请办理组织关系转接")
        return None
    events = [
        ("status", "党员类别", member.get_status_display(), parsed["status"] and MemberStatus(parsed["status"]).label),
        ("joined_on", "入党日期", member.joined_on, parsed["joined_on"]),
        ("confirmed_on", "转正日期", member.confirmed_on, parsed["confirmed_on"]),
        ("group", "党小组", member.group.name if member.group_id else None, parsed["group"] and parsed["group"].name),
        ("lost_contact", "失联党员", member.lost_contact, parsed["lost_contact"]),
        ("is_mobile", "流动党员", member.is_mobile, parsed["is_mobile"]),
    ]
    for key, what, stored, given in events:
        if given is not None and given != stored:
            row.error(key, MSG_EVENT.format(stored=_show(stored), what=what))
    if row.errors:
        return None
    wanted = {
        "name": parsed["name"], "ethnicity": parsed["ethnicity"], "education": parsed["education"],
        "job": parsed["job"], "title": parsed["title"], "office": parsed["office"],
        "native_place": parsed["native_place"], "work_started_on": parsed["work_started_on"],
        "in_hardship": parsed["in_hardship"],
    }
    changes = {k: v for k, v in wanted.items() if v is not None and v != getattr(member, k)}
    phone = parsed.get("phone")
    if phone and phone != member.get_phone():
        changes["phone"] = phone
    action = "update" if changes else "unchanged"
    return RowPlan(row.number, action, parsed["name"], member.id_number_masked, org, member_id=member.pk,
                   changes=changes)


# --- writing ----------------------------------------------------------------------------------

def apply_plan(result: ImportResult, *, user=None, progress: Progress | None = None) -> None:
    """Write the plan in ONE transaction through the services; any refusal undoes every row.

    New records go through services.create_members (the checks of create_member for each, the
    writes in batches — one by one, 22,375 rows took 21 minutes); updates through
    update_member. The services check scope and rules again inside the transaction, so a member
    created by someone else since the validation (a duplicate ID) stops the import instead of
    slipping in.
    """
    delay = float(os.environ.get(ROW_DELAY_ENV) or 0)
    creating = [p for p in result.plans if p.action == "create"]
    updating = [p for p in result.plans if p.action == "update"]
    total = len(creating) + len(updating)
    # chain_held: the audit head and the change marks written once at the end rather than once
    # per batch of 1,000 entries. The head is locked from here rather than from the first batch
    # (a few seconds earlier for a city's file); other audited writes wait for the commit either way.
    with transaction.atomic(), audit.chain_held():
        try:
            if delay:  # the kill test's slow import: one row at a time, so a kill lands mid-way
                for done, plan in enumerate(creating, start=1):
                    services.create_members([plan.record], acting_user=user)
                    if progress:
                        progress(done, total)
                    time.sleep(delay)
            elif creating:
                services.create_members([p.record for p in creating], acting_user=user, progress=progress and (
                    lambda done, _: progress(done, total)))
        except RuleViolation as violation:
            plan = creating[getattr(violation, "index", None) or 0] if not delay else plan
            row = _Row(plan.row, {})
            row.violation(violation, "id_number" if violation.code == "duplicate" else None)
            raise _Abort(row.errors) from None
        except PermissionDenied:  # the user's post ended since the validation
            raise _Abort([{"row": creating[0].row, "column": TITLES["org_code"],
                           "message": "您没有维护该组织党员信息的权限"}]) from None
        for done, plan in enumerate(updating, start=len(creating) + 1):
            try:
                # update_member locks and re-reads the row itself; the pk is all it needs.
                services.update_member(Member(pk=plan.member_id), acting_user=user, reason="批量导入",
                                       **plan.changes)
            except RuleViolation as violation:
                row = _Row(plan.row, {})
                row.violation(violation)
                raise _Abort(row.errors) from None
            except PermissionDenied:
                raise _Abort([{"row": plan.row, "column": TITLES["org_code"],
                               "message": "您没有维护该组织党员信息的权限"}]) from None
            if progress:
                progress(done, total)
            if delay:
                time.sleep(delay)
    result.committed = True


class _Abort(Exception):
    def __init__(self, errors):
        super().__init__("import aborted")
        self.errors = errors


def import_file(source, *, user=None, within: PartyOrg | None = None, dry_run: bool = False,
                progress: Progress | None = None, commit_progress: Progress | None = None,
                file_name: str = "") -> ImportResult:
    """The whole pipeline on a file that already passed `check_file` (a path or bytes).

    A refusal of the file is a RuleViolation(code="bad_file"); row errors come back in the
    result. Nothing is written on any error, or with `dry_run`.
    """
    read = read_rows(source)
    result = plan_import(read, user=user, within=within, progress=progress)
    if result.ok and not dry_run:
        try:
            apply_plan(result, user=user, progress=commit_progress)
        except _Abort as abort:
            result.errors = abort.errors
    if not dry_run:
        _audit(result, user=user, within=within, file_name=file_name)
    return result


def _audit(result: ImportResult, *, user, within: PartyOrg | None, file_name: str) -> None:
    """Every import is in the audit log: counts on success, the number of errors on refusal."""
    changes = {"file": file_name, "rows": result.total, "created": result.created, "updated": result.updated,
               "unchanged": result.unchanged, "errors": len(result.errors), "warnings": len(result.warnings)}
    org_path = within.path if within is not None else ""
    # With no user (the command without --as) the entry is the system's: audit names it 系统任务.
    audit.record("member.import", org_path=org_path, changes=changes, actor=user,
                 result=AuditEntry.Result.SUCCESS if result.committed else AuditEntry.Result.FAILURE)


def run(file, *, user=None, within: PartyOrg | None = None, dry_run: bool = False,
        commit_progress: Progress | None = None) -> ImportResult:
    """check_file + import_file for the API and the command (which answer at once).

    A refused file comes back as a result with one error and no row, and is audited too."""
    name = getattr(file, "name", "") or str(file) if not isinstance(file, bytes) else ""
    try:
        checked = check_file(file)
        return import_file(checked.source, user=user, within=within, dry_run=dry_run,
                           commit_progress=commit_progress, file_name=os.path.basename(name))
    except RuleViolation as violation:
        result = ImportResult(errors=[file_refusal(violation)])
        if not dry_run:
            _audit(result, user=user, within=within, file_name=os.path.basename(name))
        return result


# --- the template -----------------------------------------------------------------------------

TEMPLATE_NOTES = (
    "6. 已有档案的党员（按身份证号识别）只更新姓名、民族、学历、岗位、职称、职务、籍贯、参加工作时间、困难党员、手机号；空白单元格保留系统中的原值。",
    "7. 党员类别、入党/转正日期、党小组、失联、流动的变动属于党员情况变更，请在党员页面登记；导入文件中与系统不一致时整份文件不导入。",
    "8. 「所属党组织代码」不填时，导入到上传时选择的党组织；填写时须是该党组织或其下级组织的代码。",
    f"9. 任何一行有错误，整份文件都不会导入，页面会列出每个错误的行号、列名和原因；单次最多 {MAX_ROWS} 行、{MAX_BYTES // 1024 // 1024} MB。",
)


def example_row(org_code: str = "") -> dict:
    """A fictional member for the 填写说明 sheet; the ID number is valid in form only."""
    from dangjian.core.validators import id_check_char

    first17 = "11010519850301001"
    return {
        "name": "张三", "id_number": first17 + id_check_char(first17), "gender": "男", "ethnicity": "汉族",
        "phone": "13800000000", "education": "大学本科", "job": "专任教师", "title": "中学一级教师",
        "office": "教导主任", "native_place": "湖南长沙", "work_started_on": datetime.date(2007, 9, 1),
        "joined_on": datetime.date(2010, 7, 1), "confirmed_on": datetime.date(2011, 7, 1), "status": "正式党员",
        "org_code": org_code, "group": "第一党小组", "lost_contact": "否", "is_mobile": "否", "in_hardship": "否",
    }


def write_import_template(path_or_buffer, *, org_code: str = "") -> None:
    from dangjian.core.spreadsheets import write_template

    write_template(path_or_buffer, COLUMNS, [example_row(org_code)], sheet_name="党员信息", notes=TEMPLATE_NOTES)
