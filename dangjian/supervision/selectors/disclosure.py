"""Reads of 党务公开: what is published to a person (their home page and the 党务公开 page), the
organization's items for those who work on them, and the history for export.

Who sees a published item: a party member sees every audience (党内、校内、社会) of the
organizations at and above their own; a person with a post but no member record (the principal)
sees the 校内 and 社会 items of the organizations at and above their post. Items are current from
`starts_on` to `ends_on`; the history keeps them after that, archived."""

from __future__ import annotations

import datetime
from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet

from dangjian.core.scoping import scope_of
from dangjian.orgs.models import PartyOrg
from dangjian.supervision.models import DisclosureItem
from dangjian.supervision.rules.disclosure import Audience, State

PUBLIC_STATES = (State.PUBLISHED, State.ARCHIVED)


def ancestor_paths(path: str) -> list[str]:
    step = PartyOrg.steplen
    return [path[:i] for i in range(step, len(path) + 1, step)]


def _audience_filter(user) -> Q:
    parts = []
    member = getattr(user, "member", None) if getattr(user, "is_authenticated", False) else None
    if member is not None:
        parts.append(Q(org__path__in=ancestor_paths(member.org.path)))
    staff_paths = {p for path in scope_of(user).paths for p in ancestor_paths(path)}
    if staff_paths:
        parts.append(Q(org__path__in=staff_paths, audience__in=[Audience.SCHOOL, Audience.PUBLIC]))
    return reduce(or_, parts) if parts else Q(pk__in=[])


def published_to(user, today: datetime.date) -> QuerySet:
    """What is up for this person today, newest first."""
    return (DisclosureItem.objects.filter(_audience_filter(user), state=State.PUBLISHED, starts_on__lte=today)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today)).select_related("org")
            .order_by("-starts_on", "-id"))


def public_history(user) -> QuerySet:
    """Everything ever published to this person (current and archived)."""
    return (DisclosureItem.objects.filter(_audience_filter(user), state__in=PUBLIC_STATES).select_related("org")
            .order_by("-published_on", "-id"))


def may_read(user, item: DisclosureItem) -> bool:
    return item.state in PUBLIC_STATES and DisclosureItem.objects.filter(_audience_filter(user), pk=item.pk).exists()


def items_of(user, org, *, state: str = "") -> QuerySet:
    """The items of `org`'s subtree for those who work on them (disclosure.view)."""
    qs = (DisclosureItem.objects.visible_to(user).filter(org__path__startswith=org.path)
          .select_related("org", "drafted_by", "reviewed_by", "approved_by"))
    return qs.filter(state=state) if state else qs


def state_counts(user, org) -> dict[str, int]:
    from django.db.models import Count

    rows = items_of(user, org).values("state").order_by().annotate(n=Count("id"))
    return {r["state"]: r["n"] for r in rows}
