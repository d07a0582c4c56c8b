"""The staff register as .xlsx: the list exactly as filtered on the page. ID numbers and phones
come from the stored masks — the export never decrypts (QUALITY.md item 14, as the members'
exports); a full number is seen one person at a time on the reveal page, with a reason, audited.
Exports are audited with their counts and filters and rate-limited per user (core.exports)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from dangjian.core import audit
from dangjian.core.exports import ExportFile, cn_date, throttle, write_export, xlsx_file_name
from dangjian.core.spreadsheets import Column

MASK_NOTE = "注：身份证号、手机号已按规定隐去部分数字。"

COLUMNS = [
    Column("seq", "序号", kind="int", width=6),
    Column("school", "学校"),
    Column("name", "姓名", width=10),
    Column("gender", "性别", width=6),
    Column("id_number", "身份证号", kind="id_number", width=21),
    Column("post", "岗位类别", width=10),
    Column("office", "职务", width=14),
    Column("department", "部门", width=12),
    Column("title", "职称", width=12),
    Column("employed_from", "入职日期", kind="date"),
    Column("employed_until", "离职日期", kind="date"),
    Column("party", "党员", width=6),
    Column("phone", "手机号", width=14),
]


def _rows(queryset):
    for seq, s in enumerate(queryset.select_related("school").iterator(chunk_size=2000), 1):
        yield {"seq": seq, "school": s.school.name, "name": s.name, "gender": s.get_gender_display(),
               "id_number": s.id_number_masked, "post": s.get_post_display(), "office": s.office,
               "department": s.department, "title": s.title, "employed_from": s.employed_from,
               "employed_until": s.employed_until, "party": "是" if s.member_id else "否", "phone": s.phone_masked}


def export_staff(queryset, *, user, scope_name: str, filters: dict, org_path: str = "",
                 made_on: datetime.date | None = None) -> ExportFile:
    """The filtered list (the caller narrows it to the user's sight); audited with counts only."""
    throttle(user, "staff.export", org_path=org_path)
    made_on = made_on or timezone.localdate()
    described = "；".join(f"{k}={v}" for k, v in filters.items()) if filters else "全部在职教职工"
    export = write_export(
        xlsx_file_name(scope_name, f"教职工名册_{made_on:%Y%m%d}"), f"staff-{made_on:%Y%m%d}.xlsx",
        title="教职工名册", subtitle="　　".join([f"填报单位：{scope_name}", f"导出日期：{cn_date(made_on)}"]),
        columns=COLUMNS, rows=_rows(queryset), text_columns={"phone"},
        signature_lines=[f"筛选条件：{described}", MASK_NOTE], sheet_name="教职工名册",
    )
    audit.record("staff.export", org_path=org_path, actor=user, changes={"rows": export.rows, "filters": filters})
    return export
