"""公示 of a school's 廉政风险台账 over the API, as the ledger page's button: the school's keepers
publish the risks in force; an empty list is refused naming the rule; the county (which reads the
ledger) may not publish for the school; another school's ledger is missing (frozen 2026-11-23)."""

import json

import pytest
from django.test import Client

from dangjian.supervision.rules import integrity_risk as R
from dangjian.supervision.tests.integrity_risk_helpers import purchase_risk, with_risk_ledger_people
from dangjian.supervision.tests.rectification_helpers import frozen  # noqa: F401 - a fixture
from dangjian.testing import login

pytestmark = pytest.mark.usefixtures("frozen")
EXTEND_SHARED_WORLD = with_risk_ledger_people


def publish(world, persona, body):
    client = Client()
    login(client, world.personas[persona])
    return client.post("/api/v1/integrity-risks/publication", json.dumps(body), content_type="application/json")


def test_the_secretary_publishes_the_risks_in_force_and_not_an_empty_list(world):
    empty = publish(world, "secretary_a", {"org": world.branch_a.pk})
    assert (empty.status_code, empty.json()["rule"]) == (422, R.R_PUBLISH.citation)
    purchase_risk(world)
    made = publish(world, "secretary_a", {"org": world.branch_a.pk, "year": 2026})
    assert (made.status_code, made.json()["risks"], made.json()["published_on"]) == (201, 1, "2026-11-23")


def test_the_county_may_not_another_school_is_missing_and_a_bad_date(world):
    purchase_risk(world)
    assert publish(world, "county_admin", {"org": world.branch_a.pk}).status_code == 403
    assert publish(world, "secretary_b", {"org": world.branch_a.pk}).status_code == 404
    bad = publish(world, "secretary_a", {"org": world.branch_a.pk, "published_on": "2026-13-01"})
    assert (bad.status_code, bad.json()["field"]) == (422, "published_on")
