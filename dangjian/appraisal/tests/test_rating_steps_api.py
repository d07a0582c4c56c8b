"""A rating's refresh and a 公示 objection over the API, as the rating page's buttons: the school
recomputes its automatic items while it edits; the standard's owner takes a rating out of the
公示 on an objection, which needs its content (the rule named); others are refused or find nothing."""

import json

import pytest
from django.test import Client

from dangjian.appraisal.models import StarRating
from dangjian.appraisal.rules import rating as R
from dangjian.appraisal.services import rating as S
from dangjian.testing import login

from .rating_helpers import (
    YEAR,
    shared_standard,
    submitted,
    uploads_in_tmp,  # noqa: F401 - an autouse fixture
)

pytestmark = pytest.mark.django_db


EXTEND_SHARED_WORLD, standard = shared_standard("2026-01-12")


def post(world, persona, url, body=None):
    client = Client()
    login(client, world.personas[persona])
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def test_the_school_recomputes_its_automatic_items_while_it_edits(world, standard):
    rating = S.open_rating(world.branch_a, YEAR, acting_user=world.secretary_a)
    url = f"/api/v1/star-ratings/{rating.pk}/refresh"
    refreshed = post(world, "secretary_a", url)
    assert (refreshed.status_code, refreshed.json()["state"]) == (200, R.State.DRAFT)
    assert post(world, "county_admin", url).status_code == 403
    assert post(world, "secretary_b", url).status_code == 404


def test_an_objection_takes_the_rating_out_of_the_notice_and_needs_its_content(world, standard):
    rating = S.review(submitted(world, org=world.branch_a, user=world.secretary_a), decision="pass",
                      acting_user=world.county_admin)
    S.draw(world.city, standard, YEAR, percent="100", acting_user=world.city_admin)
    S.check(StarRating.objects.get(pk=rating.pk), acting_user=world.city_admin)
    S.start_publicity(world.city, standard, YEAR, acting_user=world.city_admin)
    url = f"/api/v1/star-ratings/{rating.pk}/objection"
    assert post(world, "secretary_a", url, {"reason": "x"}).status_code == 403
    empty = post(world, "city_admin", url, {"reason": " "})
    assert (empty.status_code, empty.json()["rule"]) == (422, R.R_PUBLICITY.citation)
    objected = post(world, "city_admin", url, {"reason": "有教师反映活动记录不实"})
    assert (objected.status_code, objected.json()["state"]) == (200, R.State.CHECKED)
    assert post(world, "city_admin", url, {}).status_code == 422   # no reason at all: bad input


def test_the_school_uploads_an_items_evidence_checked_like_the_pages_upload(world, standard):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dangjian.orglife.tests.images import png_bytes

    rating = S.open_rating(world.branch_a, YEAR, acting_user=world.secretary_a)
    item = rating.scores.filter(item__evidence=R.EvidenceKind.UPLOAD).first().item_id
    url = f"/api/v1/star-ratings/{rating.pk}/evidence"

    def upload(persona, content, item_id=item):
        client = Client()
        login(client, world.personas[persona])
        return client.post(url, {"file": SimpleUploadedFile("现场照片.png", content), "item": item_id})

    kept = upload("secretary_a", png_bytes())
    assert (kept.status_code, kept.json()["file_kind"], kept.json()["item"]) == (201, "png", item)
    refused = upload("secretary_a", b"not a photo")
    assert (refused.status_code, refused.json()["field"]) == (422, "file")
    stranger = upload("secretary_a", png_bytes(), item_id=2**40)
    assert (stranger.status_code, stranger.json()["rule"]) == (422, R.R_SET.citation)   # not an item of this rating
    assert upload("secretary_b", png_bytes()).status_code == 404
