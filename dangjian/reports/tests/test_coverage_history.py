"""The coverage history (issue 18, seed 001's "覆盖率由87%提高到100%"): a school is covered from the
day it came under a party organization (attach_school records it), the coverage as of a past day
counts the schools open then and covered then (orgs.selectors.coverage_on), the 全景 shows that
day's figures beside today's, for any day the committee picks, and the summary states the change."""

from __future__ import annotations

import datetime

from django.test import Client
from django.utils import timezone

from dangjian.orgs import services
from dangjian.orgs.models import School
from dangjian.orgs.selectors import coverage_on, opened_between
from dangjian.reports.committee_summary import coverage_sentence
from dangjian.reports.coverage_change import coverage_change
from dangjian.testing import login

URL = "/reports/panorama/"
D = datetime.timedelta


def _dated(w, today: datetime.date) -> datetime.date:
    """County A's schools with their history; returns the day two years back."""
    before = today - D(days=730)
    School.objects.filter(pk=w.school_a.pk).update(opened_on=today - D(days=10_000))   # covered: no date
    School.objects.filter(pk=w.school_b.pk).update(opened_on=before + D(days=100), covered_on=before + D(days=100))
    School.objects.filter(pk=w.school_d1.pk).update(covered_on=before - D(days=100))   # opened: no date
    School.objects.filter(pk=w.school_d2.pk).update(opened_on=before - D(days=1000), covered_on=before + D(days=200))
    School.objects.filter(pk=w.school_p.pk).update(opened_on=before - D(days=500))
    return before


def test_coverage_as_of_a_past_day_counts_the_schools_open_and_covered_then(world):
    w, today = world, timezone.localdate()
    before = _dated(w, today)

    then, now = coverage_on(w.county_a, before), coverage_on(w.county_a, today)
    # Then: school B not open yet, D2 not yet in the joint branch; the private school never covered.
    assert (then.public_schools, then.public_covered, then.private_schools, then.private_covered) == (3, 2, 1, 0)
    assert then.public_rate == 66.67
    assert (now.public_schools, now.public_covered, now.private_schools, now.private_covered) == (4, 4, 1, 0)
    assert now.public_rate == 100.0
    opened = opened_between(w.county_a, before, today)
    assert (opened.schools, opened.with_org) == (1, 1)   # school B, with its branch from the first day


def test_attaching_records_since_when_a_school_is_covered(world):
    w, day = world, datetime.date(2025, 9, 1)

    school = services.attach_school(w.school_p, w.joint, on=day)
    assert school.covered_on == day
    # Moved to another organization: covered all along, since the first day.
    school = services.attach_school(school, w.branch_b, on=datetime.date(2026, 1, 1))
    assert school.covered_on == day
    # Left without one: not covered, and a later attachment starts again (today by default).
    school = services.attach_school(school, None, reason="other")
    assert school.covered_on is None
    assert services.attach_school(school, w.joint).covered_on == timezone.localdate()


def test_the_panorama_shows_the_coverage_then_and_now_for_the_day_asked(world):
    w, today = world, timezone.localdate()
    before = _dated(w, today)
    client = Client()
    login(client, w.county_admin)

    response = client.get(f"{URL}?org={w.county_a.pk}&since={before:%Y-%m-%d}")
    assert response.status_code == 200
    coverage = response.context["coverage"]
    assert (coverage.since, coverage.then.public_rate, coverage.now.public_rate) == (before, 66.67, 100.0)
    html = response.content.decode()
    assert "组织覆盖率变化" in html and "66.67%（2 / 3 所）" in html and "100.0%（4 / 4 所）" in html
    assert "期间新建学校 1 所，其中 1 所同步建立党组织" in html
    # The summary says it the way seed 001 does.
    assert coverage_sentence(coverage) == (
        f"与{before:%Y年%-m月%-d日}相比，公办学校党组织覆盖率由66.67%提高到100.0%，民办学校党组织覆盖率为0.0%；"
        "期间新建学校1所，其中1所同步建立党组织。")
    # 在职 and 离退休 add up to the members shown.
    assert response.context["in_service"] + response.context["retired"] == response.context["total"].members

    # No date: two years back. A date that is none, or not in the past: the same, saying so.
    assert coverage_change(w.county_a, None, today).since.year == today.year - 2
    for since in ("2024-13-01", "明年", (today + D(days=1)).isoformat()):
        coverage = coverage_change(w.county_a, since, today)
        assert coverage.error and coverage.since.year == today.year - 2
