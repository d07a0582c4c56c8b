"""会议记录 exports (.docx): one record, or a year's records of an organization in one file
for an inspection. Audited and rate-limited like every export; scoped like the pages."""

from __future__ import annotations

import tempfile

from django.shortcuts import render
from django.utils import timezone

from dangjian.core import audit
from dangjian.members import exports as member_exports
from dangjian.members.exports import ExportThrottled
from dangjian.orglife.views import _int, orglife_org

# --- 会议记录 (.docx) ------------------------------------------------------------------------

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MAX_RECORDS_IN_ONE_FILE = 500


def _docx_response(request, org, meetings, *, filename: str, fallback: str, filters: dict):
    from django.http import FileResponse

    from dangjian.members.exports import content_disposition
    from dangjian.orglife.minutes import minutes_docx

    try:
        member_exports.throttle(request.user)
    except ExportThrottled as exc:
        response = render(request, "orglife/problem.html", {"title": "导出过于频繁", "lines": [exc.message]}, status=429)
        response["Retry-After"] = str(exc.retry_after)
        return response
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - the FileResponse closes (and so deletes) it
    count = minutes_docx(handle, meetings)
    handle.seek(0)
    audit.record("orglife.export", org_path=org.path, changes={"kind": "minutes", "rows": count, "filters": filters,
                                                               "format": "docx"})
    response = FileResponse(handle, content_type=DOCX)
    response["Content-Disposition"] = content_disposition(filename, fallback)
    response["Cache-Control"] = "no-store"
    return response


def minutes(request, pk):
    """One record as a 会议记录 .docx."""
    from dangjian.orglife.views import _meeting

    meeting = _meeting(request, pk)
    return _docx_response(request, meeting.org, [meeting],
                          filename=f"{meeting.org.name}_{meeting.held_on:%Y%m%d}{meeting.get_kind_display()}会议记录.docx",
                          fallback=f"minutes-{meeting.pk}.docx", filters={"meeting": meeting.pk})


def minutes_period(request):
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
    chosen = list(meetings[:MAX_RECORDS_IN_ONE_FILE + 1])
    if len(chosen) > MAX_RECORDS_IN_ONE_FILE:
        return render(request, "orglife/problem.html", {"title": "记录过多", "lines": [
            f"一个文件最多 {MAX_RECORDS_IN_ONE_FILE} 条记录，请按下级组织或活动类型分别导出。"]}, status=400)
    return _docx_response(request, org, chosen, filename=f"{org.name}_{year}年组织生活记录.docx",
                          fallback=f"minutes-{year}.docx", filters={"org": org.code, "year": year, "kind": kind})
