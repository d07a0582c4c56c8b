"""Sections that apps above members add to a member's record page and to the member's own page
(e.g. appraisal's 民主评议 results). The apps sit above members (ARCHITECTURE.md's layers), so they
register a section in their AppConfig.ready() instead of members importing them.

A section is `section(request, member, *, own) -> str | None`: the HTML of a card (rendered by
the registering app from its own template, with its own scoping), or None to show nothing.
`own` is True on the member's own page (我的党员信息)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.safestring import SafeString, mark_safe

RecordSection = Callable[..., str | None]
_sections: list[RecordSection] = []


def register_record_section(section: RecordSection) -> RecordSection:
    """Add a section; registering the same function twice keeps one."""
    if section not in _sections:
        _sections.append(section)
    return section


def record_sections(request, member: Any, *, own: bool = False) -> list[SafeString]:
    # The sections render templates with autoescaping: their output is already safe HTML.
    return [mark_safe(html) for section in _sections if (html := section(request, member, own=own))]  # noqa: S308
