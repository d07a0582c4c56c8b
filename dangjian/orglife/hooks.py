"""What apps above orglife add to it without orglife importing them (ARCHITECTURE.md: a lower
layer hears from a higher one through a registry filled in AppConfig.ready()).

- Talk sources: 谈心谈话 recorded elsewhere — the talks planned and held in preparation for a
  组织生活会 (supervision) — count in the yearly check 每名党员谈心谈话 like the attendance of a
  谈心谈话 record. A source is `source(root_path, start, end) -> iterable of (org id, member id)`:
  the members who had a talk between `start` and `end` (inclusive), with the organization that
  recorded it, within the subtree at `root_path`.
- Meeting sections: a card on a meeting's page (the 组织生活会's whole process on the record of
  the meeting). A section is `section(request, meeting) -> str | None`: the HTML of a card,
  rendered by the registering app from its own template with its own scoping, or None.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import Any

from django.utils.safestring import SafeString, mark_safe

TalkSource = Callable[[str, datetime.date, datetime.date], Iterable[tuple[int, int]]]
MeetingSection = Callable[..., str | None]
_talk_sources: list[TalkSource] = []
_meeting_sections: list[MeetingSection] = []


def register_talk_source(source: TalkSource) -> TalkSource:
    """Add a source of talks; registering the same function twice keeps one."""
    if source not in _talk_sources:
        _talk_sources.append(source)
    return source


def talks_elsewhere(root_path: str, start: datetime.date, end: datetime.date) -> Iterable[tuple[int, int]]:
    for source in _talk_sources:
        yield from source(root_path, start, end)


def register_meeting_section(section: MeetingSection) -> MeetingSection:
    if section not in _meeting_sections:
        _meeting_sections.append(section)
    return section


def meeting_sections(request, meeting: Any) -> list[SafeString]:
    # The sections render templates with autoescaping: their output is already safe HTML.
    return [mark_safe(html) for section in _meeting_sections if (html := section(request, meeting))]  # noqa: S308
