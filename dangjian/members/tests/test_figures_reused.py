"""The statistics page and the member list's count are counted once and reused (a snapshot,
dangjian.core.snapshots) until an audited write reaches their range: a second visit reads no
member row for them, the page says when its figures were counted, and a member received, or
transferred out of the range, is counted at the very next visit — on both sides of a transfer.

The world (dangjian.testing): county A has 15 members, county B 1 (韩磊, 西城区第二中学第一党支部)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dangjian.members import services
from dangjian.members.services import transfers
from dangjian.testing import login, make_id_number

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def visit(client, name, **params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse(name), params)
    assert response.status_code == 200
    return response, [q["sql"] for q in captured.captured_queries]


def reading(sqls, table):
    return [sql for sql in sqls if f'FROM "{table}"' in sql]


def receive(world, serial=901):
    return services.receive_from_outside(
        org=world.branch_a, name="周新", id_number=make_id_number(datetime.date(1990, 5, 5), serial),
        received_on=TODAY, other_org_name="外省某中学党支部", letter_number="外转〔2026〕8号",
        joined_on=datetime.date(2015, 7, 1), confirmed_on=datetime.date(2016, 7, 1), acting_user=world.secretary_a)


def test_the_statistics_are_counted_once_and_the_page_says_when(client, world):
    login(client, world.county_admin)
    first, _ = visit(client, "members:stats", within=world.county_a.pk)
    second, sqls = visit(client, "members:stats", within=world.county_a.pk)
    assert first.context["stats"].total == second.context["stats"].total == 15
    assert not [sql for sql in sqls if "members_membership" in sql], "the figures come from the snapshot"
    assert "数据截至" in second.content.decode()
    assert second.context["computed_at"] == first.context["computed_at"]


def test_a_member_received_in_the_range_is_counted_at_the_next_visit(client, world):
    login(client, world.county_admin)
    assert visit(client, "members:stats", within=world.county_a.pk)[0].context["stats"].total == 15
    receive(world)
    assert visit(client, "members:stats", within=world.county_a.pk)[0].context["stats"].total == 16


def test_a_transfer_is_counted_on_both_sides_at_the_next_visit(client, world):
    """The transfer's audit entry is placed at the receiving organization; the sending county's
    figures must not keep the member who left."""
    login(client, world.city_admin)
    transfer = transfers.start_transfer(world.m_member_a, to_org=world.branch_c1, letter_number="东一中组〔2026〕5号",
                                        requested_on=TODAY, acting_user=world.secretary_a)
    # counted while the letter is pending: the member is still county A's
    for county, total in ((world.county_a, 15), (world.county_b, 1)):
        assert visit(client, "members:stats", within=county.pk)[0].context["stats"].total == total
    transfers.accept_transfer(transfer, decided_on=TODAY, acting_user=world.county_b_admin)
    for county, total in ((world.county_a, 14), (world.county_b, 2)):
        assert visit(client, "members:stats", within=county.pk)[0].context["stats"].total == total


def test_the_lists_count_is_reused_and_follows_a_change(client, world):
    login(client, world.secretary_a)
    first, _ = visit(client, "members:list")
    second, sqls = visit(client, "members:list")
    assert first.context["page_obj"].paginator.count == second.context["page_obj"].paginator.count == 10
    assert not [sql for sql in reading(sqls, "members_member") if "COUNT(" in sql], "the count is the snapshot's"
    receive(world)
    third, _ = visit(client, "members:list")
    assert third.context["page_obj"].paginator.count == 11
    assert len(third.context["page_obj"].object_list) == 11


def test_each_filter_has_its_own_count(client, world):
    login(client, world.secretary_a)
    everyone = visit(client, "members:list")[0].context["page_obj"].paginator.count
    women = visit(client, "members:list", gender="female")[0].context["page_obj"].paginator.count
    assert (everyone, women) == (10, 4)
