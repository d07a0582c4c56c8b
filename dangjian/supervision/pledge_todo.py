"""责任书 / 承诺书's lines on the home page's to-do (dangjian.core.todo):

- whoever signs (his staff entry carries his account): each letter he has not signed yet;
- a school's party organization (pledge.manage on it, the secretary): how many of its people have
  not signed, naming them, linking to the campaign;
- the committee that opened a campaign: its schools not yet fully signed, counted per school.
"""

from __future__ import annotations

import datetime

from django.db.models import Count
from django.urls import reverse

from dangjian.core.roles import Action
from dangjian.core.scoping import scope_of
from dangjian.core.todo import DUE_SOON, OVERDUE, TODO, TodoItem, per_school
from dangjian.orgs.models import OrgKind
from dangjian.orgs.selectors import school_roots_of
from dangjian.supervision.models import PledgeSignature
from dangjian.supervision.selectors import pledge as S

MODULE = "责任书签订"
NAMED = 8   # the unsigned named on the secretary's line, then "等 N 人"


def pledge_todo(user, org, today: datetime.date) -> list[TodoItem]:
    items = _mine(user, today)
    if org is None or not scope_of(user).allows(Action.PLEDGE_MANAGE, org.path):
        return items
    if org.kind == OrgKind.EDUCATION_COMMITTEE:
        return items + _committee(user, org)
    return items + _school(user, org, today)


def _level(deadline: datetime.date | None, today: datetime.date) -> str:
    if deadline is None:
        return TODO
    return OVERDUE if deadline < today else DUE_SOON if (deadline - today).days <= 7 else TODO


def _mine(user, today: datetime.date) -> list[TodoItem]:
    return [TodoItem(title=f"请签订{s.campaign.year}年度{s.campaign.get_kind_display()}", module=MODULE,
                     level=_level(s.campaign.deadline, today), due=s.campaign.deadline,
                     url=reverse("supervision:pledge_letter", args=[s.pk]), note=s.campaign.org.name)
            for s in S.mine(user).filter(signed_on__isnull=True)[:10]]


def _school(user, org, today: datetime.date) -> list[TodoItem]:
    items = []
    rows = (S.signatures_seen(user).unsigned().filter(school__party_org__path__startswith=org.path)
            .select_related("campaign", "staff").order_by("campaign_id", "staff__name"))
    by_campaign: dict[int, list[PledgeSignature]] = {}
    for row in rows[:500]:
        by_campaign.setdefault(row.campaign_id, []).append(row)
    for unsigned in by_campaign.values():
        campaign = unsigned[0].campaign
        names = "、".join(r.staff.name for r in unsigned[:NAMED]) + (f" 等 {len(unsigned)} 人" if len(unsigned) > NAMED else "")
        items.append(TodoItem(title=f"{len(unsigned)} 人未签订{campaign.year}年度{campaign.get_kind_display()}", module=MODULE,
                              level=_level(campaign.deadline, today), count=len(unsigned), due=campaign.deadline,
                              url=reverse("supervision:pledge", args=[campaign.pk]), note=f"未签订：{names}"))
    return items


def _committee(user, org) -> list[TodoItem]:
    items = []
    for campaign in S.campaigns_seen(user).filter(org=org).order_by("-year")[:5]:
        counts = list(PledgeSignature.objects.filter(campaign=campaign, signed_on__isnull=True).order_by()
                      .values("school__party_org__path", "school__supervisor__path").annotate(n=Count("id")))
        if not counts:
            continue
        paths = [(c["school__party_org__path"] or c["school__supervisor__path"], c["n"]) for c in counts]
        total = sum(n for _, n in paths)
        url = reverse("supervision:pledge", args=[campaign.pk])
        items.append(TodoItem(title=f"{total} 人未签订{campaign.year}年度{campaign.get_kind_display()}", module=MODULE,
                              level=TODO, count=total, due=campaign.deadline, url=url,
                              schools=per_school(paths, school_roots_of(org), lambda i, url=url: url)))
    return items
