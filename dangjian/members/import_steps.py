"""The steps of a member import job that run either while the user waits (a small file) or
in the huey worker (dangjian.members.tasks_import): validation, commit, expiry, progress.

Kept apart from dangjian.members.import_jobs (which starts jobs and hands large ones to the
worker) so that the worker's tasks and the job starter do not import each other.

The stored file (random name under MEDIA_ROOT, never served) lives only between the upload and
the end of the job: it is removed when the job is committed, fails, or is abandoned
(`expire_stale_jobs`).

Progress of the validation is written to the job row. The commit runs in one transaction that
nobody else can see into until it ends (that is the point of all-or-nothing), so its progress
goes to a small file beside the upload instead, which the progress partial reads.

A job's warnings (rows imported all the same, to be checked: importer.ImportResult.warnings)
are kept in its `errors` list marked {"level": "warning"}, so that they need no column of their
own; `job_errors` and `job_warnings` read them apart.
"""

from __future__ import annotations

import contextlib
import datetime
from pathlib import Path

from django.utils import timezone

from dangjian.core.errors import RuleViolation
from dangjian.core.uploads import upload_root
from dangjian.members import importer
from dangjian.members.models import ImportJob, ImportState

# A validated job waits this long for its confirmation; a job whose worker vanished, this long.
CONFIRM_HOURS = 24
STUCK_HOURS = 6
MSG_EXPIRED = "超过 24 小时未确认，已作废；请重新上传"
MSG_STUCK = "后台任务中断，未写入任何数据；请重新上传"
WARNING = "warning"


def _problems(result: importer.ImportResult) -> list[dict]:
    """What the job keeps of a result's errors and warnings (see the module's docstring)."""
    return [*result.errors, *({**w, "level": WARNING} for w in result.warnings)]


def job_errors(job: ImportJob) -> list[dict]:
    return [e for e in job.errors if e.get("level") != WARNING]


def job_warnings(job: ImportJob) -> list[dict]:
    return [e for e in job.errors if e.get("level") == WARNING]


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


def finish_job(job: ImportJob, state: str, **fields) -> ImportJob:
    if state in (ImportState.FAILED, ImportState.COMMITTED):
        _remove_file(job)
    job.state, job.finished_at = state, timezone.now() if state != ImportState.VALIDATED else None
    for name, value in fields.items():
        setattr(job, name, value)
    job.save()
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
        return finish_job(job, ImportState.FAILED, errors=[importer.file_refusal(violation)])
    except FileNotFoundError:
        return finish_job(job, ImportState.FAILED, errors=[{"row": None, "column": "", "message": MSG_STUCK}])
    fields = {"done": result.total, "total": result.total, "created": result.created, "updated": result.updated,
              "unchanged": result.unchanged, "errors": _problems(result), "sample": result.sample()}
    if not result.ok:
        importer._audit(result, user=job.created_by, within=job.org, file_name=job.file_name)
        return finish_job(job, ImportState.FAILED, **fields)
    return finish_job(job, ImportState.VALIDATED, **fields)


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
        return finish_job(job, ImportState.FAILED, errors=[importer.file_refusal(violation)])
    except FileNotFoundError:
        return finish_job(job, ImportState.FAILED, errors=[{"row": None, "column": "", "message": MSG_STUCK}])
    fields = {"created": result.created, "updated": result.updated, "unchanged": result.unchanged,
              "errors": _problems(result)}
    return finish_job(job, ImportState.COMMITTED if result.committed else ImportState.FAILED, **fields)


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
            finish_job(job, ImportState.FAILED, errors=[*job.errors, {"row": None, "column": "", "message": message}])
            count += 1
    return count
