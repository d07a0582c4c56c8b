"""Holding a 组织生活会 and each participant's 批评与自我批评 over the API, as their pages: the same
services judge the stage and who was present (frozen on 2026-11-23)."""

import json

import pytest
from django.test import Client

from dangjian.supervision.rules import lifemeeting as R
from dangjian.supervision.tests.lifemeeting_helpers import frozen, open_branch_a, prepared  # noqa: F401 - a fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def send(world, persona, url, body):
    from dangjian.testing import login

    client = Client()
    login(client, world.personas[persona])
    return client.post(url, json.dumps(body), content_type="application/json")


def test_the_meeting_is_held_once_prepared_and_criticism_is_for_those_present(world):
    early = open_branch_a(world)
    refused = send(world, "secretary_a", f"/api/v1/life-meetings/{early.pk}/hold",
                   {"held_on": "2026-11-20", "place": "党员活动室"})
    assert refused.status_code == 422 and refused.json()["message"].startswith("会前准备尚未完成")
    life = prepared(world, topic="第二次")
    url = f"/api/v1/life-meetings/{life.pk}"
    held = send(world, "secretary_a", f"{url}/hold", {
        "held_on": "2026-11-20", "place": "党员活动室", "host": world.m_secretary_a.pk,
        "attendance": [{"member_id": world.m_member_a.pk, "present": False, "absence_reason": "sick_leave"}]})
    assert (held.status_code, held.json()["stage"]) == (200, "held")
    absent = send(world, "secretary_a", f"{url}/criticism", {"subject": world.m_member_a.pk, "self_criticism": "……"})
    assert (absent.status_code, absent.json()["rule"]) == (422, R.R_PARTICIPANT.citation)
    done = send(world, "secretary_a", f"{url}/criticism", {
        "subject": world.m_secretary_a.pk, "self_criticism": "带头作用不够", "response": "诚恳接受",
        "criticisms": [{"critic": world.m_org_member_a.pk, "content": "联系青年教师不够"}]})
    assert done.status_code == 200


def test_another_school_is_missing_and_a_stranger_hosting_or_bad_input_is_refused(world):
    life = open_branch_a(world)
    url = f"/api/v1/life-meetings/{life.pk}"
    assert send(world, "secretary_b", f"{url}/hold", {"held_on": "2026-11-20", "place": "x"}).status_code == 404
    stranger = send(world, "secretary_a", f"{url}/hold", {"held_on": "2026-11-20", "place": "x",
                                                          "host": world.m_secretary_b.pk})
    assert (stranger.status_code, stranger.json()["field"]) == (422, "host")
    bad = send(world, "secretary_a", f"{url}/criticism", {"subject": 0, "self_criticism": "x"})
    assert (bad.status_code, bad.json()["field"]) == (422, "subject")
