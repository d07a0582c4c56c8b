"""Reads of 议事决策: one filter per list, reused by the pages, the API and the oversight.

Every read starts from `visible_to(user)` (decisions.view on the organization); the oversight
starts from a subtree the user oversees (decisions.oversee), checked by the page."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Q

from dangjian.decisions.models import AgendaItem, DecisionMeeting, Expenditure, Matter
from dangjian.decisions.rules import State, Verdict

DECIDED = [State.PASSED, State.EXECUTING, State.CLOSED, State.REPORTED]
DUE_SOON_DAYS = 14


def matters_in(user, org, *, state="", category="", major="", q="", owner=None):
    qs = Matter.objects.visible_to(user).filter(org__path__startswith=org.path).select_related("org")
    if state:
        qs = qs.filter(state=state)
    if category:
        qs = qs.filter(category=category)
    if major in ("1", "0"):
        qs = qs.filter(is_major=major == "1")
    if q:
        qs = qs.filter(title__icontains=q[:60])
    if owner is not None:
        qs = qs.filter(owner=owner)
    return qs.order_by("-raised_on", "-id")


def state_counts(user, org) -> dict[str, int]:
    rows = (Matter.objects.visible_to(user).filter(org__path__startswith=org.path)
            .values_list("state").annotate(n=Count("id")))
    counts = dict.fromkeys(State.values, 0)
    counts.update(dict(rows))
    return counts


def mark(matter: Matter, today: datetime.date) -> Matter:
    """The status word and colour of a matter in a list (never colour alone)."""
    if matter.state == State.EXECUTING and matter.deadline:
        if matter.deadline < today:
            matter.status, matter.status_label = "danger", f"逾期 {(today - matter.deadline).days} 天"
        elif (matter.deadline - today).days <= DUE_SOON_DAYS:
            matter.status, matter.status_label = "warning", "即将到期"
        else:
            matter.status, matter.status_label = "ok", "按期推进"
    elif matter.state in (State.CLOSED, State.REPORTED):
        late = matter.deadline and matter.closed_on and matter.closed_on > matter.deadline
        matter.status, matter.status_label = ("warning", "逾期办结") if late else ("ok", "已办结")
    elif matter.state in (State.REJECTED, State.WITHDRAWN):
        matter.status, matter.status_label = "na", State(matter.state).label
    else:
        matter.status, matter.status_label = "na", State(matter.state).label
    return matter


def meetings_in(user, org):
    return (DecisionMeeting.objects.visible_to(user).filter(org__path__startswith=org.path).select_related("org")
            .annotate(items_count=Count("items")).order_by("-held_on", "-id"))


# --- oversight --------------------------------------------------------------------------------

@dataclass
class OversightRow:
    org_id: int
    name: str = ""
    decided: int = 0
    passed: int = 0
    major: int = 0
    meetings: int = 0
    non_quorate: int = 0
    executing: int = 0
    overdue: int = 0
    closed_late: int = 0
    large: int = 0
    undecided_large: int = 0
    problems: int = field(default=0)

    @property
    def non_quorate_rate(self) -> float:
        return self.non_quorate / self.meetings if self.meetings else 0.0


def _covered():
    """An expenditure is covered by a decision taken (passed) on or before the day it was paid;
    one decided afterwards (事后补办) is not."""
    return Exists(Matter.objects.filter(pk=OuterRef("matter_id"), state__in=DECIDED, decided_on__lte=OuterRef("paid_on")))


def uncovered_expenditures(root_path: str, start: datetime.date | None):
    qs = (Expenditure.objects.filter(org__path__startswith=root_path, above_threshold=True).exclude(_covered())
          .select_related("org", "matter").order_by("-paid_on", "-id"))
    return qs.filter(paid_on__gte=start) if start else qs


def oversight(root_path: str, today: datetime.date, start: datetime.date | None,
              end: datetime.date | None = None) -> list[OversightRow]:
    """Per school organization of the subtree: decisions taken, meetings and how many were not
    quorate, execution delays, large expenditures and those no decision covers. Four grouped
    queries, whatever the number of schools. `end` (included) closes the period where a past
    year is asked for (the 评星定级 of that year); the oversight page leaves it open."""
    rows: dict[int, OversightRow] = {}

    def row(org_id):
        return rows.setdefault(org_id, OversightRow(org_id))

    items = AgendaItem.objects.filter(meeting__org__path__startswith=root_path).exclude(verdict="")
    matters = Matter.objects.filter(org__path__startswith=root_path)
    meetings = DecisionMeeting.objects.filter(org__path__startswith=root_path)
    large = Expenditure.objects.filter(org__path__startswith=root_path, above_threshold=True)
    if start:
        items = items.filter(meeting__held_on__gte=start)
        matters = matters.filter(raised_on__gte=start)
        meetings = meetings.filter(held_on__gte=start)
        large = large.filter(paid_on__gte=start)
    if end:
        items = items.filter(meeting__held_on__lte=end)
        matters = matters.filter(raised_on__lte=end)
        meetings = meetings.filter(held_on__lte=end)
        large = large.filter(paid_on__lte=end)
    late = Q(closed_on__isnull=False, deadline__isnull=False, closed_on__gt=F("deadline"))
    groups = [
        (items.exclude(verdict=Verdict.DEFERRED), "meeting__org_id",
         {"decided": Count("id"), "passed": Count("id", filter=Q(verdict=Verdict.PASSED))}),
        (matters, "org_id", {"major": Count("id", filter=Q(is_major=True)),
                             "executing": Count("id", filter=Q(state=State.EXECUTING)),
                             "overdue": Count("id", filter=Q(state=State.EXECUTING, deadline__lt=today)),
                             "closed_late": Count("id", filter=late)}),
        (meetings, "org_id", {"meetings": Count("id"), "non_quorate": Count("id", filter=Q(quorate=False))}),
        (large.annotate(ok=_covered()), "org_id",
         {"large": Count("id"), "undecided_large": Count("id", filter=Q(ok=False))}),
    ]
    for qs, key, figures in groups:
        for values in qs.values(key).annotate(**figures).values_list(key, *figures).order_by():
            r = row(values[0])
            for name, value in zip(figures, values[1:], strict=True):
                setattr(r, name, value)
    from dangjian.orgs.models import PartyOrg, School

    # by the subtree rather than `pk__in=rows`: a city has some 1,500 such organizations, and a list
    # of that many ids cost more to bind and send than the names of the whole subtree (4,000 rows)
    names = dict(PartyOrg.objects.filter(path__startswith=root_path).values_list("pk", "name"))
    schools = dict(School.objects.filter(party_org__path__startswith=root_path).values_list("party_org_id", "name"))
    for r in rows.values():
        r.name = schools.get(r.org_id) or names.get(r.org_id, "")
        r.problems = r.undecided_large * 3 + r.overdue * 2 + r.non_quorate + r.closed_late
    return sorted(rows.values(), key=lambda r: (-r.problems, r.name))
