"""Execution reminders, run daily by the huey worker (dangjian.decisions.tasks), idempotent by
key: the owner of every decision being executed whose deadline is within a week or past is told
once per matter and deadline (due soon a warning, overdue danger), and for overdue ones the
school's secretary too (who answers for execution to the party organization). A 分解任务 past its
own deadline and not done is told likewise: its owner is known by name only, so the decision's
owner (who answers for its parts) and the secretary are told. Overdue ones also reach the
school's group robot, if it has one (core.notify.announce)."""

from __future__ import annotations

import datetime

from django.urls import reverse

from dangjian.core.models import Notification
from dangjian.core.notify import announce
from dangjian.core.roles import Post
from dangjian.decisions.models import ExecutionTask, Matter
from dangjian.decisions.rules import State
from dangjian.orgs.models import Position

DUE_SOON_DAYS = 7


def send_execution_reminders(today: datetime.date) -> int:
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    matters = (Matter.objects.filter(state=State.EXECUTING, deadline__lte=soon).select_related("owner", "org")
               .order_by("deadline", "pk"))
    tasks = list(ExecutionTask.objects.filter(matter__state=State.EXECUTING, deadline__lt=today, progress__lt=100)
                 .select_related("matter__owner", "matter__org").order_by("deadline", "pk"))
    secretaries = {}
    for org_id, user in Position.objects.active_on(today).filter(post=Post.SECRETARY, user__isnull=False).filter(
            org_id__in={*matters.values_list("org_id", flat=True), *(t.matter.org_id for t in tasks)}
    ).values_list("org_id", "user"):
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
        sent += announce(recipients, key=f"decisions:{kind}:{m.pk}:{m.deadline}", title=title, body=body, url=url,
                         level=level, org=m.org if overdue else None,
                         group_text=f"决定事项已逾期：{m.title}（期限 {m.deadline:%Y-%m-%d}，责任部门 {m.unit}）")
    for t in tasks:
        recipients = [t.matter.owner] if t.matter.owner_id else []
        if t.matter.org_id in secretaries:
            recipients.append(users[secretaries[t.matter.org_id]])
        title = f"分解任务已逾期：{t.title}（{t.matter.title}）"
        sent += announce(recipients, key=f"decisions:task_overdue:{t.pk}:{t.deadline}", title=title,
                         body=f"责任部门 {t.unit}，责任人 {t.owner_name}，期限 {t.deadline:%Y-%m-%d}，当前进度 {t.progress}%。",
                         url=reverse("decisions:matter", args=[t.matter_id]), level=Notification.Level.DANGER,
                         org=t.matter.org, group_text=f"{title}，期限 {t.deadline:%Y-%m-%d}，责任部门 {t.unit}")
    return sent
