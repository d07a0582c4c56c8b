"""党员统计: counts by gender, age band, ethnicity, education, post, years since joining and
category, for any subtree on any day — the figures of the yearly 党员统计报表 (DOMAIN.md).

Who is counted on a day is decided by the membership periods (selectors.roster_as_of), not by
today's record: a member who transferred out or left after the day is still counted where they
belonged then, and one who arrived after it is not. Ages, years since joining and 正式/预备 are
taken on that day. Every dimension is a conditional COUNT in ONE aggregate query, plus one
GROUP BY for the ethnicities, so the city (22,375 members) costs two queries whatever its size.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet

from dangjian.members.models import Education, Gender, Job, Member, Membership, MemberStatus
from dangjian.members.selectors import AGE_BANDS, YEARS_BANDS, MemberCriteria, narrow_members, years_window
from dangjian.orgs.models import PartyOrg

MAJORITY_ETHNICITY = "汉族"
TOP_MINORITIES = 5  # the minorities named one by one; the rest are summed as 其他少数民族
UNRECORDED = "未登记"


@dataclass
class StatRow:
    label: str
    count: int
    percent: Decimal | None  # share of the total, one decimal; None when the total is 0
    sub: bool = False  # a "其中" row, part of the row above it

    def as_dict(self) -> dict:
        return {"label": self.label, "count": self.count,
                "percent": float(self.percent) if self.percent is not None else None, "sub": self.sub}


@dataclass
class StatTable:
    key: str
    title: str
    rows: list[StatRow]
    note: str = ""

    def as_dict(self) -> dict:
        return {"key": self.key, "title": self.title, "note": self.note, "rows": [r.as_dict() for r in self.rows]}


@dataclass
class MemberStatistics:
    scope_name: str
    as_of: datetime.date
    total: int
    tables: list[StatTable] = field(default_factory=list)

    def table(self, key: str) -> StatTable:
        return next(t for t in self.tables if t.key == key)

    def counts(self, key: str) -> dict[str, int]:
        """{label: count} of one table — what the tests and the charts read."""
        return {row.label: row.count for row in self.table(key).rows}

    def as_dict(self) -> dict:
        return {"scope": self.scope_name, "as_of": self.as_of.isoformat(), "total": self.total,
                "tables": [t.as_dict() for t in self.tables]}

    def chart_data(self) -> dict:
        """For stats.js: per table, the labels and counts of its main rows (not the 其中 rows)."""
        return {t.key: {"title": t.title, "labels": [r.label for r in t.rows if not r.sub],
                        "values": [r.count for r in t.rows if not r.sub]} for t in self.tables}


def percent(count: int, total: int) -> Decimal | None:
    if not total:
        return None
    return (Decimal(count) * 100 / Decimal(total)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# --- who is counted -------------------------------------------------------------------------

def full_on_q(day: datetime.date) -> Q:
    """正式党员 on `day`, as selectors.status_on decides it, written as a database condition."""
    return Q(confirmed_on__lte=day) | Q(status=MemberStatus.FULL, confirmed_on__isnull=True)


def roster_on(paths: list[str], day: datetime.date, *, org: PartyOrg | None = None) -> QuerySet:
    """Members who belonged on `day` to an organization under one of `paths` (or to `org`
    exactly). Scoped by where the member was on that day, not where the record is now: the
    2025 roster of a school still lists the teacher who has since moved to another school."""
    periods = Membership.objects.filter(started_on__lte=day).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))
    if org is not None:
        periods = periods.filter(org=org)
    if paths:
        location = Q()
        for path in paths:
            location |= Q(org__path__startswith=path)
        periods = periods.filter(location)
    else:
        periods = periods.none()
    return Member.objects.filter(pk__in=periods.values("member_id"))


def members_on(paths: list[str], day: datetime.date, criteria: MemberCriteria | None = None) -> QuerySet:
    """The roster on `day` narrowed by the member list's criteria (the one filter definition).

    The roster already says who belonged, so the list's default "在册" standing does not apply,
    and the organization and category are read on `day` (a member's organization and status
    may have changed since); the other criteria are the record's current values, which is all
    the database keeps of them."""
    criteria = dataclasses.replace(criteria) if criteria else MemberCriteria()
    if criteria.within is not None:
        paths = [criteria.within.path]
    queryset = roster_on(paths, day, org=criteria.org)
    status = criteria.status
    criteria.within, criteria.org, criteria.status, criteria.as_of = None, None, "", day
    if criteria.standing == "active":
        criteria.standing = "all"
    queryset = narrow_members(queryset, criteria)
    if status == MemberStatus.FULL:
        queryset = queryset.filter(full_on_q(day))
    elif status == MemberStatus.PROBATIONARY:
        queryset = queryset.exclude(full_on_q(day))
    return queryset


# --- the tables ----------------------------------------------------------------------------

def _dimensions(day: datetime.date) -> list[tuple[str, str, list[tuple[str, Q]], str]]:
    """(key, title, [(row label, condition)], note) of every table but the ethnicities."""
    ages = [(label, Q(birth_date__range=years_window(day, low, high))) for label, low, high in AGE_BANDS]
    years = [(label, Q(joined_on__range=years_window(day, low, high))) for label, low, high in YEARS_BANDS]
    years.append((UNRECORDED, Q(joined_on__isnull=True) | Q(joined_on__gt=day)))
    education = [(label, Q(education=value)) for value, label in Education.choices]
    education.append((UNRECORDED, Q(education="")))
    return [
        ("status", "党员类别", [("正式党员", full_on_q(day)), ("预备党员", ~full_on_q(day))], ""),
        ("gender", "性别", [(label, Q(gender=value)) for value, label in Gender.choices], ""),
        ("age", "年龄", ages, f"按 {day:%Y-%m-%d} 的周岁计算"),
        ("education", "学历", education, ""),
        ("job", "工作岗位", [(label, Q(job=value)) for value, label in Job.choices], ""),
        ("years", "党龄", years, f"自入党日期起算至 {day:%Y-%m-%d}"),
    ]


def member_statistics(queryset: QuerySet, *, day: datetime.date, scope_name: str) -> MemberStatistics:
    """The tables for the members of `queryset` (from `members_on`), counted on `day`."""
    dimensions = _dimensions(day)
    aggregates = {"total": Count("pk")}
    for d_index, (_key, _title, rows, _note) in enumerate(dimensions):
        for r_index, (_label, condition) in enumerate(rows):
            aggregates[f"d{d_index}_{r_index}"] = Count("pk", filter=condition)
    figures = queryset.aggregate(**aggregates)
    total = figures["total"]

    tables = []
    for d_index, (key, title, rows, note) in enumerate(dimensions):
        stat_rows = [StatRow(label, figures[f"d{d_index}_{r_index}"], percent(figures[f"d{d_index}_{r_index}"], total))
                     for r_index, (label, _condition) in enumerate(rows)]
        if key in ("education", "years") and stat_rows[-1].count == 0:
            stat_rows.pop()  # "未登记" only when someone is unrecorded
        tables.append(StatTable(key, title, stat_rows, note))
    tables.insert(2, _ethnicity_table(queryset, total))
    return MemberStatistics(scope_name=scope_name, as_of=day, total=total, tables=tables)


def _ethnicity_table(queryset: QuerySet, total: int) -> StatTable:
    by_name = {row["ethnicity"]: row["n"] for row in queryset.order_by().values("ethnicity").annotate(n=Count("pk"))}
    majority = by_name.pop(MAJORITY_ETHNICITY, 0)
    minorities = sorted(by_name.items(), key=lambda item: (-item[1], item[0]))
    named, rest = minorities[:TOP_MINORITIES], minorities[TOP_MINORITIES:]
    minority_total = sum(n for _name, n in minorities)
    rows = [StatRow(MAJORITY_ETHNICITY, majority, percent(majority, total)),
            StatRow("少数民族", minority_total, percent(minority_total, total))]
    rows += [StatRow(name, n, percent(n, total), sub=True) for name, n in named]
    if rest:
        other = sum(n for _name, n in rest)
        rows.append(StatRow(f"其他少数民族（{len(rest)} 个）", other, percent(other, total), sub=True))
    return StatTable("ethnicity", "民族", rows, "少数民族列出人数最多的几个民族，其余合并")
