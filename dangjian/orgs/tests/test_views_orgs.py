"""Organization list and page: filters, sorting and paging; kind, term, members, positions
and findings; the edit, appointment and departure forms go through the services and show a
rule's refusal next to the field."""

import datetime

import pytest
from django.urls import reverse

from dangjian.core.models import AuditEntry
from dangjian.orgs.models import Position
from dangjian.orgs.tests.growth import grow_county_a
from dangjian.testing import login

pytestmark = pytest.mark.django_db


def get(client, user, name, *args, **params):
    login(client, user)
    return client.get(reverse(name, args=args), params)


# --- list -------------------------------------------------------------------------------

def test_the_list_shows_the_county_admin_the_county_with_a_count(client, world):
    response = get(client, world.county_admin, "orgs:list")
    names = [o.name for o in response.context["rows"]]
    assert names[0] == "东城区教育党工委" and len(names) == 6
    assert "共 6 个组织" in response.content.decode()
    assert not any("西城" in n for n in names)


def test_the_list_filters_by_kind_and_text_and_within(client, world):
    assert [o.name for o in get(client, world.city_admin, "orgs:list", kind="joint_branch").context["rows"]] == [
        "东城区乡村小学联合党支部"]
    assert [o.code for o in get(client, world.city_admin, "orgs:list", q="c01b-001").context["rows"]] == [
        "C01B-001", "C01B-001-1"]
    within = get(client, world.city_admin, "orgs:list", within=world.county_b.pk).context["rows"]
    assert {o.name for o in within} == {"西城区教育党工委", "西城区第二中学党委", "西城区第二中学第一党支部"}


def test_a_within_outside_the_scope_matches_nothing_and_says_not_found(client, world):
    response = get(client, world.county_admin, "orgs:list", within=world.county_b.pk)
    assert response.status_code == 200
    assert list(response.context["rows"]) == []
    assert "未找到该组织" in response.content.decode()


def test_the_list_sorts_by_a_column_and_reverses_it(client, world):
    up = [o.code for o in get(client, world.county_admin, "orgs:list", sort="code").context["rows"]]
    down = [o.code for o in get(client, world.county_admin, "orgs:list", sort="-code").context["rows"]]
    assert up == sorted(up) and down == sorted(up, reverse=True)


def test_the_list_pages_and_survives_a_page_beyond_the_end(client, world):
    grow_county_a(world, 20)  # 6 + 60 organizations: two pages of 50
    response = get(client, world.county_admin, "orgs:list", page="99")
    assert response.status_code == 200 and response.context["page_obj"].number == 2
    assert "第 2 / 2 页" in response.content.decode()


def test_the_list_needs_the_same_number_of_queries_for_a_bigger_county(
        client, world, django_assert_max_num_queries):
    login(client, world.county_admin)
    url = reverse("orgs:list")
    with django_assert_max_num_queries(15) as captured:
        client.get(url)
    grow_county_a(world, 10)
    with django_assert_max_num_queries(len(captured.captured_queries)):
        assert client.get(url).context["page_obj"].paginator.count == 36


# --- page -------------------------------------------------------------------------------

def test_the_org_page_shows_term_members_positions_and_findings(client, world):
    response = get(client, world.secretary_a, "orgs:detail", world.branch_a.pk)
    ctx = response.context
    html = response.content.decode()
    assert ctx["members"] == {"total": 10, "full": 9, "probationary": 1}
    assert {p.get_post_display() for p in ctx["current_positions"]} == {"书记", "组织委员", "校长"}
    assert ctx["term"] == ("ok", "正常")
    # 9 full members and only 2 committee posts: a branch committee of 3-5 is required.
    assert "应设支委会" in html and "第二十条" in html and "不符合规定" in html
    assert {c.name for c in ctx["children"]} == {"第一党小组", "第二党小组"}
    assert ctx["schools"] == [world.school_a]


def test_a_term_ending_soon_is_amber_and_a_past_one_red(client, world, settings):
    settings.TERM_WARNING_DAYS = 100000
    response = get(client, world.county_admin, "orgs:detail", world.branch_b.pk)
    assert response.context["term"] == ("warning", "即将到期")
    assert "请筹备换届" in response.content.decode()
    world.branch_b.term_end = datetime.date(2020, 1, 1)
    world.branch_b.term_start = datetime.date(2017, 1, 1)
    world.branch_b.save()
    response = get(client, world.county_admin, "orgs:detail", world.branch_b.pk)
    assert response.context["term"] == ("danger", "逾期未换届")
    assert "未换届" in response.content.decode()


def test_past_positions_are_kept_as_history(client, world):
    Position.objects.create(org=world.branch_a, post="secretary", person_name="前任书记",
                            started_on=datetime.date(2018, 9, 1), ended_on=datetime.date(2021, 8, 31))
    response = get(client, world.secretary_a, "orgs:detail", world.branch_a.pk)
    assert [p.person_name for p in response.context["past_positions"]] == ["前任书记"]
    assert "历任职务" in response.content.decode()


def test_a_principal_sees_the_org_without_members_or_forms(client, world):
    response = get(client, world.principal_a, "orgs:detail", world.branch_a.pk)
    assert response.context["members"] is None
    assert not response.context["can_edit"] and not response.context["can_appoint"]
    assert reverse("orgs:edit", args=[world.branch_a.pk]) not in response.content.decode()


@pytest.mark.parametrize("persona", ["secretary_b", "member_a"])
def test_another_schools_org_page_is_not_found(client, world, persona):
    assert get(client, world.personas[persona], "orgs:detail", world.branch_a.pk).status_code == 404


# --- edit -------------------------------------------------------------------------------

def test_the_secretary_edits_the_org_through_the_service_and_it_is_audited(client, world):
    login(client, world.secretary_a)
    url = reverse("orgs:edit", args=[world.branch_a.pk])
    response = client.post(url, {"name": "东城区第一中学党支部（新）", "founded_on": "2001-07-01",
                                 "term_start": "2024-09-01", "term_end": "2027-09-01", "is_active": "on"})
    assert response.status_code == 302
    world.branch_a.refresh_from_db()
    assert world.branch_a.name == "东城区第一中学党支部（新）"
    assert world.branch_a.founded_on == datetime.date(2001, 7, 1)
    entry = AuditEntry.objects.filter(action="org.update").get()
    assert set(entry.changes) == {"name", "founded_on"}


def test_a_term_ending_before_it_starts_is_refused_next_to_the_field(client, world):
    login(client, world.secretary_a)
    response = client.post(reverse("orgs:edit", args=[world.branch_a.pk]), {
        "name": "东城区第一中学党支部", "term_start": "2024-09-01", "term_end": "2023-01-01", "is_active": "on"})
    assert response.status_code == 200
    assert response.context["form"].errors["term_end"] == ["任期届满日期须晚于任期开始日期"]
    assert "任期届满日期须晚于任期开始日期" in response.content.decode()
    world.branch_a.refresh_from_db()
    assert world.branch_a.term_end == datetime.date(2027, 9, 1)


@pytest.mark.parametrize("name", ["orgs:edit", "orgs:appoint"])
def test_an_org_member_may_see_but_not_edit_or_appoint(client, world, name):
    assert get(client, world.org_member_a, name, world.branch_a.pk).status_code == 403


@pytest.mark.parametrize("name", ["orgs:edit", "orgs:appoint"])
def test_another_secretary_gets_not_found_for_the_forms(client, world, name):
    assert get(client, world.secretary_b, name, world.branch_a.pk).status_code == 404


# --- positions ----------------------------------------------------------------------------

def test_a_second_secretary_is_refused_with_the_rule(client, world):
    login(client, world.county_admin)
    response = client.post(reverse("orgs:appoint", args=[world.branch_a.pk]), {
        "post": "secretary", "person_name": "新书记", "started_on": "2026-01-01"})
    assert response.status_code == 200
    errors = response.context["form"].errors["post"]
    assert "已有在任的书记" in errors[0] and "第二十条" in errors[0]
    assert not Position.objects.filter(person_name="新书记").exists()


def test_appointing_a_member_gives_their_account_the_post(client, world):
    login(client, world.secretary_a)
    response = client.post(reverse("orgs:appoint", args=[world.branch_a.pk]), {
        "post": "publicity_member", "person_name": "杨帆", "member": world.m_member_a.pk, "started_on": "2025-09-01"})
    assert response.status_code == 302
    position = Position.objects.get(person_name="杨帆")
    assert position.user == world.member_a and position.member == world.m_member_a
    assert AuditEntry.objects.filter(action="position.appoint").exists()


def test_a_member_of_another_school_cannot_be_linked(client, world):
    login(client, world.secretary_a)
    response = client.post(reverse("orgs:appoint", args=[world.branch_a.pk]), {
        "post": "publicity_member", "person_name": "刘芳", "member": world.m_secretary_b.pk, "started_on": "2025-09-01"})
    assert response.status_code == 200 and "member" in response.context["form"].errors


def test_a_group_leader_only_in_a_party_group(client, world):
    login(client, world.secretary_a)
    response = client.post(reverse("orgs:appoint", args=[world.branch_a.pk]), {
        "post": "group_leader", "person_name": "孙丽", "started_on": "2025-09-01"})
    assert response.context["form"].errors["post"] == ["党小组长只能在党小组任职"]


def test_ending_a_position_keeps_it_in_the_history(client, world):
    position = Position.objects.get(org=world.branch_a, post="organization_member")
    login(client, world.secretary_a)
    response = client.post(reverse("orgs:end_position", args=[world.branch_a.pk, position.pk]),
                           {"ended_on": "2026-07-01", "reason": "工作调动"})
    assert response.status_code == 302
    position.refresh_from_db()
    assert position.ended_on == datetime.date(2026, 7, 1)
    assert AuditEntry.objects.get(action="position.end").reason == "工作调动"


def test_ending_before_the_start_is_refused_next_to_the_date(client, world):
    position = Position.objects.get(org=world.branch_a, post="organization_member")
    login(client, world.secretary_a)
    response = client.post(reverse("orgs:end_position", args=[world.branch_a.pk, position.pk]),
                           {"ended_on": "2020-01-01"})
    assert response.context["form"].errors["ended_on"] == ["离任日期不能早于任职日期"]


def test_a_position_of_another_org_is_not_found_through_this_orgs_url(client, world):
    other = Position.objects.get(org=world.branch_b, post="secretary")
    login(client, world.county_admin)
    assert client.get(reverse("orgs:end_position", args=[world.branch_a.pk, other.pk])).status_code == 404


# --- findings list ------------------------------------------------------------------------

def test_the_findings_list_gathers_the_county_findings_with_citations(client, world):
    response = get(client, world.county_admin, "orgs:findings")
    orgs = [org.name for org, _ in response.context["page_obj"]]
    assert set(orgs) == {"东城区第一中学党支部", "东城区乡村小学联合党支部"}
    assert "《中国共产党支部工作条例（试行）》" in response.content.decode()
    warnings = get(client, world.county_admin, "orgs:findings", level="warning").context["page_obj"]
    assert all(f.level == "warning" for _, items in warnings for f in items)


def test_the_findings_list_of_a_secretary_covers_the_school_only(client, world):
    response = get(client, world.secretary_a, "orgs:findings")
    assert [org.name for org, _ in response.context["page_obj"]] == ["东城区第一中学党支部"]
