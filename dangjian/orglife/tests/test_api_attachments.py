"""Uploading a meeting's photo or sign-in sheet over the API (multipart), through the same
service and upload checks as the record page: an image is kept; what is not PNG, JPEG or PDF is
refused and nothing stored; another school's record is missing (frozen on 2026-11-23)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dangjian.orglife.models import MeetingAttachment
from dangjian.orglife.rules import Kind
from dangjian.orglife.tests.images import png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def uploads_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def upload(client, meeting, name, content, kind="sign_in"):
    return client.post(f"/api/v1/meetings/{meeting.pk}/attachments",
                       {"file": SimpleUploadedFile(name, content), "kind": kind})


def test_an_image_is_kept_and_a_text_file_is_refused(world, hold, client_as):
    meeting = hold(world.branch_a, Kind.THEME_DAY, datetime.date(2026, 11, 20))
    client = client_as("secretary_a")
    kept = upload(client, meeting, "签到表.png", png_bytes())
    assert (kept.status_code, kept.json()["file_kind"], kept.json()["kind_label"]) == (201, "png", "签到表扫描件")
    refused = upload(client, meeting, "签到表.png", b"not an image at all")
    assert (refused.status_code, refused.json()["field"]) == (422, "file")
    assert MeetingAttachment.objects.filter(meeting=meeting).count() == 1


def test_another_schools_record_is_missing_and_an_unknown_kind_is_bad_input(world, hold, client_as):
    meeting = hold(world.branch_a, Kind.THEME_DAY, datetime.date(2026, 11, 20))
    assert upload(client_as("secretary_b"), meeting, "a.png", png_bytes()).status_code == 404
    bad = upload(client_as("secretary_a"), meeting, "a.png", png_bytes(), kind="video")
    assert (bad.status_code, bad.json()["field"]) == (422, "kind")
