"""Party dues' lines on the home page's to-do (dangjian.core.todo), from the selectors of the
ledger, the collection sheet and the arrears list (the reminders read the same arrears):

- whoever collects dues for an organization (书记, 组织委员; the higher committee for its
  subtree): this month's ledger not yet generated, members billed without a base and members
  left out of the generated ledger (both listed on the ledger page), members not yet paid this month, and members at 3 / 6 months of arrears
  (党章第九条) — a committee sees the arrears per school;
- a member without a post: his own dues this month and any arrears.
"""

from __future__ import annotations

import datetime

from django.urls import reverse

from dangjian.core.roles import Action
from dangjian.core.scoping import scope_of
from dangjian.core.todo import DUE_SOON, OVERDUE, TODO, TodoItem, per_school
from dangjian.dues import rules as R
from dangjian.dues import selectors
from dangjian.dues.models import DuesLine
from dangjian.orgs.models import OrgKind, PartyOrg
from dangjian.orgs.selectors import school_roots_of

MODULE = "党费"
PAY_SOON_DAYS = 10   # the month's dues are "due soon" in its last ten days


def _ledger_url(org_id: int, month: datetime.date) -> str:
    return f"{reverse('dues:ledger')}?org={org_id}&month={month:%Y-%m}"


def _arrears_url(org_id: int) -> str:
    return f"{reverse('dues:arrears')}?org={org_id}"


def dues_todo(user, org, today: datetime.date) -> list[TodoItem]:
    if org is None:
        return _personal(user, today)
    if not scope_of(user).allows(Action.DUES_MANAGE, org.path):
        return []
    month = R.first_of_month(today)
    committee = org.kind == OrgKind.EDUCATION_COMMITTEE
    items = [] if committee else _collection(org, month, today)
    items += _arrears(org, today, committee=committee)
    return items


def _collection(org: PartyOrg, month: datetime.date, today: datetime.date) -> list[TodoItem]:
    url = _ledger_url(org.pk, month)
    if not selectors.orgs_with_ledgers(org, month).exists():
        return [TodoItem(title=f"{month:%Y年%m月}党费台账尚未生成", module=MODULE, level=TODO, url=url,
                         note="生成后按每名党员的缴费基数计算应缴金额")]
    _, total = selectors.collection_sheet(org, month)
    items = []
    # the ledger page's own list (issue: roster 44, ledger 40): received or imported after it was made
    left_out = selectors.left_out_of(org, month)
    if left_out:
        items.append(TodoItem(
            title=f"{len(left_out)} 名党员未列入本月党费台账（台账生成后转入或导入），请核定缴费基数", module=MODULE,
            level=TODO, count=len(left_out), url=f"{url}#left-out", note="核定基数后即补入台账"))
    if total.missing_base:
        items.append(TodoItem(
            title=f"{total.missing_base} 名党员缺少缴费基数，请核定后计入台账", module=MODULE, level=TODO,
            count=total.missing_base, url=f"{url}#missing-base", note="核定缴费基数后，台账即计算其应缴金额"))
    if total.arrears_count > 0:
        last_day = R.last_day(month)
        items.append(TodoItem(
            title=f"本月党费尚有 {total.arrears_count} 人未交（已交 {total.paid_count} / {total.due_count} 人）",
            module=MODULE, level=DUE_SOON if (last_day - today).days < PAY_SOON_DAYS else TODO,
            count=total.arrears_count, due=last_day, url=url))
    return items


def _arrears(org: PartyOrg, today: datetime.date, *, committee: bool) -> list[TodoItem]:
    rows = selectors.arrears(org, today=today, minimum=R.WARNING_MONTHS)
    if not rows:
        return []
    paths = dict(PartyOrg.objects.filter(pk__in={r.org_id for r in rows}).values_list("id", "path")) if committee else {}
    items = []
    for level, title in ((R.ArrearsLevel.LAPSE, f"名党员连续 {R.LAPSE_MONTHS} 个月以上未交纳党费，须提请支部大会讨论"),
                         (R.ArrearsLevel.WARNING, f"名党员连续 {R.WARNING_MONTHS} 个月以上未交纳党费，须批评教育、限期改正")):
        found = [r for r in rows if r.level == level]
        if not found:
            continue
        schools = per_school([(paths[r.org_id], 1) for r in found], school_roots_of(org), _arrears_url) if committee else ()
        items.append(TodoItem(title=f"{len(found)} {title}", module=MODULE, level=OVERDUE, count=len(found),
                              schools=schools, note=str(R.R_ARREARS), url=_arrears_url(org.pk)))
    return items


def _personal(user, today: datetime.date) -> list[TodoItem]:
    member = getattr(user, "member", None)
    if member is None:
        return []
    month = R.first_of_month(today)
    url = reverse("dues:mine")
    items = []
    line = DuesLine.objects.filter(member=member, month=month).first()
    if line is not None and line.amount_due and not line.is_settled:
        last_day = R.last_day(month)
        items.append(TodoItem(title=f"{month:%Y年%m月}党费 {line.amount_due:.2f} 元待交纳", module=MODULE, url=url,
                              level=DUE_SOON if (last_day - today).days < PAY_SOON_DAYS else TODO, due=last_day,
                              note="按月交纳，交给所在党支部的组织委员"))
    found = selectors.arrears(member_ids=[member.pk], today=today)
    if found:
        row = found[0]
        items.append(TodoItem(title=f"已连续 {row.count} 个月未交纳党费，合计 {row.amount:.2f} 元，请尽快补交",
                              module=MODULE, level=OVERDUE, count=row.count, due=row.since, url=url,
                              note=str(R.R_ARREARS)))
    return items
