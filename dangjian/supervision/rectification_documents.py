"""The 整改台账's documents, laid out as a secretary makes them by hand:

- the standard ledger (整改工作台账, .xlsx): 序号、问题来源、存在问题、整改措施、责任领导、责任单位、
  责任人、整改期限、整改进展、完成情况（状态）、销号日期 — exactly the filtered ledger of the page;
- the 整改情况报告 of a batch (.docx through dangjian.core.docx, PDF through dangjian.core.pdf from
  the same facts): the feedback it answers, the figures (共 N 项，已销号 …), each problem with its
  measures, people, deadline and where it stands, and the signature lines.

The callers (pages, API) check the rights, audit and rate-limit the export; these only write.
"""

from __future__ import annotations

import datetime
import io

from django.db.models import Prefetch

from dangjian.core.docx import SIGNATURE, a4_document, paragraph
from dangjian.core.exports import ExportFile, cn_date, write_export, xlsx_file_name
from dangjian.core.spreadsheets import Column, subtitle_line
from dangjian.supervision.models import ItemEvent, RectificationBatch, RectificationItem
from dangjian.supervision.rules import rectification as R

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
NUMERALS = "一二三四五六七八九十"

LEDGER_COLUMNS = [
    Column("number", "序号", kind="int", width=6),
    Column("org", "整改单位", width=18),
    Column("source", "问题来源", width=10),
    Column("problem", "存在问题", width=36),
    Column("measures", "整改措施", width=36),
    Column("leader", "责任领导", width=10),
    Column("unit", "责任单位", width=12),
    Column("owner", "责任人", width=10),
    Column("deadline", "整改期限", kind="date", width=12),
    Column("progress", "整改进展", width=30),
    Column("state", "完成情况", width=12),
    Column("closed_on", "销号日期", kind="date", width=12),
]


def _latest_reports(items: list[RectificationItem]) -> dict[int, ItemEvent]:
    latest: dict[int, ItemEvent] = {}
    for e in (ItemEvent.objects.filter(item_id__in=[i.pk for i in items], kind__in=[R.EventKind.PROGRESS,
                                                                                   R.EventKind.REQUESTED])
              .order_by("item_id", "occurred_on", "id")):
        latest[e.item_id] = e
    return latest


def _progress_words(item: RectificationItem, report: ItemEvent | None) -> str:
    words = f"{item.progress}%"
    return f"{words}：{report.text}" if report is not None else words


def ledger_xlsx(items, *, org_name: str, today: datetime.date) -> ExportFile:
    """The standard ledger of the filtered items (a queryset or list, in ledger order)."""
    items = list(items)
    latest = _latest_reports(items)

    def rows():
        for n, item in enumerate(items, 1):
            _, words = R.status_of(item.state, item.deadline, today)
            yield {"number": n, "org": item.org.name, "source": item.batch.get_source_display(),
                   "problem": item.problem, "measures": item.measures, "leader": item.leader_name, "unit": item.unit,
                   "owner": item.owner_name, "deadline": item.deadline, "progress": _progress_words(item, latest.get(item.pk)),
                   "state": words, "closed_on": item.closed_on}

    return write_export(xlsx_file_name(org_name, "整改工作台账", f"{today:%Y%m%d}"), "rectification-ledger.xlsx",
                        title="整改工作台账", subtitle=subtitle_line(org_name, f"截至{cn_date(today)}", today),
                        columns=LEDGER_COLUMNS, rows=rows(), sheet_name="整改台账",
                        signature_lines=["填表人：　　　　　　审核人（书记）：　　　　　　填表日期：　　　　年　　月　　日"])


# --- the 整改情况报告 of a batch -------------------------------------------------------------------

def report(batch: RectificationBatch, today: datetime.date) -> dict:
    """The facts of the report, shared by the .docx and the PDF."""
    items = list(batch.items.select_related("org").prefetch_related(
        Prefetch("events", queryset=ItemEvent.objects.order_by("occurred_on", "id"))))
    closed = sum(i.state == R.ItemState.CLOSED for i in items)
    requested = sum(i.state == R.ItemState.REQUESTED for i in items)
    overdue = sum(R.is_overdue(i.state, i.deadline, today) for i in items)
    working = len(items) - closed - requested
    where = f"{batch.issuer.name}{batch.issuer_detail}"
    ref = f"（{batch.reference}）" if batch.reference else ""
    opening = (f"{cn_date(batch.issued_on)}，{where}向{batch.org.name}反馈了{batch.get_source_display()}发现的问题{ref}。"
               f"{batch.org.name}高度重视，对照反馈问题逐项制定整改措施，明确责任领导、责任单位、责任人和整改期限，"
               f"实行台账管理、对账销号。现将整改情况报告如下。")
    summary = (f"反馈问题共 {len(items)} 项，已整改完成并销号 {closed} 项，已申请销号待审核 {requested} 项，"
               f"正在整改 {working} 项" + (f"（其中逾期 {overdue} 项）" if overdue else "") + "。")
    sections = []
    for n, i in enumerate(items):
        reports = [e for e in i.events.all() if e.kind in (R.EventKind.PROGRESS, R.EventKind.REQUESTED)]
        _, state = R.status_of(i.state, i.deadline, today)
        lines = [f"整改措施：{i.measures or '（未填写）'}",
                 f"责任领导：{i.leader_name or '—'}；责任单位：{i.unit or '—'}；责任人：{i.owner_name}；整改期限：{cn_date(i.deadline)}",
                 f"整改进展：{reports[-1].text if reports else '尚未报告进展'}（{i.progress}%）",
                 f"完成情况：{state}" + (f"，{cn_date(i.closed_on)}销号" if i.closed_on else "")]
        heading = f"（{NUMERALS[n % 10] if n < 10 else n + 1}）{i.problem}"
        sections.append({"heading": heading, "lines": lines})
    next_steps = ("下一步，对尚未完成的整改事项继续盯紧抓实，按期完成后及时申请销号；对已完成的事项开展“回头看”，"
                  "防止问题反弹，建立健全长效机制。")
    return {"org": batch.org.name, "title": f"关于{batch.title}情况的报告", "opening": opening, "summary": summary,
            "sections": sections, "next_steps": next_steps, "made_on": cn_date(today),
            "report_due": cn_date(batch.report_due) if batch.report_due else "",
            "report_rule": str(R.SOURCES[batch.source].report_rule or "")}


def report_docx(batch: RectificationBatch, today: datetime.date) -> bytes:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    rec = report(batch, today)
    document = a4_document()
    paragraph(document, rec["title"], size=18, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, font_name="黑体")
    paragraph(document, rec["opening"])
    paragraph(document, "一、总体情况", bold=True, font_name="黑体")
    paragraph(document, rec["summary"])
    paragraph(document, "二、逐项整改情况", bold=True, font_name="黑体")
    for section in rec["sections"]:
        paragraph(document, section["heading"], bold=True)
        paragraph(document, "\n".join(section["lines"]))
    paragraph(document, "三、下一步工作", bold=True, font_name="黑体")
    paragraph(document, rec["next_steps"])
    paragraph(document, "")
    paragraph(document, f"{rec['org']}（盖章）", align=WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph(document, f"书记（签字）：{SIGNATURE}　　{rec['made_on']}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def report_pdf(batch: RectificationBatch, today: datetime.date) -> bytes:
    from dangjian.core.pdf import render_pdf

    return render_pdf("supervision/report_print.html", {"report": report(batch, today), "signature": SIGNATURE})
