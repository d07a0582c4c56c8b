"""A decision's execution through the API, as the matter page's execution card: tasks within the
decision's deadline, reports that never go back, only by those who execute (frozen on 2026-11-23)."""

import json

import pytest
from django.test import Client

from dangjian.decisions.rules import R_EXECUTE
from dangjian.testing import login

pytestmark = pytest.mark.django_db


def post(world, persona, url, body):
    client = Client()
    login(client, world.personas[persona])
    return client.post(url, json.dumps(body), content_type="application/json")


def test_the_principal_breaks_the_decision_into_a_task_and_reports_on_it(world, executing):
    url = f"/api/v1/matters/{executing.pk}"
    task = {"title": "跑道基层施工", "owner_name": "李总务", "unit": "总务处", "deadline": "2026-11-30"}
    made = post(world, "principal_a", f"{url}/tasks", task)
    assert (made.status_code, [t["title"] for t in made.json()["tasks"]]) == (201, ["跑道基层施工"])
    late = post(world, "principal_a", f"{url}/tasks", {**task, "title": "验收", "deadline": "2027-03-01"})
    assert (late.status_code, late.json()["field"], late.json()["rule"]) == (422, "deadline", R_EXECUTE.citation)
    reported = post(world, "principal_a", f"{url}/reports",
                    {"reported_on": "2026-11-10", "progress": 60, "text": "基层施工过半", "task": "跑道基层施工"})
    assert (reported.status_code, reported.json()["progress"]) == (201, 60)
    back = post(world, "principal_a", f"{url}/reports",
                {"reported_on": "2026-11-20", "progress": 40, "text": "返工", "task": "跑道基层施工"})
    assert (back.status_code, back.json()["field"]) == (422, "progress")


def test_who_may_not_and_who_cannot_see(world, executing):
    body = {"reported_on": "2026-11-10", "progress": 60, "text": "进行中"}
    assert post(world, "member_a", f"/api/v1/matters/{executing.pk}/reports", body).status_code == 404
    assert post(world, "secretary_b", f"/api/v1/matters/{executing.pk}/reports", body).status_code == 404
    bad = post(world, "principal_a", f"/api/v1/matters/{executing.pk}/reports", {**body, "progress": 120})
    assert (bad.status_code, bad.json()["field"]) == (422, "progress")
