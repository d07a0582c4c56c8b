"""会议记录 as an editable .docx (and a PDF for printing) in the layout secretaries use: the organization and title on
top, then the 会议记录 table (名称, 时间, 地点, 主持人, 记录人, 应到/实到, 出席, 缺席及原因, 列席,
主题, 议程, 记录, 决议), and the signature lines of the host and the recorder. python-docx
writes it from scratch (no template file to keep in step); CJK text uses 宋体 / 黑体 through
the East Asian font slot, which is what Word and WPS read for Chinese characters.

Several records (a period's, for an inspection) go into one document, one record per page."""

from __future__ import annotations

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from dangjian.orglife.models import Meeting

BODY_FONT = "宋体"
TITLE_FONT = "黑体"
SIGNATURE = "＿＿＿＿＿＿"


def _font(run, name: str = BODY_FONT, size: float = 12, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _paragraph(container, text: str, *, size: float = 12, bold: bool = False, align=None, font: str = BODY_FONT):
    paragraph = container.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    for index, line in enumerate((text or "").split("\n")):
        if index:
            paragraph.add_run().add_break(WD_BREAK.LINE)
        _font(paragraph.add_run(line), font, size, bold)
    return paragraph


def _cell(cell, text: str, *, bold: bool = False) -> None:
    cell.text = ""
    first = cell.paragraphs[0]
    for index, line in enumerate((text or "").split("\n")):
        if index:
            first.add_run().add_break(WD_BREAK.LINE)
        _font(first.add_run(line), size=11, bold=bold)


def _names(rows, present: bool) -> str:
    chosen = [a for a in rows if a.present == present]
    if present:
        return "、".join(a.member.name + ("（预备党员）" if not a.can_vote else "") for a in chosen) or "无"
    return "；".join(f"{a.member.name}（{a.get_absence_reason_display()}{'：' + a.note if a.note else ''}）"
                    for a in chosen) or "无"


def _date(meeting: Meeting) -> str:
    text = f"{meeting.held_on.year}年{meeting.held_on.month}月{meeting.held_on.day}日"
    if meeting.starts_at:
        text += f" {meeting.starts_at:%H:%M}"
        if meeting.ends_at:
            text += f"—{meeting.ends_at:%H:%M}"
    return text


def minutes_facts(meeting: Meeting) -> dict:
    """What a 会议记录 says, in its order: the .docx and the PDF are both written from this."""
    rows = list(meeting.attendance.select_related("member").order_by("member__name"))
    quorum = ("" if meeting.quorate is None else
              "（达到法定人数）" if meeting.quorate else "（未达到法定人数，不计入考核）")
    facts = [
        ("会议名称", f"{meeting.get_kind_display()}" + (f"（{meeting.group.name}）" if meeting.group_id else "")
         + ("（补开）" if meeting.makeup_for else "")),
        ("时　　间", _date(meeting)),
        ("地　　点", meeting.place),
        ("主 持 人", meeting.host.name if meeting.host_id else ""),
        ("记 录 人", meeting.recorder.name if meeting.recorder_id else ""),
    ]
    if meeting.lecturer_display:
        facts.append(("授 课 人", meeting.lecturer_display))
    facts += [
        ("应到人数", f"{meeting.expected_count} 人（有表决权 {meeting.voting_expected} 人）"),
        ("实到人数", f"{meeting.present_count} 人（有表决权 {meeting.voting_present} 人）{quorum}"),
        ("出席人员", _names(rows, True)),
        ("缺席人员及原因", _names(rows, False)),
        ("会议主题", meeting.topic),
        ("会议议程", meeting.agenda),
        ("会议记录", meeting.minutes),
        ("决议事项", meeting.resolutions or "无"),
    ]
    amendments = "；".join(f"{a.amended_at:%Y-%m-%d} {a.reason}" for a in meeting.amendments.all())
    return {"org": meeting.org.name, "title": f"{meeting.get_kind_display()}会议记录", "facts": facts,
            "amendments": amendments}


def _record(document, meeting: Meeting) -> None:
    record = minutes_facts(meeting)
    _paragraph(document, record["org"], size=14, align=WD_ALIGN_PARAGRAPH.CENTER, font=TITLE_FONT)
    _paragraph(document, record["title"], size=18, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, font=TITLE_FONT)
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for label, value in record["facts"]:
        cells = table.add_row().cells
        _cell(cells[0], label, bold=True)
        _cell(cells[1], value)
    for row in table.rows:
        row.cells[0].width, row.cells[1].width = Cm(3.2), Cm(12.8)
    _paragraph(document, "")
    _paragraph(document, f"主持人（签字）：{SIGNATURE}　　　　记录人（签字）：{SIGNATURE}", size=12)
    if record["amendments"]:
        _paragraph(document, f"更正记录：{record['amendments']}", size=10)


def minutes_docx(out, meetings: list[Meeting]) -> int:
    """Write the records (one per page) to `out`; returns how many."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)  # A4
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2.5)
    normal = document.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    for index, meeting in enumerate(meetings):
        if index:
            document.add_page_break()
        _record(document, meeting)
    document.save(out)
    return len(meetings)


def minutes_pdf(meetings: list[Meeting]) -> bytes:
    """The same records as a PDF (one per page, CJK fonts embedded) for printing as is."""
    from dangjian.core.pdf import render_pdf

    return render_pdf("orglife/minutes_print.html",
                      {"records": [minutes_facts(m) for m in meetings], "signature": SIGNATURE})
