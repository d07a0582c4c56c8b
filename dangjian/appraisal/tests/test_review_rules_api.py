"""民主评议's stricter local rule over the API, as the rules page's form: the same service refuses a
looser share of “优秀” naming the rule; another school's organization is missing."""

import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone

from dangjian.appraisal.rules import review as R
from dangjian.testing import login

pytestmark = pytest.mark.django_db
SOON = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()


def post(world, persona, body):
    client = Client()
    login(client, world.personas[persona])
    return client.post("/api/v1/appraisal/review-rules", json.dumps(body), content_type="application/json")


def test_the_county_sets_a_lower_share_and_a_looser_one_is_refused(world):
    rule = {"org": world.county_a.pk, "excellent_percent": 25, "effective_from": SOON, "reason": "区〔2026〕7号"}
    made = post(world, "county_admin", rule)
    assert (made.status_code, made.json()["excellent_percent"]) == (201, 25)
    looser = post(world, "county_admin", {**rule, "excellent_percent": 90, "effective_from": "2099-01-01"})
    assert (looser.status_code, looser.json()["rule"]) == (422, R.R_EXCELLENT_CAP.citation)


def test_another_school_is_missing_and_bad_input_is_named(world):
    rule = {"org": world.branch_a.pk, "excellent_percent": 20, "effective_from": SOON, "reason": "x"}
    assert post(world, "secretary_b", rule).status_code == 404
    bad = post(world, "county_admin", {**rule, "org": world.county_a.pk, "probationary_policy": "never"})
    assert (bad.status_code, bad.json()["field"]) == (422, "probationary_policy")
