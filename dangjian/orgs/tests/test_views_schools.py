"""School list and page: the 五个清, the party organization or the reason there is none, and
the edit form for those with school.edit."""

import pytest
from django.urls import reverse

from dangjian.core.models import AuditEntry
from dangjian.orgs.tests.growth import grow_county_a
from dangjian.testing import login

pytestmark = pytest.mark.django_db


def get(client, user, name, *args, **params):
    login(client, user)
    return client.get(reverse(name, args=args), params)


def codes(response):
    return [s.code for s in response.context["page_obj"]]


def test_the_county_admin_lists_the_county_schools_with_a_count(client, world):
    response = get(client, world.county_admin, "orgs:school_list")
    assert codes(response) == ["S-A", "S-B", "S-D1", "S-D2", "S-P"]
    assert "共 5 所学校" in response.content.decode()


def test_a_secretary_lists_their_own_school_only(client, world):
    assert codes(get(client, world.secretary_a, "orgs:school_list")) == ["S-A"]


@pytest.mark.parametrize(("params", "expected"), [
    ({"ownership": "private"}, ["S-P"]),
    ({"has_org": "no"}, ["S-P"]),
    ({"has_org": "yes", "school_type": "primary"}, ["S-B", "S-D1", "S-D2"]),
    ({"q": "桃园"}, ["S-D1"]),
    ({"county": "西城区"}, ["S-C"]),
    ({"sort": "-staff"}, ["S-A", "S-B", "S-P", "S-C", "S-D1", "S-D2"]),  # ties keep creation order
])
def test_the_school_list_filters(client, world, params, expected):
    assert codes(get(client, world.city_admin, "orgs:school_list", **params)) == expected


def test_within_a_joint_branch_lists_the_schools_it_covers(client, world):
    assert codes(get(client, world.county_admin, "orgs:school_list", within=world.joint.pk)) == ["S-D1", "S-D2"]


def test_the_school_list_needs_the_same_number_of_queries_for_more_schools(
        client, world, django_assert_max_num_queries):
    login(client, world.county_admin)
    url = reverse("orgs:school_list")
    with django_assert_max_num_queries(15) as captured:
        client.get(url)
    grow_county_a(world, 10)
    with django_assert_max_num_queries(len(captured.captured_queries)):
        assert client.get(url).context["page_obj"].paginator.count == 15


def test_the_school_page_shows_the_five_facts_and_its_party_org(client, world):
    response = get(client, world.secretary_a, "orgs:school_detail", world.school_a.pk)
    html = response.content.decode()
    for heading in ["一、隶属情况", "二、教职工情况", "三、党员队伍情况", "四、出资人（负责人）情况", "五、未建党组织原因"]:
        assert heading in html
    assert "已建立党组织" in html and "东城区第一中学党支部" in html and "张伟" in html
    assert response.context["members"] == {"total": 10, "full": 9, "probationary": 1}


def test_a_school_without_an_org_shows_the_reason_prominently(client, world):
    response = get(client, world.county_admin, "orgs:school_detail", world.school_p.pk)
    html = response.content.decode()
    assert "未建党组织原因：正式党员不足3人，尚未联合组建" in html
    assert "育才教育集团" in html


def test_a_joint_branch_school_names_the_other_schools_covered(client, world):
    response = get(client, world.county_admin, "orgs:school_detail", world.school_d1.pk)
    assert response.context["sibling_schools"] == [world.school_d2]


@pytest.mark.parametrize("persona", ["secretary_b", "member_a"])
def test_another_schools_page_is_not_found(client, world, persona):
    assert get(client, world.personas[persona], "orgs:school_detail", world.school_a.pk).status_code == 404


def test_the_county_admin_edits_a_school_through_the_service(client, world):
    login(client, world.county_admin)
    response = client.get(reverse("orgs:school_edit", args=[world.school_p.pk]))
    data = {k: v for k, v in response.context["form"].initial.items() if v is not None and v is not False}
    data.update(staff_count=95, declared_member_count=2)
    response = client.post(reverse("orgs:school_edit", args=[world.school_p.pk]), data)
    assert response.status_code == 302
    world.school_p.refresh_from_db()
    assert (world.school_p.staff_count, world.school_p.declared_member_count) == (95, 2)
    assert set(AuditEntry.objects.get(action="school.update").changes) == {"staff_count", "declared_member_count"}


def test_a_school_without_an_org_must_keep_its_reason(client, world):
    login(client, world.county_admin)
    response = client.get(reverse("orgs:school_edit", args=[world.school_p.pk]))
    data = {k: v for k, v in response.context["form"].initial.items() if v is not None and v is not False}
    data["no_org_reason"] = ""
    response = client.post(reverse("orgs:school_edit", args=[world.school_p.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors["no_org_reason"] == ["未建立党组织的学校须填写未建党组织原因"]


def test_a_secretary_may_not_edit_the_school(client, world):
    response = get(client, world.secretary_a, "orgs:school_edit", world.school_a.pk)
    assert response.status_code == 403
    assert reverse("orgs:school_edit", args=[world.school_a.pk]) not in get(
        client, world.secretary_a, "orgs:school_detail", world.school_a.pk).content.decode()
