"""The tree browser starts at the user's scope roots and loads children on demand, in a fixed
number of queries, never the whole tree."""

import pytest
from django.urls import reverse

from dangjian.orgs.tests.growth import grow_county_a
from dangjian.testing import login

pytestmark = pytest.mark.django_db


def test_the_tree_starts_at_the_county_for_a_county_admin(client, world):
    login(client, world.county_admin)
    response = client.get(reverse("orgs:tree"))
    assert [n.name for n in response.context["nodes"]] == ["东城区教育党工委"]
    html = response.content.decode()
    assert f'hx-get="{reverse("orgs:tree_children", args=[world.county_a.pk])}"' in html
    assert "东城区第一中学党支部" not in html  # children are not rendered until asked for


def test_the_tree_starts_at_the_branch_for_its_secretary(client, world):
    login(client, world.secretary_a)
    response = client.get(reverse("orgs:tree"))
    assert [n.name for n in response.context["nodes"]] == ["东城区第一中学党支部"]


def test_expanding_a_node_returns_its_children_with_their_child_counts(client, world):
    login(client, world.county_admin)
    response = client.get(reverse("orgs:tree_children", args=[world.county_a.pk]), HTTP_HX_REQUEST="true")
    nodes = response.context["nodes"]
    assert [(n.name, n.numchild) for n in nodes] == [
        ("东城区第一中学党支部", 2), ("东城区实验小学党支部", 0), ("东城区乡村小学联合党支部", 0)]
    html = response.content.decode()
    assert "下级 2 个" in html and "<html" not in html  # a partial, not a page


def test_expanding_a_node_out_of_scope_is_not_found(client, world):
    login(client, world.secretary_a)
    assert client.get(reverse("orgs:tree_children", args=[world.county_b.pk])).status_code == 404
    assert client.get(reverse("orgs:tree_children", args=[world.county_a.pk])).status_code == 404


def test_a_member_without_a_post_has_no_tree(client, world):
    login(client, world.member_a)
    assert client.get(reverse("orgs:tree")).status_code == 403


def test_the_tree_partial_needs_the_same_number_of_queries_for_more_children(
        client, world, django_assert_max_num_queries):
    login(client, world.county_admin)
    url = reverse("orgs:tree_children", args=[world.county_a.pk])
    with django_assert_max_num_queries(12) as captured:
        client.get(url)
    before = len(captured.captured_queries)
    grow_county_a(world, 12)
    with django_assert_max_num_queries(before):
        response = client.get(url)
    assert len(response.context["nodes"]) == 15
