"""PDF from the same HTML a page would show, with the Chinese fonts embedded.

WeasyPrint (ARCHITECTURE.md: reportlab cannot embed CJK fonts) lays out HTML + CSS for print and
embeds only the glyphs used (harfbuzz-subset; without it a page with Noto CJK takes seconds and
megabytes). Documents extend `core/print_base.html`, which sets A4, the fonts of Debian's
fonts-noto-cjk and the table / signature-line styles a hand-made 会议记录 or 公示 has.
"""

from __future__ import annotations

from pathlib import Path

from django.http import HttpResponse
from django.template.loader import render_to_string

PDF = "application/pdf"


def html_to_pdf(html: str) -> bytes:
    """The PDF of an HTML document (no external resources: everything it needs is inline)."""
    from weasyprint import HTML  # imported here: loading pango costs ~0.3 s, only PDFs need it

    return HTML(string=html, base_url=None).write_pdf()


def render_pdf(template_name: str, context: dict) -> bytes:
    return html_to_pdf(render_to_string(template_name, context))


def pdf_response(pdf: bytes, filename: str, fallback: str) -> HttpResponse:
    """A download of `pdf` named `filename` (Chinese, RFC 6266) with an ASCII `fallback`."""
    from dangjian.core.exports import content_disposition

    response = HttpResponse(pdf, content_type=PDF)
    response["Content-Disposition"] = content_disposition(filename, fallback)
    response["Cache-Control"] = "no-store"
    return response


def pdf_page_png(pdf: bytes, path: str | Path, *, page: int = 0, scale: float = 1.5) -> Path:
    """Render one page of `pdf` to a PNG (for screenshots and tests that look at a document)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        image = document[page].render(scale=scale).to_pil()
    finally:
        document.close()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path)
    return path


def page_count(pdf: bytes) -> int:
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


def text_of(pdf: bytes) -> str:
    """The text layer of every page (tests check what a reader would copy out of the PDF)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    finally:
        document.close()
