"""党建工作联系点 and 巡回督导 on the home page's to-do (dangjian.core.todo):

- a liaison: each of his liaison schools not yet visited in the current half year (R_VISITS:
  每半年调研指导), linked to the school's record where the visit is recorded;
- a committee's administrator (liaison.manage on the committee): how many of its assignments
  have no visit yet this half year, and per open 巡回督导 round the schools not yet inspected.
"""

from __future__ import annotations

import datetime

from django.urls import reverse

from dangjian.core.roles import Action
from dangjian.core.scoping import scope_of
from dangjian.core.todo import DUE_SOON, TODO, TodoItem
from dangjian.orgs.models import OrgKind
from dangjian.supervision.models import LiaisonAssignment
from dangjian.supervision.rules import liaison as R
from dangjian.supervision.selectors import liaison as S

MODULE = "联系点与督导"
SHOWN = 10


def liaison_todo(user, org, today: datetime.date) -> list[TodoItem]:
    _, half_end = R.half_of(today)
    label = R.half_label(today)
    items = []
    mine = S.due_assignments(LiaisonAssignment.objects.filter(liaison=user).select_related("school"), today)
    for row in mine[:SHOWN]:
        a = row.assignment
        state = f"已走访 {row.done} 次，应走访 {row.expected} 次" if row.this_half else f"{label}尚未走访"
        items.append(TodoItem(title=f"联系点走访：{a.school.name}（{state}）", module=MODULE, level=DUE_SOON,
                              due=row.planned or half_end, url=reverse("supervision:liaison_school", args=[a.school_id]),
                              note=R.R_VISITS.citation))
    if org is None or org.kind != OrgKind.EDUCATION_COMMITTEE:
        return items
    if not scope_of(user).allows(Action.LIAISON_MANAGE, org.path):
        return items
    due = S.due_assignments(LiaisonAssignment.objects.visible_to(user).filter(committee__path__startswith=org.path)
                            .exclude(liaison=user).select_related("school"), today)
    if due:
        items.append(TodoItem(title=f"{len(due)} 个党建工作联系点{label}尚未走访", module=MODULE, level=DUE_SOON,
                              count=len(due), due=half_end, url=reverse("supervision:liaison")))
    pending: dict[int, tuple[str, int]] = {}
    for result in S.pending_results(user, org.path):
        title, n = pending.get(result.round_id, (result.round.title, 0))
        pending[result.round_id] = (title, n + 1)
    for round_id, (title, n) in pending.items():
        items.append(TodoItem(title=f"巡回督导“{title}”：{n} 所学校尚未督导", module=MODULE, level=TODO, count=n,
                              url=reverse("supervision:inspection_round", args=[round_id])))
    return items
