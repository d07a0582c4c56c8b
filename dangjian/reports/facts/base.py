"""What a fact is: a figure (or a date, a word) with its Chinese name, the module page that shows
the same figure, and — when the system does not hold it — the name of what is missing, so that a
draft writes 【待补充：…】 instead of a guess or a zero.

The period of a draft is a year, or a half year (the 党建月's 述职 covers the first half: the city
bureau's 《党建工作意见》 has the secretaries report to the higher committee in the 党建月 and to all
members at the 党员大会 at year end)."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal

from dangjian.core.errors import Rule, RuleViolation

R_PERIOD = Rule("reports_period", "报告期间为 2026（全年）、2026-H1（上半年）或 2026-H2（下半年）", "本系统")
_PERIOD_RE = re.compile(r"^(\d{4})(?:-[Hh]([12]))?$")


@dataclass(frozen=True)
class ReportPeriod:
    year: int
    half: int | None = None  # 1 or 2; None for the whole year

    @classmethod
    def parse(cls, raw: str, field_name: str = "period") -> ReportPeriod:
        match = _PERIOD_RE.match((raw or "").strip())
        if not match or not 2000 <= int(match[1]) <= 2100:
            raise RuleViolation("报告期间格式有误，应为 2026、2026-H1 或 2026-H2", rule=R_PERIOD, field=field_name,
                                code="invalid")
        return cls(int(match[1]), int(match[2]) if match[2] else None)

    @property
    def code(self) -> str:
        return f"{self.year}-H{self.half}" if self.half else str(self.year)

    @property
    def label(self) -> str:
        return f"{self.year}年{'上半年' if self.half == 1 else '下半年' if self.half == 2 else '度'}"

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 7 if self.half == 2 else 1, 1)

    @property
    def end(self) -> datetime.date:
        return datetime.date(self.year, 6, 30) if self.half == 1 else datetime.date(self.year, 12, 31)

    @property
    def months(self) -> range:
        """The months of the period (1–12)."""
        return range(self.start.month, self.end.month + 1)

    @property
    def quarters(self) -> list[str]:
        """The quarter codes the period covers, as the organizational-life pages name them."""
        return [f"{self.year}-Q{q}" for q in range((self.start.month + 2) // 3, self.end.month // 3 + 1)]

    def as_of(self, today: datetime.date) -> datetime.date:
        """The day counts are taken on: the period's last day, or today while it is running."""
        return min(self.end, today)


def periods_offered(today: datetime.date) -> list[ReportPeriod]:
    """What the 生成初稿 form offers: this year and last, whole and by halves."""
    out = []
    for year in (today.year, today.year - 1):
        out += [ReportPeriod(year), ReportPeriod(year, 1), ReportPeriod(year, 2)]
    return out


@dataclass(frozen=True)
class Fact:
    """One figure of the facts layer. `value` None means not held: `missing` names what is missing."""

    key: str
    label: str
    value: int | Decimal | float | str | datetime.date | None
    unit: str = ""
    url: str = ""
    missing: str = ""
    note: str = ""   # how the figure is read when it is not the page's figure as shown (a sum of pages)

    @property
    def is_missing(self) -> bool:
        return self.value is None

    @property
    def text(self) -> str:
        """The figure as a sentence writes it: "12次", "95.5%", "2026年9月1日" or 【待补充：…】."""
        if self.value is None:
            return f"【待补充：{self.missing or self.label}】"
        if isinstance(self.value, datetime.date):
            return f"{self.value.year}年{self.value.month}月{self.value.day}日"
        if isinstance(self.value, Decimal):
            return f"{self.value:.2f}{self.unit}"
        if isinstance(self.value, float):
            return f"{self.value:g}{self.unit}"
        return f"{self.value}{self.unit}"

    def __str__(self) -> str:
        return self.text


@dataclass
class SchoolFacts:
    """The facts of one school's party organization for a period, read by one user (every figure
    is what that user's pages show: the selectors are scoped to them)."""

    org_id: int
    org_name: str
    school_name: str
    period: ReportPeriod
    as_of: datetime.date
    facts: dict[str, Fact] = field(default_factory=dict)
    # Per-kind organizational-life lines: (kind, label, meetings held, sub-periods done, sub-periods due)
    activities: list[tuple[str, str, int, int, int]] = field(default_factory=list)

    def add(self, fact: Fact) -> Fact:
        self.facts[fact.key] = fact
        return fact

    def __getitem__(self, key: str) -> Fact:
        return self.facts[key]

    def __contains__(self, key: str) -> bool:
        return key in self.facts

    def value(self, key: str):
        return self.facts[key].value

    @property
    def missing(self) -> list[Fact]:
        return [f for f in self.facts.values() if f.is_missing]
