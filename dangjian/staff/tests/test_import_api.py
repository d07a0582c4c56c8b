"""The staff register's import over the API (multipart), as the import page: the same importer
writes all or nothing; a bad row is refused with its row and column; another school is missing;
a workbook of the wrong kind is refused whole."""

import pytest

from dangjian.staff.models import StaffMember
from dangjian.staff.tests.test_register_pages import rows, sheet
from dangjian.testing import login

pytestmark = pytest.mark.django_db


def post(client, world, persona, school, file):
    login(client, world.personas[persona])
    return client.post("/api/v1/staff/import", {"school": school.pk, "file": file})


def test_one_bad_row_writes_nothing_and_the_fixed_file_writes_all(client, world):
    refused = post(client, world, "secretary_a", world.school_a, sheet(rows(world, bad_post=True)))
    body = refused.json()
    assert (refused.status_code, body["code"], body["field"]) == (422, "import_invalid", "file")
    assert [(e["row"], e["column"]) for e in body["errors"]] == [(3, "岗位类别")]
    assert not StaffMember.objects.filter(school=world.school_a).exists()
    done = post(client, world, "secretary_a", world.school_a, sheet(rows(world)))
    assert (done.status_code, done.json()["created"], done.json()["linked"]) == (201, 3, 1)


def test_another_school_is_missing_and_a_file_that_is_not_a_workbook_is_refused_whole(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    assert post(client, world, "secretary_b", world.school_a, sheet(rows(world))).status_code == 404
    text = post(client, world, "secretary_a", world.school_a, SimpleUploadedFile("名册.xlsx", b"name,post"))
    assert (text.status_code, text.json()["code"], text.json()["errors"][0]["row"]) == (422, "bad_file", None)
