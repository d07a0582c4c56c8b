"""Supervision's panels on the home page (registered with dangjian.core.dashboard by
SupervisionConfig.ready()): what is published to the person reading (党务公开: every member, on
the member's home too, where `org` is None), and for those who keep or oversee a 整改台账 its
to-do — 销号 requests to decide, overdue items, escalated ones — for the current organization."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q

from dangjian.core.roles import Action
from dangjian.core.scoping import scope_of
from dangjian.supervision.selectors import disclosure as disclosures
from dangjian.supervision.selectors import rectification as ledger

SHOWN = 5


def published_panel(request, org, today: datetime.date) -> dict | None:
    items = list(disclosures.published_to(request.user, today)[:SHOWN + 1])
    if not items:
        return None
    return {"template": "supervision/panel_published.html", "items": items[:SHOWN], "more": len(items) > SHOWN}


def rectification_panel(request, org, today: datetime.date) -> dict | None:
    if org is None or not scope_of(request.user).allows(Action.RECTIFICATION_VIEW, org.path):
        return None
    awaiting = ledger.awaiting_decision(request.user, org).count()
    # the overdue items and the escalated among them in one pass over the subtree's items
    counts = ledger.overdue_in(request.user, org, today).order_by().aggregate(
        overdue=Count("pk"), escalated=Count("pk", filter=Q(escalated_on__isnull=False)))
    overdue_count, escalated = counts["overdue"], counts["escalated"]
    if not (awaiting or overdue_count):
        return None
    return {"template": "supervision/panel_rectification.html", "org": org, "awaiting": awaiting,
            "overdue": overdue_count, "escalated": escalated}
