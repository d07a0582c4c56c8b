"""The 组织生活会's steps over the API, as the process page's forms: study, opinions and their
summary, a talk planned and held, a material submitted and reviewed, then — after the meeting —
the problems onto the 整改台账 and the 情况报告. Each refusal names its rule; another school's
process is missing (frozen on 2026-11-23)."""

import json

import pytest
from django.test import Client

from dangjian.supervision.models.lifemeeting import TalkPair
from dangjian.supervision.rules import lifemeeting as R
from dangjian.supervision.services import lifemeeting_meeting as meeting
from dangjian.supervision.tests.lifemeeting_helpers import (
    criticise_all,
    frozen,  # noqa: F401 - a fixture
    held,
    open_branch_a,
    people,
    write,
)
from dangjian.testing import login

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def send(world, persona, url, body=None, method="post"):
    client = Client()
    login(client, world.personas[persona])
    return getattr(client, method)(url, json.dumps(body or {}), content_type="application/json")


def test_the_secretary_prepares_the_meeting_step_by_step(world):
    life = open_branch_a(world)
    url = f"/api/v1/life-meetings/{life.pk}"
    studied = send(world, "secretary_a", f"{url}/study", {"held_on": "2026-11-10", "form": "collective",
                                                          "topic": "学习党章", "participants": 10})
    assert (studied.status_code, studied.json()["studies"]) == (201, 1)
    early = send(world, "secretary_a", f"{url}/summary", {"summary": "汇总"}, method="put")
    assert (early.status_code, early.json()["field"]) == (422, "summary")
    heard = send(world, "secretary_a", f"{url}/opinions", {"collected_on": "2026-11-10", "channel": "forum",
                                                           "source": "staff", "content": "联系青年教师不够"})
    assert (heard.status_code, heard.json()["opinions"]) == (201, 1)
    assert send(world, "secretary_a", f"{url}/summary", {"summary": "共征求意见 1 条"}, method="put").status_code == 200
    first, second = people(life)[:2]
    planned = send(world, "secretary_a", f"{url}/talks", {"talker": first.pk, "talkee": second.pk})
    assert planned.status_code == 201
    outsider = send(world, "secretary_a", f"{url}/talks", {"talker": first.pk, "talkee": world.m_secretary_b.pk})
    assert (outsider.status_code, outsider.json()["rule"]) == (422, R.R_PARTICIPANT.citation)
    pair = TalkPair.objects.get(life=life)
    talked = send(world, "secretary_a", f"/api/v1/life-meetings/talks/{pair.pk}/held",
                  {"held_on": "2026-11-12", "summary": "交流思想，相互提醒"})
    assert (talked.status_code, talked.json()["talks_held"]) == (200, 1)
    material = write(world, life, world.m_member_a)
    submitted = send(world, "secretary_a", f"/api/v1/life-meetings/materials/{material.pk}/submit")
    assert submitted.status_code == 200
    reviewed = send(world, "secretary_a", f"/api/v1/life-meetings/materials/{material.pk}/review", {"decision": "approve"})
    assert (reviewed.status_code, reviewed.json()["materials_approved"]) == (200, 1)


def test_after_the_meeting_the_report_waits_for_the_criticisms(world):
    life = held(world)
    url = f"/api/v1/life-meetings/{life.pk}"
    early = send(world, "secretary_a", f"{url}/report", {"reported_on": "2026-11-23"})
    assert early.status_code == 422 and early.json()["rule"]
    criticise_all(world, life)
    assert send(world, "secretary_a", f"{url}/rectification", {}).status_code == 200
    sent = send(world, "secretary_a", f"{url}/report", {"reported_on": "2026-11-23"})
    assert (sent.status_code, sent.json()["stage"]) == (200, meeting.R.Stage.REPORTED)


def test_another_school_is_missing_and_bad_input(world):
    life = open_branch_a(world)
    url = f"/api/v1/life-meetings/{life.pk}/study"
    body = {"held_on": "2026-11-10", "form": "collective", "topic": "学习党章"}
    assert send(world, "secretary_b", url, body).status_code == 404
    bad = send(world, "secretary_a", url, {**body, "form": "party"})
    assert (bad.status_code, bad.json()["field"]) == (422, "form")
