"""Background jobs of the member import, run by the huey worker (`manage.py run_huey`).

The worker discovers them through dangjian.members.tasks, which imports this module."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from dangjian.accounts.models import User
from dangjian.members import import_steps
from dangjian.members.models import ImportJob, ImportState


@db_task()
def validate_import(job_id: int):
    job = ImportJob.objects.filter(pk=job_id, state=ImportState.QUEUED).select_related("org", "created_by").first()
    if job is not None:  # a job already taken (or expired) is left alone
        import_steps.validate_job(job)


@db_task()
def commit_import(job_id: int, user_id: int):
    job = ImportJob.objects.filter(pk=job_id, state=ImportState.COMMITTING).select_related("org").first()
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if job is not None and user is not None:
        import_steps.commit_job(job, user=user)


@db_periodic_task(crontab(minute="17"))
def expire_import_jobs():
    """Hourly: files of imports nobody confirmed within a day, or whose worker died, are removed."""
    return import_steps.expire_stale_jobs()
