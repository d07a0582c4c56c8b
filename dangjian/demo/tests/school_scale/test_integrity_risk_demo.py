"""The 廉政风险台账 demo at school scale: every school with a 小微权力清单 has the risk points of each
of its small powers, each with measures and an owner on its staff current when the point was
identified, reviews within the yearly cycle, and the list published to the staff; secretary A's
powers page shows the risks."""

import pytest
from django.db.models import Count

from dangjian.decisions.models import Power
from dangjian.orgs.models import Position
from dangjian.supervision.models import IntegrityRisk, RiskPublication, RiskReview
from dangjian.supervision.rules.integrity_risk import a_year_after
from dangjian.supervision.selectors.integrity_risk import power_risk_counts

pytestmark = pytest.mark.django_db


def test_every_small_power_has_its_risk_points_with_measures_and_an_owner_of_its_school():
    powers = Power.objects.filter(org__schools__isnull=False).distinct()
    assert powers.exists()
    assert not powers.annotate(n=Count("integrity_risks")).filter(n=0).exists()
    for risk in IntegrityRisk.objects.select_related("owner__school", "power"):
        assert risk.measures and risk.owner.school.party_org_id == risk.org_id == risk.power.org_id
        assert risk.owner.employed_from <= risk.identified_on
        assert risk.identified_on < risk.review_due <= a_year_after(risk.identified_on) or risk.reviews.exists()
    for review in RiskReview.objects.select_related("risk"):
        assert review.next_due == a_year_after(review.reviewed_on)
    published = set(RiskPublication.objects.values_list("org_id", flat=True))
    assert published == set(IntegrityRisk.objects.values_list("org_id", flat=True))


def test_secretary_a_sees_the_risks_of_her_schools_powers():
    position = Position.objects.select_related("user").get(user__username="secretary_a", post="secretary")
    ids = list(Power.objects.filter(org=position.org).values_list("pk", flat=True))
    counts = power_risk_counts(position.user, ids)
    assert ids and all(counts[pk][0] >= 1 for pk in ids)
