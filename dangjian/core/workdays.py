"""Working days (工作日) in mainland China: official holidays and the 调休 weekend workdays.

Notices (公示) are counted in working days, and the State Council publishes each year's holiday
arrangement only in the November before, so the calendar is a package (chinese-calendar) that is
updated yearly rather than a table kept here. For a year the installed package does not cover
yet, Monday to Friday are counted as working days and `is_covered` says so, so that a page can
tell the user the count is provisional instead of silently guessing.
"""

from __future__ import annotations

import datetime
from functools import lru_cache

import chinese_calendar


def is_covered(day: datetime.date) -> bool:
    try:
        chinese_calendar.is_workday(day)
    except NotImplementedError:
        return False
    return True


# The calendar is the installed package's, fixed for the life of the process; a day is looked up
# once (the demo's recruitment judges every 公示 period of a city, ~7 s of lookups at city scale).
@lru_cache(maxsize=16384)
def is_working_day(day: datetime.date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days from `start` to `end`, both included (0 if end is before start)."""
    count, day = 0, start
    while day <= end:
        count += is_working_day(day)
        day += datetime.timedelta(days=1)
    return count


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The last day of a period of `days` working days that starts on `start` (or on the first
    working day after it): the earliest day a notice of that length may end."""
    day, counted = start, 0
    while True:
        if is_working_day(day):
            counted += 1
            if counted >= days:
                return day
        day += datetime.timedelta(days=1)
