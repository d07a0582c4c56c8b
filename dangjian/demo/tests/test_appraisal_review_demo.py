"""The 民主评议党员 demo keeps the rules it demonstrates (rules_kept.assert_review_rules_hold): the
bulk path used beyond the first organizations at county and city scale writes the same story as
the services — checked at school scale in school_scale/test_appraisal_review_demo.py — and a
round of the story never breaks its rules, whatever the draw."""

import datetime
import random

from dangjian.appraisal.models import MemberGrade, ReviewRound
from dangjian.appraisal.rules import review as R
from dangjian.appraisal.selectors.review import roster
from dangjian.demo import appraisal_review as story
from dangjian.demo.tests.rules_kept import assert_review_rules_hold


def test_the_bulk_path_writes_the_same_story_within_the_rules(world):
    counts = story.ReviewCounts()
    today = datetime.date.today()
    orgs = [world.branch_a, world.branch_b, world.joint, world.branch_c1]
    for year in (today.year - 2, today.year - 1):
        story._bulk_year(year, orgs, random.Random(f"test:{year}"), today, counts, last=year == today.year - 1)
    assert ReviewRound.objects.filter(state=R.Step.APPLIED).count() == 8 == counts.rounds
    a = ReviewRound.objects.get(org=world.branch_a, year=today.year - 1)
    assert MemberGrade.objects.filter(round=a).count() == len(roster(a)) == 9  # 林晓 joined in 2026
    assert a.events.count() == len(R.STEPS)
    assert_review_rules_hold()


def test_a_round_of_the_story_never_breaks_its_rules_over_many_draws():
    rng = random.Random("draws")
    for size in range(1, 40):
        entries = [(i, i % 9 == 8) for i in range(size)]
        drawn = story.plan_round(rng, entries, R.NATIONAL)
        full = [m for m, probationary in entries if not probationary]
        assert sum(drawn.grades[m] == R.Grade.EXCELLENT for m in full) <= R.excellent_cap(len(full), R.NATIONAL)
        assert all(sum(v.values()) <= drawn.present for v in drawn.counts.values())
