"""Background jobs of organizational life (run by the huey worker: `manage.py run_huey`)."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from dangjian.orglife.reminders import send_due_reminders, send_lapse_notices, send_tomorrow_reminders
from dangjian.orglife.summaries import REFRESH_MINUTES, refresh


@db_periodic_task(crontab(hour="7", minute="30"))
def orglife_reminders():
    """Every morning: activities due this month and not yet held, last period's gaps, members
    long absent without reason, and tomorrow's planned activities (idempotent: each
    notification once)."""
    today = timezone.localdate()
    return {"due": send_due_reminders(today), "lapse": send_lapse_notices(today),
            "tomorrow": send_tomorrow_reminders(today)}


@db_periodic_task(crontab(minute=f"*/{REFRESH_MINUTES}"))
def refresh_compliance_summary():
    """Every few minutes (and so just after midnight, when periods end and verdicts change): the
    compliance summary of the periods people open most, for the whole tree (orglife.summaries)."""
    return refresh()


@db_task()
def write_minutes_export(job_id: int):
    """A year's 会议记录 asked for on the page (dangjian.orglife.services.minutes_export)."""
    from dangjian.orglife.models import MinutesExport, MinutesExportState
    from dangjian.orglife.services.minutes_export import write_export

    job = (MinutesExport.objects.filter(pk=job_id, state=MinutesExportState.QUEUED)
           .select_related("org", "requested_by").first())
    if job is not None:  # a job already taken is left alone
        write_export(job)


@db_periodic_task(crontab(minute="41"))
def remove_old_minutes_exports():
    """Hourly: the files of year documents older than a day are removed."""
    from dangjian.orglife.services.minutes_export import remove_old_exports

    return remove_old_exports()
