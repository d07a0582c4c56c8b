"""Members' participation in organizational life: attendance rate, and the 自行脱党 risk of
党章 第九条 — months in a row absent without a reason (warning at 3, flag at 6).

How a month is judged for a member, from the attendance rows (one grouped query):
  attended   present at least once                         → the run of absences ends
  excused    expected, never present, every absence with a reason (请假, 病假, 公差, 其他)
                                                            → the run ends (a good reason)
  unexcused  expected, never present, at least one 无故缺席  → counts
  (no meeting expected that month)                          → neither counts nor ends the run:
                                                              the organization's gap is not the member's
The run is counted back from the last month that has ended.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from dangjian.orglife import rules as R
from dangjian.orglife.models import UNEXCUSED_REASONS


@dataclass
class Participation:
    member_id: int
    name: str
    org_name: str
    expected: int
    present: int
    excused: int
    unexcused: int
    run: int = 0  # consecutive months absent without reason, up to the last ended month

    @property
    def rate(self) -> float | None:
        return round(100 * self.present / self.expected, 1) if self.expected else None

    @property
    def level(self) -> str:
        if self.run >= R.LAPSE_MONTHS:
            return "danger"
        return "warning" if self.run >= R.WARNING_MONTHS else "ok"

    @property
    def level_label(self) -> str:
        if self.run >= R.LAPSE_MONTHS:
            return f"连续 {self.run} 个月无故不参加组织生活：自行脱党风险，提请支部大会"
        if self.run >= R.WARNING_MONTHS:
            return f"连续 {self.run} 个月无故不参加组织生活：应批评教育"
        return "正常"


def absence_run(months: dict[datetime.date, tuple[int, int]], last_month: datetime.date, lookback: int = 24) -> int:
    """Consecutive months (ending at `last_month`) absent without reason. `months` maps a month's
    first day to (times present, unexcused absences) for the months the member was expected."""
    run, month = 0, last_month
    for _ in range(lookback):
        if month in months:
            present, unexcused = months[month]
            if present or not unexcused:
                break
            run += 1
        month = R.add_months(month, -1)
    return run


def participation(attendance_qs, start: datetime.date, end: datetime.date, today: datetime.date) -> list[Participation]:
    """Per member of an (already scoped) attendance queryset: figures over [start, end] and the
    run of unexcused months up to the last ended month. Two grouped queries."""
    unexcused = Q(present=False, absence_reason__in=UNEXCUSED_REASONS)
    totals = (attendance_qs.filter(held_on__gte=start, held_on__lte=end)
              .values("member_id", "member__name", "member__org__name")
              .annotate(expected=Count("id"), n_present=Count("id", filter=Q(present=True)),
                        n_unexcused=Count("id", filter=unexcused))
              .order_by("member__org__name", "member__name"))
    last_month = R.add_months(today.replace(day=1), -1)
    since = R.add_months(last_month, -(R.LAPSE_MONTHS * 2))
    by_member: dict[int, dict] = defaultdict(dict)
    for row in (attendance_qs.filter(held_on__gte=since, held_on__lt=today.replace(day=1))
                .annotate(month=TruncMonth("held_on")).values("member_id", "month")
                .annotate(n_present=Count("id", filter=Q(present=True)), n_unexcused=Count("id", filter=unexcused))
                .order_by()):
        month = row["month"]
        month = month.date() if isinstance(month, datetime.datetime) else month
        by_member[row["member_id"]][month] = (row["n_present"], row["n_unexcused"])
    result = []
    for row in totals:
        result.append(Participation(row["member_id"], row["member__name"], row["member__org__name"], row["expected"],
                                    row["n_present"], row["expected"] - row["n_present"] - row["n_unexcused"],
                                    row["n_unexcused"], absence_run(by_member.get(row["member_id"], {}), last_month)))
    # members at risk but with no rows in [start, end] still need to be seen
    seen = {p.member_id for p in result}
    at_risk = [mid for mid, months in by_member.items()
               if mid not in seen and absence_run(months, last_month) >= R.WARNING_MONTHS]
    if at_risk:
        from dangjian.members.models import Member

        for member in Member.objects.filter(pk__in=at_risk).select_related("org"):
            result.append(Participation(member.pk, member.name, member.org.name, 0, 0, 0, 0,
                                        absence_run(by_member[member.pk], last_month)))
    return result
