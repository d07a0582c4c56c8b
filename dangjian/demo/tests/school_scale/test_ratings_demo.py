"""The 评星定级 demo at school scale keeps the rules it demonstrates: five granted years and the
current one under way, every star the one its final score earns, every changed score with its
reason, the cap kept, the standard labelled as an example, and every 摘星 with its situation,
notice and 整顿 plan. (The plan of bands at city scale: ../test_ratings_demo.py.)"""

import datetime

import pytest

from dangjian.appraisal.models import ItemScore, Revocation, StandardSet, StarRating
from dangjian.appraisal.rules import rating as R
from dangjian.orgs.models import SCHOOL_ORG_KINDS, PartyOrg

pytestmark = pytest.mark.django_db


def test_five_granted_years_and_the_current_one_under_way_through_the_services():
    today = datetime.date.today()
    orgs = PartyOrg.objects.filter(kind__in=SCHOOL_ORG_KINDS, is_active=True).count()
    years = sorted(set(StarRating.objects.values_list("year", flat=True)))
    assert len(years) == 6 and years[-1] == today.year
    for year in years[:-1]:
        granted = StarRating.objects.filter(year=year).exclude(state__in=[R.State.GRANTED, R.State.REVOKED])
        assert not granted.exists() and StarRating.objects.filter(year=year).count() == orgs
    current = StarRating.objects.filter(year=years[-1])
    assert set(current.values_list("state", flat=True)) <= {R.State.DRAFT, R.State.SUBMITTED, R.State.REVIEWED}
    assert current.filter(state=R.State.DRAFT).exists() and current.exclude(state=R.State.DRAFT).exists()
    for rating in StarRating.objects.filter(state=R.State.GRANTED).select_related("standard"):
        levels = list(rating.standard.levels.values_list("stars", "min_score"))
        assert rating.stars == R.stars_for(rating.final_score, levels)
        cap = R.five_star_limit(rating.standard.five_star_cap, orgs)
        assert StarRating.objects.filter(year=rating.year, stars=5, state=R.State.GRANTED).count() <= cap
    assert not ItemScore.objects.filter(review_score__isnull=False, review_reason="").exists()
    assert not ItemScore.objects.filter(check_score__isnull=False, check_reason="").exists()
    assert all(s.is_example and "并非上级文件原文" in s.note for s in StandardSet.objects.all())
    for revocation in Revocation.objects.select_related("rating"):
        assert revocation.rating.state == R.State.REVOKED and revocation.facts and revocation.notice_no
        assert revocation.weak.tasks.exists()
