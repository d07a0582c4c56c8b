"""A higher committee's local settings in supervision over the API, as their pages' forms: the
组织生活会's stricter rule, the fewer 逾期上报天数 and the 党务公开目录 — through the same services and
their refusals."""

import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone

from dangjian.supervision.rules.disclosure import R_CATALOGUE
from dangjian.supervision.rules.lifemeeting import R_LOCAL
from dangjian.supervision.rules.rectification import R_ESCALATE_SETTING
from dangjian.testing import login

pytestmark = pytest.mark.django_db
SOON = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()


def post(world, persona, url, body):
    client = Client()
    login(client, world.personas[persona])
    return client.post(url, json.dumps(body), content_type="application/json")


def test_the_county_sets_stricter_rules_and_a_looser_one_is_refused_with_its_rule(world):
    org = world.county_a.pk
    rule = {"org": org, "kind": "life_meeting", "report_days": 10, "effective_from": SOON, "document": "区〔2026〕5号"}
    made = post(world, "county_admin", "/api/v1/life-meetings/rules", rule)
    assert (made.status_code, made.json()["report_days"]) == (201, 10)
    looser = post(world, "county_admin", "/api/v1/life-meetings/rules", {**rule, "report_days": 365})
    assert (looser.status_code, looser.json()["field"], looser.json()["rule"]) == (422, "report_days", R_LOCAL.citation)
    days = post(world, "county_admin", "/api/v1/rectification/escalations",
                {"org": org, "days": 10, "citation": "区〔2026〕6号", "effective_on": SOON})
    assert (days.status_code, days.json()["days"]) == (201, 10)
    longer = post(world, "county_admin", "/api/v1/rectification/escalations",
                  {"org": org, "days": 365, "citation": "区〔2026〕6号", "effective_on": SOON})
    assert (longer.status_code, longer.json()["rule"]) == (422, R_ESCALATE_SETTING.citation)
    adopted = post(world, "county_admin", "/api/v1/disclosures/catalogue/adoption", {"org": org})
    assert adopted.status_code == 201 and adopted.json()["owner"] == world.county_a.name
    again = post(world, "county_admin", "/api/v1/disclosures/catalogue/adoption", {"org": org})
    assert (again.status_code, again.json()["rule"]) == (422, R_CATALOGUE.citation)
    entry = {"org": org, "title": "党组织书记述职情况", "audience": "party", "timing": "regular", "period": "每年一月"}
    added = post(world, "county_admin", "/api/v1/disclosures/catalogue", entry)
    assert (added.status_code, added.json()["entries"][-1]["title"]) == (201, "党组织书记述职情况")


def test_a_branch_may_not_write_the_catalogue_another_is_missing_and_bad_input_is_named(world):
    entry = {"org": world.branch_a.pk, "title": "党费", "audience": "party", "timing": "regular"}
    assert post(world, "secretary_a", "/api/v1/disclosures/catalogue", entry).status_code == 403
    assert post(world, "secretary_b", "/api/v1/rectification/escalations",
                {"org": world.branch_a.pk, "days": 5, "citation": "x", "effective_on": SOON}).status_code == 404
    bad = post(world, "county_admin", "/api/v1/life-meetings/rules",
               {"org": world.county_a.pk, "kind": "party", "effective_from": SOON, "document": "x"})
    assert (bad.status_code, bad.json()["field"]) == (422, "kind")
