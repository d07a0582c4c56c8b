"""议事决策's lines on the home page's to-do (dangjian.core.todo), from the states of the
transition table and the execution deadlines the list pages and reminders judge by:

- the secretary (convenes): matters 酝酿 is done for, or deferred, waiting for the party
  organization's meeting (AGENDA_FROM, as the meeting form lists them); 三重一大 matters the
  校长办公会 has studied and the secretary and principal must still talk over; decisions passed
  and not yet handed over for execution; decisions of the school whose execution is overdue;
- the principal (proposes, executes): each matter he proposed that is still under way, with
  where it stands, and what of it is his to do;
- whoever owns the execution of a decision: his matters being executed, due soon or overdue;
- a higher committee: overdue decisions of its subtree, per school (the oversight list).
"""

from __future__ import annotations

import datetime

from django.db.models import Count
from django.urls import reverse

from dangjian.core.roles import Action
from dangjian.core.scoping import scope_of
from dangjian.core.todo import DUE_SOON, INFO, OVERDUE, TODO, TodoItem, per_school
from dangjian.decisions import selectors
from dangjian.decisions.models import Matter
from dangjian.decisions.rules import State
from dangjian.decisions.services import AGENDA_FROM
from dangjian.orgs.models import OrgKind
from dangjian.orgs.selectors import school_roots_of

MODULE = "议事决策"
FINISHED = {State.CLOSED, State.REPORTED, State.REJECTED, State.WITHDRAWN}
# what a proposer's matter waits for, in each state still under way, and whose step it is
NEXT_STEP = {
    State.DRAFT: ("提交校长办公会研究", Action.DECISIONS_PROPOSE),
    State.PROPOSED: ("书记与校长酝酿沟通", Action.DECISIONS_PROPOSE),
    State.COMMUNICATED: ("列入党组织会议议程", Action.DECISIONS_CONVENE),
    State.DEFERRED: ("重新列入党组织会议议程", Action.DECISIONS_CONVENE),
    State.ON_AGENDA: ("党组织会议表决", Action.DECISIONS_CONVENE),
    State.PASSED: ("交办执行", Action.DECISIONS_EXECUTE),
    State.EXECUTING: ("执行并报告执行情况", Action.DECISIONS_EXECUTE),
}


def _matter_url(pk: int) -> str:
    return reverse("decisions:matter", args=[pk])


def _list_url(org_id: int, state: str) -> str:
    return f"{reverse('decisions:matters')}?org={org_id}&state={state}"


def decisions_todo(user, org, today: datetime.date) -> list[TodoItem]:
    if org is None:
        return []
    scope = scope_of(user)
    if org.kind == OrgKind.EDUCATION_COMMITTEE:
        return _oversight(user, org, today) if scope.allows(Action.DECISIONS_OVERSEE, org.path) else []
    if not scope.allows(Action.DECISIONS_VIEW, org.path):
        return []
    items = _owned(user, today)
    if scope.allows(Action.DECISIONS_CONVENE, org.path):
        items += _school(user, org, today)
    elif scope.allows(Action.DECISIONS_PROPOSE, org.path):
        items += _proposed(user, org)
    return items


def _school(user, org, today: datetime.date) -> list[TodoItem]:
    matters = selectors.matters_in(user, org)
    counts: dict[str, int] = {}
    for state, major, n in (matters.filter(state__in=[*AGENDA_FROM, State.PROPOSED, State.PASSED])
                            .values_list("state", "is_major").annotate(n=Count("id")).order_by()):
        if state != State.PROPOSED or major:   # a matter that is not 三重一大 needs no 酝酿
            counts[state] = counts.get(state, 0) + n
    items = []
    waiting = sum(counts.get(s, 0) for s in AGENDA_FROM)
    if waiting:
        items.append(TodoItem(title=f"{waiting} 个议题待提交党组织会议研究决定", module=MODULE, level=TODO, count=waiting,
                              url=f"{reverse('decisions:meeting_new')}?org={org.pk}"))
    if counts.get(State.PROPOSED):
        n = counts[State.PROPOSED]
        items.append(TodoItem(title=f"{n} 个“三重一大”议题待书记与校长酝酿沟通", module=MODULE, level=TODO, count=n,
                              url=_list_url(org.pk, State.PROPOSED)))
    if counts.get(State.PASSED):
        n = counts[State.PASSED]
        items.append(TodoItem(title=f"{n} 项会议通过的决定待交办执行", module=MODULE, level=TODO, count=n,
                              url=_list_url(org.pk, State.PASSED)))
    overdue = matters.filter(state=State.EXECUTING, deadline__lt=today).exclude(owner=user)
    n = overdue.count()
    if n:
        items.append(TodoItem(title=f"{n} 项决定执行已逾期，请督促责任人报告执行情况", module=MODULE, level=OVERDUE,
                              count=n, url=f"{reverse('decisions:execution')}?org={org.pk}"))
    return items


def _owned(user, today: datetime.date) -> list[TodoItem]:
    items = []
    for m in (Matter.objects.visible_to(user).filter(owner=user, state=State.EXECUTING)
              .order_by("deadline", "pk")[:20]):
        selectors.mark(m, today)
        level = {"danger": OVERDUE, "warning": DUE_SOON}.get(m.status, TODO)
        items.append(TodoItem(title=f"执行决定：{m.title}（进度 {m.progress}%，{m.status_label}）", module=MODULE,
                              level=level, due=m.deadline, url=_matter_url(m.pk),
                              note=f"责任部门 {m.unit}；完成后报告执行情况并办结"))
    return items


def _proposed(user, org) -> list[TodoItem]:
    """The principal's matters under way: where each stands, his own next steps marked 待办."""
    scope = scope_of(user)
    items = []
    for m in (selectors.matters_in(user, org).filter(proposed_by=user).exclude(state__in=FINISHED)
              .exclude(state=State.EXECUTING, owner=user).order_by("raised_on", "pk")[:20]):
        step, action = NEXT_STEP[m.state]
        if m.state == State.PROPOSED and not m.is_major:   # the 校长办公会's own decision
            step, action = "校长办公会决定并交办执行", Action.DECISIONS_EXECUTE
        mine = scope.allows(action, m.org.path)
        items.append(TodoItem(title=f"议题“{m.title}”：{State(m.state).label}，下一步{step}", module=MODULE,
                              level=TODO if mine else INFO, url=_matter_url(m.pk),
                              note="" if mine else "等待党组织办理"))
    return items


def _oversight(user, org, today: datetime.date) -> list[TodoItem]:
    rows = list(selectors.matters_in(user, org, state=State.EXECUTING).filter(deadline__lt=today)
                .values_list("org__path", flat=True))
    if not rows:
        return []
    schools = per_school([(p, 1) for p in rows], school_roots_of(org),
                         lambda org_id: reverse("decisions:oversight_school", args=[org_id]) + f"?org={org.pk}")
    return [TodoItem(title=f"{len(rows)} 项决定执行已逾期", module=MODULE, level=OVERDUE, count=len(rows),
                     schools=schools, url=f"{reverse('decisions:oversight')}?org={org.pk}")]
