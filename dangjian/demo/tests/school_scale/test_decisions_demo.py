"""The decisions demo at school scale, written through the services: two years of matters for
every demo school, no 三重一大 matter executed without a passed decision, every verdict agreeing
with its numbers. (The bulk path used at county and city scale: ../test_decisions_demo.py.)"""

import datetime

import pytest
from django.db.models import F

from dangjian.decisions.models import DecisionMeeting, Expenditure, Matter
from dangjian.demo.tests.rules_kept import assert_decision_rules_hold
from dangjian.orgs.models import School

pytestmark = pytest.mark.django_db


def test_two_years_of_matters_for_the_demo_schools_through_the_services():
    assert Matter.objects.values("org").distinct().count() == School.objects.filter(party_org__isnull=False).count()
    oldest = Matter.objects.order_by("raised_on").values_list("raised_on", flat=True).first()
    assert (datetime.date.today() - oldest).days > 600
    assert DecisionMeeting.objects.exists()
    assert_decision_rules_hold()
    # the expenditures of executed money matters are covered by their decision
    assert not Expenditure.objects.filter(matter__isnull=False).exclude(matter__decided_on__lte=F("paid_on")).exists()
