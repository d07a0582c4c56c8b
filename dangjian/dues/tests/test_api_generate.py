"""Generating a month's dues ledger through the API, as the page's 生成本月台账: the same service,
idempotent by member-month, dues.manage on the organization, no month still to come."""

import json

import pytest
from django.test import Client

from dangjian.dues.rules import R_NO_ADVANCE
from dangjian.testing import login

from .conftest import with_dues

# Every test here uses dues_world: the module's shared world is built with its bases and ledgers.
EXTEND_SHARED_WORLD = with_dues

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_as(dues_world):
    def make(persona: str) -> Client:
        client = Client()
        login(client, dues_world.personas[persona])
        return client

    return make


def generate(client, org, month):
    return client.post("/api/v1/dues/ledger/generate", json.dumps({"org": org.pk, "month": month}),
                       content_type="application/json")


def test_the_county_generates_its_month_and_a_second_run_changes_nothing(dues_world, client_as):
    client = client_as("county_admin")
    first = generate(client, dues_world.county_a, "2026-11")
    assert first.status_code == 200
    body = first.json()
    # Branch A's lines exist already (with_dues); branch B and the joint branch are new, without a base.
    assert body["existing"] == 10 and body["created"] == 5
    assert dues_world.m_secretary_b.pk in body["missing_base"]
    again = generate(client, dues_world.county_a, "2026-11").json()
    assert (again["created"], again["existing"]) == (0, 15)


def test_a_month_still_to_come_is_refused_with_the_rule(dues_world, client_as):
    refused = generate(client_as("secretary_a"), dues_world.branch_a, "2026-12")
    assert (refused.status_code, refused.json()["code"], refused.json()["field"]) == (422, "future", "month")
    assert refused.json()["rule"] == R_NO_ADVANCE.citation


def test_another_schools_branch_is_missing_and_a_bad_month_is_bad_input(dues_world, client_as):
    assert generate(client_as("secretary_b"), dues_world.branch_a, "2026-11").status_code == 404
    assert generate(client_as("principal_a"), dues_world.branch_a, "2026-11").status_code == 404
    bad = generate(client_as("secretary_a"), dues_world.branch_a, "2026-13")
    assert (bad.status_code, bad.json()["field"]) == (422, "month")
