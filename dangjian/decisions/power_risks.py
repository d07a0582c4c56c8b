"""The hook through which an app above decisions tells the 小微权力清单 how many integrity-risk
points (廉政风险点) each small power has, and where they are listed.

Supervision keeps the 廉政风险台账 and sits above decisions in the layers (decisions may not
import it), so it registers its counter in its AppConfig.ready():
`register_power_risk_counter(fn)`, where `fn(user, power_ids) -> {power_id: (count, url)}` gives,
for the powers the user reads, the active risks the user may see and the link to them. The power
list and the power's page show "廉政风险点 N 个" only while a counter is registered.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

PowerRiskCounter = Callable[[Any, list[int]], dict[int, tuple[int, str]]]
_counter: list[PowerRiskCounter] = []


def register_power_risk_counter(fn: PowerRiskCounter) -> None:
    """Register (or replace: one counter at a time) the function that counts a power's risks."""
    _counter[:] = [fn]


def power_risks(user, powers: Iterable) -> dict[int, tuple[int, str]]:
    """{power id: (risk count, link)} for these powers, empty when no counter is registered."""
    if not _counter:
        return {}
    ids = [p.pk for p in powers]
    return _counter[0](user, ids) if ids else {}
