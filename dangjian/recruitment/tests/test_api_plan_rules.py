"""The plan page's and the rules page's forms over the API: 年度发展计划 through services.set_plan, a
higher committee's stricter limit through services.set_rule_setting (a looser one refused with
its rule)."""

import json

import pytest
from django.test import Client

from dangjian.recruitment.rules import R_STRICTER_ONLY
from dangjian.testing import login

pytestmark = pytest.mark.django_db


def put(world, persona, url, body):
    client = Client()
    login(client, world.personas[persona])
    return client.put(url, json.dumps(body), content_type="application/json")


def test_a_branch_plans_its_year_and_the_county_makes_a_limit_stricter_only(world):
    plan = {"org": world.branch_a.pk, "year": 2026, "admitted": 2, "activists": 5, "basis": "区教育党工委下达"}
    saved = put(world, "secretary_a", "/api/v1/recruitment/plan", plan)
    assert (saved.status_code, saved.json()["own_plan"]["admitted"], saved.json()["basis"]) == (200, 2, "区教育党工委下达")
    rule = {"org": world.county_a.pk, "rule_code": "activist_after_application", "value": 6, "reason": "区〔2026〕3号"}
    made = put(world, "county_admin", "/api/v1/recruitment/rules", rule)
    assert (made.status_code, made.json()["national"], made.json()["unit"]) == (200, 0, "个月")
    looser = put(world, "county_admin", "/api/v1/recruitment/rules", {**rule, "rule_code": "assessment_half_year",
                                                                      "value": 12})
    assert (looser.status_code, looser.json()["field"], looser.json()["rule"]) == (422, "value", R_STRICTER_ONLY.citation)


def test_a_branch_may_not_set_a_limit_another_is_missing_and_a_negative_plan_is_bad_input(world):
    rule = {"org": world.branch_a.pk, "rule_code": "activist_after_application", "value": 6, "reason": "依据"}
    assert put(world, "secretary_a", "/api/v1/recruitment/rules", rule).status_code == 403
    plan = {"org": world.branch_a.pk, "year": 2026, "admitted": 1}
    assert put(world, "secretary_b", "/api/v1/recruitment/plan", plan).status_code == 404
    bad = put(world, "secretary_a", "/api/v1/recruitment/plan", {**plan, "admitted": -1})
    assert (bad.status_code, bad.json()["field"]) == (422, "admitted")
