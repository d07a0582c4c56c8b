"""The 民主评议党员 demo at school scale, written through the services: five years of rounds for
every organization that holds members, most members 合格, 优秀 never above the cap, no 预备党员
优秀, counts within the number present, the rare 基本合格 / 不合格 with their tasks. (The bulk path
used at county and city scale: ../test_appraisal_review_demo.py.)"""

import datetime
from collections import Counter

import pytest

from dangjian.appraisal.models import MemberGrade, ReviewRound
from dangjian.appraisal.rules import review as R
from dangjian.core.models import AuditEntry
from dangjian.demo.tests.rules_kept import assert_review_rules_hold

pytestmark = pytest.mark.django_db


def test_five_years_of_rounds_through_the_services_most_members_qualified():
    today = datetime.date.today()
    years = set(ReviewRound.objects.values_list("year", flat=True))
    assert set(range(today.year - 5, today.year)) <= years
    grades = Counter(MemberGrade.objects.values_list("grade", flat=True))
    total = sum(grades.values())
    assert grades[R.Grade.QUALIFIED] > total * 0.6 and grades[R.Grade.EXCELLENT] > 0
    assert grades[R.Grade.BASIC] + grades[R.Grade.UNQUALIFIED] < total * 0.1
    assert AuditEntry.objects.filter(action="appraisal.round.transition").count() >= 6 * len(years)
    past = ReviewRound.objects.filter(year__lt=today.year)
    assert not past.exclude(state=R.Step.APPLIED).exclude(grades__follow_ups__isnull=False).exists()


def test_the_rules_hold_for_every_seeded_round():
    assert_review_rules_hold()
