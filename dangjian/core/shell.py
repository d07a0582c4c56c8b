"""Hooks by which the apps contribute to the shell (the top bar and sidebar of base.html).

Core renders the shell but knows no domain: an app that has something for every page (the
orgs app's current organization and switcher) registers a part in its AppConfig.ready(); the
`shell_state` template tag merges the parts into what the template reads.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

ShellPart = Callable[[Any], dict]
_parts: list[ShellPart] = []


def register_shell_part(part: ShellPart) -> ShellPart:
    """Add `part(request) -> dict` to the shell's state; registering it twice keeps one."""
    if part not in _parts:
        _parts.append(part)
    return part


def shell_parts(request) -> dict:
    state: dict = {}
    for part in _parts:
        state.update(part(request))
    return state
