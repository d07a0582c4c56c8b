"""Background jobs of the organization app (run by the huey worker: `manage.py run_huey`)."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from dangjian.orgs.services import send_term_reminders


@db_periodic_task(crontab(hour="7", minute="0"))
def term_reminders():
    """Every morning: 换届 reminders for terms ending soon or already ended."""
    return send_term_reminders(timezone.localdate())
