"""Background jobs of the organization app (run by the huey worker: `manage.py run_huey`)."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from dangjian.core.notify import Event
from dangjian.orgs.models import DeliveryState, GroupRobot, RobotDelivery
from dangjian.orgs.services import send_term_reminders
from dangjian.orgs.services.robot import attempt, give_up, message_text


@db_periodic_task(crontab(hour="7", minute="0"))
def term_reminders():
    """Every morning: 换届 reminders for terms ending soon or already ended."""
    return send_term_reminders(timezone.localdate())


# Five tries over about a quarter of an hour (1, 2, 4 and 8 minutes apart): a robot's host that is down for a few minutes (or a 5xx
# from it) does not lose the message; after the last try the delivery is marked failed and
# stays on the settings page with each attempt's error. The in-app notices were written before
# any of this and are untouched by it.
@db_task(retries=4, retry_delay=60, retry_backoff=2, context=True)
def deliver_to_group(delivery_id: int, task=None):
    delivery = RobotDelivery.objects.select_related("robot").filter(pk=delivery_id).first()
    if delivery is None or delivery.state != DeliveryState.PENDING:
        return None
    if attempt(delivery):
        return True
    if task is None or not task.retries:
        give_up(delivery)
        return False
    raise RuntimeError(f"群机器人发送失败（第 {delivery.attempts.count()} 次），稍后重试")


def queue_for_group(event: Event) -> None:
    """The channel registered with core.notify (OrgsConfig.ready()): an event of an organization
    whose robot is switched on is queued for its group once, whatever number of people it told."""
    robot = GroupRobot.objects.filter(org_id=event.org_id, enabled=True).select_related("org").first()
    if robot is None:
        return
    try:
        with transaction.atomic():
            delivery = RobotDelivery.objects.create(robot=robot, key=event.key[:120],
                                                    text=message_text(robot.org.name, event.group_text))
    except IntegrityError:
        return   # this event was posted to this group already
    transaction.on_commit(lambda: deliver_to_group(delivery.pk))


STUCK_AFTER = datetime.timedelta(hours=1)


@db_periodic_task(crontab(minute="*/30"))
def requeue_stuck_deliveries():
    """A delivery still pending with no try in the last hour lost its task (the worker's queue was
    unreachable when it was queued, or the worker was stopped): queue it again. A live task's
    retries end within a quarter of an hour, so this never runs beside one."""
    cutoff = timezone.now() - STUCK_AFTER
    stuck = list(RobotDelivery.objects.filter(state=DeliveryState.PENDING, created_at__lt=cutoff)
                 .annotate(last_try=Max("attempts__at")).filter(Q(last_try__isnull=True) | Q(last_try__lt=cutoff))
                 .values_list("pk", flat=True)[:500])
    for pk in stuck:
        deliver_to_group(pk)
    return len(stuck)
