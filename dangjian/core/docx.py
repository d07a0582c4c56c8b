"""Word (.docx) documents in the layout secretaries make by hand: A4, the organization and the
title centred on top, a two-column table of facts, the signature lines. python-docx writes them
from scratch (no template file to keep in step). Chinese text is set through the East Asian
font slot (宋体 for the body, 黑体 for titles), which is what Word and WPS read for CJK
characters; the Latin slot alone leaves Chinese in the application's default font."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from typing import IO

from django.http import FileResponse
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
BODY_FONT = "宋体"
TITLE_FONT = "黑体"
SIGNATURE = "＿＿＿＿＿＿"


def font(run, name: str = BODY_FONT, size: float = 12, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def paragraph(container, text: str, *, size: float = 12, bold: bool = False, align=None, font_name: str = BODY_FONT):
    """A paragraph whose line breaks ("\\n") stay line breaks, not new paragraphs."""
    result = container.add_paragraph()
    if align is not None:
        result.alignment = align
    for index, line in enumerate((text or "").split("\n")):
        if index:
            result.add_run().add_break(WD_BREAK.LINE)
        font(result.add_run(line), font_name, size, bold)
    return result


def cell(target, text: str, *, bold: bool = False) -> None:
    target.text = ""
    first = target.paragraphs[0]
    for index, line in enumerate((text or "").split("\n")):
        if index:
            first.add_run().add_break(WD_BREAK.LINE)
        font(first.add_run(line), size=11, bold=bold)


def heading(document, text: str) -> None:
    """A Word heading (so the navigation pane and a reader of the file find the parts), in 黑体
    and black rather than the default template's blue."""
    result = document.add_heading(level=1)
    result.paragraph_format.space_before = Pt(12)
    result.paragraph_format.space_after = Pt(6)
    run = result.add_run(text)
    font(run, TITLE_FONT, 14, bold=True)
    run.font.color.rgb = RGBColor(0, 0, 0)


def table(document, header: list[str], rows: list[list[str]], widths: list[float] | None = None) -> None:
    """A ruled table, centred, its header row bold; `widths` in centimetres, one per column."""
    result = document.add_table(rows=1, cols=len(header))
    result.style = "Table Grid"
    result.alignment = WD_TABLE_ALIGNMENT.CENTER
    for target, text in zip(result.rows[0].cells, header, strict=True):
        cell(target, text, bold=True)
    for row in rows:
        for target, text in zip(result.add_row().cells, row, strict=True):
            cell(target, text)
    if widths:
        for row in result.rows:
            for target, width in zip(row.cells, widths, strict=True):
                target.width = Cm(width)


def a4_document():
    """An empty A4 portrait document with 2.5 cm margins and 宋体 as the normal style."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2.5)
    normal = document.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    return document


def record_page(document, *, org: str, title: str, facts: list[tuple[str, str]], signatures: str = "",
                note: str = "") -> None:
    """One record: organization and title, the facts table (label | value), signatures, a note."""
    paragraph(document, org, size=14, align=WD_ALIGN_PARAGRAPH.CENTER, font_name=TITLE_FONT)
    paragraph(document, title, size=18, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, font_name=TITLE_FONT)
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    label_width, value_width = Cm(3.2), Cm(12.8)
    for label, value in facts:
        # `.cells` walks the whole row's XML each time it is read: once per row, not once per use
        # (a year's 会议记录 read it ~2,000 times more than needed)
        label_cell, value_cell = table.add_row().cells
        cell(label_cell, label, bold=True)
        cell(value_cell, value)
        label_cell.width, value_cell.width = label_width, value_width
    paragraph(document, "")
    if signatures:
        paragraph(document, signatures)
    if note:
        paragraph(document, note, size=10)


def docx_response(write: Callable[[IO[bytes]], object], filename: str, fallback: str) -> FileResponse:
    """A download of the .docx that `write(file)` writes, named `filename` (Chinese, RFC 6266) with
    an ASCII `fallback`: written to a temporary file, which the response streams and then closes
    (and so deletes) — the .docx counterpart of core.pdf.pdf_response."""
    from dangjian.core.exports import content_disposition

    handle = tempfile.TemporaryFile()  # noqa: SIM115 - the FileResponse closes (and so deletes) it
    try:
        write(handle)
    except BaseException:
        handle.close()
        raise
    handle.seek(0)
    response = FileResponse(handle, content_type=DOCX)
    response["Content-Disposition"] = content_disposition(filename, fallback)
    response["Cache-Control"] = "no-store"
    return response
