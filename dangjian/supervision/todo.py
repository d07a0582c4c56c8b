"""整改台账's lines on the home page's to-do (dangjian.core.todo), from the ledger's to-do
selectors (the rectification pages and reminders read the same):

- whoever is 责任人 or 责任领导 of an item (with or without a post): his items not yet closed,
  overdue or due within DUE_SOON_DAYS, each linking to the item where progress is reported;
- a school organization that keeps the ledger: its overdue items and the 销号 requests the
  higher level returned;
- a higher committee: the 销号 requests it decides, and the overdue items per school.
"""

from __future__ import annotations

import datetime

from django.urls import reverse

from dangjian.core.roles import Action
from dangjian.core.scoping import scope_of
from dangjian.core.todo import DUE_SOON, OVERDUE, TODO, TodoItem, per_school
from dangjian.orgs.models import OrgKind
from dangjian.orgs.selectors import school_roots_of
from dangjian.supervision.models import RectificationItem
from dangjian.supervision.rules import rectification as R
from dangjian.supervision.selectors import rectification as S

MODULE = "整改台账"
DUE_SOON_DAYS = 14
SHOWN = 10   # one's own items line by line, up to this many; the rest through the list


def _ledger_url(org_id: int, state: str) -> str:
    return f"{reverse('supervision:ledger')}?org={org_id}&state={state}"


def rectification_todo(user, org, today: datetime.date) -> list[TodoItem]:
    items = _mine(user, today)
    if org is None:
        return items
    scope = scope_of(user)
    if org.kind == OrgKind.EDUCATION_COMMITTEE:
        if scope.allows(Action.RECTIFICATION_ISSUE, org.path):
            items += _committee(user, org, today)
    elif scope.allows(Action.RECTIFICATION_MANAGE, org.path):
        items += _school(user, org, today)
    return items


def _mine(user, today: datetime.date) -> list[TodoItem]:
    items = []
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    for item in S.mine(user).filter(state__in=R.WORKING_STATES, deadline__lte=soon)[:SHOWN]:
        S.mark(item, today)
        items.append(TodoItem(title=f"整改：{item.problem[:40]}（{item.status_label}）", module=MODULE,
                              level=OVERDUE if item.overdue else DUE_SOON, due=item.deadline,
                              url=reverse("supervision:item", args=[item.pk]), note=item.org.name))
    return items


def _school(user, org, today: datetime.date) -> list[TodoItem]:
    items = []
    overdue = S.overdue_in(user, org, today).exclude(owner=user).count()
    if overdue:
        items.append(TodoItem(title=f"{overdue} 项整改任务已逾期", module=MODULE, level=OVERDUE, count=overdue,
                              url=_ledger_url(org.pk, "overdue")))
    returned = S.returned_in(user, org).count()
    if returned:
        items.append(TodoItem(title=f"{returned} 项销号申请被退回，须继续整改", module=MODULE, level=TODO, count=returned,
                              url=_ledger_url(org.pk, R.ItemState.RETURNED)))
    return items


def _committee(user, org, today: datetime.date) -> list[TodoItem]:
    items = []
    waiting = S.awaiting_decision(user, org).count()
    if waiting:
        items.append(TodoItem(title=f"{waiting} 项整改任务申请销号，待审核", module=MODULE, level=TODO, count=waiting,
                              url=reverse("supervision:todo")))
    paths = list(RectificationItem.objects.visible_to(user).filter(
        org__path__startswith=org.path, state__in=R.WORKING_STATES, deadline__lt=today).values_list("org__path", flat=True))
    if paths:
        items.append(TodoItem(
            title=f"{len(paths)} 项整改任务已逾期", module=MODULE, level=OVERDUE, count=len(paths),
            schools=per_school([(p, 1) for p in paths], school_roots_of(org), lambda i: _ledger_url(i, "overdue")),
            url=_ledger_url(org.pk, "overdue")))
    return items


# --- 廉政风险台账 ------------------------------------------------------------------------------

def integrity_risk_todo(user, org, today: datetime.date) -> list[TodoItem]:
    """The school that keeps a ledger (risk.manage): its risk points past their review date, and
    those due within the month's notice (R_REVIEW_YEARLY), each line linking to the due list."""
    from dangjian.supervision.rules.integrity_risk import REVIEW_WITHIN_DAYS
    from dangjian.supervision.selectors import integrity_risk as risks

    if org is None or org.kind == OrgKind.EDUCATION_COMMITTEE or not scope_of(user).allows(Action.RISK_MANAGE, org.path):
        return []
    due = risks.due_count(user, org, today)
    url = f"{reverse('supervision:integrity_risks')}?org={org.pk}&show=due"
    items = []
    if due["overdue"]:
        items.append(TodoItem(title=f"{due['overdue']} 个廉政风险点已过复核日期，须年度复核", module="廉政风险台账",
                              level=OVERDUE, count=due["overdue"], url=url))
    if due["soon"]:
        items.append(TodoItem(title=f"{due['soon']} 个廉政风险点将于 {REVIEW_WITHIN_DAYS} 天内到期复核", module="廉政风险台账",
                              level=DUE_SOON, count=due["soon"], url=url))
    return items
