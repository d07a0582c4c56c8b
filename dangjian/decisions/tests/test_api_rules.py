"""The decisions rules page and the seats page over the API: a higher committee's 大额经费 standard
and stricter quorum, a school's 校长办公会 seats — the same services and refusals (frozen on
2026-11-23)."""

import json

import pytest
from django.test import Client

from dangjian.decisions.rules import R_QUORUM_STRICT, R_THRESHOLD, R_VOTERS
from dangjian.testing import login

pytestmark = pytest.mark.django_db


def client_of(world, persona):
    client = Client()
    login(client, world.personas[persona])
    return client


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_the_county_sets_its_standard_and_quorum_and_the_secretary_keeps_seats(world, frozen):
    county = client_of(world, "county_admin")
    setting = {"org": world.county_a.pk, "citation": "区教育党工委〔2026〕9号", "effective_on": "2026-12-01"}
    made = post(county, "/api/v1/decisions/thresholds", {**setting, "amount": "20000"})
    assert (made.status_code, made.json()["amount"]) == (201, "20000.00")
    zero = post(county, "/api/v1/decisions/thresholds", {**setting, "amount": "0"})
    assert (zero.status_code, zero.json()["field"], zero.json()["rule"]) == (422, "amount", R_THRESHOLD.citation)
    assert post(county, "/api/v1/decisions/quorum-settings", setting).status_code == 201
    again = post(county, "/api/v1/decisions/quorum-settings", setting)
    assert (again.status_code, again.json()["rule"]) == (422, R_QUORUM_STRICT.citation)
    secretary = client_of(world, "secretary_a")
    seat = post(secretary, "/api/v1/decisions/seats", {"org": world.branch_a.pk, "body": "principal_office",
                                                        "person_name": "周副校长", "role": "副校长",
                                                        "started_on": "2026-09-01"})
    assert (seat.status_code, seat.json()["body_label"]) == (201, "校长办公会")
    early = post(secretary, f"/api/v1/decisions/seats/{seat.json()['id']}/end", {"ended_on": "2026-08-01"})
    assert (early.status_code, early.json()["field"]) == (422, "ended_on")
    ended = post(secretary, f"/api/v1/decisions/seats/{seat.json()['id']}/end", {"ended_on": "2026-11-20"})
    assert (ended.status_code, ended.json()["ended_on"]) == (200, "2026-11-20")
    assert post(client_of(world, "secretary_b"), f"/api/v1/decisions/seats/{seat.json()['id']}/end",
                {"ended_on": "2026-11-21"}).status_code == 404


def test_a_school_may_not_set_the_standard_out_of_scope_is_missing_and_a_bad_body_is_bad_input(world, frozen):
    secretary = client_of(world, "secretary_a")
    setting = {"org": world.branch_a.pk, "citation": "校内文件", "effective_on": "2026-12-01", "amount": "100"}
    assert post(secretary, "/api/v1/decisions/thresholds", setting).status_code == 403
    assert post(client_of(world, "secretary_b"), "/api/v1/decisions/seats",
                {"org": world.branch_a.pk, "body": "staff_congress", "person_name": "王", "started_on": "2026-09-01"}
                ).status_code == 404
    seat = {"org": world.branch_a.pk, "body": "party", "person_name": "王", "started_on": "2026-09-01"}
    party = post(secretary, "/api/v1/decisions/seats", seat)   # the party meeting's members come from posts
    assert (party.status_code, party.json()["rule"]) == (422, R_VOTERS.citation)
    bad = post(secretary, "/api/v1/decisions/seats", {**seat, "body": "staff_congress", "person_name": "王" * 61})
    assert (bad.status_code, bad.json()["field"]) == (422, "person_name")
