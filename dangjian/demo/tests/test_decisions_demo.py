"""The decisions demo keeps the rules it demonstrates: at school scale through the services, and
the bulk path (used beyond the first schools at county and city scale) writes the same story."""

import datetime
import random

import pytest
from django.db.models import F

from dangjian.decisions import selectors
from dangjian.decisions.models import AgendaItem, DecisionMeeting, Expenditure, Matter
from dangjian.decisions.rules import State, passes, quorate
from dangjian.demo import decisions as story
from dangjian.demo.decisions import DecisionCounts
from dangjian.demo.decisions_bulk import write_bulk
from dangjian.demo.tests.seeding import seed
from dangjian.orgs.models import School

pytestmark = pytest.mark.django_db
EXECUTED = [State.EXECUTING, State.CLOSED, State.REPORTED]


def assert_rules_hold():
    """No 三重一大 matter executed without a passed decision; every verdict agrees with its numbers."""
    executed = Matter.objects.filter(is_major=True, state__in=EXECUTED)
    assert executed.exists()
    assert not executed.exclude(agenda_items__verdict="passed").exists()
    for item in AgendaItem.objects.select_related("meeting", "matter").exclude(verdict="deferred"):
        size = item.meeting.body_size
        assert quorate(item.eligible, size, personnel=item.matter.personnel)
        assert passes(item.votes_for, size) == (item.verdict == "passed")


def test_two_years_of_matters_for_the_demo_schools_through_the_services():
    seed("school")
    assert Matter.objects.values("org").distinct().count() == School.objects.filter(party_org__isnull=False).count()
    oldest = Matter.objects.order_by("raised_on").values_list("raised_on", flat=True).first()
    assert (datetime.date.today() - oldest).days > 600
    assert DecisionMeeting.objects.exists()
    assert_rules_hold()
    # the expenditures of executed money matters are covered by their decision
    assert not Expenditure.objects.filter(matter__isnull=False).exclude(matter__decided_on__lte=F("paid_on")).exists()


def test_the_bulk_path_tells_the_same_story_with_the_same_rules(world):
    from dangjian.core.roles import Post
    from dangjian.orgs.models import Position

    for name, post in (("马强", Post.DEPUTY_SECRETARY), ("胡敏", Post.PUBLICITY_MEMBER)):
        Position.objects.create(org=world.branch_a, post=post, person_name=name, started_on=datetime.date(2023, 1, 1))
    counts = DecisionCounts()
    schools = list(School.objects.filter(party_org__isnull=False).select_related("party_org"))
    write_bulk(schools, random.Random(3), datetime.date.today(), 10, counts, story)
    assert counts.matters == Matter.objects.count() > 20 and counts.meetings == DecisionMeeting.objects.count()
    assert_rules_hold()
    rows = selectors.oversight(world.city.path, datetime.date.today(), None)
    assert sum(r.decided for r in rows) == AgendaItem.objects.exclude(verdict="deferred").count()
