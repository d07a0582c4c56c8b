"""The API walked as a client would: the principal proposes, the secretary records the
meeting and its votes; refusals are 422 with the rule; the principal may not vote (403)."""

import json

from django.urls import reverse

from dangjian.testing import login

from .conftest import communicated

FIVE = ["张伟", "陈静", "马强", "胡敏", "郭涛"]


def _post(client, url, body, method="post"):
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


def test_a_matter_is_created_and_moved_and_a_skip_is_refused_with_the_rule(client, world, frozen):
    login(client, world.principal_a)
    response = _post(client, reverse("api:decision_matter_create"),
                     {"org": world.branch_a.pk, "title": "新建风雨操场", "category": "construction", "amount": 1200000})
    assert response.status_code == 201, response.content
    matter = response.json()
    assert matter["is_major"] and matter["next"] == ["proposed", "withdrawn"]
    url = reverse("api:decision_matter_transition", kwargs={"id": matter["id"]})
    refused = _post(client, url, {"to": "executing", "owner": "李", "unit": "总务处", "deadline": "2026-12-31"})
    assert refused.status_code == 422 and "三重一大" in refused.json()["message"]
    assert "《关于建立中小学校党组织领导的校长负责制的意见（试行）》（2022）（五）" in refused.json()["rule"]
    moved = _post(client, url, {"to": "proposed", "meeting_note": "校长办公会第13次会议研究"})
    assert moved.status_code == 200 and moved.json()["state"] == "proposed"


def test_a_non_numeric_or_negative_amount_is_a_422(client, world, frozen):
    login(client, world.principal_a)
    for amount in ("一万元", -5):
        response = _post(client, reverse("api:decision_matter_create"),
                         {"org": world.branch_a.pk, "title": "采购", "category": "large_expense", "amount": amount})
        assert response.status_code == 422 and response.json()["field"] == "amount"


def test_the_secretary_records_the_meeting_and_its_votes_and_the_principal_may_not(client, world, committee):
    matter = communicated(world)
    login(client, world.secretary_a)
    response = _post(client, reverse("api:decision_meeting_create"), {
        "org": world.branch_a.pk, "held_on": "2026-10-10", "host_name": "张伟",
        "present": [committee[n].pk for n in FIVE], "observers": [{"name": "周校长", "role": "校长"}],
        "matters": [matter.pk]})
    assert response.status_code == 201, response.content
    meeting = response.json()
    assert (meeting["body_size"], meeting["present_count"], meeting["quorate"]) == (6, 5, True)
    votes_url = reverse("api:decision_meeting_votes", kwargs={"id": meeting["id"]})
    too_many = _post(client, votes_url, {"items": [{"matter": matter.pk, "verdict": "passed", "for": 6}]}, "put")
    assert too_many.status_code == 422 and "超过" in too_many.json()["message"]

    principal = client.__class__()
    login(principal, world.principal_a)
    refused = _post(principal, votes_url, {"items": [{"matter": matter.pk, "verdict": "passed", "for": 5}]}, "put")
    assert refused.status_code == 403 and "列席" in refused.json()["message"]

    done = _post(client, votes_url, {"items": [{"matter": matter.pk, "verdict": "passed", "for": 5}]}, "put")
    assert done.status_code == 200 and done.json()["items"][0]["verdict"] == "passed"
    # the principal executes what the committee decided
    url = reverse("api:decision_matter_transition", kwargs={"id": matter.pk})
    executing = _post(principal, url, {"to": "executing", "owner": "李总务", "unit": "总务处", "deadline": "2026-12-31"})
    assert executing.status_code == 200 and executing.json()["state"] == "executing"
