"""Arranging 联系点 and 巡回督导 over the API, as their pages: a liaison school for a committee member,
a round opened, an inspection finding put on the school's 整改台账, the round closed — through the
same services (frozen on 2026-11-23)."""

import json

import pytest
from django.test import Client

from dangjian.supervision.rules import liaison as R
from dangjian.supervision.tests.rectification_helpers import frozen  # noqa: F401 - a fixture
from dangjian.testing import login

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
CHECKLIST = [{"text": "“三会一课”落实情况", "max_score": "40"}, {"text": "党建工作台账", "max_score": "60"}]


def post(world, persona, url, body=None):
    client = Client()
    login(client, world.personas[persona])
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def test_the_county_assigns_a_liaison_opens_scores_raises_and_closes_a_round(world):
    assign = {"committee": world.county_a.pk, "liaison": world.county_admin.pk, "school": world.school_a.pk,
              "year": 2026}
    made = post(world, "county_admin", "/api/v1/liaison/assignments", assign)
    assert (made.status_code, made.json()["liaison_name"]) == (201, "李红梅")
    stranger = post(world, "county_admin", "/api/v1/liaison/assignments", {**assign, "liaison": world.secretary_b.pk})
    assert (stranger.status_code, stranger.json()["rule"]) == (422, R.R_LIAISON_MEMBER.citation)
    rnd = {"committee": world.county_a.pk, "title": "2026年秋季巡回督导", "starts_on": "2026-11-01",
           "ends_on": "2026-11-30", "schools": [world.school_a.pk], "checklist": CHECKLIST}
    zero = post(world, "county_admin", "/api/v1/inspections/", {**rnd, "checklist": [{"text": "台账", "max_score": "0"}]})
    assert (zero.status_code, zero.json()["rule"]) == (422, R.R_ROUND.citation)
    opened = post(world, "county_admin", "/api/v1/inspections/", rnd)
    assert (opened.status_code, len(opened.json()["checklist"])) == (201, 2)
    result = opened.json()["results"][0]["id"]
    finding = {"problem": "谈心谈话记录不全", "owner_name": "张伟", "deadline": "2026-12-31"}
    early = post(world, "county_admin", f"/api/v1/inspections/results/{result}/findings", finding)
    assert (early.status_code, early.json()["rule"]) == (422, R.R_SCORE.citation)   # not inspected yet
    scores = {str(e["id"]): "30" for e in opened.json()["checklist"]}
    post(world, "county_admin", f"/api/v1/inspections/results/{result}",
         {"inspected_on": "2026-11-10", "inspectors": "李红梅", "scores": scores})
    raised = post(world, "county_admin", f"/api/v1/inspections/results/{result}/findings", finding)
    assert (raised.status_code, raised.json()["problem"]) == (201, "谈心谈话记录不全")
    closed = post(world, "county_admin", f"/api/v1/inspections/{opened.json()['id']}/close")
    assert (closed.status_code, closed.json()["state"]) == (200, "closed")


def test_a_school_may_not_arrange_another_county_is_missing_and_bad_input_is_named(world):
    assign = {"committee": world.county_a.pk, "liaison": world.county_admin.pk, "school": world.school_a.pk,
              "year": 2026}
    own = post(world, "secretary_a", "/api/v1/liaison/assignments", {**assign, "committee": world.branch_a.pk})
    assert own.status_code == 403   # a school's committee arranges nothing; county A is out of its sight (404)
    assert post(world, "secretary_a", "/api/v1/liaison/assignments", assign).status_code == 404
    assert post(world, "secretary_b", "/api/v1/inspections/", {
        "committee": world.county_a.pk, "title": "x", "starts_on": "2026-11-01", "ends_on": "2026-11-30",
        "schools": [world.school_a.pk], "checklist": CHECKLIST}).status_code == 404
    bad = post(world, "county_admin", "/api/v1/liaison/assignments", {**assign, "year": 1900})
    assert (bad.status_code, bad.json()["field"]) == (422, "year")
