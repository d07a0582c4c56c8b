"""Background jobs of recruitment (run by the huey worker: `manage.py run_huey`)."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from dangjian.recruitment.reminders import send_due_reminders


@db_periodic_task(crontab(hour="7", minute="30"))
def recruitment_reminders():
    """Every morning: the files whose next step is due within a week or overdue (idempotent)."""
    return {"due": send_due_reminders(timezone.localdate())}
