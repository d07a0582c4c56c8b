"""The meeting records of an organization, for apps that may not import the app that keeps them.

A recruitment step decided at a 支部委员会 or 支部党员大会 names the meeting that decided it. The
meetings are organizational life's records (orglife), and recruitment and orglife are sibling
domain apps: neither imports the other (ARCHITECTURE.md's layers). So the step keeps the meeting
as a plain number, and both sides meet here, in a layer below them: orglife registers the
book of its records in its AppConfig.ready(), recruitment reads and writes through it.

The book answers with `MeetingRecord`s — the few facts a step needs to show and check — never
with the other app's model instances.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Protocol

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class MeetingRecord:
    pk: int
    org_id: int
    kind: str          # the organizational-life kind: general_meeting, committee_meeting …
    kind_label: str
    held_on: datetime.date
    topic: str
    url: str

    @property
    def label(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.kind_label}：{self.topic}"


class MeetingBook(Protocol):
    def recent(self, org, kinds: tuple[str, ...], *, user, limit: int) -> list[MeetingRecord]:
        """The organization's latest records of these kinds that `user` may see, newest first."""

    def get(self, pk: int) -> MeetingRecord | None:
        """One record, or None when there is none (the caller checks it is the right one)."""

    def visible(self, pk: int, user) -> bool:
        """Whether `user` may open the record's page."""

    def can_create(self, user, org) -> bool:
        """Whether `user` may enter a meeting record for the organization."""

    def create(self, org, *, kind: str, held_on: datetime.date, topic: str, place: str, resolutions: str,
               acting_user) -> MeetingRecord:
        """Enter a held meeting, through the owning app's own service and its rules."""


_book: MeetingBook | None = None


def register_meeting_book(book: MeetingBook) -> MeetingBook:
    global _book
    _book = book
    return book


def meeting_book() -> MeetingBook:
    if _book is None:
        raise ImproperlyConfigured("没有登记会议记录的应用（dangjian.orglife 未安装）")
    return _book
