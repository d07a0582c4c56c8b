"""The 联系点 and 督导 demo at school scale: county A's administrator keeps school A as a liaison
point with a visit made and one planned (due this term), a finding on school A's ledger said to
come from the visit, and one 巡回督导 round with six schools scored and the rest still to do."""

import pytest

from dangjian.orgs.models import Position
from dangjian.supervision.models import InspectionRound, LiaisonAssignment, RectificationBatch
from dangjian.supervision.rules import liaison as R

pytestmark = pytest.mark.django_db


def test_school_a_is_the_county_admins_liaison_point_with_a_visit_due_and_a_finding_on_its_ledger():
    org = Position.objects.get(user__username="secretary_a", post="secretary").org
    a = LiaisonAssignment.objects.get(liaison__username="county_admin", school__party_org=org)

    assert a.visits_required >= R.MIN_VISITS_PER_YEAR
    assert a.visits.filter(state=R.VisitState.PLANNED).exists()
    if a.visits.filter(state=R.VisitState.DONE).exists():  # a year past its first half
        batch = RectificationBatch.objects.get(org=org, source="liaison")
        assert batch.items.count() == 1 and batch.issuer == a.committee


def test_one_round_scores_six_schools_within_the_checklist_and_leaves_the_rest_to_do():
    rnd = InspectionRound.objects.get()
    full = sum(e.max_score for e in rnd.checklist.all())

    done = rnd.results.filter(inspected_on__isnull=False)
    assert full == 100 and done.count() == min(6, rnd.results.count())
    assert all(0 <= r.total <= full for r in done)
    assert RectificationBatch.objects.filter(origin__startswith="supervision.inspection:").count() == 2
