"""Reads of member data. `MemberCriteria` + `narrow_members` are the member list's one filter
definition (ARCHITECTURE.md pattern 5): the page, the xlsx export, the statistics and the API all
build a MemberCriteria and call narrow_members on an already scoped queryset."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, fields

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery

from dangjian.members.models import ACTIVE_STANDINGS, EventKind, Job, Member, MemberEvent, Membership, MemberStatus
from dangjian.orgs.models import PartyOrg

AGE_BANDS = [  # (label, min age inclusive, max age inclusive) — the bands of the 党员统计 tables
    ("30岁及以下", 0, 30), ("31–35岁", 31, 35), ("36–40岁", 36, 40), ("41–45岁", 41, 45), ("46–50岁", 46, 50),
    ("51–55岁", 51, 55), ("56–60岁", 56, 60), ("61岁及以上", 61, 200),
]
YEARS_BANDS = [("5年以下", 0, 4), ("5–9年", 5, 9), ("10–19年", 10, 19), ("20–29年", 20, 29), ("30年及以上", 30, 200)]
FLAGS = {"lost_contact": "失联党员", "is_mobile": "流动党员", "in_hardship": "困难党员"}
_PINYIN_RE = re.compile(r"^[a-zA-Z]+$")


@dataclass
class MemberCriteria:
    within: PartyOrg | None = None      # subtree (any visible organization)
    org: PartyOrg | None = None         # exactly this organization
    group: PartyOrg | None = None
    status: str = ""                    # full / probationary
    standing: str = "active"            # "active" (default), "all", or a Standing value
    job: str = ""
    gender: str = ""
    education: str = ""
    ethnicity: str = ""
    age_band: str = ""                  # a label of AGE_BANDS
    years_band: str = ""                # a label of YEARS_BANDS (years of membership)
    flag: str = ""                      # a key of FLAGS
    q: str = ""                         # name, full pinyin or initials
    as_of: datetime.date | None = None  # ages and years counted on this day (today if None)

    def is_empty(self) -> bool:
        return all(getattr(self, f.name) in (None, "", "active") for f in fields(self))


def years_window(on: datetime.date, low: int, high: int) -> tuple[datetime.date, datetime.date]:
    """(earliest, latest) dates such that a date in the window is between `low` and `high`
    whole years before `on` — for ages from birth dates and years of membership from 入党日期."""

    def years_before(years: int) -> datetime.date:
        try:
            return on.replace(year=on.year - years)
        except ValueError:  # 29 February in a year without one
            return on.replace(year=on.year - years, day=28)

    return years_before(high + 1) + datetime.timedelta(days=1), years_before(low)


def _band(bands, label):
    for name, low, high in bands:
        if name == label:
            return low, high
    return None


def search_q(text: str) -> Q:
    """Name contains the text; Latin letters also match the start of the full pinyin or initials."""
    text = text.strip()
    condition = Q(name__icontains=text)
    if _PINYIN_RE.match(text):
        lowered = text.lower()
        condition |= Q(name_initials__startswith=lowered) | Q(name_pinyin__startswith=lowered)
    return condition


def narrow_members(queryset: QuerySet, c: MemberCriteria) -> QuerySet:
    on = c.as_of or datetime.date.today()
    if c.standing == "active":
        queryset = queryset.filter(standing__in=ACTIVE_STANDINGS)
    elif c.standing and c.standing != "all":
        queryset = queryset.filter(standing=c.standing)
    if c.within is not None:
        queryset = queryset.filter(org__path__startswith=c.within.path)
    if c.org is not None:
        queryset = queryset.filter(org=c.org)
    if c.group is not None:
        queryset = queryset.filter(group=c.group)
    for name in ("status", "job", "gender", "education", "ethnicity"):
        if getattr(c, name):
            queryset = queryset.filter(**{name: getattr(c, name)})
    if c.age_band and (band := _band(AGE_BANDS, c.age_band)):
        queryset = queryset.filter(birth_date__range=years_window(on, *band))
    if c.years_band and (band := _band(YEARS_BANDS, c.years_band)):
        queryset = queryset.filter(joined_on__range=years_window(on, *band))
    if c.flag in FLAGS:
        queryset = queryset.filter(**{c.flag: True})
    if c.q:
        queryset = queryset.filter(search_q(c.q))
    return queryset


def memberships_on(day: datetime.date) -> QuerySet:
    """The Membership periods that cover `day`: started by then, not yet ended (a period
    excludes its end day: a transfer closes one period on the day it opens the next)."""
    return Membership.objects.filter(started_on__lte=day).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))


def roster_as_of(queryset: QuerySet, day: datetime.date) -> QuerySet:
    """Members (from an already scoped queryset) who belonged to an organization on `day`, with
    `org_on_day_id` annotated: the roster as it stood then (e.g. 2025-12-31)."""
    periods = memberships_on(day)
    # Periods of one member never overlap (a transfer closes one on the day it opens the next,
    # and an ended period excludes its end day), so at most one covers the day.
    on_day = periods.filter(member=OuterRef("pk"))
    return queryset.filter(Exists(on_day)).annotate(org_on_day_id=Subquery(on_day.values("org_id")[:1]))


def group_on(current_group_id: int | None, later_changes: list[tuple[datetime.date, int | None]]) -> int | None:
    """A member's party group on a past day: where the first 调整党小组 after that day moved them
    from, or their group now if there was none. `later_changes`: (occurred_on, from group id),
    the events after the day. A change takes effect on its own day."""
    return min(later_changes)[1] if later_changes else current_group_id


def groups_on(members: list[Member], day: datetime.date) -> dict[int, int | None]:
    """Each member's party group on `day` (one query for all of them)."""
    later: dict[int, list] = {}
    for member_id, occurred_on, detail in (MemberEvent.objects.filter(
            member__in=members, kind=EventKind.GROUP_CHANGED, occurred_on__gt=day)
            .order_by("occurred_on", "id").values_list("member_id", "occurred_on", "detail")):
        later.setdefault(member_id, []).append((occurred_on, (detail or {}).get("from_id")))
    return {m.pk: group_on(m.group_id, later.get(m.pk, [])) for m in members}


def status_on(member: Member, day: datetime.date) -> str:
    """正式 or 预备 on a past day, from the dates on the record."""
    if member.confirmed_on and member.confirmed_on <= day:
        return MemberStatus.FULL
    if member.status == MemberStatus.FULL and member.confirmed_on is None:
        return MemberStatus.FULL  # records imported without a 转正日期
    return MemberStatus.PROBATIONARY


# --- readers the orgs app uses (registered in MembersConfig.ready(), see dangjian.orgs.hooks) --

def member_counts_within(root_path: str):
    """Active and full members per organization in the subtree at `root_path` (one query)."""
    return (
        Member.objects.active()
        .filter(org__path__startswith=root_path)
        .values("org__path")
        .annotate(total=Count("id"), full=Count("id", filter=Q(status=MemberStatus.FULL)))
    )


def in_service_count(root_path: str) -> int:
    """Active members in service (工作岗位 not 离退休) in the subtree at `root_path`: the figure a
    summary gives as 在职教职工党员."""
    return Member.objects.active().filter(org__path__startswith=root_path).exclude(job=Job.RETIRED).count()


def appointable_members(user, org: PartyOrg) -> QuerySet[Member]:
    """The members a post of `org` may be linked to: those the user may see, and only this
    organization's own and its direct children's (not a whole county's)."""
    return Member.objects.visible_to(user).active().filter(
        Q(org=org) | Q(org__path__startswith=org.path, org__depth=org.depth + 1)).order_by("name")
