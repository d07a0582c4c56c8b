"""Hooks by which the apps add panels to the committees' dashboard (the home page).

The home page lives below the domain apps that have something to show on it (the star rating's
distribution of stars, …): such an app registers a panel in its AppConfig.ready() and the home
page renders what the panels return, without importing them (ARCHITECTURE.md: a lower layer
hears from a higher one through a registry).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

# panel(request, org, today) -> {"template": name, **context} to render, or None for nothing
DashboardPanel = Callable[[Any, Any, datetime.date], dict | None]
_panels: list[DashboardPanel] = []


def register_dashboard_panel(panel: DashboardPanel) -> DashboardPanel:
    """Add a panel; registering the same function twice keeps one."""
    if panel not in _panels:
        _panels.append(panel)
    return panel


def dashboard_panels(request, org, today: datetime.date) -> list[dict]:
    found = []
    for panel in _panels:
        result = panel(request, org, today)
        if result:
            found.append(result)
    return found
