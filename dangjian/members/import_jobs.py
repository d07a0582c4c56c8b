"""The member import as a job on the page: upload → validation → preview → confirmation → commit.

The stored file (random name under MEDIA_ROOT, never served) lives only between the upload and
the end of the job: it is removed when the job is committed, fails, or is abandoned
(`expire_stale_jobs`). Small files are validated and committed while the user waits; larger
ones run as huey jobs (dangjian.members.tasks_import) and the page polls their progress. The
steps themselves (validate, commit, expire, progress) are in dangjian.members.import_steps,
which the worker's tasks import too.

Progress of the validation is written to the job row. The commit runs in one transaction that
nobody else can see into until it ends (that is the point of all-or-nothing), so its progress
goes to a small file beside the upload instead, which the progress partial reads.
"""

from __future__ import annotations

from django.db import transaction

from dangjian.core.errors import RuleViolation
from dangjian.core.uploads import store_upload
from dangjian.members import importer
from dangjian.members.import_steps import (
    commit_job,
    expire_stale_jobs,
    finish_job,
    job_errors,
    job_warnings,
    live_progress,
    validate_job,
)
from dangjian.members.models import ImportJob, ImportState
from dangjian.members.tasks_import import commit_import, validate_import

# The pages and the tests reach the whole import through this module.
__all__ = ["commit_job", "confirm_job", "expire_stale_jobs", "job_errors", "job_warnings", "live_progress", "start_job",
           "validate_job"]


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
        return finish_job(job, ImportState.FAILED, errors=[importer.file_refusal(violation)])
    job.total = rows
    job.save(update_fields=["total"])
    if rows <= importer.SYNC_ROWS:
        return validate_job(job)
    transaction.on_commit(lambda: validate_import(job.pk))
    return job


def confirm_job(job: ImportJob, *, user) -> ImportJob:
    """Start the commit once: a second click (or a second tab) finds the job already taken."""
    taken = ImportJob.objects.filter(pk=job.pk, state=ImportState.VALIDATED).update(state=ImportState.COMMITTING)
    job.refresh_from_db()
    if not taken:
        raise RuleViolation(f"该导入当前状态为“{job.get_state_display()}”，不能再次确认", code="conflict")
    if job.total <= importer.SYNC_ROWS:
        return commit_job(job, user=user)
    user_id = user.pk
    transaction.on_commit(lambda: commit_import(job.pk, user_id))
    return job
