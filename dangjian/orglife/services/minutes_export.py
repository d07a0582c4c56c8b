"""A year's 会议记录 written in the background (issue 15): a PDF of a branch's year takes the
worker seconds of layout (bench/minutes.py: ~30 ms of CPU per page, several times that on a busy
server), so from BACKGROUND_FROM records on the page hands it to the worker and shows a progress
bar and the download link when it is ready. The scope was checked when the export was asked for
and is checked again when the file is written and when it is downloaded."""

from __future__ import annotations

import datetime
import io
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from dangjian.core import audit
from dangjian.core.roles import Action
from dangjian.members.services import require
from dangjian.orglife.models import Meeting, MinutesExport, MinutesExportState
from dangjian.orgs.models import PartyOrg

# From how many records a year's document is written by the worker. A PDF: 20 pages lay out in
# about 0.6 s of CPU, a few seconds of wall time on a loaded server — more would leave the user
# staring at a spinner. Word is ~4× cheaper per record (bench/minutes.py) and stays in the
# request up to MAX_RECORDS_IN_ONE_FILE.
BACKGROUND_FROM = {"pdf": 20, "docx": 10_000}
KEEP_FILES = datetime.timedelta(days=1)   # the file is for printing now, not an archive


def export_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "minutes-exports"


def year_records(org: PartyOrg, year: int, kind: str, user):
    """The records a year's document holds, in its order, within the user's orglife.view scope."""
    records = (Meeting.objects.visible_to(user).filter(org__path__startswith=org.path, held_on__year=year)
               .select_related("org", "group", "host", "recorder", "lecturer").order_by("org__path", "held_on", "id"))
    return records.filter(kind=kind) if kind else records


@transaction.atomic
def start_export(org: PartyOrg, *, year: int, kind: str, fmt: str, total: int, file_name: str,
                 acting_user) -> MinutesExport:
    """The export's row, queued: the caller sends it to the worker (dangjian.orglife.tasks, which
    imports this module) when its transaction commits."""
    require(acting_user, Action.ORGLIFE_VIEW, org.path)
    return MinutesExport.objects.create(org=org, year=year, kind=kind, fmt=fmt, total=total, file_name=file_name,
                                        requested_by=acting_user)


def write_export(job: MinutesExport) -> None:
    """The worker's part: lay out the records part by part, saving the progress, then store the
    file under a random name and audit the export as the user who asked for it."""
    from dangjian.orglife.minutes import minutes_docx, minutes_pdf_in_parts

    user = job.requested_by
    MinutesExport.objects.filter(pk=job.pk).update(state=MinutesExportState.RUNNING)
    try:
        meetings = list(year_records(job.org, job.year, job.kind, user))

        def progress(done: int) -> None:
            MinutesExport.objects.filter(pk=job.pk).update(done=done, total=len(meetings))

        if job.fmt == "pdf":
            content = minutes_pdf_in_parts(meetings, on_progress=progress)
        else:
            out = io.BytesIO()
            minutes_docx(out, meetings)
            content = out.getvalue()
            progress(len(meetings))
        directory = export_root()
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = directory / f"{secrets.token_hex(16)}.{job.fmt}"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
    except Exception as exc:
        MinutesExport.objects.filter(pk=job.pk).update(state=MinutesExportState.FAILED, finished_at=timezone.now(),
                                                       error=f"生成失败：{type(exc).__name__}"[:300])
        raise
    with transaction.atomic():
        MinutesExport.objects.filter(pk=job.pk).update(state=MinutesExportState.DONE, path=str(path), done=len(meetings),
                                                       total=len(meetings), finished_at=timezone.now())
        audit.record("orglife.export", org_path=job.org.path, actor=user, changes={
            "kind": "minutes", "rows": len(meetings), "format": job.fmt, "background": True,
            "filters": {"org": job.org.code, "year": job.year, "kind": job.kind}})


def remove_old_exports(now: datetime.datetime | None = None) -> int:
    """Files older than KEEP_FILES are deleted with their rows; returns how many."""
    cutoff = (now or timezone.now()) - KEEP_FILES
    old = list(MinutesExport.objects.filter(created_at__lt=cutoff))
    for job in old:
        if job.path:
            Path(job.path).unlink(missing_ok=True)
    MinutesExport.objects.filter(pk__in=[job.pk for job in old]).delete()
    return len(old)
