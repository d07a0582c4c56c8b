"""A matter's document uploaded over the API (multipart), through the same service and upload
checks as the matter page: a PDF is kept, a text file named .pdf is refused and
nothing stored, another school's matter is missing (frozen on 2026-11-23)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from dangjian.decisions import services
from dangjian.decisions.models import MatterAttachment
from dangjian.testing import login

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def uploads_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def upload(world, persona, matter, name, content):
    client = Client()
    login(client, world.personas[persona])
    return client.post(f"/api/v1/matters/{matter.pk}/attachments", {"file": SimpleUploadedFile(name, content)})


def test_a_pdf_is_kept_a_disguised_file_refused_and_another_school_finds_nothing(world, frozen):
    matter = services.create_matter(world.branch_a, title="操场塑胶跑道改造", category="construction", amount="380000",
                                    acting_user=world.principal_a)
    kept = upload(world, "secretary_a", matter, "预算.pdf", PDF)
    assert (kept.status_code, kept.json()["file_kind"]) == (201, "pdf")
    refused = upload(world, "secretary_a", matter, "预算.pdf", b"just text")
    assert (refused.status_code, refused.json()["field"]) == (422, "file")
    assert MatterAttachment.objects.filter(matter=matter).count() == 1
    assert upload(world, "secretary_b", matter, "预算.pdf", PDF).status_code == 404
    no_file = Client()
    login(no_file, world.personas["secretary_a"])
    assert no_file.post(f"/api/v1/matters/{matter.pk}/attachments", {}).json()["field"] == "file"
