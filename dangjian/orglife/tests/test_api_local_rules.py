"""The rules page's two forms over the API: a committee's stricter frequency and its stricter
quorum of the 党员大会, through the same services (frozen on 2026-11-23)."""

import json

import pytest

from dangjian.orglife.rules import NATIONAL, R_QUORUM_SETTING, Kind

pytestmark = pytest.mark.django_db


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_a_committee_sets_stricter_rules_and_a_looser_or_repeated_one_is_refused(world, client_as):
    county = client_as("county_admin")
    rule = {"org": world.county_a.pk, "effective_from": "2026-12-01", "reason": "区教育党工委〔2026〕8号"}
    made = post(county, "/api/v1/meetings/rules", {**rule, "kind": "group_meeting", "frequency": "monthly",
                                                    "min_count": 2})
    assert (made.status_code, made.json()["min_count"], made.json()["org"]["id"]) == (201, 2, world.county_a.pk)
    looser = post(county, "/api/v1/meetings/rules", {**rule, "kind": "theme_day", "frequency": "quarterly"})
    assert (looser.status_code, looser.json()["rule"]) == (422, NATIONAL[Kind.THEME_DAY].rule.citation)
    quorum = post(county, "/api/v1/meetings/rules/quorum", rule)
    assert (quorum.status_code, quorum.json()["quorum"]) == (201, "voting_majority")
    again = post(county, "/api/v1/meetings/rules/quorum", rule)
    assert (again.status_code, again.json()["field"], again.json()["rule"]) == (
        422, "effective_from", R_QUORUM_SETTING.citation)


def test_another_branch_is_missing_and_an_unknown_kind_is_bad_input(world, client_as):
    rule = {"org": world.branch_a.pk, "effective_from": "2026-12-01", "reason": "依据"}
    assert post(client_as("secretary_b"), "/api/v1/meetings/rules/quorum", rule).status_code == 404
    bad = post(client_as("secretary_a"), "/api/v1/meetings/rules", {**rule, "kind": "party", "frequency": "monthly"})
    assert (bad.status_code, bad.json()["field"]) == (422, "kind")
