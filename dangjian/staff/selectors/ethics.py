"""Reads of the ethics ledger: what the pages and the API show, scoped like the register."""

from __future__ import annotations

from collections import Counter

from dangjian.core.roles import Action
from dangjian.staff.models import EthicsAssessment, EthicsViolation, StaffMember
from dangjian.staff.models.register import StaffPost
from dangjian.staff.rules.ethics import EthicsGrade, year_bounds


def teachers_of_year(school, year: int):
    """The teachers assessed for `year`: 专任教师 and school leaders employed at any time in it."""
    return teachers_in_year(year).filter(school=school).order_by("department", "name")


def teachers_in_year(year: int):
    """teachers_of_year of every school (the demo's city assesses them in one batch)."""
    first, last = year_bounds(year)
    from django.db.models import Q

    return (StaffMember.objects.filter(post__in=(StaffPost.TEACHER, StaffPost.LEADER, StaffPost.MIDDLE),
                                       employed_from__lte=last)
            .filter(Q(employed_until__isnull=True) | Q(employed_until__gte=first)))


def ledger(user, school, year: int) -> dict:
    assessments = list(EthicsAssessment.objects.visible_to(user, Action.ETHICS_VIEW)
                       .filter(staff__school=school, year=year).select_related("staff").order_by("staff__name"))
    counts = Counter(a.grade for a in assessments)
    violations = list(EthicsViolation.objects.visible_to(user, Action.ETHICS_VIEW)
                      .filter(staff__school=school).select_related("staff").order_by("-occurred_on", "-id")[:200])
    return {
        "assessments": assessments,
        "grade_counts": [(label, counts.get(code, 0)) for code, label in EthicsGrade.choices],
        "to_assess": teachers_of_year(school, year).exclude(ethics_assessments__year=year).count(),
        "violations": violations,
    }


def history(staff: StaffMember) -> dict:
    return {"assessments": list(staff.ethics_assessments.order_by("-year")),
            "violations": list(staff.ethics_violations.order_by("-occurred_on", "-id"))}
