"""The documents of a 组织生活会 (.docx to edit, PDF to print): a participant's 对照检查材料, the
会议记录 and the 情况报告. Scoped like the process page (404 outside orglife.view), audited; documents
to print, not counted against the bulk-export limit (core.exports.throttle)."""

from __future__ import annotations

from django.http import Http404
from django.http.response import HttpResponseBase

from dangjian.core import audit
from dangjian.core.docx import docx_response
from dangjian.core.pdf import pdf_response
from dangjian.core.scoping import get_visible_or_404
from dangjian.supervision import lifemeeting_documents as docs
from dangjian.supervision.models.lifemeeting import ReviewMaterial
from dangjian.supervision.views.lifemeeting import life_of


def _send(request, life, *, kind: str, name: str, fallback: str, fmt: str, write_docx, write_pdf):
    # A document to print, not a bulk export of personal data: not counted (core.exports.throttle).
    # the file is written first, so that the audit entry records an export that happened
    response: HttpResponseBase
    if fmt == "pdf":
        response = pdf_response(write_pdf(), f"{name}.pdf", f"{fallback}.pdf")
    else:
        response = docx_response(write_docx, f"{name}.docx", f"{fallback}.docx")
    audit.record("lifemeeting.export", target=life, actor=request.user, changes={"kind": kind, "format": fmt})
    return response


def material(request, pk, fmt="docx"):
    item = get_visible_or_404(ReviewMaterial.objects.visible_to(request.user).select_related(
        "life__org", "member", "reviewed_by"), pk=pk)
    doc = docs.material_document(item)
    return _send(request, item.life, kind="material", name=f"{item.life.org.name}_{item.owner_label}对照检查材料",
                 fallback=f"material-{item.pk}", fmt=fmt, write_docx=lambda out: docs.document_docx(out, doc),
                 write_pdf=lambda: docs.document_pdf(doc))


def minutes(request, pk, fmt="docx"):
    life = life_of(request, pk)
    if life.meeting_id is None:
        raise Http404("会议尚未召开")
    return _send(request, life, kind="minutes", name=f"{life.org.name}_{life.year}年度{life.get_kind_display()}会议记录",
                 fallback=f"life-minutes-{life.pk}", fmt=fmt, write_docx=lambda out: docs.minutes_docx(out, life),
                 write_pdf=lambda: docs.minutes_pdf(life))


def report(request, pk, fmt="docx"):
    life = life_of(request, pk)
    if life.meeting_id is None:
        raise Http404("会议尚未召开")
    doc = docs.report_document(life)
    return _send(request, life, kind="report", name=f"{life.org.name}_{life.year}年度{life.get_kind_display()}情况报告",
                 fallback=f"life-report-{life.pk}", fmt=fmt, write_docx=lambda out: docs.document_docx(out, doc),
                 write_pdf=lambda: docs.document_pdf(doc))
