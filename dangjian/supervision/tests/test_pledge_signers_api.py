"""补充列入 and a signed copy's scan over the API, as the campaign and letter pages' forms: a
newcomer on school A's staff is added once (again answers the same letter); someone who left is
refused naming the rule; another school's campaign is missing; a scan is checked like the page's
upload (frozen 2026-11-23)."""

import datetime
import json

import pytest
from django.test import Client

from dangjian.supervision.rules import pledge as R
from dangjian.supervision.services import pledge as S
from dangjian.supervision.tests.pledge_helpers import staff, with_staff
from dangjian.supervision.tests.rectification_helpers import frozen  # noqa: F401 - a fixture
from dangjian.testing import login

pytestmark = pytest.mark.usefixtures("frozen")
EXTEND_SHARED_WORLD = with_staff


def add(world, persona, campaign, person_id):
    client = Client()
    login(client, world.personas[persona])
    return client.post(f"/api/v1/pledges/campaigns/{campaign.pk}/letters", json.dumps({"staff": person_id}),
                       content_type="application/json")


def test_a_newcomer_is_added_once_and_one_who_left_is_refused(world):
    campaign = S.open_campaign(world.branch_a, kind=R.Kind.ETHICS, year=2026, acting_user=world.secretary_a)
    newcomer = staff(world.school_a, "陈老师", employed_from=datetime.date(2026, 11, 20))
    added = add(world, "secretary_a", campaign, newcomer.pk)
    assert (added.status_code, added.json()["role"]) == (201, "专任教师")
    assert add(world, "secretary_a", campaign, newcomer.pk).json()["id"] == added.json()["id"]
    left = add(world, "secretary_a", campaign, world.st_former_a.pk)
    assert (left.status_code, left.json()["rule"]) == (422, R.R_SIGNER.citation)


def test_another_school_is_missing_and_a_bad_id_is_bad_input(world):
    campaign = S.open_campaign(world.branch_a, kind=R.Kind.ETHICS, year=2026, acting_user=world.secretary_a)
    assert add(world, "secretary_b", campaign, world.st_teacher_a.pk).status_code == 404
    assert add(world, "secretary_a", campaign, 0).status_code == 422


def scan(world, persona, letter, content, **form):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = Client()
    login(client, world.personas[persona])
    return client.post(f"/api/v1/pledges/letters/{letter.pk}/scan",
                       {"file": SimpleUploadedFile("签字页.pdf", content), **form})


def test_a_scanned_copy_is_recorded_once_checked_like_the_pages_upload(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    campaign = S.open_campaign(world.branch_a, kind=R.Kind.ETHICS, year=2026, acting_user=world.secretary_a)
    letter = campaign.signatures.get(staff=world.st_teacher_a)
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    bad = scan(world, "secretary_a", letter, b"hello")
    assert (bad.status_code, bad.json()["field"], bad.json()["rule"]) == (422, "file", R.R_SCAN.citation)
    assert scan(world, "secretary_b", letter, pdf).status_code == 404
    late = scan(world, "secretary_a", letter, pdf, signed_on="2026-11-24")
    assert (late.status_code, late.json()["field"]) == (422, "signed_on")
    done = scan(world, "secretary_a", letter, pdf, signed_on="2026-11-23")
    assert (done.status_code, done.json()["method"], done.json()["signed_on"]) == (200, R.Method.SCAN, "2026-11-23")
