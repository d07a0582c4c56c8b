"""The issuing committee's work on a 评星定级 standard over the API, as the standard page's forms and
the launch button: settings, an item, the stars' minimum scores, a 摘星 situation, a copy to the
next year, and the year's ratings launched for its schools — the same services and rules."""

import json

import pytest
from django.test import Client

from dangjian.appraisal.rules import rating as R
from dangjian.testing import login

from .rating_helpers import YEAR, shared_standard

pytestmark = pytest.mark.django_db


EXTEND_SHARED_WORLD, standard = shared_standard("2026-01-12")


def send(world, persona, url, body, method="post"):
    client = Client()
    login(client, world.personas[persona])
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


def test_the_city_edits_copies_and_launches_its_standard(world, standard):
    url = f"/api/v1/rating-standards/{standard.pk}"
    saved = send(world, "city_admin", url, {"publicity_days": 7}, method="patch")
    assert (saved.status_code, saved.json()["publicity_days"]) == (200, 7)
    cap = send(world, "city_admin", url, {"five_star_cap": "120"}, method="patch")
    assert (cap.status_code, cap.json()["field"], cap.json()["rule"]) == (422, "five_star_cap", R.R_SET.citation)
    before = len(saved.json()["items"])
    area = standard.areas.first().pk
    item = send(world, "city_admin", f"{url}/items", {"area": area, "text": "党员志愿服务", "points": "2",
                                                       "evidence": "attestation"})
    assert (item.status_code, len(item.json()["items"])) == (200, before + 1)
    levels = send(world, "city_admin", f"{url}/levels", {"levels": {"1": "60", "2": "50"}}, method="put")
    assert (levels.status_code, levels.json()["rule"]) == (422, R.R_LEVELS.citation)
    situation = send(world, "city_admin", f"{url}/situations", {"text": "发生严重违纪违法问题"})
    assert situation.status_code == 200 and situation.json()["situations"][-1]["text"] == "发生严重违纪违法问题"
    copied = send(world, "city_admin", f"{url}/copy", {"year": YEAR + 1})
    assert (copied.status_code, copied.json()["year"]) == (201, YEAR + 1)
    again = send(world, "city_admin", f"{url}/copy", {"year": YEAR + 1})
    assert (again.status_code, again.json()["field"]) == (422, "year")
    launch = {"org": world.city.pk, "standard": standard.pk, "year": YEAR}
    launched = send(world, "city_admin", "/api/v1/star-ratings/launch", launch)
    assert launched.status_code == 200 and launched.json()["launched"] > 0
    assert send(world, "city_admin", "/api/v1/star-ratings/launch", {**launch, "standard": None}).json() == {"launched": 0}
    none = send(world, "city_admin", "/api/v1/star-ratings/launch", {"org": world.city.pk, "year": YEAR + 5})
    assert (none.status_code, none.json()["rule"]) == (422, R.R_SET.citation)   # no standard for that year


def test_a_school_may_not_edit_the_standard_and_bad_input_is_named(world, standard):
    url = f"/api/v1/rating-standards/{standard.pk}"
    assert send(world, "secretary_a", url, {"publicity_days": 7}, method="patch").status_code == 403
    assert send(world, "secretary_a", "/api/v1/star-ratings/launch",
                {"org": world.county_a.pk, "standard": standard.pk, "year": YEAR}).status_code == 404
    bad = send(world, "city_admin", url, {"publicity_days": 99}, method="patch")
    assert (bad.status_code, bad.json()["field"]) == (422, "publicity_days")
    assert send(world, "city_admin", "/api/v1/rating-standards/999999/copy", {"year": 2030}).status_code == 404
