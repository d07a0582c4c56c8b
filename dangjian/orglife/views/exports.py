"""会议记录 exports (.docx to edit, PDF to print): one record, or a year's records of an organization in one file
for an inspection. Audited, scoped like the pages; documents to print, not counted against the bulk-export limit."""

from __future__ import annotations

from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone

from dangjian.core import audit
from dangjian.orglife.services.minutes_export import BACKGROUND_FROM, start_export
from dangjian.orglife.views.meetings import _int, orglife_org

# --- 会议记录 (.docx / PDF) ------------------------------------------------------------------

MAX_RECORDS_IN_ONE_FILE = {"docx": 500, "pdf": 200}   # a PDF page takes ~10× a .docx page to lay out


def _minutes_response(request, org, meetings, *, fmt: str, name: str, fallback: str, filters: dict):

    from dangjian.core.docx import docx_response
    from dangjian.core.pdf import pdf_response
    from dangjian.orglife.minutes import minutes_docx, minutes_pdf

    # A document to print, not a bulk export of personal data: not counted (core.exports.throttle).
    # the file is written first, so that the audit entry records an export that happened
    response: HttpResponseBase
    if fmt == "pdf":
        response = pdf_response(minutes_pdf(meetings), f"{name}.pdf", f"{fallback}.pdf")
    else:
        response = docx_response(lambda handle: minutes_docx(handle, meetings), f"{name}.docx", f"{fallback}.docx")
    audit.record("orglife.export", org_path=org.path, changes={"kind": "minutes", "rows": len(meetings),
                                                               "filters": filters, "format": fmt})
    return response


def minutes(request, pk, fmt="docx"):
    """One record as a 会议记录 (.docx or PDF)."""
    from dangjian.orglife.views.meetings import _meeting

    meeting = _meeting(request, pk)
    return _minutes_response(request, meeting.org, [meeting], fmt=fmt,
                             name=f"{meeting.org.name}_{meeting.held_on:%Y%m%d}{meeting.get_kind_display()}会议记录",
                             fallback=f"minutes-{meeting.pk}", filters={"meeting": meeting.pk})


def minutes_period(request, fmt="docx"):
    """A year's records of an organization (and its subtree), one per page, for an inspection."""
    from dangjian.orglife.models import Meeting
    from dangjian.orglife.rules import Kind

    org = orglife_org(request, request.GET.get("org"))
    today = timezone.localdate()
    year = _int(request.GET.get("year"), today.year, 2000, 2100)
    kind = request.GET.get("kind") if request.GET.get("kind") in Kind.values else ""
    meetings = (Meeting.objects.visible_to(request.user).filter(org__path__startswith=org.path, held_on__year=year)
                .select_related("org", "group", "host", "recorder", "lecturer").order_by("org__path", "held_on", "id"))
    if kind:
        meetings = meetings.filter(kind=kind)
    limit = MAX_RECORDS_IN_ONE_FILE[fmt]
    chosen = list(meetings[:limit + 1])
    if len(chosen) > limit:
        return render(request, "orglife/problem.html", {"title": "记录过多", "lines": [
            f"一个{'PDF' if fmt == 'pdf' else ' Word '}文件最多 {limit} 条记录，请按下级组织或活动类型分别导出。"]},
                      status=400)
    name = f"{org.name}_{year}年组织生活记录"
    if len(chosen) >= BACKGROUND_FROM[fmt]:  # written by the worker: a page with its progress, then the link
        from django.db import transaction
        from django.shortcuts import redirect

        from dangjian.orglife.tasks import write_minutes_export

        job = start_export(org, year=year, kind=kind, fmt=fmt, total=len(chosen), file_name=name,
                           acting_user=request.user)
        transaction.on_commit(lambda: write_minutes_export(job.pk))
        return redirect("orglife:minutes_export", job.pk)
    return _minutes_response(request, org, chosen, fmt=fmt, name=name,
                             fallback=f"minutes-{year}", filters={"org": org.code, "year": year, "kind": kind})
