"""Reading the staff register: who is on a school's staff on a day, the counts the school page
and the committee's figures show (教职工, 专任教师), the leadership team as of a date.

Counts are of the register's current entries (employed on the day); 专任教师 are the entries
whose post category is 专任教师 (rules.R_TEACHER) — never a title or an office."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Count, Q
from django.utils import timezone

from dangjian.core.roles import Action
from dangjian.staff.models import LeadershipTerm, StaffMember
from dangjian.staff.rules import register as R


def staff_seen(user, action: str = Action.STAFF_VIEW):
    """The entries in the user's scope for `action` (out of scope is a 404 on a page)."""
    return StaffMember.objects.visible_to(user, action)


def current_staff(school, on: datetime.date | None = None):
    return StaffMember.objects.filter(school=school).current(on)


def counts_by_school(school_ids: Iterable[int], on: datetime.date | None = None) -> dict[int, tuple[int, int]]:
    """school id → (教职工, 专任教师) of the register's current entries; schools without a register
    are absent (their declared figures stand)."""
    ids = list(school_ids)
    if not ids:
        return {}
    rows = (StaffMember.objects.filter(school_id__in=ids).current(on).values("school_id")
            .annotate(total=Count("id"), teachers=Count("id", filter=Q(post__in=R.TEACHER_POSTS))))
    return {row["school_id"]: (row["total"], row["teachers"]) for row in rows}


def terms_on(school, day: datetime.date | None = None):
    """The leadership team (班子成员) on `day`: the seats held that day, in the roles' order."""
    day = day or timezone.localdate()
    return (LeadershipTerm.objects.filter(staff__school=school, started_on__lte=day)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day)).select_related("staff")
            .order_by("role", "started_on"))


def narrow(queryset, *, school=None, post: str = "", party: str = "", state: str = "current", q: str = "",
           on: datetime.date | None = None):
    """The list's filters: school, post category, party member or not, current or former, name."""
    today = on or timezone.localdate()
    if school is not None:
        queryset = queryset.filter(school=school)
    if post:
        queryset = queryset.filter(post=post)
    if party == "yes":
        queryset = queryset.filter(member__isnull=False)
    elif party == "no":
        queryset = queryset.filter(member__isnull=True)
    if state == "current":
        queryset = queryset.current(today)
    elif state == "former":
        queryset = queryset.filter(employed_until__lt=today)
    if q:
        queryset = queryset.filter(name__contains=q.strip())
    return queryset
