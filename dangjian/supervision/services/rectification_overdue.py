"""整改台账: overdue items and their escalation, and the stricter escalation a higher committee
may set for its subtree.

An item still being worked on after its deadline is overdue from the next day: its owner (with an
account) and the school's secretary are told once per deadline. After the escalation days
(`rules.rectification.ESCALATE_AFTER_DAYS`, or fewer where a higher committee set fewer with its
document) it goes to the level above: the item is marked 逾期上报 on its timeline, the approvers
of its level are told, and it stands in their to-do list until it is closed. Run daily by the huey
worker (dangjian.supervision.tasks); idempotent — a second run the same day changes nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from dangjian.core import audit
from dangjian.core.errors import RuleViolation
from dangjian.core.models import Notification
from dangjian.core.notify import announce
from dangjian.core.roles import Action, Post
from dangjian.core.scoping import scope_of
from dangjian.orgs.models import PartyOrg, Position
from dangjian.supervision.models import EscalationSetting, ItemEvent, RectificationItem
from dangjian.supervision.rules import rectification as R
from dangjian.supervision.services.rectification import ancestor_paths, approval_level, parse_date

KEEPER_POSTS = (Post.SECRETARY,)


def school_keepers(org_id: int, today: datetime.date | None = None) -> list:
    """The secretaries of the organization (who answer for its rectification)."""
    today = today or timezone.localdate()
    ids = (Position.objects.active_on(today).filter(org_id=org_id, post__in=KEEPER_POSTS, user__isnull=False)
           .values_list("user_id", flat=True))
    return list(get_user_model().objects.filter(pk__in=list(ids), is_active=True))


def approvers_of(item: RectificationItem, today: datetime.date) -> list:
    """The committee admins on the item's approval level (they decide its 销号)."""
    level = approval_level(item.org, item.batch.issuer)
    ids = (Position.objects.active_on(today).filter(org__path=level.path, post=Post.COMMITTEE_ADMIN, user__isnull=False)
           .values_list("user_id", flat=True))
    return list(get_user_model().objects.filter(pk__in=list(ids), is_active=True))


# --- the escalation days in force ---------------------------------------------------------------

def settings_by_path(paths: set[str], today: datetime.date) -> dict[str, EscalationSetting]:
    """The newest setting in force on `today` of each organization among `paths`."""
    found: dict[str, EscalationSetting] = {}
    for s in (EscalationSetting.objects.filter(org__path__in=paths, effective_on__lte=today).select_related("org")
              .order_by("org__path", "-effective_on")):
        found.setdefault(s.org.path, s)
    return found


def escalation_days(org_path: str, today: datetime.date, table: dict[str, EscalationSetting] | None = None
                    ) -> tuple[int, str]:
    """(days, citation) for an organization: the strictest (fewest days) setting above it, else
    the system's convention."""
    if table is None:
        table = settings_by_path(set(ancestor_paths(org_path)), today)
    days, citation = R.ESCALATE_AFTER_DAYS, str(R.R_ESCALATE)
    for path in ancestor_paths(org_path):
        s = table.get(path)
        if s is not None and s.days < days:
            days, citation = s.days, f"{s.org.name}：{s.citation}"
    return days, citation


@transaction.atomic
def set_escalation(org: PartyOrg, *, days, citation: str, effective_on, acting_user=None,
                   today: datetime.date | None = None) -> EscalationSetting:
    """A higher committee sets fewer escalation days for its subtree, naming its document."""
    today = today or timezone.localdate()
    if acting_user is not None and not scope_of(acting_user).allows(Action.RECTIFICATION_ISSUE, org.path):
        raise PermissionDenied("只有上级党组织可以设定逾期上报天数")
    try:
        days = int(str(days).strip())
    except ValueError:
        raise RuleViolation("逾期上报天数须为整数", rule=R.R_ESCALATE_SETTING, field="days") from None
    citation = (citation or "").strip()
    if not citation:
        raise RuleViolation("请写明依据文件（本地规定的名称和文号）", rule=R.R_ESCALATE_SETTING, field="citation")
    effective_on = parse_date(effective_on, "effective_on")
    above, above_citation = escalation_days(org.path, effective_on)
    if not 1 <= days <= above:
        raise RuleViolation(f"逾期上报天数须在 1 到 {above} 天之间（现行：{above_citation}），地方规定只能更严",
                            rule=R.R_ESCALATE_SETTING, field="days")
    setting, created = EscalationSetting.objects.update_or_create(
        org=org, effective_on=effective_on, defaults={"days": days, "citation": citation[:300], "set_by": acting_user})
    audit.record("rectification.escalation_set", target=setting, actor=acting_user,
                 changes={"days": days, "citation": citation[:300], "effective_on": effective_on.isoformat()})
    return setting


# --- the daily run -------------------------------------------------------------------------------

@dataclass
class OverdueRun:
    overdue: int = 0
    reminded: int = 0
    escalated: int = 0


def send_overdue_reminders(today: datetime.date) -> OverdueRun:
    """Remind the owners and secretaries of overdue items; escalate those past the days in force."""
    run = OverdueRun()
    items = list(RectificationItem.objects.filter(state__in=R.WORKING_STATES, deadline__lt=today)
                 .select_related("org", "owner", "batch", "batch__issuer").order_by("deadline", "pk"))
    run.overdue = len(items)
    paths = {p for i in items for p in ancestor_paths(i.org.path)}
    table = settings_by_path(paths, today)
    keepers: dict[int, list] = {}
    for item in items:
        late = (today - item.deadline).days
        url = reverse("supervision:item", args=[item.pk])
        title = f"整改事项已逾期 {late} 天：{item.problem[:40]}"
        if item.org_id not in keepers:
            keepers[item.org_id] = school_keepers(item.org_id, today)
        run.reminded += announce([item.owner, *keepers[item.org_id]], key=f"rectification:overdue:{item.pk}:{item.deadline}",
                                 title=title, url=url, level=Notification.Level.DANGER, org=item.org,
                                 body=f"{item.batch.title}，整改期限 {item.deadline:%Y-%m-%d}，责任人 {item.owner_name}。",
                                 group_text=f"{title}（整改期限 {item.deadline:%Y-%m-%d}）")
        days, citation = escalation_days(item.org.path, today, table)
        if late >= days and item.escalated_on is None:
            run.escalated += escalate(item, today=today, days=days, citation=citation)
    return run


def escalate(item: RectificationItem, *, today: datetime.date, days: int, citation: str) -> int:
    """Mark the item 逾期上报 (once) and tell the approvers of its level. Returns 1 if it was new."""
    with transaction.atomic():
        locked = RectificationItem.objects.select_for_update(of=("self",)).get(pk=item.pk)
        if locked.escalated_on is not None or locked.state not in R.WORKING_STATES:
            return 0
        RectificationItem.objects.filter(pk=item.pk).update(escalated_on=today)
        item.escalated_on = today
        ItemEvent.objects.create(item=item, kind=R.EventKind.ESCALATED, occurred_on=today, actor_name="系统",
                                 text=f"逾期 {(today - item.deadline).days} 天（满 {days} 天上报；依据：{citation}），已提醒上级党组织督办")
        audit.record("rectification.escalate", target=item, changes={"days_overdue": (today - item.deadline).days,
                                                                     "escalate_after": days})
    url = reverse("supervision:item", args=[item.pk])
    level = approval_level(item.org, item.batch.issuer)
    body = f"{item.problem[:60]}（整改期限 {item.deadline:%Y-%m-%d}）"
    announce(approvers_of(item, today), key=f"rectification:escalated:{item.pk}", title=f"{item.org.name}整改事项逾期未完成",
             body=body, url=url, level=Notification.Level.DANGER, org=level,
             group_text=f"{item.org.name}整改事项逾期未完成，已上报督办：{body}")
    return 1

