"""Rosters of recruitment as printable xlsx (seed 002: 入党积极分子名册, 重点发展对象名册): the
open files of a stage in an organization's subtree, with the dates of their steps, the
培养联系人 and 入党介绍人. ID numbers are masked, as on every page."""

from __future__ import annotations

import datetime

from dangjian.core.spreadsheets import Column, subtitle_line, write_xlsx
from dangjian.recruitment.models import FileState, RecruitmentFile
from dangjian.recruitment.rules import STEP_BY_CODE, Stage

ROSTER_TITLES = {
    "": "发展党员工作名册", Stage.APPLICATION: "入党申请人名册", Stage.ACTIVIST: "入党积极分子名册",
    Stage.CANDIDATE: "发展对象名册", Stage.ADMISSION: "接收预备党员名册", Stage.PROBATION: "预备党员考察名册",
}
COLUMNS = [
    Column("number", "序号", kind="int", width=6), Column("name", "姓名", width=10), Column("gender", "性别", width=6),
    Column("birth", "出生年月", width=10), Column("id_number", "身份证号", width=20),
    Column("unit", "工作单位及职务", width=24), Column("org", "所在党组织", width=26),
    Column("applied_on", "递交申请书", width=12), Column("activist_on", "确定积极分子", width=12),
    Column("candidate_on", "确定发展对象", width=12), Column("mentors", "培养联系人", width=14),
    Column("sponsors", "入党介绍人", width=14), Column("next", "下一步骤", width=20), Column("due", "最近期限", width=12),
]


def roster_files(files):
    return files.filter(state=FileState.OPEN).select_related("org").prefetch_related("steps").order_by(
        "org__path", "applied_on", "pk")


def _row(number: int, file: RecruitmentFile) -> dict:
    steps = {r.code: r for r in sorted(file.steps.all(), key=lambda r: (r.occurred_on, r.pk))}

    def day(code):
        return f"{steps[code].occurred_on:%Y-%m-%d}" if code in steps else ""

    def people(code, key):
        return "、".join(p["name"] for p in steps[code].facts.get(key, [])) if code in steps else ""

    return {
        "number": number, "name": file.name, "gender": file.get_gender_display(), "birth": f"{file.birth_date:%Y.%m}",
        "id_number": file.id_number_masked, "unit": file.unit, "org": file.org.name, "applied_on": day("01"),
        "activist_on": day("03"), "candidate_on": day("07"), "mentors": people("05", "mentors"),
        "sponsors": people("09", "sponsors"), "next": STEP_BY_CODE[file.next_code].label if file.next_code else "",
        "due": f"{file.due_on:%Y-%m-%d}" if file.due_on else "",
    }


def roster_xlsx(out, files, *, org, stage: str, made_on: datetime.date) -> int:
    rows = (_row(i, f) for i, f in enumerate(roster_files(files).iterator(chunk_size=500), start=1))
    return write_xlsx(out, title=ROSTER_TITLES[stage], subtitle=subtitle_line(org.name, made_on=made_on),
                      columns=COLUMNS, rows=rows, sheet_name=ROSTER_TITLES[stage])
