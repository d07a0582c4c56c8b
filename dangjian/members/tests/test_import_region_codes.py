"""An ID number whose region code (first six digits) is no longer a current administrative
division code (GB/T 2260) is imported all the same, with a warning in the import's answer — the
command's, the API's and the job page's — and the member's page says so, worked out from the
number. A current code gives no warning; an unknown one behaves as before (no warning either)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dangjian.core.regions import RegionState, region_code_status
from dangjian.core.roles import Post
from dangjian.members import importer
from dangjian.members.models import ImportJob, ImportState, Member
from dangjian.members.tests.importfiles import client_for, new_id, person, workbook
from dangjian.orgs.models import Position
from dangjian.testing import login, make_id_number, make_user

BIRTH = datetime.date(1975, 4, 12)


def chongwen_id(serial: int = 41) -> str:
    """北京市崇文区 (110103), merged into 东城区 in 2010: a valid number with a retired region code."""
    return make_id_number(BIRTH, serial, region="110103")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_the_region_code_status_of_a_retired_a_current_and_an_unknown_code():
    retired = region_code_status(chongwen_id())
    assert (retired.state, retired.code, retired.name, retired.retired_in) == (
        RegionState.RETIRED, "110103", "北京市崇文区", 2010)
    assert region_code_status("110101").state == RegionState.CURRENT  # 东城区, which took it in
    assert region_code_status("320102").state == RegionState.CURRENT
    assert region_code_status("110199").state == RegionState.UNKNOWN  # valid province, never a county
    assert "110103（原北京市崇文区，2010 年起停用）已不是现行行政区划代码（GB/T 2260）" in retired.warning()
    assert "110103" not in retired.masked_warning() and "崇文" not in retired.masked_warning()


def test_the_import_takes_a_retired_code_warns_on_its_row_only_and_leaves_an_unknown_code_alone(world):
    rows = [person(name="导入甲", id_number=chongwen_id()), person(name="导入乙"),
            person(name="导入丙", id_number=make_id_number(BIRTH, 42, region="110199"))]
    result = importer.run(workbook(rows), user=world.secretary_a, within=world.branch_a)
    assert result.committed and result.created == 3 and result.errors == []
    assert [(w["row"], w["column"]) for w in result.as_dict()["warnings"]] == [(2, "身份证号")]
    message = result.as_dict()["warnings"][0]["message"]
    assert message.startswith("身份证号前六位 110103（原北京市崇文区，2010 年起停用）已不是现行行政区划代码（GB/T 2260），请核对")
    assert Member.objects.get(name="导入甲").get_id_number() == rows[0]["id_number"]  # as it was written
    assert Member.objects.filter(name__in=["导入乙", "导入丙"]).count() == 2


def test_the_api_answer_carries_the_warning_and_declares_it(world):
    client = client_for(world, "secretary_a")
    data = workbook([person(name="接口甲", id_number=chongwen_id(43)), person(name="接口乙")])
    response = client.post("/api/v1/members/import", {"file": SimpleUploadedFile("a.xlsx", data), "org": "C01A-001"})
    assert response.status_code == 201
    body = response.json()
    assert body["committed"] is True and body["created"] == 2 and body["errors"] == []
    assert len(body["warnings"]) == 1 and body["warnings"][0]["row"] == 2
    assert "110103（原北京市崇文区" in body["warnings"][0]["message"]
    document = client.get("/api/v1/openapi.json").json()
    ref = document["paths"]["/api/v1/members/import"]["post"]["responses"]["201"]["content"]["application/json"]["schema"]
    answer = document["components"]["schemas"][ref["$ref"].rsplit("/", 1)[1]]
    assert "warnings" in answer["properties"] and "warnings" not in answer.get("required", [])


def test_the_job_page_lists_the_warning_before_and_after_the_confirmation(world):
    client = client_for(world, "secretary_a")
    rows = [person(name="页面甲", id_number=chongwen_id(44)), person(name="页面乙", id_number=new_id())]
    client.post("/members/import/", {"org": world.branch_a.pk, "file": SimpleUploadedFile("党员信息.xlsx", workbook(rows))})
    job = ImportJob.objects.get()
    assert job.state == ImportState.VALIDATED
    page = client.get(f"/members/import/jobs/{job.pk}/").content.decode()
    assert "需要核对的行" in page and "第 2 行" in page and "110103（原北京市崇文区" in page and "确认导入" in page
    client.post(f"/members/import/jobs/{job.pk}/commit/")
    job.refresh_from_db()
    assert job.state == ImportState.COMMITTED and job.created == 2
    page = client.get(f"/members/import/jobs/{job.pk}/").content.decode()
    assert "其中 1 处需要核对" in page and "110103（原北京市崇文区" in page and "错误清单" not in page

    # Someone else who may edit the branch's members but not see full ID numbers reads it unnamed.
    clerk = make_user("clerk_a", "党务干事")
    Position.objects.create(org=world.branch_a, post=Post.CLERK, user=clerk, person_name="党务干事",
                            started_on=datetime.date(2024, 9, 1))
    login(client, clerk)
    page = client.get(f"/members/import/jobs/{job.pk}/").content.decode()
    assert "身份证号前六位已不是现行行政区划代码" in page and "110103" not in page and "崇文" not in page


def test_the_member_page_shows_the_warning_masked_and_the_reveal_names_the_code(client, world):
    from dangjian.members.services import create_member

    member = create_member(org=world.branch_a, name="页面核对", id_number=chongwen_id(45),
                           joined_on=datetime.date(2010, 7, 1), confirmed_on=datetime.date(2011, 7, 1))
    login(client, world.secretary_a)
    page = client.get(reverse("members:detail", args=[member.pk])).content.decode()
    assert "需核对" in page and "身份证号前六位已不是现行行政区划代码（GB/T 2260）" in page
    assert "110103" not in page and "崇文" not in page  # masked number + birth date + code = the whole number
    assert "{#" not in page
    revealed = client.post(reverse("members:reveal", args=[member.pk]), {"reason": "核对身份证号地址码"}).content.decode()
    assert "110103（原北京市崇文区，2010 年起停用）" in revealed
    current = client.get(reverse("members:detail", args=[world.m_member_a.pk])).content.decode()
    assert "需核对" not in current and "现行行政区划代码" not in current

    # The API's record says it too, as optional and as masked as the page.
    answer = client.get(f"/api/v1/members/{member.pk}").json()
    assert answer["id_region_warning"].startswith("身份证号前六位已不是现行行政区划代码") and "110103" not in str(answer)
    assert client.get(f"/api/v1/members/{world.m_member_a.pk}").json()["id_region_warning"] is None
