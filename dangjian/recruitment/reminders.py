"""Recruitment reminders, run daily by the huey worker (dangjian.recruitment.tasks), idempotent
by key: for every open file whose next deadline (stored on the file by record_step) is within
7 days or past, the 书记 and the 组织委员 of the file's organization are told once per file, step
and deadline — due soon as a warning, overdue as danger; and for the steps the higher committee
records (备案, 预审, 谈话, 审批), its administrators are told instead.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.urls import reverse

from dangjian.core.models import Notification
from dangjian.core.notify import notify
from dangjian.core.roles import Post
from dangjian.orgs.models import Position
from dangjian.recruitment.models import FileState, RecruitmentFile
from dangjian.recruitment.rules import STEP_BY_CODE, Recorder
from dangjian.recruitment.services import nearest_above

DUE_SOON_DAYS = 7
BRANCH_POSTS = (Post.SECRETARY, Post.ORGANIZATION_MEMBER)


def _holders(today, **filters) -> dict[str, list]:
    """{org path: users holding one of the posts there}."""
    rows = (Position.objects.active_on(today).filter(user__isnull=False, **filters)
            .values_list("org__path", "user_id"))
    users = get_user_model().objects.in_bulk({u for _, u in rows})
    by_path: dict = defaultdict(list)
    for path, user_id in rows:
        by_path[path].append(users[user_id])
    return by_path


def send_due_reminders(today: datetime.date) -> int:
    """Returns how many notifications were new."""
    files = list(RecruitmentFile.objects.filter(state=FileState.OPEN, due_on__isnull=False,
                                                due_on__lte=today + datetime.timedelta(days=DUE_SOON_DAYS))
                 .select_related("org"))
    branch = _holders(today, org__in={f.org_id for f in files}, post__in=BRANCH_POSTS)
    committees = _holders(today, post=Post.COMMITTEE_ADMIN)
    sent = 0
    for file in files:
        step = STEP_BY_CODE[file.next_code]
        if step.recorder == Recorder.COMMITTEE:
            # the nearest committee above the file with an administrator
            above = nearest_above(file.org.path, committees)
            recipients = committees[above] if above else []
        else:
            recipients = branch.get(file.org.path, [])
        overdue = file.due_on < today
        title = (f"{file.name}的发展党员程序已逾期：{step.label}（期限 {file.due_on:%Y-%m-%d}）" if overdue
                 else f"{file.name}：{step.label}须在 {file.due_on:%Y-%m-%d} 前办理")
        body = f"{file.org.name}。逾期的步骤须写明理由后登记。" if overdue else f"{file.org.name}。"
        level = Notification.Level.DANGER if overdue else Notification.Level.WARNING
        url = reverse("recruitment:file", kwargs={"pk": file.pk})
        for user in recipients:
            sent += notify(user, key=f"recruitment:{file.pk}:{file.next_code}:{file.due_on:%Y%m%d}:{int(overdue)}",
                           title=title, body=body, url=url, level=level)
    return sent
