"""The decisions demo keeps the rules it demonstrates (rules_kept.assert_decision_rules_hold): the
bulk path, used beyond the first schools at county and city scale, writes the same story as the
services — checked at school scale in school_scale/test_decisions_demo.py."""

import datetime
import random

from dangjian.decisions import selectors
from dangjian.decisions.models import AgendaItem, DecisionMeeting, Matter
from dangjian.demo import decisions as story
from dangjian.demo.decisions import DecisionCounts
from dangjian.demo.decisions_bulk import write_bulk
from dangjian.demo.tests.rules_kept import assert_decision_rules_hold
from dangjian.orgs.models import School


def test_the_bulk_path_tells_the_same_story_with_the_same_rules(world):
    from dangjian.core.roles import Post
    from dangjian.orgs.models import Position

    for name, post in (("马强", Post.DEPUTY_SECRETARY), ("胡敏", Post.PUBLICITY_MEMBER)):
        Position.objects.create(org=world.branch_a, post=post, person_name=name, started_on=datetime.date(2023, 1, 1))
    counts = DecisionCounts()
    schools = list(School.objects.filter(party_org__isnull=False).select_related("party_org"))
    write_bulk(schools, random.Random(3), datetime.date.today(), 10, counts, story)
    assert counts.matters == Matter.objects.count() > 20 and counts.meetings == DecisionMeeting.objects.count()
    assert_decision_rules_hold()
    rows = selectors.oversight(world.city.path, datetime.date.today(), None)
    assert sum(r.decided for r in rows) == AgendaItem.objects.exclude(verdict="deferred").count()
