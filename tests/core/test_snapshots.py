"""The home page's snapshot (dangjian.core.snapshots): computed once, reused by the next visits,
and dropped by the first audited write that can change it — a write in the organization's
subtree or at an organization above it — but not by another school's writes or by a refusal.
The page says when its figures were computed (数据截至)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dangjian.core import audit, snapshots
from dangjian.core.models import AuditEntry
from dangjian.orgs.models import PartyOrg
from dangjian.testing import add_member, login

pytestmark = pytest.mark.django_db


def home(client):
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    return response


def test_the_marks_follow_the_organization_trees_step():
    assert PartyOrg.steplen == snapshots.PATH_STEP
    assert snapshots.marks_for_change("00010002") == ["t:0001", "t:00010002", "n:00010002"]
    assert snapshots.marks_reaching("00010002") == ["n:", "t:00010002", "n:0001", "n:00010002"]


def test_the_second_visit_reads_the_snapshot_and_says_when_it_was_computed(client, world):
    login(client, world.secretary_a)
    first = home(client)
    with CaptureQueriesContext(connection) as second_queries:
        second = home(client)
    assert second.context["as_of"] == first.context["as_of"]
    assert second.context["todo"] == first.context["todo"] and second.context["members"] == first.context["members"]
    # the shell's few and the one asking whether anything changed: none of the figures' or the to-do's
    assert not [q for q in second_queries.captured_queries if "members_member" in q["sql"] and "COUNT(" in q["sql"]]
    assert len(second_queries.captured_queries) < 10
    html = second.content.decode()
    at = timezone.localtime(first.context["as_of"])
    assert f"数据截至 {at.year}年{at.month}月{at.day}日 {at:%H:%M}" in html and 'id="todo"' in html


def test_a_member_added_in_the_school_shows_at_once_there_and_above(client, world):
    login(client, world.secretary_a)
    before = home(client).context["members"]["total"]
    login(client, world.county_admin)
    county_before = home(client).context["members"]["total"]
    add_member(world.branch_a, "新党员")
    assert home(client).context["members"]["total"] == county_before + 1
    login(client, world.secretary_a)
    assert home(client).context["members"]["total"] == before + 1


def test_another_schools_write_leaves_the_snapshot(client, world):
    login(client, world.secretary_a)
    as_of = home(client).context["as_of"]
    add_member(world.branch_b, "别校党员")
    assert home(client).context["as_of"] == as_of


def test_a_change_at_an_organization_above_reaches_down(client, world):
    login(client, world.secretary_a)
    as_of = home(client).context["as_of"]
    audit.record("orgs.rule_switch", org_path=world.county_a.path, actor=world.county_admin)
    assert home(client).context["as_of"] != as_of


def test_a_refusal_changes_nothing(client, world):
    login(client, world.secretary_a)
    as_of = home(client).context["as_of"]
    audit.record("permission.denied", org_path=world.branch_a.path, result=AuditEntry.Result.DENIED,
                 actor=world.secretary_a)
    assert home(client).context["as_of"] == as_of


def test_each_user_has_their_own_snapshot(client, world):
    login(client, world.secretary_a)
    assert home(client).context["members"] is not None
    login(client, world.principal_a)   # the same school, without the right to see its members
    assert home(client).context["members"] is None
