"""A year's 会议记录 written by the worker: the page with its progress bar (htmx asks for the bar
again every second until it is done) and the download. Only the user who asked for it finds it
(another user's export answers 404, like a missing one); the download checks orglife.view again."""

from __future__ import annotations

from pathlib import Path

from django.http import FileResponse, Http404
from django.shortcuts import render

from dangjian.core.exports import content_disposition
from dangjian.core.pages import require
from dangjian.core.roles import Action
from dangjian.core.scoping import get_visible_or_404
from dangjian.orglife.models import MinutesExport, MinutesExportState

TYPES = {"pdf": "application/pdf",
         "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def _job(request, pk) -> MinutesExport:
    return get_visible_or_404(MinutesExport.objects.filter(requested_by=request.user).select_related("org"), pk=pk)


def export_status(request, pk):
    job = _job(request, pk)
    template = "orglife/_minutes_export_progress.html" if request.htmx else "orglife/minutes_export.html"
    return render(request, template, {"job": job, "org": job.org, "done": job.state == MinutesExportState.DONE,
                                      "failed": job.state == MinutesExportState.FAILED})


def export_file(request, pk):
    job = _job(request, pk)
    require(request, Action.ORGLIFE_VIEW, job.org.path)
    path = Path(job.path) if job.path else None
    if job.state != MinutesExportState.DONE or path is None or not path.is_file():
        raise Http404("文件尚未生成或已过期")
    response = FileResponse(path.open("rb"), content_type=TYPES[job.fmt])
    response["Content-Disposition"] = content_disposition(f"{job.file_name}.{job.fmt}", f"minutes-{job.year}.{job.fmt}")
    response["Cache-Control"] = "no-store"
    return response
