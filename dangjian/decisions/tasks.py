"""Background jobs of 议事决策 (run by the huey worker: `manage.py run_huey`)."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from dangjian.decisions.reminders import send_execution_reminders


@db_periodic_task(crontab(hour="7", minute="40"))
def decision_reminders():
    """Every morning: decisions whose execution is due within a week or overdue (idempotent)."""
    return {"execution": send_execution_reminders(timezone.localdate())}
