"""The 民主评议党员 demo keeps the rules it demonstrates: five years of rounds for every organization
that holds members, most members 合格, 优秀 never above the cap, no 预备党员 优秀, counts within the
number present, the rare 基本合格 / 不合格 with their tasks — through the services at school scale,
and the same story from the bulk path used beyond the first organizations at county and city scale."""

import datetime
import random
from collections import Counter

import pytest

from dangjian.appraisal.models import FollowUp, MemberGrade, PollCount, ReviewRound
from dangjian.appraisal.rules import review as R
from dangjian.appraisal.selectors.review import roster
from dangjian.core.models import AuditEntry
from dangjian.demo import appraisal_review as story
from dangjian.demo.tests.seeding import seeded_once

pytestmark = pytest.mark.django_db


def assert_rules_hold():
    for round_ in ReviewRound.objects.select_related("org"):
        grades = list(MemberGrade.objects.filter(round=round_))
        full = sum(1 for e in roster(round_) if not e.probationary)
        excellent = sum(1 for g in grades if g.grade == R.Grade.EXCELLENT)
        assert excellent <= R.excellent_cap(full, R.NATIONAL), round_
        assert not [g for g in grades if g.probationary and g.grade == R.Grade.EXCELLENT]
        if round_.present:
            assert all(c.total <= round_.present for c in PollCount.objects.filter(round=round_))
        low = [g for g in grades if g.grade in (R.Grade.BASIC, R.Grade.UNQUALIFIED)]
        assert FollowUp.objects.filter(grade__in=low, previous__isnull=True).count() == len(low)


@pytest.fixture(scope="class")
def school_seed(django_db_setup, django_db_blocker):
    with seeded_once("school", django_db_blocker):
        yield


@pytest.mark.usefixtures("school_seed")
class TestSchoolScale:
    def test_five_years_of_rounds_through_the_services_most_members_qualified(self):
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

    def test_the_rules_hold_for_every_seeded_round(self):
        assert_rules_hold()


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
    assert_rules_hold()


def test_a_round_of_the_story_never_breaks_its_rules_over_many_draws():
    rng = random.Random("draws")
    for size in range(1, 40):
        entries = [(i, i % 9 == 8) for i in range(size)]
        drawn = story.plan_round(rng, entries, R.NATIONAL)
        full = [m for m, probationary in entries if not probationary]
        assert sum(drawn.grades[m] == R.Grade.EXCELLENT for m in full) <= R.excellent_cap(len(full), R.NATIONAL)
        assert all(sum(v.values()) <= drawn.present for v in drawn.counts.values())
