"""Reads of 党建工作联系点 and 巡回督导 for the pages, the API and the to-do: always from
`visible_to(user)` (a school sees what concerns it, a committee its subtree), plus the liaison's
own assignments, which he reads through being their liaison."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone

from dangjian.core.roles import Action
from dangjian.core.scoping import get_visible_or_404, scope_of
from dangjian.orgs.models import School
from dangjian.supervision.models import (
    InspectionResult,
    InspectionRound,
    LiaisonAssignment,
    LiaisonVisit,
    RectificationItem,
)
from dangjian.supervision.rules import liaison as R
from dangjian.supervision.selectors import rectification as ledger

VISIT_ORIGIN = "supervision.liaison_visit:"
INSPECTION_ORIGIN = "supervision.inspection:"


def assignments(user):
    """Assignments the user reads: in scope with liaison.view, or his own."""
    return (LiaisonAssignment.objects.filter(Q(pk__in=LiaisonAssignment.objects.visible_to(user).values("pk"))
                                             | Q(liaison=user))
            .select_related("school", "committee"))


def visits(user):
    return (LiaisonVisit.objects.filter(Q(pk__in=LiaisonVisit.objects.visible_to(user).values("pk"))
                                        | Q(assignment__liaison=user))
            .select_related("school", "assignment"))


@dataclass
class AssignmentRow:
    assignment: LiaisonAssignment
    done: int                 # visits made in the year
    this_half: bool           # a visit made in the current half year
    planned: datetime.date | None

    expected: int = 0         # visits the year's rule asks for by the end of the current half

    @property
    def short(self) -> bool:
        return self.done < self.expected

    @property
    def due(self) -> bool:
        return not self.this_half or self.short


def assignment_rows(qs, today: datetime.date) -> list[AssignmentRow]:
    start, end = R.half_of(today)
    rows = []
    for a in qs:
        made = [v for v in a.visits.all() if v.state == R.VisitState.DONE]
        planned = sorted(v.planned_on for v in a.visits.all() if v.state == R.VisitState.PLANNED and v.planned_on)
        rows.append(AssignmentRow(a, done=len(made),
                                  this_half=any(start <= v.visited_on <= end for v in made if v.visited_on),
                                  planned=planned[0] if planned else None,
                                  expected=R.expected_by(a.visits_required, today) if a.year == today.year else 0))
    return rows


def due_assignments(qs, today: datetime.date) -> list[AssignmentRow]:
    return [r for r in assignment_rows(qs.filter(year=today.year).prefetch_related("visits"), today) if r.due]


def pending_results(user, committee_path: str):
    """Schools of the committee's open rounds not yet inspected."""
    return (InspectionResult.objects.visible_to(user)
            .filter(round__committee__path__startswith=committee_path, round__state=R.RoundState.OPEN,
                    inspected_on__isnull=True).select_related("round", "school"))


def rounds(user):
    return InspectionRound.objects.visible_to(user).select_related("committee")


def results_of_school(user, school):
    return (InspectionResult.objects.visible_to(user).filter(school=school)
            .select_related("round").prefetch_related("scores__entry").order_by("-round__starts_on"))


def items_from(user, origin_prefix: str, pks) -> dict[int, list[RectificationItem]]:
    """pk → the rectification items a visit (or an inspection result) raised, that the user may see."""
    found: dict[int, list[RectificationItem]] = {pk: [] for pk in pks}
    if not found:
        return found
    origins = [f"{origin_prefix}{pk}" for pk in found]
    qs = (RectificationItem.objects.visible_to(user).filter(batch__origin__in=origins)
          .select_related("batch").order_by("batch_id", "number"))
    today = timezone.localdate()
    for item in qs:
        ledger.mark(item, today)
        found[int(item.batch.origin.rsplit(":", 1)[1])].append(item)
    return found


def school_for(user, pk: int) -> School:
    """A school's record: its liaison reads it; otherwise liaison.view on the school (not visible: 404)."""
    if LiaisonAssignment.objects.filter(liaison=user, school_id=pk).exists():
        return School.objects.select_related("party_org", "supervisor").get(pk=pk)
    school = get_visible_or_404(School.objects.visible_to(user).select_related("party_org", "supervisor"), pk=pk)
    if not scope_of(user).allows(Action.LIAISON_VIEW, school.audit_org_path):
        raise PermissionDenied(f"您的职务不含“{Action.LIAISON_VIEW.label}”的权限")
    return school
