"""The 师德师风 demo at school scale: last year's assessment of every teacher of schools A and B,
three violations (two in school A, one in school B) that veto their teachers today, and school A's
评优 matter naming a teacher whom the veto lets through."""

import datetime
from collections import Counter

import pytest

from dangjian.decisions.models import Matter
from dangjian.decisions.rules import Category
from dangjian.orgs.models import School
from dangjian.staff.models import EthicsAssessment, EthicsViolation
from dangjian.staff.selectors.ethics import teachers_of_year
from dangjian.staff.services.ethics import ethics_veto

pytestmark = pytest.mark.django_db


def test_every_teacher_is_assessed_and_three_violations_veto_while_the_honours_matter_passes():
    today = datetime.date.today()
    year = today.year - 1
    for school in School.objects.filter(staff__isnull=False).distinct():
        assert EthicsAssessment.objects.filter(staff__school=school, year=year).count() == \
            teachers_of_year(school, year).count() > 0
    violations = list(EthicsViolation.objects.select_related("staff__school"))
    assert len(violations) == 3
    assert sorted(Counter(v.staff.school_id for v in violations).values()) == [1, 2]  # school B, school A
    assert all(ethics_veto(v.staff, today) == v for v in violations)
    matter = Matter.objects.get(category=Category.HONOURS, persons__isnull=False)
    assert not {p.pk for p in matter.persons.all()} & {v.staff_id for v in violations}
