"""The hook through which an app above appraisal offers a first draft of a secretary's 述职报告.

The reports app (above appraisal in the layers: appraisal may not import it) registers its
drafter in its AppConfig.ready(): `register_duty_report_drafter(fn)`, where
`fn(entry) -> list[tuple[str, str]]` gives the report's sections (heading, text) for a
DutyEntry, every figure taken from the system's own data. The report page offers
"由系统数据生成初稿" only while a drafter is registered; the draft is saved as the secretary's
draft, to be read and edited before it is submitted — never submitted by the system.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

DutyReportDrafter = Callable[[Any], list[tuple[str, str]]]
_drafter: list[DutyReportDrafter] = []


def register_duty_report_drafter(fn: DutyReportDrafter) -> None:
    """Register (or replace: one drafter at a time) the function that drafts a 述职报告."""
    _drafter[:] = [fn]


def duty_report_drafter() -> DutyReportDrafter | None:
    return _drafter[0] if _drafter else None
