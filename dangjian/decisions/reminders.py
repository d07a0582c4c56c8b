"""Execution reminders, run daily by the huey worker (dangjian.decisions.tasks), idempotent by
key: the owner of every decision being executed whose deadline is within a week or past is told
once per matter and deadline (due soon a warning, overdue danger), and for overdue ones the
school's secretary too (who answers for execution to the party organization)."""

from __future__ import annotations

import datetime

from django.urls import reverse

from dangjian.core.models import Notification
from dangjian.core.notify import notify
from dangjian.core.roles import Post
from dangjian.decisions.models import Matter
from dangjian.decisions.rules import State
from dangjian.orgs.models import Position

DUE_SOON_DAYS = 7


def send_execution_reminders(today: datetime.date) -> int:
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    matters = (Matter.objects.filter(state=State.EXECUTING, deadline__lte=soon).select_related("owner")
               .order_by("deadline", "pk"))
    secretaries = {}
    for org_id, user in Position.objects.active_on(today).filter(post=Post.SECRETARY, user__isnull=False).filter(
            org_id__in=matters.values("org_id")).select_related("user").values_list("org_id", "user"):
        secretaries.setdefault(org_id, user)
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.in_bulk(set(secretaries.values()))
    sent = 0
    for m in matters:
        overdue = m.deadline < today
        title = (f"决定事项已逾期：{m.title}" if overdue else f"决定事项将于 {m.deadline:%Y-%m-%d} 到期：{m.title}")
        body = f"责任部门 {m.unit}，责任人 {m.owner_name}，当前进度 {m.progress}%。请报告执行情况。"
        level = Notification.Level.DANGER if overdue else Notification.Level.WARNING
        url = reverse("decisions:matter", args=[m.pk])
        kind = "overdue" if overdue else "soon"
        recipients = [m.owner] if m.owner_id else []
        if overdue and m.org_id in secretaries:
            recipients.append(users[secretaries[m.org_id]])
        for user in {u.pk: u for u in recipients}.values():
            sent += notify(user, key=f"decisions:{kind}:{m.pk}:{m.deadline}", title=title, body=body, url=url,
                           level=level)
    return sent
