"""Dues reminders, run daily by the huey worker (dangjian.dues.tasks) and idempotent by key:

- arrears: a member with 3 consecutive unpaid months → the secretary and the 组织委员 of the
  billing organization are told to 批评教育 (warning); at 6 months → told to put it before
  the 支部大会 (党章第九条). One notification per member, level and run of months (the key
  holds the first unpaid month), so a daily run tells each person once.
- base re-check: once a year an organization whose members' bases were last checked 12 or more
  months ago is told how many need re-checking.

The 6-month flag is a notification only: the member timeline (members.EventKind) has no kind
for "flagged for lapse", and 自行脱党 itself is the 支部大会's decision, recorded through the
members service as EventKind.LEFT with LeaveKind.LAPSED.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.contrib.auth import get_user_model

from dangjian.core.models import Notification
from dangjian.core.notify import notify
from dangjian.core.roles import Post
from dangjian.dues import rules as R
from dangjian.dues import selectors
from dangjian.orgs.models import PartyOrg, Position

DUES_POSTS = (Post.SECRETARY, Post.ORGANIZATION_MEMBER)


def _recipients(org_ids, today: datetime.date) -> dict[int, list]:
    """{org id: users holding a secretary or 组织委员 post on it}."""
    holders = (Position.objects.active_on(today).filter(org_id__in=org_ids, post__in=DUES_POSTS, user__isnull=False)
               .values_list("org_id", "user_id"))
    users = get_user_model().objects.in_bulk({user_id for _, user_id in holders})
    result: dict[int, list] = defaultdict(list)
    for org_id, user_id in holders:
        result[org_id].append(users[user_id])
    return result


def send_arrears_notices(today: datetime.date) -> int:
    """Returns how many notifications were new."""
    rows = selectors.arrears(today=today, minimum=R.WARNING_MONTHS)
    recipients = _recipients({row.org_id for row in rows}, today)
    sent = 0
    for row in rows:
        lapse = row.level == R.ArrearsLevel.LAPSE
        title = (f"{row.member_name}已连续 {row.count} 个月未交纳党费，请提请支部大会讨论（党章第九条）" if lapse
                 else f"{row.member_name}已连续 {row.count} 个月未交纳党费，请及时批评教育、限期改正")
        body = f"自{row.since:%Y年%m月}起欠缴，合计 {row.amount:.2f} 元。{R.R_ARREARS}"
        level = Notification.Level.DANGER if lapse else Notification.Level.WARNING
        for user in recipients.get(row.org_id, []):
            sent += notify(user, key=f"dues:arrears:{row.member_id}:{row.since:%Y%m}:{row.level}", title=title,
                           body=body, level=level)
    return sent


def send_recheck_reminders(today: datetime.date) -> int:
    due = selectors.bases_due_for_recheck(today=today)
    recipients = _recipients(set(due), today)
    names = dict(PartyOrg.objects.filter(pk__in=due).values_list("id", "name"))
    sent = 0
    for org_id, count in due.items():
        for user in recipients.get(org_id, []):
            sent += notify(user, key=f"dues:recheck:{org_id}:{today.year}", title=f"{names[org_id]}有 {count} 名党员的党费缴费基数需年度核定",
                           body=str(R.R_BASE_RECHECK), level=Notification.Level.INFO)
    return sent
