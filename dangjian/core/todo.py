"""The to-do of the home page (工作台): "what is mine to do now", from every module.

The home page lives in members, below the domain apps that know what is due (a meeting not yet
held, a recruitment step overdue, a member in arrears …). Each app registers a source in its
AppConfig.ready(); the home page asks every source and shows what they return, without
importing them (ARCHITECTURE.md: a lower layer hears from a higher one through a registry).

A source is `source(user, org, today) -> list[TodoItem]`: `org` is the organization the user
works as (the top bar's), or None for a member without a post — then the source speaks of the
person's own affairs. A source computes its lines from the same selectors and rules as its
module's pages and reminders, checks the user's rights on `org` itself, and keeps to a fixed
number of queries whatever the size of the subtree.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

OVERDUE, DUE_SOON, TODO, INFO = "overdue", "due_soon", "todo", "info"
# The words beside the colours (never colour alone); the colours are partials/status.html's.
LEVEL_LABELS = {OVERDUE: "已逾期", DUE_SOON: "即将到期", TODO: "待办", INFO: "情况"}
LEVEL_STATES = {OVERDUE: "danger", DUE_SOON: "warning", TODO: "na", INFO: "na"}
_ORDER = [OVERDUE, DUE_SOON, TODO, INFO]


@dataclass(frozen=True)
class SchoolCount:
    """One school's share of a committee's line: its name, how many, and its own list."""

    name: str
    count: int
    url: str


@dataclass(frozen=True)
class TodoItem:
    title: str                      # Chinese, says what is to be done
    url: str                        # the page where it is done (or its list)
    level: str = TODO               # OVERDUE, DUE_SOON, TODO or INFO
    module: str = ""                # 组织生活, 党费 … (the sidebar's group)
    count: int | None = None        # how many (members, files, matters …) when the line counts
    due: datetime.date | None = None
    note: str = ""                  # the rule or a short explanation
    schools: tuple[SchoolCount, ...] = field(default_factory=tuple)   # a committee's line, per school

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS[self.level]

    @property
    def state(self) -> str:
        return LEVEL_STATES[self.level]


TodoSource = Callable[[Any, Any, datetime.date], list[TodoItem]]
_sources: list[TodoSource] = []


def register_todo_source(source: TodoSource) -> TodoSource:
    """Add a source; registering the same function twice keeps one."""
    if source not in _sources:
        _sources.append(source)
    return source


def todo_items(user, org, today: datetime.date) -> list[TodoItem]:
    """Every source's lines, overdue first, then by due date (undated last), then by module."""
    items = [item for source in _sources for item in source(user, org, today)]
    return sorted(items, key=lambda i: (_ORDER.index(i.level), i.due or datetime.date.max, i.module))


def per_school(counts: Iterable[tuple[str, int]], schools: dict[str, tuple[int, str]],
               url_for: Callable[[int], str]) -> tuple[SchoolCount, ...]:
    """Fold (organization path, count) pairs into one count per school, the largest first.

    `schools` maps the path of each school-level organization to (id, name), outermost only (a
    school 党委's branches count for the 党委); a path under none of them (the committee's own
    rows) is left out. `url_for(org id)` is the school's own list."""
    lengths = sorted({len(p) for p in schools})
    totals: dict[str, int] = {}
    for path, n in counts:
        school = next((path[:k] for k in lengths if path[:k] in schools), None)
        if school is not None and n:
            totals[school] = totals.get(school, 0) + n
    rows = [SchoolCount(schools[p][1], n, url_for(schools[p][0])) for p, n in totals.items()]
    return tuple(sorted(rows, key=lambda r: (-r.count, r.name)))
