"""Organizational-life reminders, run daily by the huey worker (dangjian.orglife.tasks) and
idempotent by key (dangjian.core.notify): a daily run tells each person each thing once.

- due: in the last REMIND_DAYS days of a month, an activity whose period ends this month and
  has not been held yet (compliance status "pending") → the organization's secretary,
  deputy, 组织委员 and 宣传委员 are told what is due, with the rule.
- missing: on the first days after a period ended, an activity missing or not quorate in it
  → the same people, as overdue (补开 is still possible, recorded as such).
- lapse: a member with 3 / 6 consecutive months absent without reason (党章 第九条) → told
  once per member, level and starting month.
- tomorrow: an activity of the 年度计划 planned for tomorrow and not yet held in its period →
  the same people, and the members expected at it who have an account (the committee for a
  支委会 / 民主生活会), once per plan item and date (a moved date is told again).

Whole tree in two compliance folds (a fixed number of queries), not one per organization."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.contrib.auth import get_user_model

from dangjian.core.models import Notification
from dangjian.core.notify import announce, notify
from dangjian.core.roles import COMMITTEE_POSTS, Post
from dangjian.orglife import compliance as C
from dangjian.orglife import rules as R
from dangjian.orglife.models import Attendance, Meeting, PlanItem
from dangjian.orglife.participation import participation
from dangjian.orgs.models import PartyOrg, Position

UNIT_WORDS = {R.Frequency.MONTHLY: "月", R.Frequency.QUARTERLY: "季度", R.Frequency.YEARLY: "年"}
REMIND_DAYS = 10  # "what is due this month" starts ten days before the month ends
ORGLIFE_POSTS = (Post.SECRETARY, Post.DEPUTY_SECRETARY, Post.ORGANIZATION_MEMBER, Post.PUBLICITY_MEMBER)


def _recipients(org_ids, today: datetime.date, posts=ORGLIFE_POSTS) -> dict[int, list]:
    holders = list(Position.objects.active_on(today).filter(org_id__in=org_ids, post__in=posts,
                                                             user__isnull=False).values_list("org_id", "user_id"))
    users = get_user_model().objects.in_bulk({user_id for _, user_id in holders})
    result: dict[int, list] = defaultdict(list)
    for org_id, user_id in holders:
        if users[user_id] not in result[org_id]:
            result[org_id].append(users[user_id])
    return result


def _url(org_id: int, period: R.Period) -> str:
    from django.urls import reverse

    return f"{reverse('orglife:compliance')}?org={org_id}&period={period.code}"


def send_due_reminders(today: datetime.date) -> int:
    """Returns how many notifications were new."""
    this_month = R.period_of(today, R.Frequency.MONTHLY)
    last_month = R.period_of(R.add_months(this_month.start, -1), R.Frequency.MONTHLY)
    notices = []  # (org id, key, title, body, level, url)
    for root in PartyOrg.objects.filter(depth=1).order_by("path"):
        if (this_month.end - today).days < REMIND_DAYS:
            # the rules whose period ends this month: monthly ones, and quarterly / yearly ones
            # in the last month of their period
            for unit in (R.Frequency.MONTHLY, R.Frequency.QUARTERLY, R.Frequency.YEARLY):
                period = R.period_of(today, unit)
                if period.end != this_month.end:
                    continue
                for row in C.subtree_compliance(root, period, today):
                    for activity in row.activities:
                        last = activity.subs[-1] if activity.subs else None
                        if last is None or last.status != "pending" or last.period.end != period.end:
                            continue
                        notices.append((row.org_id, f"orglife:due:{row.org_id}:{activity.kind}:{last.period.code}",
                                        f"{row.name}本{UNIT_WORDS[unit]}尚未开展"
                                        f"{activity.label}（{last.period.label}，{last.period.end:%m月%d日}前）",
                                        str(activity.rule.rule), Notification.Level.WARNING, _url(row.org_id, period)))
        for unit in (R.Frequency.MONTHLY, R.Frequency.QUARTERLY, R.Frequency.YEARLY):
            period = R.period_of(last_month.start, unit)
            if period.end != last_month.end:
                continue
            for row in C.subtree_compliance(root, period, today):
                for activity in row.activities:
                    last = activity.subs[-1] if activity.subs else None
                    if last is None or last.status not in ("missing", "not_quorate") or last.period.end != period.end:
                        continue
                    notices.append((row.org_id, f"orglife:missing:{row.org_id}:{activity.kind}:{last.period.code}",
                                    f"{row.name}{last.period.label}{activity.label}{last.label}，请及时补开并登记",
                                    str(activity.rule.rule), Notification.Level.DANGER, _url(row.org_id, period)))
    recipients = _recipients({n[0] for n in notices}, today)
    sent = 0
    for org_id, key, title, body, level, url in notices:
        for user in recipients.get(org_id, []):
            sent += notify(user, key=key, title=title[:200], body=body, level=level, url=url)
    return sent


def send_lapse_notices(today: datetime.date) -> int:
    """Members absent without reason for 3 or more months in a row (党章 第九条)."""
    start = R.add_months(today.replace(day=1), -(R.LAPSE_MONTHS * 2))
    rows = [p for p in participation(Attendance.objects.all(), start, today, today) if p.level != "ok"]
    if not rows:
        return 0
    from dangjian.members.models import Member

    orgs = dict(Member.objects.filter(pk__in=[p.member_id for p in rows]).values_list("id", "org_id"))
    recipients = _recipients(set(orgs.values()), today)
    sent = 0
    for p in rows:
        since = R.add_months(R.add_months(today.replace(day=1), -1), -(p.run - 1))
        level = Notification.Level.DANGER if p.level == "danger" else Notification.Level.WARNING
        for user in recipients.get(orgs.get(p.member_id), []):
            sent += notify(user, key=f"orglife:lapse:{p.member_id}:{since:%Y%m}:{p.level}",
                           title=f"{p.name}{p.level_label}",
                           body=str(R.R_LAPSE if p.level == "danger" else R.R_LAPSE_WARNING), level=level)
    return sent


def send_tomorrow_reminders(today: datetime.date) -> int:
    """Activities planned for tomorrow: a fixed number of queries for the whole tree."""
    from django.urls import reverse

    from dangjian.members.models import ACTIVE_STANDINGS, Member, Standing

    tomorrow = today + datetime.timedelta(days=1)
    items = list(PlanItem.objects.filter(planned_on=tomorrow).select_related("org"))
    if not items:
        return 0
    org_ids = {i.org_id for i in items}
    held = set(Meeting.objects.filter(org_id__in=org_ids, kind__in={i.kind for i in items},
                                      held_on__gte=min(i.period_start for i in items), held_on__lte=tomorrow)
               .values_list("org_id", "kind", "counts_month"))
    organisers = _recipients(org_ids, today)
    committees = _recipients(org_ids, today, COMMITTEE_POSTS)
    members: dict[int, list] = defaultdict(list)
    accounts = (Member.objects.filter(org_id__in=org_ids, user__isnull=False, standing__in=ACTIVE_STANDINGS)
                .exclude(standing=Standing.SUSPENDED).select_related("user"))
    for member in accounts:
        members[member.org_id].append(member.user)
    sent = 0
    for item in items:
        months = {R.add_months(item.period_start, n) for n in range(R.MONTHS_IN[item.unit])}
        if any((item.org_id, item.kind, month) in held for month in months):
            continue   # already held in its period (earlier than planned)
        rule = R.NATIONAL[item.kind]
        if rule.attendees == R.Attendees.COMMITTEE:
            attendees = committees.get(item.org_id, [])
        elif rule.attendees == R.Attendees.GROUP:
            attendees = []   # a plan line is the branch's; the group leaders are told by their secretary
        else:
            attendees = members.get(item.org_id, [])
        title = f"明天（{tomorrow:%m月%d日}）{item.org.name}{item.get_kind_display()}" + (f"：{item.topic}" if item.topic else "")
        body = f"按年度计划，{item.period_label}的{item.get_kind_display()}安排在明天。" + (
            f"授课人：{item.lecturer_name}。" if item.lecturer_name else "")
        url = f"{reverse('orglife:calendar')}?org={item.org_id}&month={tomorrow:%Y-%m}"
        recipients = list(dict.fromkeys([*organisers.get(item.org_id, []), *attendees]))
        # the group hears of it too (core.notify.announce): the organization, the activity, the day
        sent += announce(recipients, key=f"orglife:tomorrow:{item.pk}:{tomorrow:%Y%m%d}", title=title[:200], body=body,
                         url=url, org=item.org)
    return sent
