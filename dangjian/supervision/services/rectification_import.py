"""Importing a feedback list (整改问题清单, .xlsx) as a batch: all rows or none.

The file is checked by dangjian.core.uploads before it is opened (type by content, size, zip
bomb, macros, XXE), read by dangjian.core.spreadsheets (formulas never evaluated, header found
by its Chinese titles), and every row is checked by the same rule as an item entered by hand
(`services.rectification.clean_item`). One bad row refuses the whole file: the answer lists
every bad row as 第 N 行「列」：原因 — the row numbers Excel shows — and nothing is written.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from dangjian.core.errors import RuleViolation
from dangjian.core.spreadsheets import CellProblem, Column, read_xlsx, write_template
from dangjian.core.uploads import check_upload
from dangjian.orgs.models import PartyOrg
from dangjian.supervision.models import RectificationBatch
from dangjian.supervision.rules import rectification as R
from dangjian.supervision.services.rectification import check_items, create_rectification_batch, parse_date

MAX_ROWS = 500
MAX_BYTES = 5 * 1024 * 1024

COLUMNS = [
    Column("number", "序号", kind="int", width=6, help="可不填，按行顺序编号"),
    Column("problem", "存在问题", required=True, width=40, help="反馈意见中指出的问题，一行一项"),
    Column("measures", "整改措施", width=40),
    Column("leader_name", "责任领导", width=10),
    Column("unit", "责任单位", width=14),
    Column("owner_name", "责任人", required=True, width=10, help="必填；与本单位党员或职务人员姓名一致的，自动关联其账号"),
    Column("deadline", "整改期限", required=True, kind="date", width=12, help="必填，如 2026-12-31，不早于反馈日期"),
]
TITLES = {c.key: c.title for c in COLUMNS}


@dataclass
class ImportRefused(Exception):
    """The file was read but at least one row is wrong: nothing was written."""

    problems: list[CellProblem] = field(default_factory=list)

    def __str__(self) -> str:
        return f"整改问题清单有 {len(self.problems)} 处错误，未导入任何一行。依据：{R.R_IMPORT}"


def template(out) -> None:
    write_template(out, COLUMNS, [{"number": 1, "problem": "“三会一课”记录不完整，部分会议无签到", "measures": "补齐记录，建立签到制度",
                                   "leader_name": "张伟", "unit": "党支部", "owner_name": "陈静",
                                   "deadline": datetime.date(2026, 12, 31)}],
                   sheet_name="整改问题清单",
                   notes=["6. 一行填写一项整改任务；责任人和整改期限为必填，期限不得早于反馈日期。",
                          f"7. 任何一行有错误，整份清单都不会导入，页面会列出每个错误的行号、列名和原因；单次最多 {MAX_ROWS} 行。"])


def import_batch(file, org: PartyOrg, *, source: str, issued_on, issuer: PartyOrg | None = None,
                 issuer_detail: str = "", title: str = "", reference: str = "", acting_user=None,
                 today: datetime.date | None = None) -> RectificationBatch:
    """Read the list and create the batch with one item per row, or raise ImportRefused (the
    rows' problems) / RuleViolation (the file or the batch itself) and write nothing."""
    issued = parse_date(issued_on, "issued_on", R.R_BATCH)
    checked_file = check_upload(file, kinds={"xlsx"}, max_bytes=MAX_BYTES)
    result = read_xlsx(checked_file.source, columns=COLUMNS, max_rows=MAX_ROWS)
    if len(result.rows) > MAX_ROWS:
        raise RuleViolation(f"一次最多导入 {MAX_ROWS} 行", rule=R.R_IMPORT, field="file")
    if not result.rows and not result.problems:
        raise RuleViolation("清单中没有整改问题（表头下没有数据行）", rule=R.R_IMPORT, field="file")
    # An empty required cell is left to the items' own check below, which names its rule
    # (责任人、整改期限); the reader's other problems (a date it cannot read) stand as they are.
    problems = [p for p in result.problems if p.message != "必填项为空"]
    bad_rows = {p.row for p in problems}
    rows = [r for r in result.rows if r.number not in bad_rows]
    checked = check_items([r.values for r in rows], issued)
    for p in checked.problems:
        message = f"{p.message}（依据：{p.rule.citation}）" if p.rule is not None else p.message
        problems.append(CellProblem(rows[p.index].number, TITLES.get(p.field, "整行"), message))
    if problems:
        raise ImportRefused(sorted(problems, key=lambda p: (p.row, p.column)))
    return create_rectification_batch(org, source=source, issued_on=issued, items=[r.values for r in rows],
                                      issuer=issuer, issuer_detail=issuer_detail, title=title, reference=reference,
                                      acting_user=acting_user, today=today)
