"""The 整改台账's further steps over the API, as the pages: the school asks for 销号 once (with
evidence already on the item), the county adds an item to its batch, the school records the day
its report went up — each refusal naming its rule, another school's batch 404 (frozen 2026-11-23)."""

import json

import pytest
from django.test import Client

from dangjian.supervision.rules import rectification as R
from dangjian.supervision.services import rectification_flow as flow
from dangjian.supervision.tests.rectification_helpers import (
    evidence,
    frozen,  # noqa: F401 - a fixture
    inspection_batch,
)
from dangjian.testing import login

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture(autouse=True)
def uploads_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def post(world, persona, url, body):
    client = Client()
    login(client, world.personas[persona])
    return client.post(url, json.dumps(body), content_type="application/json")


def test_the_school_asks_for_closure_once_and_only_with_evidence_on_the_item(world):
    batch = inspection_batch(world)
    first, second = batch.items.order_by("number")
    bare = post(world, "secretary_a", f"/api/v1/rectification/items/{second.pk}/closure-request", {"text": "已整改"})
    assert (bare.status_code, bare.json()["rule"]) == (422, R.R_EVIDENCE.citation)
    flow.report_progress(first, progress=60, text="已制定计划", files=[evidence()], acting_user=world.secretary_a)
    asked = post(world, "secretary_a", f"/api/v1/rectification/items/{first.pk}/closure-request", {"text": "已整改完毕"})
    assert (asked.status_code, asked.json()["state"], asked.json()["progress"]) == (200, "requested", 100)
    again = post(world, "secretary_a", f"/api/v1/rectification/items/{first.pk}/closure-request", {"text": "再次申请"})
    assert (again.status_code, again.json()["code"]) == (409, "duplicate")
    assert post(world, "secretary_b", f"/api/v1/rectification/items/{first.pk}/closure-request",
                {"text": "x"}).status_code == 404


def test_the_county_adds_an_item_and_the_school_records_its_report(world):
    batch = inspection_batch(world)
    added = post(world, "county_admin", f"/api/v1/rectification/batches/{batch.pk}/items",
                 {"problem": "谈心谈话记录不全", "owner_name": "张伟", "deadline": "2026-12-31"})
    assert (added.status_code, added.json()["problem"]) == (201, "谈心谈话记录不全")
    no_owner = post(world, "county_admin", f"/api/v1/rectification/batches/{batch.pk}/items",
                    {"problem": "台账不全", "deadline": "2026-12-31"})
    assert (no_owner.status_code, no_owner.json()["field"]) == (422, "owner_name")
    reported = post(world, "secretary_a", f"/api/v1/rectification/batches/{batch.pk}/reported",
                    {"reported_on": "2026-11-20"})
    assert reported.status_code == 200 and len(reported.json()["items"]) == 3
    early = post(world, "secretary_a", f"/api/v1/rectification/batches/{batch.pk}/reported", {"reported_on": "2026-01-01"})
    assert (early.status_code, early.json()["rule"]) == (422, R.R_BATCH.citation)
    assert post(world, "secretary_b", f"/api/v1/rectification/batches/{batch.pk}/reported",
                {"reported_on": "2026-11-20"}).status_code == 404
    bad = post(world, "secretary_a", f"/api/v1/rectification/batches/{batch.pk}/reported", {"reported_on": "soon"})
    assert (bad.status_code, bad.json()["field"]) == (422, "reported_on")
