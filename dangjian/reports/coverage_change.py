"""组织覆盖率 on a past day beside today's (seed 001's "由87%提高到100%"): what the 全景 shows for
the day the committee picks and the summary states against two years back. Read from the schools'
recorded opening and coverage dates (orgs.selectors.coverage_on)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from dangjian.orgs.selectors import Coverage, Opened, coverage_on, opened_between

COVERAGE_YEARS_BACK = 2   # the comparison a summary usually makes (seed 001: "由87%提高到100%")


@dataclass
class CoverageChange:
    since: datetime.date
    today: datetime.date
    then: Coverage
    now: Coverage
    opened: Opened
    error: str = ""


def coverage_change(org, since: str | None, today: datetime.date) -> CoverageChange:
    """The coverage as it stood on `since` (the form's date; two years back when none or not a
    usable one) beside today's, from the schools' recorded opening and coverage dates."""
    default = _years_back(today, COVERAGE_YEARS_BACK)
    day, error = default, ""
    if since:
        try:
            day = datetime.date.fromisoformat(since)
        except ValueError:
            day, error = default, f"“{since}”不是有效日期（格式：年-月-日），已按 {default:%Y-%m-%d} 显示。"
        else:
            if day >= today:
                day, error = default, f"对比日期须早于今天，已按 {default:%Y-%m-%d} 显示。"
    return CoverageChange(day, today, coverage_on(org, day), coverage_on(org, today), opened_between(org, day, today),
                          error)


def _years_back(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:   # 29 February
        return day.replace(year=day.year - years, day=28)
