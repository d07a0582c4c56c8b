"""Reads of the 廉政风险台账: the ledger with its one filter (the page, the API and the to-do use
it), what is due for review, and each small power's risk count for the 小微权力清单 in decisions
(registered through dangjian.decisions.power_risks)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.urls import reverse

from dangjian.core.roles import Action
from dangjian.core.scoping import scope_of
from dangjian.orgs.models import PartyOrg
from dangjian.supervision.models import IntegrityRisk
from dangjian.supervision.rules import integrity_risk as R

FILTERS = (("", "在册"), ("due", "到期待复核"), ("closed", "已销号"), ("all", "全部"))


@dataclass(frozen=True)
class RiskFilter:
    show: str = ""
    level: str = ""
    power: int | None = None

    @classmethod
    def from_query(cls, query) -> RiskFilter | None:
        """None when a value is not one of the filter's (the page answers 404, the API 422)."""
        show, level, power = (query.get("show") or ""), (query.get("level") or ""), (query.get("power") or "")
        if show not in dict(FILTERS) or (level and level not in R.Level.values) or (power and not str(power).isdigit()):
            return None
        return cls(show=show, level=level, power=int(power) if power else None)


def due_within(today: datetime.date) -> datetime.date:
    return today + datetime.timedelta(days=R.REVIEW_WITHIN_DAYS)


def ledger(user, org: PartyOrg, flt: RiskFilter, today: datetime.date):
    rows = IntegrityRisk.objects.visible_to(user).filter(org__path__startswith=org.path)
    if flt.show == "closed":
        rows = rows.filter(state=R.RiskState.CLOSED)
    elif flt.show == "due":
        rows = rows.filter(state=R.RiskState.ACTIVE, review_due__lte=due_within(today))
    elif flt.show != "all":
        rows = rows.filter(state=R.RiskState.ACTIVE)
    if flt.level:
        rows = rows.filter(level=flt.level)
    if flt.power:
        rows = rows.filter(power_id=flt.power)
    return rows.select_related("org", "power", "owner").order_by("org__path", "review_due", "id")


def mark(risk: IntegrityRisk, today: datetime.date) -> IntegrityRisk:
    """Set the review status the pages show (colour and words)."""
    if risk.state == R.RiskState.CLOSED:
        risk.status, risk.status_label = "na", "已销号"
    else:
        risk.status, risk.status_label = R.review_state(risk.review_due, today)
    return risk


def due_count(user, org: PartyOrg, today: datetime.date) -> dict[str, int]:
    """Active risks of the subtree past their review date, and due within the notice."""
    found = (IntegrityRisk.objects.visible_to(user).filter(org__path__startswith=org.path, state=R.RiskState.ACTIVE)
             .aggregate(overdue=Count("pk", filter=Q(review_due__lt=today)),
                        soon=Count("pk", filter=Q(review_due__gte=today, review_due__lte=due_within(today)))))
    return {"overdue": found["overdue"] or 0, "soon": found["soon"] or 0}


def level_counts(user, org: PartyOrg) -> dict[str, int]:
    rows = (IntegrityRisk.objects.visible_to(user).filter(org__path__startswith=org.path, state=R.RiskState.ACTIVE)
            .values("level").annotate(n=Count("pk")))
    return {r["level"]: r["n"] for r in rows}


def power_risk_counts(user, power_ids: list[int]) -> dict[int, tuple[int, str]]:
    """For decisions' 小微权力清单: {power id: (active risks, link to them)} for the powers whose
    school's ledger the user may read (a power out of that right is left out: no line shown)."""
    from dangjian.decisions.models import Power

    scope = scope_of(user)
    powers = Power.objects.filter(pk__in=power_ids).select_related("org")
    readable = {p.pk: p.org_id for p in powers if scope.allows(Action.RISK_VIEW, p.org.path)}
    if not readable:
        return {}
    counts = dict(IntegrityRisk.objects.filter(power_id__in=readable, state=R.RiskState.ACTIVE)
                  .values("power_id").annotate(n=Count("pk")).values_list("power_id", "n"))
    base = reverse("supervision:integrity_risks")
    return {pk: (counts.get(pk, 0), f"{base}?org={org_id}&power={pk}") for pk, org_id in readable.items()}
