"""The staff import (.xlsx), in the members importer's shape, for one school at a time:

    check_file(upload)        type by content, size, zip bombs, macros (core.uploads)
    read_rows(source)         calamine, spreadsheet row numbers, float IDs refused (core.spreadsheets)
    plan                      every row checked with the service's own checks (check_staff_record),
                              duplicates in the file and against the register (by blind index)
    apply                     all-or-nothing, through services.create_staff_members

A staff file of a school is a few hundred rows: it is checked and written while the user waits
(no background job). Rules are never written here. A row whose person is a party member of the
school's own organization (same ID number, matched by blind index) is linked to the record.
Any error anywhere: nothing is written, and every row's errors are reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from dangjian.core import audit, crypto
from dangjian.core.errors import RuleViolation
from dangjian.core.models import AuditEntry
from dangjian.core.roles import Action
from dangjian.core.spreadsheets import Column, read_xlsx, write_template
from dangjian.core.uploads import check_upload
from dangjian.core.validators import parse_id_number
from dangjian.members.models import Member
from dangjian.orgs.models import School
from dangjian.staff.models import StaffMember, StaffPost
from dangjian.staff.services import create_staff_members
from dangjian.staff.services.register import check_staff_record, require_on_school

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 3_000

COLUMNS = [
    Column("name", "姓名", required=True, width=10),
    Column("id_number", "身份证号", required=True, kind="id_number", help="18 位，末位可为 X"),
    Column("gender", "性别", kind="choice", choices=("男", "女"), width=6, help="可不填；填写时须与身份证号一致"),
    Column("post", "岗位类别", required=True, kind="choice", choices=StaffPost.labels, width=12,
           help="专任教师按此列统计"),
    Column("office", "职务", width=14, help="如：教导主任、语文教研组长"),
    Column("department", "部门", width=12),
    Column("title", "职称", width=14),
    Column("employed_from", "入职日期", required=True, kind="date", help="不得晚于今天"),
    Column("phone", "手机号", width=14, help="11 位手机号码，可不填"),
]
TITLES = {c.key: c.title for c in COLUMNS}
TEMPLATE_NOTES = ["每行一名教职工；已在本校名册中的身份证号不能重复导入（请在页面上修改）。",
                  "本校党员（身份证号与党员档案一致）自动关联其党员档案。",
                  "任一行有误则整份文件不导入，页面列出每一行的错误。"]


@dataclass
class ImportResult:
    created: int = 0
    linked: int = 0
    total: int = 0
    errors: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _error(row: int | None, column_key: str, violation: RuleViolation | str) -> dict:
    if isinstance(violation, str):
        return {"row": row, "column": TITLES.get(column_key, column_key), "message": violation}
    message = violation.message
    if violation.rule is not None:
        message = f"{message}（依据：{violation.rule.citation}）"
    return {"row": row, "column": TITLES.get(violation.field or column_key, violation.field or ""), "message": message}


def _members_by_index(school: School, rows) -> dict[str, Member]:
    """The school's own party members among the file's ID numbers, by blind index."""
    if not school.party_org_id:
        return {}
    indexes = []
    for row in rows:
        try:
            indexes.append(crypto.blind_index(parse_id_number(row.get("id_number")).number))
        except RuleViolation:
            continue
    found = (Member.objects.active().filter(org__path__startswith=school.party_org.path, id_number_index__in=indexes,
                                            staff_entry__isnull=True).select_related("org"))
    return {m.id_number_index: m for m in found}


def import_staff(upload, *, school: School, user, file_name: str = "") -> ImportResult:
    """Check the file, then write it all or nothing; the result lists every row's errors."""
    require_on_school(user, Action.STAFF_EDIT, school)
    result = ImportResult()
    try:
        checked = check_upload(upload, kinds={"xlsx"}, max_bytes=MAX_BYTES)
        read = read_xlsx(checked.source, columns=COLUMNS, max_rows=MAX_ROWS)
    except RuleViolation as violation:
        result.errors.append({"row": None, "column": "", "message": violation.message})
        return _audited(result, school, user, file_name)
    result.total = len(read.rows)
    result.errors.extend(p.as_dict() for p in read.problems)
    if not read.rows and not read.problems:
        result.errors.append({"row": None, "column": "", "message": "文件中没有教职工数据行"})
    members = _members_by_index(school, read.rows)
    bad_rows = {p.row for p in read.problems}
    records, numbers, seen = [], [], {}
    for row in read.rows:
        values = {k: v for k, v in row.values.items() if v not in (None, "")}
        if row.number in bad_rows:
            continue
        record = {"name": values.get("name", ""), "gender": values.get("gender", ""), "id_number": values.get("id_number"),
                  "post": values.get("post", ""), "employed_from": values.get("employed_from"),
                  "phone": str(values.get("phone", "")), "office": values.get("office", ""),
                  "department": values.get("department", ""), "title": values.get("title", "")}
        try:
            staff = check_staff_record(school, record)
        except RuleViolation as violation:
            result.errors.append(_error(row.number, "", violation))
            continue
        if staff.id_number_index in seen:
            result.errors.append(_error(row.number, "id_number", f"与第 {seen[staff.id_number_index]} 行是同一身份证号"))
            continue
        seen[staff.id_number_index] = row.number
        record["member"] = members.get(staff.id_number_index)
        records.append(record)
        numbers.append(row.number)
    taken = set(StaffMember.objects.filter(school=school, id_number_index__in=list(seen))
                .values_list("id_number_index", flat=True))
    for index, row_number in seen.items():
        if index in taken:
            result.errors.append(_error(row_number, "id_number", "该身份证号已在本校教职工名册中，请在页面上修改已有记录"))
    if result.errors:
        result.errors.sort(key=lambda e: (e["row"] or 0))
        return _audited(result, school, user, file_name)
    try:
        with transaction.atomic():
            created = create_staff_members(school, records, acting_user=user)
    except RuleViolation as violation:  # the database changed between the check and the write
        row = numbers[violation.index] if violation.index is not None else None
        result.errors.append(_error(row, "", violation))
        return _audited(result, school, user, file_name)
    result.created = len(created)
    result.linked = sum(1 for s in created if s.member_id)
    return _audited(result, school, user, file_name)


def _audited(result: ImportResult, school: School, user, file_name: str) -> ImportResult:
    """One entry per attempt, refused or not: counts and the file's name, never the data."""
    audit.record("staff.import", target=school, actor=user,
                 result=AuditEntry.Result.SUCCESS if result.ok else AuditEntry.Result.FAILURE,
                 changes={"file": file_name, "rows": result.total, "created": result.created,
                          "linked": result.linked, "errors": len(result.errors)})
    return result


def write_import_template(buffer) -> None:
    example = {"name": "张三", "id_number": "110105198503010016", "gender": "男", "post": "专任教师", "office": "语文教研组长",
               "department": "教务处", "title": "一级教师", "employed_from": "2012-09-01", "phone": "13800138000"}
    write_template(buffer, COLUMNS, [example], sheet_name="教职工名册", notes=TEMPLATE_NOTES)
