"""Background jobs of the members app (run by the huey worker: `manage.py run_huey`)."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from dangjian.members.services import expire_transfers


@db_periodic_task(crontab(hour="6", minute="30"))
def expire_pending_transfers():
    """Every morning: letters past their validity become 已超期, and the secretaries and
    organization committee members of both sides are told (idempotent notifications)."""
    return expire_transfers(timezone.localdate())

# The member import's jobs live in their own module; importing it registers them with the worker.
from dangjian.members import tasks_import  # noqa: E402, F401
