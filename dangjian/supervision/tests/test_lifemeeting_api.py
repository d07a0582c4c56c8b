"""The 组织生活会 through the API: the county lists its branches' meetings with the report's due
day; a material for someone outside the branch is a 422 naming the rule with nothing saved; a
school never sees another school's meeting (the same 404 as a missing one)."""

import json

import pytest

from dangjian.supervision.models.lifemeeting import ReviewMaterial
from dangjian.supervision.tests.lifemeeting_helpers import (
    frozen,  # noqa: F401 - a fixture
    held,
    open_branch_a,
)
from dangjian.testing import login

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture
def client_as(client, world):
    def make(persona):
        login(client, world.personas[persona])
        return client
    return make


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_the_county_lists_its_branches_meetings_with_the_report_due(world, client_as):
    life = held(world)
    answer = client_as("county_admin").get(f"/api/v1/life-meetings/?org={world.county_a.pk}&year=2026").json()
    assert answer["count"] == 1
    row = answer["items"][0]
    assert (row["id"], row["stage"], row["report_due"], row["report_status"]) == (life.pk, "held", "2026-12-05",
                                                                                   "pending")
    assert row["meeting_id"] == life.meeting_id and "本系统默认" in row["report_rule"]


def test_the_detail_lists_the_preparation_checks_with_their_rules(world, client_as):
    life = open_branch_a(world)
    answer = client_as("secretary_a").get(f"/api/v1/life-meetings/{life.pk}").json()
    assert [c["code"] for c in answer["checks"]] == ["study", "opinions", "talks", "materials"]
    assert all("支部工作条例" in c["rule"] for c in answer["checks"])
    assert len(answer["participants"]) == 10


def test_the_secretary_opens_one_and_writes_a_material(world, client_as):
    client = client_as("secretary_a")
    opened = post(client, "/api/v1/life-meetings/", {"org": world.branch_a.pk, "kind": "life_meeting",
                                                    "topic": "2026年度组织生活会", "planned_on": "2026-11-20"})
    assert opened.status_code == 201
    written = post(client, f"/api/v1/life-meetings/{opened.json()['id']}/materials", {
        "member": world.m_member_a.pk, "causes": "党性修养有所放松", "submit": True,
        "problems": [{"problem": "理论学习不够系统", "measures": "制定个人学习计划"}]})
    assert written.status_code == 201
    assert (written.json()["member"], written.json()["state"], written.json()["problems"]) == ("杨帆", "submitted", 1)


def test_a_material_for_someone_not_in_the_branch_is_a_422_naming_the_rule(world, client_as):
    life = open_branch_a(world)
    answer = post(client_as("secretary_a"), f"/api/v1/life-meetings/{life.pk}/materials", {
        "member": world.m_secretary_b.pk, "causes": "原因", "problems": [{"problem": "学习不够", "measures": "加强学习"}]})
    body = answer.json()
    assert answer.status_code == 422
    assert (body["code"], body["field"]) == ("not_participant", "member")
    assert "支部工作条例" in body["rule"] and "不是本支部（参会）党员" in body["message"]
    assert not ReviewMaterial.objects.exists()


def test_another_schools_secretary_gets_the_same_404_as_for_a_missing_meeting(world, client_as):
    life = open_branch_a(world)
    client = client_as("secretary_b")
    hidden, missing = client.get(f"/api/v1/life-meetings/{life.pk}"), client.get("/api/v1/life-meetings/999999")
    assert (hidden.status_code, hidden.content) == (missing.status_code, missing.content) == (404, missing.content)


def test_the_principal_who_sees_the_school_may_not_write_a_material(world, client_as):
    life = open_branch_a(world)
    answer = post(client_as("principal_a"), f"/api/v1/life-meetings/{life.pk}/materials", {
        "member": world.m_member_a.pk, "causes": "原因", "problems": [{"problem": "学习不够", "measures": "加强学习"}]})
    assert answer.status_code == 404   # life meetings are seen with orglife.view, which the principal lacks
