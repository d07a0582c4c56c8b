"""Terms (换届)'s lines on the home page's to-do (dangjian.core.todo), judged by
orgs.rules.term_status like the organization pages, the dashboard and the 换届 reminders:

- a school organization (whoever maintains it): its own term, and those of the organizations
  under it, ended (已逾期) or ending within the warning window (即将到期) — a line each, linking
  to the organization, where the new term is recorded;
- a higher committee: the school organizations of its subtree in either state, per school,
  linking to the findings list.
The source is registered by the members app, whose home page shows it."""

from __future__ import annotations

import datetime

from django.urls import reverse

from dangjian.core.roles import Action
from dangjian.core.scoping import scope_of
from dangjian.core.todo import DUE_SOON, OVERDUE, TodoItem, per_school
from dangjian.orgs.models import OrgKind
from dangjian.orgs.rules import R_TERM, term_status
from dangjian.orgs.selectors import school_orgs_within, school_roots_of

MODULE = "组织建设"


def terms_todo(user, org, today: datetime.date) -> list[TodoItem]:
    if org is None or not scope_of(user).allows(Action.ORG_EDIT, org.path):
        return []
    orgs = school_orgs_within(org)
    marked = [(o, term_status(o.kind, o.term_end, today)) for o in orgs]
    ended = [o for o, s in marked if s.state == "danger"]
    ending = [o for o, s in marked if s.state == "warning"]
    if org.kind == OrgKind.EDUCATION_COMMITTEE:
        roots = school_roots_of(org)
        url = f"{reverse('orgs:findings')}?within={org.pk}"
        return [TodoItem(title=f"{len(group)} 个学校党组织{words}", module=MODULE, level=level, count=len(group),
                         schools=per_school([(o.path, 1) for o in group], roots,
                                            lambda i: reverse("orgs:detail", args=[i])),
                         url=url, note=str(R_TERM))
                for level, group, words in ((OVERDUE, ended, "任期已届满未换届"), (DUE_SOON, ending, "任期即将届满"))
                if group]
    return [TodoItem(title=f"{o.name}任期{'已于' if level == OVERDUE else '将于'} {o.term_end:%Y年%m月%d日} 届满，"
                     f"{'应尽快' if level == OVERDUE else '请准备'}换届", module=MODULE, level=level, due=o.term_end,
                     url=reverse("orgs:detail", args=[o.pk]), note=str(R_TERM))
            for level, group in ((OVERDUE, ended), (DUE_SOON, ending)) for o in group]
