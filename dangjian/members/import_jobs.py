"""The member import as a job on the page: upload → validation → preview → confirmation → commit.

The stored file (random name under MEDIA_ROOT, never served) lives only between the upload and
the end of the job: it is removed when the job is committed, fails, or is abandoned
(`expire_stale_jobs`). Small files are validated and committed while the user waits; larger
ones run as huey jobs (dangjian.members.tasks) and the page polls their progress.

Progress of the validation is written to the job row. The commit runs in one transaction that
nobody else can see into until it ends (that is the point of all-or-nothing), so its progress
goes to a small file beside the upload instead, which the progress partial reads.
"""

from __future__ import annotations

import contextlib
import datetime
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from dangjian.core.errors import RuleViolation
from dangjian.core.uploads import store_upload, upload_root
from dangjian.members import importer
from dangjian.members.models import ImportJob, ImportState

# A validated job waits this long for its confirmation; a job whose worker vanished, this long.
CONFIRM_HOURS = 24
STUCK_HOURS = 6
MSG_EXPIRED = "超过 24 小时未确认，已作废；请重新上传"
MSG_STUCK = "后台任务中断，未写入任何数据；请重新上传"


def _progress_file(job: ImportJob) -> Path:
    return upload_root() / "progress" / f"{job.pk}.txt"


def live_progress(job: ImportJob) -> tuple[int, int]:
    """(done, total) for the progress bar: the commit's file while it runs, else the row."""
    if job.state == ImportState.COMMITTING:
        with contextlib.suppress(OSError, ValueError):
            done, total = _progress_file(job).read_text().split()
            return int(done), int(total)
        return 0, job.created + job.updated
    return job.done, job.total


def _remove_file(job: ImportJob) -> None:
    if job.file_path:
        Path(job.file_path).unlink(missing_ok=True)
    _progress_file(job).unlink(missing_ok=True)
    job.file_path = ""


def _finish(job: ImportJob, state: str, **fields) -> ImportJob:
    if state in (ImportState.FAILED, ImportState.COMMITTED):
        _remove_file(job)
    job.state, job.finished_at = state, timezone.now() if state != ImportState.VALIDATED else None
    for name, value in fields.items():
        setattr(job, name, value)
    job.save()
    return job


def start_job(file, *, user, org) -> ImportJob:
    """Check the upload (RuleViolation if refused: no job, nothing stored), store it, read it.

    Returns the job, already validated when the file is small; otherwise queued for a worker.
    """
    checked = importer.check_file(file)
    job = ImportJob.objects.create(created_by=user, org=org, file_name=(checked.name or "党员信息.xlsx")[:200],
                                   file_path=str(store_upload(checked)))
    try:
        rows = len(importer.read_rows(job.file_path).rows)
    except RuleViolation as violation:
        importer._audit(importer.ImportResult(errors=[importer.file_refusal(violation)]), user=user, within=org,
                        file_name=job.file_name)
        return _finish(job, ImportState.FAILED, errors=[importer.file_refusal(violation)])
    job.total = rows
    job.save(update_fields=["total"])
    if rows <= importer.SYNC_ROWS:
        return validate_job(job)
    from dangjian.members.tasks_import import validate_import

    transaction.on_commit(lambda: validate_import(job.pk))
    return job


def validate_job(job: ImportJob) -> ImportJob:
    """The dry run: counts, every error, a masked sample of what will change."""
    job.state = ImportState.RUNNING
    job.save(update_fields=["state"])

    def progress(done, total):
        ImportJob.objects.filter(pk=job.pk).update(done=done, total=total)

    try:
        result = importer.import_file(job.file_path, user=job.created_by, within=job.org, dry_run=True,
                                      progress=progress)
    except RuleViolation as violation:
        return _finish(job, ImportState.FAILED, errors=[importer.file_refusal(violation)])
    except FileNotFoundError:
        return _finish(job, ImportState.FAILED, errors=[{"row": None, "column": "", "message": MSG_STUCK}])
    fields = {"done": result.total, "total": result.total, "created": result.created, "updated": result.updated,
              "unchanged": result.unchanged, "errors": result.errors, "sample": result.sample()}
    if not result.ok:
        importer._audit(result, user=job.created_by, within=job.org, file_name=job.file_name)
        return _finish(job, ImportState.FAILED, **fields)
    return _finish(job, ImportState.VALIDATED, **fields)


def confirm_job(job: ImportJob, *, user) -> ImportJob:
    """Start the commit once: a second click (or a second tab) finds the job already taken."""
    taken = ImportJob.objects.filter(pk=job.pk, state=ImportState.VALIDATED).update(state=ImportState.COMMITTING)
    job.refresh_from_db()
    if not taken:
        raise RuleViolation(f"该导入当前状态为“{job.get_state_display()}”，不能再次确认", code="conflict")
    if job.total <= importer.SYNC_ROWS:
        return commit_job(job, user=user)
    from dangjian.members.tasks_import import commit_import

    user_id = user.pk
    transaction.on_commit(lambda: commit_import(job.pk, user_id))
    return job


def commit_job(job: ImportJob, *, user) -> ImportJob:
    """Validate again (the database may have changed since the preview) and write, all or nothing."""
    progress_file = _progress_file(job)
    progress_file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)

    def progress(done, total):
        if done % 50 == 0 or done == total:
            progress_file.write_text(f"{done} {total}")

    try:
        result = importer.import_file(job.file_path, user=user, within=job.org, commit_progress=progress,
                                      file_name=job.file_name)
    except RuleViolation as violation:
        return _finish(job, ImportState.FAILED, errors=[importer.file_refusal(violation)])
    except FileNotFoundError:
        return _finish(job, ImportState.FAILED, errors=[{"row": None, "column": "", "message": MSG_STUCK}])
    fields = {"created": result.created, "updated": result.updated, "unchanged": result.unchanged,
              "errors": result.errors}
    return _finish(job, ImportState.COMMITTED if result.committed else ImportState.FAILED, **fields)


def expire_stale_jobs(now: datetime.datetime | None = None) -> int:
    """Remove the files of jobs nobody confirmed, and of jobs whose worker died (whose
    transaction, if it had started, was rolled back with it)."""
    now = now or timezone.now()
    count = 0
    stale = [(ImportState.VALIDATED, CONFIRM_HOURS, MSG_EXPIRED)] + [
        (state, STUCK_HOURS, MSG_STUCK) for state in (ImportState.QUEUED, ImportState.RUNNING, ImportState.COMMITTING)
    ]
    for state, hours, message in stale:
        for job in ImportJob.objects.filter(state=state, created_at__lt=now - datetime.timedelta(hours=hours)):
            _finish(job, ImportState.FAILED, errors=[*job.errors, {"row": None, "column": "", "message": message}])
            count += 1
    return count
