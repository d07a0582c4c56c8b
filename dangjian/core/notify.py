"""In-app notifications, and the channels that carry an event further (a group robot).

`notify` writes one user's notice, idempotent by key, so a periodic job can run any number of
times and a user sees each reminder once. `announce` is what a service calls for an event that
needs people: the in-app notices come first, in the service's own transaction (they stand or fall
with the change they report); then, once that transaction has committed, every registered
channel hears of the event once. Core knows no domain: the channels (orgs' group-robot webhook)
register themselves from their AppConfig.ready(), and a failing channel never touches the
notices already written."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from dangjian.core.models import Notification

logger = logging.getLogger(__name__)


def notify(user, *, key: str, title: str, body: str = "", url: str = "", level: str = Notification.Level.INFO) -> bool:
    """Create the notification unless one with this key exists; True when it was new."""
    _, created = Notification.objects.get_or_create(
        user=user, key=key, defaults={"title": title, "body": body, "url": url, "level": level}
    )
    return created


def mark_read(user, pk: int | None = None, *, up_to: int | None = None) -> int:
    """Mark one of `user`'s own notifications (`pk`), or all of them (up to the id `up_to`, the
    newest a client has shown), as read; how many changed. One of someone else's is not found
    (Http404), as if it did not exist. The page and the API both call this."""
    from django.shortcuts import get_object_or_404

    unread = user.notifications.filter(read_at__isnull=True)
    if pk is not None:
        get_object_or_404(user.notifications, pk=pk)
        unread = unread.filter(pk=pk)
    if up_to is not None:
        unread = unread.filter(pk__lte=up_to)
    return unread.update(read_at=timezone.now())


@dataclass(frozen=True)
class Event:
    """What a channel hears: the organization whose people the event concerns, and the words
    the group may read (`group_text`: never an ID number or a phone — the emitters pass names
    of organizations and of steps, not of people, where a group would learn more than it may)."""

    key: str
    org_id: int
    title: str
    group_text: str
    url: str
    level: str


Channel = Callable[[Event], None]
_channels: list[Channel] = []


def register_channel(channel: Channel) -> None:
    if channel not in _channels:
        _channels.append(channel)


def _deliver(event: Event) -> None:
    for channel in _channels:
        try:
            channel(event)
        except Exception:  # noqa: BLE001 - a channel's failure must not reach the service that announced
            logger.exception("notification channel %r failed for %s", channel, event.key)


def announce(users: Iterable, *, key: str, title: str, body: str = "", url: str = "",
             level: str = Notification.Level.INFO, org=None, group_text: str = "") -> int:
    """Tell each user (once per key), then, after commit, the channels of `org` (if any).
    Returns how many in-app notices were new."""
    sent = 0
    for user in {u.pk: u for u in users if u is not None}.values():
        sent += notify(user, key=key, title=title[:200], body=body, url=url, level=level)
    if org is not None and _channels:
        event = Event(key=key, org_id=org.pk, title=title[:200], group_text=group_text or title, url=url, level=level)
        transaction.on_commit(lambda: _deliver(event))
    return sent
