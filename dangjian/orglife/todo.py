"""Organizational life's lines on the home page's to-do (dangjian.core.todo), from the same
compliance fold as the 落实情况 page and the reminders:

- a school organization (书记, 组织委员 …): each required activity of this month / quarter / year
  not yet held (未到期 in its period: 即将到期 in the reminders' last REMIND_DAYS days), each
  activity missing or not quorate this year (已逾期, 补开 still possible), the year's person
  checks not yet met (谈心谈话 with every member, the secretary's own 党课), and the members
  short of the year's reading-note target;
- a higher committee: the organizations of its subtree with missing activities this year, per
  school, each linking to the school's 落实情况 (from the worker's compliance summary when it is
  today's, else computed and kept COMMITTEE_CACHE_SECONDS: see there);
- a member without a post: the activities of the annual plan he is expected at in the next
  UPCOMING_DAYS days, and his reading notes against the year's target.

The whole subtree in one compliance fold (a fixed number of queries)."""

from __future__ import annotations

import datetime

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from dangjian.core.roles import Action
from dangjian.core.scoping import scope_of
from dangjian.core.todo import DUE_SOON, INFO, OVERDUE, TODO, TodoItem, per_school
from dangjian.orglife import compliance as C
from dangjian.orglife import rules as R
from dangjian.orglife import summaries
from dangjian.orglife.models import Meeting, PlanItem
from dangjian.orglife.reminders import REMIND_DAYS, UNIT_WORDS
from dangjian.orglife.services.study import note_targets_by_org, year_total
from dangjian.orgs.models import OrgKind
from dangjian.orgs.selectors import school_roots_of

MODULE = "组织生活"
UPCOMING_DAYS = 14
# A committee's line folds its whole subtree's year (at city scale about 1.3 s, docs/benchmarks.md):
# it is kept this long rather than computed on every visit to the home page, and says so.
COMMITTEE_CACHE_SECONDS = 300
BAD = ("missing", "not_quorate")


def _compliance_url(org_id: int, period: R.Period) -> str:
    return f"{reverse('orglife:compliance')}?org={org_id}&period={period.code}"


def orglife_todo(user, org, today: datetime.date) -> list[TodoItem]:
    if org is None:
        return _personal(user, today)
    if not scope_of(user).allows(Action.ORGLIFE_MANAGE, org.path):
        return []
    year = R.period_of(today, R.Frequency.YEARLY)
    if org.kind == OrgKind.EDUCATION_COMMITTEE:
        return _committee(org, year, today)
    rows = C.subtree_compliance(org, year, today)
    items = [item for row in rows for item in _school_lines(row, year, today, own=row.org_id == org.pk)]
    return items + _reading_notes(org, year)


def _school_lines(row: C.OrgCompliance, year: R.Period, today: datetime.date, *, own: bool) -> list[TodoItem]:
    where = "" if own else row.name
    items = []
    for activity in row.activities:
        current = activity.subs[-1] if activity.subs else None
        if current is not None and current.status == "pending" and current.period.contains(today):
            unit = UNIT_WORDS[R.Frequency(activity.rule.frequency)]
            when = "今年" if unit == "年" else f"本{unit}"
            soon = (current.period.end - today).days < REMIND_DAYS
            items.append(TodoItem(
                title=f"{where}{when}尚未开展{activity.label}", module=MODULE, due=current.period.end,
                level=DUE_SOON if soon else TODO, note=str(activity.rule.rule),
                url=f"{reverse('orglife:create')}?org={row.org_id}&kind={activity.kind}"))
        missed = [s for s in activity.subs if s.status in BAD]
        if missed:
            periods = "、".join(s.period.label.removeprefix(f"{year.start.year}年") for s in missed[-3:])
            more = "等" if len(missed) > 3 else ""
            items.append(TodoItem(
                title=f"{where}{activity.label}今年缺 {len(missed)} 次（{periods}{more}），请补开并登记", module=MODULE,
                level=OVERDUE, count=len(missed), due=missed[-1].period.end, note=str(activity.rule.rule),
                url=_compliance_url(row.org_id, year)))
    for check in row.checks:
        if check.status in ("pending", "missing"):
            lacking = f"（尚有 {len(check.lacking)} 人）" if len(check.lacking) > 1 else ""
            items.append(TodoItem(
                title=f"{where}尚未完成：{check.label}{lacking}", module=MODULE, due=year.end,
                level=OVERDUE if check.status == "missing" else TODO, count=len(check.lacking) or None,
                note=str(check.rule), url=_compliance_url(row.org_id, year)))
    return items


def _reading_notes(org, year: R.Period) -> list[TodoItem]:
    """Members of the subtree short of the year's reading-note target (a local target: 情况)."""
    counts = note_targets_by_org(org.path, year.start.year).values()
    short = sum(members - met for members, met in counts)
    if not short:
        return []
    return [TodoItem(title=f"{short} 名党员今年读书笔记未达 {R.READING_NOTES_TARGET:,} 字", module="学习", level=INFO,
                     count=short, due=year.end, note=str(R.R_READING_NOTES),
                     url=f"{reverse('orglife:study_board')}?org={org.pk}&year={year.start.year}")]


def _committee(org, year: R.Period, today: datetime.date) -> list[TodoItem]:
    snapshot = summaries.current(year, today)
    if snapshot is not None:   # the worker's summary of the year: one query, as the 落实情况 page reads
        behind = summaries.behind(org, year)
        note = f"数据截至 {timezone.localtime(snapshot.computed_at):%m月%d日 %H:%M}"
    else:
        key = f"todo:orglife:{org.pk}:{today:%Y%m%d}"
        behind = cache.get(key)
        if behind is None:
            behind = [(row.path, row.missing) for row in C.subtree_compliance(org, year, today) if row.missing]
            cache.set(key, behind, COMMITTEE_CACHE_SECONDS)
        note = f"每 {COMMITTEE_CACHE_SECONDS // 60} 分钟更新"
    if not behind:
        return []
    schools = per_school(behind, school_roots_of(org), lambda org_id: _compliance_url(org_id, year))
    return [TodoItem(
        title=f"{len(behind)} 个党组织今年组织生活有缺失（共 {sum(n for _, n in behind)} 项）", module=MODULE,
        level=OVERDUE, count=len(behind), schools=schools, note=note,
        url=f"{_compliance_url(org.pk, year)}&sort=missing")]


def _personal(user, today: datetime.date) -> list[TodoItem]:
    member = getattr(user, "member", None)
    if member is None:
        return []
    items = []
    for plan in _upcoming(member, today):
        planned = plan.planned_on or today   # never None: _upcoming filters on it
        day = "今天" if planned == today else f"{planned:%m月%d日}"
        items.append(TodoItem(
            title=f"{day}参加{plan.get_kind_display()}" + (f"：{plan.topic}" if plan.topic else ""), module=MODULE,
            level=DUE_SOON if (planned - today).days <= 1 else TODO, due=planned,
            note=f"{plan.org.name} · 年度计划{plan.period_label}",
            url=f"{reverse('orglife:calendar')}?org={plan.org_id}&month={planned:%Y-%m}"))
    notes = year_total(member, today.year)
    if not notes["met"]:
        items.append(TodoItem(
            title=f"今年读书笔记 {notes['chars']:,} 字，目标 {notes['target']:,} 字（已完成 {notes['percent']}%）",
            module="学习", level=INFO, due=datetime.date(today.year, 12, 31), note=str(R.R_READING_NOTES),
            url=reverse("orglife:study")))
    return items


def _upcoming(member, today: datetime.date) -> list[PlanItem]:
    """The plan's activities of the member's organization in the next UPCOMING_DAYS days that
    expect him (every member, or the committee he sits on is not his as a plain member) and are
    not yet held in their period: two queries."""
    end = today + datetime.timedelta(days=UPCOMING_DAYS)
    items = [i for i in PlanItem.objects.filter(org_id=member.org_id, planned_on__gte=today, planned_on__lte=end)
             .select_related("org").order_by("planned_on", "pk")
             if R.NATIONAL[i.kind].attendees in (R.Attendees.ALL_MEMBERS, R.Attendees.MEMBERS_AND_STAFF)]
    if not items:
        return []
    held = set(Meeting.objects.filter(org_id=member.org_id, kind__in={i.kind for i in items},
                                      counts_month__gte=min(i.period_start for i in items), counts_month__lte=end)
               .values_list("kind", "counts_month"))
    result = []
    for item in items:
        months = {R.add_months(item.period_start, n) for n in range(R.MONTHS_IN[item.unit])}
        if not any((item.kind, month) in held for month in months):
            result.append(item)
    return result
