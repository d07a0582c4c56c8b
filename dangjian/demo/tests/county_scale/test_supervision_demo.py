"""The supervision demo at county scale, written by the bulk path: about 5 % of the 整改 items
overdue, some escalated, and the rules the school scale keeps hold here too. (The school scale,
through the services: ../school_scale/test_supervision_demo.py.)"""

import datetime

import pytest

from dangjian.demo.tests.rules_kept import assert_supervision_rules_hold
from dangjian.supervision.models import RectificationItem
from dangjian.supervision.rules import rectification as R

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.engine_neutral("the county scale is the school scale's generator at a larger size; the school scale "
                               "(through the services) is seeded and checked on PostgreSQL"),
]


def test_about_five_percent_of_the_items_are_overdue_and_the_rules_hold():
    today = datetime.date.today()
    items = RectificationItem.objects.all()
    overdue = items.filter(state__in=R.WORKING_STATES, deadline__lt=today).count()

    assert items.count() > 300
    assert 0.04 <= overdue / items.count() <= 0.06
    assert items.filter(escalated_on__isnull=False).exists()
    assert_supervision_rules_hold(today)


def test_each_bulk_disclosed_item_holds_what_its_source_builds_for_its_school_alone():
    from dangjian.supervision.models import DisclosureItem
    from dangjian.supervision.sources import get_source

    items = DisclosureItem.objects.exclude(source_key="").select_related("org").order_by("id")
    assert items.count() > 300
    for item in items[::25]:
        content = get_source(item.source_key).build(item.org, item.source_year)
        assert (item.title, item.body, item.table) == (content.title, content.body, content.table()), item.pk
