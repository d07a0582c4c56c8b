"""The recruitment API: files listed and shown within the caller's scope, a step posted and
refused with 422 and the rule's citation (or a request for the reason), the due list."""

import datetime
import json

import pytest
from django.test import Client

from dangjian.recruitment.models import StepRecord
from dangjian.testing import login, make_id_number

from .conftest import walk

pytestmark = pytest.mark.django_db
FILES = "/api/v1/recruitment/files/"


@pytest.fixture
def api_as(world):
    def make(persona: str) -> Client:
        client = Client()
        login(client, world.personas[persona])
        return client
    return make


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_the_secretary_lists_the_files_of_her_school_with_the_id_masked(api_as, world, applicant):
    answer = api_as("secretary_a").get(FILES).json()
    assert answer["count"] == 1
    item = answer["items"][0]
    assert item["name"] == "赵明" and item["next_step"] == "02" and "*" in item["id_number"]
    assert applicant.get_id_number() not in json.dumps(answer)


def test_another_school_sees_none_of_them(api_as, applicant):
    assert api_as("secretary_b").get(FILES).json()["count"] == 0
    assert api_as("secretary_b").get(f"{FILES}{applicant.pk}").status_code == 404


def test_the_principal_may_not_list_files(api_as, applicant):
    assert api_as("principal_a").get(FILES).status_code == 403


def test_a_step_is_recorded_with_201(api_as, world, applicant):
    response = post(api_as("secretary_a"), f"{FILES}{applicant.pk}/steps",
                    {"step": "02", "date": "2023-03-20", "talker": "陈静"})
    assert response.status_code == 201 and response.json()["step_label"] == "02 党组织派人谈话"


def test_a_refused_step_answers_422_with_the_rule(api_as, world, applicant):
    walk(world, applicant, until="06")
    response = post(api_as("secretary_a"), f"{FILES}{applicant.pk}/steps",
                    {"step": "07", "date": "2024-08-31", "opinions": True, "decided_by": "committee_meeting"})
    body = response.json()
    assert response.status_code == 422 and body["code"] == "rule_violation"
    assert "第十三条" in body["rule"] and "2024-09-01" in body["message"]
    assert not StepRecord.objects.filter(file=applicant, code="07").exists()


def test_a_late_step_without_reason_answers_422_asking_for_one(api_as, applicant):
    client = api_as("secretary_a")
    url = f"{FILES}{applicant.pk}/steps"
    response = post(client, url, {"step": "02", "date": "2023-04-15", "talker": "陈静"})
    assert response.status_code == 422 and response.json()["code"] == "reason_required"
    assert response.json()["field"] == "reason"
    response = post(client, url, {"step": "02", "date": "2023-04-15", "talker": "陈静", "reason": "申请人外出学习"})
    assert response.status_code == 201 and response.json()["breaches"][0]["rule"] == "talk_one_month"


def test_a_vote_that_does_not_add_up_is_refused(api_as, world, applicant):
    walk(world, applicant, until="15", skip_last=True)
    vote = {"should_attend": 9, "attended": 8, "written": 0, "yes": 8, "no": 1, "abstain": 0}
    response = post(api_as("secretary_a"), f"{FILES}{applicant.pk}/steps",
                    {"step": "15", "date": "2024-12-20", "vote": vote})
    assert response.status_code == 422 and response.json()["field"] == "yes"


def test_the_secretary_may_not_post_the_approval(api_as, world, applicant):
    walk(world, applicant, until="03")
    response = post(api_as("secretary_a"), f"{FILES}{applicant.pk}/steps", {"step": "04", "date": "2023-09-10"})
    assert response.status_code == 403


def test_the_detail_has_the_timeline_and_the_deadlines(api_as, world, applicant):
    walk(world, applicant, until="05")
    body = api_as("county_admin").get(f"{FILES}{applicant.pk}").json()
    assert [s["step"] for s in body["steps"]] == ["01", "02", "03", "04", "05"]
    assert {d["label"] for d in body["deadlines"]} == {"半年考察", "思想汇报", "确定发展对象"}
    assert body["overdue"] is True


def test_opening_a_file_and_a_duplicate(api_as, world, frozen):
    client = api_as("org_member_a")
    body = {"org": world.branch_a.pk, "name": "周文", "id_number": make_id_number(datetime.date(1999, 9, 9), 770),
            "applied_on": "2026-11-01"}
    assert post(client, FILES, body).status_code == 201
    again = post(api_as("city_admin"), FILES, {**body, "org": world.branch_c1.pk})
    assert again.status_code == 422 and again.json()["code"] == "duplicate"


def test_the_due_list_of_the_county(api_as, world, applicant):
    walk(world, applicant, until="05")
    body = api_as("county_admin").get("/api/v1/recruitment/due", {"org": world.county_a.pk}).json()
    assert [i["name"] for i in body["items"]] == ["赵明"]
    assert api_as("county_b_admin" if "county_b_admin" in world.personas else "secretary_b").get(
        "/api/v1/recruitment/due", {"org": world.county_a.pk}).status_code == 404
