"""Background jobs of the dues app (run by the huey worker: `manage.py run_huey`)."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from dangjian.dues.reminders import send_arrears_notices, send_recheck_reminders


@db_periodic_task(crontab(hour="7", minute="15"))
def dues_reminders():
    """Every morning: arrears at 3 and 6 months, and the yearly base re-check (idempotent)."""
    today = timezone.localdate()
    return {"arrears": send_arrears_notices(today), "recheck": send_recheck_reminders(today)}
