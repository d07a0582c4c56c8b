"""Reads of the 整改台账: the ledger with its one filter (page, export and API alike), the
subtree overview per school, and the to-do lists — each in a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Count, F, Q, QuerySet

from dangjian.core.roles import Action
from dangjian.core.scoping import scope_of
from dangjian.orgs.models import PartyOrg
from dangjian.orgs.selectors import school_roots
from dangjian.supervision.models import RectificationItem
from dangjian.supervision.rules import rectification as R

# What the ledger's state filter offers: the stored states, and "overdue" (working and late).
STATE_FILTERS = [("overdue", "已逾期"), ("open_all", "未销号（全部）"), *R.ItemState.choices]


@dataclass(frozen=True)
class ItemFilter:
    """The ledger's filter, one definition for the page, the .xlsx and the API."""

    state: str = ""
    source: str = ""
    q: str = ""
    batch: int | None = None

    @classmethod
    def from_query(cls, data) -> ItemFilter | None:
        """From a query string; None when a value is not one the filter knows (the page answers 404)."""
        state, source = (data.get("state") or "").strip(), (data.get("source") or "").strip()
        if state and state not in dict(STATE_FILTERS) or source and source not in R.Source.values:
            return None
        raw_batch = (data.get("batch") or "").strip()
        if raw_batch and not raw_batch.isdigit():
            return None
        return cls(state=state, source=source, q=(data.get("q") or "").strip()[:60],
                   batch=int(raw_batch) if raw_batch else None)

    def apply(self, qs: QuerySet, today: datetime.date) -> QuerySet:
        if self.state == "overdue":
            qs = qs.filter(state__in=R.WORKING_STATES, deadline__lt=today)
        elif self.state == "open_all":
            qs = qs.filter(state__in=R.OPEN_STATES)
        elif self.state:
            qs = qs.filter(state=self.state)
        if self.source:
            qs = qs.filter(batch__source=self.source)
        if self.q:
            qs = qs.filter(Q(problem__icontains=self.q) | Q(owner_name__icontains=self.q) | Q(unit__icontains=self.q))
        if self.batch:
            qs = qs.filter(batch_id=self.batch)
        return qs

    def querystring(self) -> str:
        pairs = [("state", self.state), ("source", self.source), ("q", self.q), ("batch", self.batch or "")]
        return "&".join(f"{k}={v}" for k, v in pairs if v)


def visible_items(user):
    """What a user may open: the ledger in their rectification.view scope, and the items whose
    责任人 or 责任领导 they are (an owner with an account but no post still sees their item)."""
    if not getattr(user, "is_authenticated", False):
        return RectificationItem.objects.none()
    return RectificationItem.objects.filter(Q(pk__in=RectificationItem.objects.visible_to(user).values("pk"))
                                            | Q(owner=user) | Q(leader=user))


def ledger(user, org: PartyOrg, item_filter: ItemFilter, today: datetime.date) -> QuerySet:
    """The items of `org`'s subtree the user may see, filtered, in ledger order."""
    qs = (RectificationItem.objects.visible_to(user).filter(org__path__startswith=org.path)
          .select_related("org", "batch", "batch__issuer"))
    return item_filter.apply(qs, today).order_by("org__path", "-batch__issued_on", "batch_id", "number")


def mark(item: RectificationItem, today: datetime.date) -> RectificationItem:
    """The status colour and words every page shows (rules.rectification.status_of)."""
    item.status, item.status_label = R.status_of(item.state, item.deadline, today)
    item.overdue = R.is_overdue(item.state, item.deadline, today)
    return item


# --- the overview per school ------------------------------------------------------------------------

@dataclass
class OverviewRow:
    org_id: int
    name: str
    path: str
    total: int = 0
    open: int = 0          # not yet closed (working or waiting for 销号)
    overdue: int = 0
    requested: int = 0
    closed: int = 0
    escalated: int = 0

    @property
    def closed_rate(self) -> float | None:
        return round(100 * self.closed / self.total, 1) if self.total else None

    @property
    def level(self) -> str:
        return "danger" if self.overdue else "warning" if self.requested else "ok"


@dataclass
class Overview:
    rows: list[OverviewRow]
    total: OverviewRow = field(default_factory=lambda: OverviewRow(0, "合计", ""))


def overview(root: PartyOrg, today: datetime.date) -> Overview:
    """Open / overdue / waiting / closed items per school of the subtree, in two queries: the
    school-level organizations, and one grouped count of the items by organization path."""
    roots = school_roots(root)
    steps = sorted({len(p) for p in roots})
    working = Q(state__in=R.WORKING_STATES)
    counts = (RectificationItem.objects.filter(org__path__startswith=root.path).values("org__path").order_by()
              .annotate(total=Count("id"), closed=Count("id", filter=Q(state=R.ItemState.CLOSED)),
                        requested=Count("id", filter=Q(state=R.ItemState.REQUESTED)),
                        overdue=Count("id", filter=working & Q(deadline__lt=today)),
                        escalated=Count("id", filter=working & Q(escalated_on__isnull=False))))
    rows: dict[str, OverviewRow] = {}
    result = Overview(rows=[])
    for c in counts:
        path = c["org__path"]
        school = next((path[:n] for n in steps if path[:n] in roots), None)
        if school is None:  # an item of the committee itself, outside any school
            school = path
            roots.setdefault(path, (0, "（上级党组织本级）"))
        row = rows.get(school)
        if row is None:
            org_id, name = roots[school]
            row = rows[school] = OverviewRow(org_id, name, school)
        for target in (row, result.total):
            target.total += c["total"]
            target.closed += c["closed"]
            target.requested += c["requested"]
            target.overdue += c["overdue"]
            target.escalated += c["escalated"]
            target.open += c["total"] - c["closed"]
    result.rows = sorted(rows.values(), key=lambda r: (-r.overdue, -r.requested, -r.open, r.path))
    return result


# --- to-do lists ------------------------------------------------------------------------------------

def _approvable(user) -> Q:
    """Items whose 销号 the user decides (services.rectification.may_approve, as a filter): under a
    rectification.issue post, strictly below it, raised by that level (or above) or by the item's
    own organization (whose approval level is the one above it)."""
    if scope_of(user).is_superuser:
        return Q()
    parts = [Q(org__path__startswith=p) & ~Q(org__path=p) & (Q(batch__issuer__path__startswith=p)
                                                              | Q(batch__issuer=F("org")))
             for p in scope_of(user).paths_for(Action.RECTIFICATION_ISSUE)]
    return reduce(or_, parts) if parts else Q(pk__in=[])


def awaiting_decision(user, org: PartyOrg) -> QuerySet:
    """申请销号 the user may decide, oldest request first."""
    return (RectificationItem.objects.filter(_approvable(user), org__path__startswith=org.path,
                                             state=R.ItemState.REQUESTED)
            .select_related("org", "batch", "batch__issuer").order_by("requested_on", "pk"))


def overdue_in(user, org: PartyOrg, today: datetime.date) -> QuerySet:
    """Overdue items of the subtree the user sees, escalated ones first, the latest deadline last."""
    return (RectificationItem.objects.visible_to(user).filter(org__path__startswith=org.path,
                                                              state__in=R.WORKING_STATES, deadline__lt=today)
            .select_related("org", "batch").order_by(F("escalated_on").asc(nulls_last=True), "deadline", "pk"))


def returned_in(user, org: PartyOrg) -> QuerySet:
    return (RectificationItem.objects.visible_to(user, Action.RECTIFICATION_MANAGE)
            .filter(org__path__startswith=org.path, state=R.ItemState.RETURNED).select_related("org", "batch"))


def mine(user) -> QuerySet:
    """The items whose 责任人 or 责任领导 the user is (account linked), not yet closed."""
    return (RectificationItem.objects.filter(Q(owner=user) | Q(leader=user), state__in=R.OPEN_STATES)
            .select_related("org", "batch").order_by("deadline", "pk"))
