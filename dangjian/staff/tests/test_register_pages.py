"""The staff register's pages and API with the named personas: the import is all or nothing with
every row's error, the school page then shows the register's counts with their source, exports and
API answers are masked, the full values only through the reveal page with a reason, audited."""

import datetime
import io

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dangjian.core.models import AuditEntry
from dangjian.staff.importer import COLUMNS
from dangjian.staff.models import StaffMember
from dangjian.testing import login
from dangjian.testing.world import make_id_number

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def sheet(rows) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"strings_to_numbers": False, "strings_to_formulas": False})
    page = book.add_worksheet("教职工名册")
    for index, column in enumerate(COLUMNS):
        page.write_string(0, index, column.title)
    for number, row in enumerate(rows, start=1):
        for index, column in enumerate(COLUMNS):
            if row.get(column.key):
                page.write_string(number, index, str(row[column.key]))
    book.close()
    return SimpleUploadedFile("教职工.xlsx", buffer.getvalue(), content_type=XLSX)


def rows(world, *, bad_post=False):
    return [
        {"name": "杨帆", "id_number": world.m_member_a.get_id_number(), "post": "专任教师", "employed_from": "2012-09-01",
         "phone": "13912345678"},
        {"name": "邱月", "id_number": make_id_number(datetime.date(1991, 4, 5), 501, male=False), "gender": "女",
         "post": "门卫" if bad_post else "工勤人员", "employed_from": "2020-09-01"},
        {"name": "龙飞", "id_number": make_id_number(datetime.date(1986, 8, 8), 502), "post": "专任教师",
         "employed_from": "2016-09-01"},
    ]


def signed_in(client, user):
    login(client, user)
    return client


def test_an_import_with_one_bad_row_writes_nothing_then_the_fixed_file_writes_all_and_the_school_page_counts_it(
        client, world):
    signed_in(client, world.secretary_a)
    url = reverse("staff:import")
    refused = client.post(url, {"school": world.school_a.pk, "file": sheet(rows(world, bad_post=True))})
    assert refused.status_code == 422
    assert "第 3 行" in refused.content.decode() and "岗位类别" in refused.content.decode()
    assert not StaffMember.objects.filter(school=world.school_a).exists()

    done = client.post(url, {"school": world.school_a.pk, "file": sheet(rows(world))})
    assert done.status_code == 302
    assert StaffMember.objects.filter(school=world.school_a).count() == 3
    # the party member of the school was found by her ID number and linked
    assert StaffMember.objects.get(name="杨帆").member == world.m_member_a
    page = client.get(reverse("orgs:school_detail", args=[world.school_a.pk])).content.decode()
    assert "教职工 3 人，其中专任教师 2 人" in page and "教职工名册" in page
    assert "学校填报教职工 80 人" in page


def test_the_export_and_the_api_are_masked_and_the_reveal_asks_a_reason_and_is_audited(client, world):
    signed_in(client, world.secretary_a)
    client.post(reverse("staff:import"), {"school": world.school_a.pk, "file": sheet(rows(world))})
    entry = StaffMember.objects.get(name="杨帆")
    full_id, full_phone = entry.get_id_number(), entry.get_phone()
    export = b"".join(client.get(reverse("staff:export")).streaming_content)
    api = client.get(reverse("api:staff_detail", kwargs={"id": entry.pk})).content
    assert full_phone.encode() not in api and full_id.encode() not in api
    assert full_phone.encode() not in export  # the xlsx's strings are stored plainly in sharedStrings
    refused = client.post(reverse("staff:reveal", args=[entry.pk]), {"reason": "看"})
    assert full_id not in refused.content.decode()
    shown = client.post(reverse("staff:reveal", args=[entry.pk]), {"reason": "签订责任书核对身份"})
    assert full_id in shown.content.decode() and shown["Cache-Control"] == "no-store"
    assert AuditEntry.objects.filter(action="staff.reveal", actor=world.secretary_a).count() == 1


def test_the_principal_registers_through_the_api_and_a_refusal_names_its_rule(client, world):
    signed_in(client, world.principal_a)
    body = {"school": world.school_a.pk, "name": "葛青", "id_number": make_id_number(datetime.date(1990, 1, 2), 503),
            "post": "teacher", "employed_from": "2019-09-01"}
    created = client.post(reverse("api:staff_create"), body, content_type="application/json")
    assert created.status_code == 201 and created.json()["id_number_masked"].count("*") == 11
    twice = client.post(reverse("api:staff_create"), body, content_type="application/json")
    assert twice.status_code == 422 and "本系统教职工名册规则" in twice.json()["rule"]
    # the principal keeps the register but may not see full numbers
    assert client.get(reverse("staff:reveal", args=[created.json()["id"]])).status_code == 403


def test_the_leadership_team_on_a_date_shows_who_held_the_seat_then(client, world):
    from dangjian.staff.services import create_staff_member, end_leadership_term, start_leadership_term

    old = create_staff_member(world.school_a, name="严校长", gender="male", post="leader",
                              id_number=make_id_number(datetime.date(1965, 3, 3), 504),
                              employed_from=datetime.date(2000, 9, 1), acting_user=None)
    term = start_leadership_term(old, role="principal", started_on=datetime.date(2015, 9, 1), acting_user=None)
    end_leadership_term(term, on=datetime.date(2023, 7, 31), acting_user=None)
    signed_in(client, world.county_admin)
    url = reverse("staff:leadership", args=[world.school_a.pk])
    assert "严校长" in client.get(url, {"on": "2020-01-01"}).content.decode()
    assert "严校长" not in client.get(url, {"on": "2024-01-01"}).content.decode()
