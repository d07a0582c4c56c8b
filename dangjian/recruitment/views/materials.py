"""生成材料: one of a file's materials as .docx to edit or as PDF to print as is (the same facts,
dangjian.recruitment.materials), once its step is recorded. Scoped like the file page (404 out
of scope), throttled and audited like exports."""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone

from dangjian.core import audit
from dangjian.core.docx import docx_response
from dangjian.core.pdf import pdf_response
from dangjian.recruitment import services
from dangjian.recruitment.materials import MATERIAL_KINDS, available, material_pdf, write_material
from dangjian.recruitment.views.files import visible_file


def material_docx(request, pk: int, fmt: str = "docx"):
    file = visible_file(request, pk)
    kind = request.GET.get("kind", "")
    records = list(file.steps.order_by("occurred_on", "id"))
    if kind not in MATERIAL_KINDS or MATERIAL_KINDS[kind] not in available(records):
        raise Http404("该材料所需的步骤尚未办理")
    # A document to print, not a bulk export of personal data: not counted (core.exports.throttle).
    notice_days = services.effective_limits(file.org)["publicity_working_days"]
    title = MATERIAL_KINDS[kind].title
    name = f"{file.name}_{title}_{timezone.localdate():%Y%m%d}.{fmt}"
    audit.record("recruitment.material", target=file, changes={"kind": kind, "format": fmt})
    if fmt == "pdf":
        return pdf_response(material_pdf(kind, file, records, notice_days=notice_days), name, f"recruitment-{kind}.pdf")
    return docx_response(lambda handle: write_material(handle, kind, file, records, notice_days=notice_days), name,
                         f"recruitment-{kind}.docx")
