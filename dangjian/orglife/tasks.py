"""Background jobs of organizational life (run by the huey worker: `manage.py run_huey`)."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from dangjian.orglife.reminders import send_due_reminders, send_lapse_notices, send_tomorrow_reminders


@db_periodic_task(crontab(hour="7", minute="30"))
def orglife_reminders():
    """Every morning: activities due this month and not yet held, last period's gaps, members
    long absent without reason, and tomorrow's planned activities (idempotent: each
    notification once)."""
    today = timezone.localdate()
    return {"due": send_due_reminders(today), "lapse": send_lapse_notices(today),
            "tomorrow": send_tomorrow_reminders(today)}
