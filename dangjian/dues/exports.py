"""Dues workbooks (xlsx), written by dangjian.core.spreadsheets.write_xlsx so they print like
the sheets a 组织委员 makes by hand: the month's 党费收缴情况表 and the year's 党费交纳情况公示表
(党务公开). Figures come from the same selectors as the pages and the API; money is written
as numbers with two decimals, names as text (never formulas).

The callers (pages, API) check Action.EXPORT / dues.view on the organization, audit the export
and rate-limit it, as the member exports do; these functions only write.
"""

from __future__ import annotations

import datetime

from dangjian.core.spreadsheets import Column, subtitle_line, write_xlsx
from dangjian.dues import selectors
from dangjian.orgs.models import PartyOrg

COLLECTION_COLUMNS = [
    Column("org", "党组织"),
    Column("due_count", "应缴人数", kind="int"),
    Column("paid_count", "实缴人数", kind="int"),
    Column("arrears_count", "欠缴人数", kind="int"),
    Column("missing_base", "缺少缴费基数", kind="int"),
    Column("due_amount", "应缴金额（元）", kind="decimal"),
    Column("paid_amount", "实缴金额（元）", kind="decimal"),
    Column("arrears_amount", "欠缴金额（元）", kind="decimal"),
    Column("extra_amount", "自愿多交（元）", kind="decimal"),
]


def _collection_row(row: selectors.Collection) -> dict:
    return {"org": row.org_name, "due_count": row.due_count, "paid_count": row.paid_count,
            "arrears_count": row.arrears_count, "missing_base": row.missing_base, "due_amount": row.due_amount,
            "paid_amount": row.paid_amount, "arrears_amount": row.arrears_amount, "extra_amount": row.extra_amount}


def collection_sheet_xlsx(out, org: PartyOrg, month: datetime.date, *, made_on: datetime.date | None = None) -> int:
    """党费收缴情况表 of a month: one row per organization and the total. Returns the row count."""
    rows, total = selectors.collection_sheet(org, month)
    return write_xlsx(out, title=f"{month.year}年{month.month}月党费收缴情况表",
                      subtitle=subtitle_line(org.name, f"{month.year}年{month.month}月", made_on),
                      columns=COLLECTION_COLUMNS, rows=[*map(_collection_row, rows), _collection_row(total)],
                      sheet_name="党费收缴情况")


def disclosure_xlsx(out, org: PartyOrg, year: int, *, made_on: datetime.date | None = None) -> int:
    """党费交纳情况公示表 of a year: each member's dues per month, as published to members."""
    columns = [Column("name", "姓名"), Column("org", "党组织")]
    columns += [Column(f"m{m}", f"{m}月", kind="decimal") for m in range(1, 13)]
    columns += [Column("total", "合计（元）", kind="decimal"), Column("extra", "自愿多交（元）", kind="decimal")]
    rows = ({"name": r.member_name, "org": r.org_name, **{f"m{m}": r.amounts[m] for m in range(1, 13)},
             "total": r.total, "extra": r.extra} for r in selectors.disclosure_statement(org, year))
    return write_xlsx(out, title=f"{year}年度党费交纳情况公示表", subtitle=subtitle_line(org.name, f"{year}年度", made_on),
                      columns=columns, rows=rows, sheet_name="党费公示",
                      signature_lines=["说明：表中金额为各月实际交纳的党费（含补交），空白表示当月不在本组织交纳。",
                                       "公示单位（盖章）：　　　　　　　　公示时间：　　　　年　　月　　日"])
