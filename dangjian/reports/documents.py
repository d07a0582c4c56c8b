"""A draft's version as a Word document (.docx, to edit further in Word or WPS) and as a PDF (to
print), in the layout of a report written by hand: the organization, the title, the period; each
part under its heading; the signature and date lines. The paragraphs left for people keep their
【…】 marks, so nobody prints a draft with holes by mistake."""

from __future__ import annotations

from dataclasses import dataclass

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from dangjian.core.docx import SIGNATURE, TITLE_FONT, a4_document, heading, paragraph
from dangjian.reports.models import DraftKind, DraftVersion


@dataclass
class DraftDocument:
    org: str
    title: str
    subtitle: str
    sections: list[dict]
    signer: str  # the signature line's label

    def paragraphs(self, section: dict) -> list[str]:
        return [p.strip() for p in (section["text"] or "").split("\n\n") if p.strip()]


def document_of(version: DraftVersion) -> DraftDocument:
    draft = version.draft
    signer = "述职人（签字）" if draft.kind == DraftKind.DUTY_REPORT else f"{draft.org.name}（盖章）"
    return DraftDocument(org=draft.org.name, title=draft.get_kind_display(),
                         subtitle=f"（{_period_label(draft.period)}）", sections=version.sections, signer=signer)


def _period_label(code: str) -> str:
    from dangjian.reports.facts import ReportPeriod

    return ReportPeriod.parse(code).label


def write_docx(out, doc: DraftDocument) -> None:
    document = a4_document()
    paragraph(document, doc.org, size=14, align=WD_ALIGN_PARAGRAPH.CENTER, font_name=TITLE_FONT)
    paragraph(document, doc.title, size=20, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, font_name=TITLE_FONT)
    paragraph(document, doc.subtitle, size=12, align=WD_ALIGN_PARAGRAPH.CENTER)
    for section in doc.sections:
        if section["heading"]:
            heading(document, section["heading"])
        for text in doc.paragraphs(section):
            body = paragraph(document, text, size=12)
            body.paragraph_format.first_line_indent = Cm(0.85)  # two characters, as a report is indented
            body.paragraph_format.line_spacing = 1.5
    paragraph(document, "")
    paragraph(document, f"{doc.signer}：{SIGNATURE}\n\n年　　月　　日", align=WD_ALIGN_PARAGRAPH.RIGHT)
    document.save(out)


def render_pdf(doc: DraftDocument) -> bytes:
    from dangjian.core.pdf import render_pdf as render

    sections = [{"heading": s["heading"], "paragraphs": doc.paragraphs(s)} for s in doc.sections]
    return render("reports/draft_print.html", {"doc": doc, "sections": sections, "signature": SIGNATURE})
