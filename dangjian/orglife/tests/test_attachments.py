"""Attachments of a record: photos and scanned sign-in sheets, type judged by content and
size-limited; refused with the reason and nothing stored; served only within scope."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dangjian.core.errors import RuleViolation
from dangjian.orglife.models import MeetingAttachment
from dangjian.orglife.rules import Kind
from dangjian.orglife.services import meetings as services
from dangjian.orglife.tests.images import png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_a_sign_in_sheet_photo_is_attached_and_served_to_those_who_see_the_meeting(world, hold, client_as):
    meeting = hold(world.branch_a, Kind.THEME_DAY, datetime.date(2026, 11, 10))
    response = client_as("secretary_a").post(f"/orglife/{meeting.pk}/attachments/", {
        "kind": "sign_in", "file": SimpleUploadedFile("签到表.png", png_bytes(), content_type="image/png")})
    assert response.status_code == 302
    item = MeetingAttachment.objects.get()
    assert (item.file_kind, item.kind) == ("png", "sign_in")
    download = client_as("county_admin").get(f"/orglife/attachments/{item.pk}/")
    assert download.status_code == 200 and download["Content-Type"] == "image/png"
    assert client_as("secretary_b").get(f"/orglife/attachments/{item.pk}/").status_code == 404


def test_a_file_of_the_wrong_type_is_refused_whatever_its_name(world, hold, client_as, tmp_path):
    meeting = hold(world.branch_a, Kind.THEME_DAY, datetime.date(2026, 11, 10))
    response = client_as("secretary_a").post(f"/orglife/{meeting.pk}/attachments/", {
        "kind": "photo", "file": SimpleUploadedFile("照片.jpg", b"MZ\x90\x00 not an image at all", content_type="image/jpeg")})
    assert response.status_code == 422 and "invalid-feedback" in response.content.decode()
    assert not MeetingAttachment.objects.exists() and not list((tmp_path / "uploads").glob("**/*.*"))


def test_a_file_over_ten_megabytes_is_refused(world, hold, monkeypatch):
    meeting = hold(world.branch_a, Kind.THEME_DAY, datetime.date(2026, 11, 10))
    monkeypatch.setattr(services, "ATTACHMENT_MAX_BYTES", 40)
    with pytest.raises(RuleViolation) as refusal:
        services.add_attachment(meeting, SimpleUploadedFile("大图.png", png_bytes()))
    assert "MB" in refusal.value.message or "过大" in refusal.value.message
    assert not MeetingAttachment.objects.exists()
