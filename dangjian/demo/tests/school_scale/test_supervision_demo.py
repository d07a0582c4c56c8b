"""The supervision demo at school scale keeps the rules it demonstrates: school A's 巡察 of 18
items (15 closed, 3 in progress) through the services, every closed item with evidence and closed
by the county, a year of 党务公开 per school each reviewed and approved before it was published.
(The county scale, the bulk path: ../county_scale/test_supervision_demo.py.)"""

import datetime

import pytest
from django.db.models import Count

from dangjian.demo.tests.rules_kept import assert_supervision_rules_hold
from dangjian.orgs.models import Position
from dangjian.supervision.models import DisclosureItem, Evidence, ItemEvent, RectificationBatch
from dangjian.supervision.rules import disclosure as DR
from dangjian.supervision.rules import rectification as R
from dangjian.supervision.selectors.disclosure import published_to
from dangjian.supervision.selectors.rectification import school_roots

pytestmark = pytest.mark.django_db


def test_school_a_has_its_inspection_of_eighteen_items_fifteen_closed():
    org = Position.objects.get(user__username="secretary_a", post="secretary").org
    batch = RectificationBatch.objects.get(org=org, source=R.Source.INSPECTION)

    states = dict(batch.items.values_list("state").annotate(n=Count("id")))
    assert states == {R.ItemState.CLOSED: 15, R.ItemState.IN_PROGRESS: 3}
    assert batch.issuer.kind == "education_committee" and batch.reported_on is not None
    # closed by the county's admin account, through the service
    approvals = ItemEvent.objects.filter(item__batch=batch, kind=R.EventKind.APPROVED)
    assert approvals.count() == 15 and set(approvals.values_list("actor__username", flat=True)) == {"county_admin"}
    assert Evidence.objects.filter(event__item__batch=batch).count() >= 18


def test_the_rules_hold():
    assert_supervision_rules_hold(datetime.date.today())


def test_a_year_of_disclosure_per_school_and_the_member_sees_the_current_one():
    today = datetime.date.today()
    roots = school_roots(Position.objects.get(user__username="county_admin").org)
    with_items = set(DisclosureItem.objects.values_list("org_id", flat=True))
    assert {org_id for org_id, _ in roots.values()} <= with_items
    oldest = DisclosureItem.objects.order_by("starts_on").values_list("starts_on", flat=True).first()
    assert 300 <= (today - oldest).days <= 366
    from django.contrib.auth import get_user_model

    member = get_user_model().objects.get(username="member_a")
    current = list(published_to(member, today))
    assert current and all(i.state == DR.State.PUBLISHED for i in current)
    assert any("党费交纳情况公示" in i.title for i in current)
