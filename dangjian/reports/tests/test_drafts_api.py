"""The report drafts over the API, as their pages: the secretary has a draft written from the data,
reads it and saves an edit as the next version; an edit of an older version is refused naming the
rule; the county reads but does not write; another school's draft is missing."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from dangjian.reports.services import R_STALE
from dangjian.reports.tests.draft_helpers import FROZEN_AT
from dangjian.testing import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(FROZEN_AT, tick=False)


def send(world, persona, method, url, body=None):
    client = Client()
    login(client, world.personas[persona])
    if method == "get":
        return client.get(url)
    return getattr(client, method)(url, json.dumps(body or {}), content_type="application/json")


def test_the_secretary_generates_reads_and_edits_a_draft(world, frozen):
    made = send(world, "secretary_a", "post", "/api/v1/report-drafts/",
                {"org": world.branch_a.pk, "kind": "self_check", "period": "2026"})
    assert (made.status_code, made.json()["version"]) == (201, 1)
    url = f"/api/v1/report-drafts/{made.json()['id']}"
    key = made.json()["sections"][0]["key"]
    saved = send(world, "secretary_a", "put", url, {"based_on": 1, "sections": {key: "修改后的开头。"}})
    assert (saved.status_code, saved.json()["version"], saved.json()["sections"][0]["text"]) == (200, 2, "修改后的开头。")
    stale = send(world, "secretary_a", "put", url, {"based_on": 1, "sections": {key: "又一次修改。"}})
    assert (stale.status_code, stale.json()["rule"]) == (422, R_STALE.citation)
    assert send(world, "county_admin", "get", url).json()["version"] == 2
    assert send(world, "county_admin", "put", url, {"based_on": 2, "sections": {key: "x"}}).status_code == 403


def test_another_school_is_missing_and_bad_input_is_named(world, frozen):
    made = send(world, "secretary_a", "post", "/api/v1/report-drafts/",
                {"org": world.branch_a.pk, "kind": "self_check", "period": "2026"})
    assert send(world, "secretary_b", "get", f"/api/v1/report-drafts/{made.json()['id']}").status_code == 404
    bad = send(world, "secretary_a", "post", "/api/v1/report-drafts/",
               {"org": world.branch_a.pk, "kind": "speech", "period": "2026"})
    assert (bad.status_code, bad.json()["field"]) == (422, "kind")
