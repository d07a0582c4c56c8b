"""Background jobs of supervision (run by the huey worker: `manage.py run_huey`)."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from dangjian.supervision.services.disclosure import archive_expired
from dangjian.supervision.services.rectification_overdue import send_overdue_reminders


@db_periodic_task(crontab(hour="7", minute="50"))
def rectification_reminders():
    """Every morning: overdue 整改 items to their owners and secretaries, and past the escalation
    days to the level above (idempotent); 党务公开 items whose period ended are archived."""
    run = send_overdue_reminders(timezone.localdate())
    return {"overdue": run.overdue, "reminded": run.reminded, "escalated": run.escalated,
            "archived": archive_expired(timezone.localdate())}
