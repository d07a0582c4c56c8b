"""The import pages and the API: template, upload, background validation with progress, the preview
with every error, the confirmation, who may see a job, and what is left on disk."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dangjian.core.spreadsheets import read_xlsx
from dangjian.members import import_jobs, importer
from dangjian.members.models import ImportJob, ImportState, Member
from dangjian.members.tests.importfiles import client_for, new_id, person, workbook


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(root) -> list[Path]:
    return [p for p in Path(root).rglob("*") if p.is_file()]


def upload(client, world, rows, **extra):
    data = workbook(rows)
    return client.post("/members/import/", {"org": world.branch_a.pk,
                                            "file": SimpleUploadedFile("党员信息.xlsx", data), **extra})


def test_the_template_has_the_record_columns_a_text_id_column_and_the_instructions(world):
    response = client_for(world, "secretary_a").get("/members/import/template/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    import python_calamine

    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    assert book.sheet_names[:2] == ["党员信息", "填写说明"]
    header = book.get_sheet_by_index(0).to_python()[0]
    assert header == [c.title for c in importer.COLUMNS]
    assert header[:3] == ["姓名", "身份证号", "性别"] and header[-3:] == ["失联党员", "流动党员", "困难党员"]
    notes = "\n".join(str(c) for row in book.get_sheet_by_name("填写说明").to_python() for c in row)
    assert "身份证号一列已设为文本格式" in notes and "张三" in notes and "C01A-001" in notes
    # The example sits on the instructions sheet: the data sheet uploaded as is imports nobody.
    result = importer.run(response.content, user=world.secretary_a, within=world.branch_a)
    assert result.errors == [{"row": None, "column": "", "message": "表头下没有数据行"}]


def test_the_example_row_of_the_template_is_itself_valid(world):
    read = read_xlsx(workbook([importer.example_row("C01A-001")]), columns=importer.COLUMNS, max_rows=10)
    assert importer.plan_import(read, user=world.secretary_a, within=world.branch_a).errors == []


def test_a_secretary_uploads_previews_and_confirms_a_clean_file(world, media):
    client = client_for(world, "secretary_a")
    rows = [person(name="周一"), person(name="吴二")]
    response = upload(client, world, rows)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/members/import/jobs/{job.pk}/"
    assert job.state == ImportState.VALIDATED and (job.created, job.total) == (2, 2)
    assert len(stored_files(media)) == 1  # kept, outside the web root, until the confirmation

    page = client.get(f"/members/import/jobs/{job.pk}/").content.decode()
    assert "确认导入" in page and "将新建" in page and "周一" in page
    assert rows[0]["id_number"] not in page and rows[0]["id_number"][:3] + "*" * 11 in page  # masked only
    assert not Member.objects.filter(name__in=["周一", "吴二"]).exists()

    response = client.post(f"/members/import/jobs/{job.pk}/commit/", follow=True)
    assert "导入完成：新建 2 人" in response.content.decode()
    job.refresh_from_db()
    assert job.state == ImportState.COMMITTED and job.finished_at and job.file_path == ""
    assert Member.objects.filter(name__in=["周一", "吴二"], org=world.branch_a).count() == 2
    assert stored_files(media) == []

    again = client.post(f"/members/import/jobs/{job.pk}/commit/", follow=True)
    assert "不能再次确认" in again.content.decode()
    assert Member.objects.filter(name="周一").count() == 1


def test_the_preview_lists_every_error_by_row_and_column_and_offers_no_confirmation(world, media):
    client = client_for(world, "secretary_a")
    upload(client, world, [person(phone="12"), person(), person(id_number="110105198503010010", joined_on="")])
    job = ImportJob.objects.get()
    assert job.state == ImportState.FAILED and stored_files(media) == []
    page = client.get(f"/members/import/jobs/{job.pk}/").content.decode()
    assert "第 2 行" in page and "手机号" in page and "第 4 行" in page and "入党日期" in page
    assert "校验码不正确" in page and "确认导入" not in page and "未导入任何数据" in page
    assert client.post(f"/members/import/jobs/{job.pk}/commit/").status_code == 302
    job.refresh_from_db()
    assert job.state == ImportState.FAILED


def test_if_the_database_changed_since_the_preview_the_confirmation_writes_nothing(world):
    client = client_for(world, "secretary_a")
    twin = new_id()
    upload(client, world, [person(name="甲"), person(name="乙", id_number=twin)])
    job = ImportJob.objects.get()
    from dangjian.members.services import create_member

    create_member(org=world.branch_b, name="乙", id_number=twin, joined_on=datetime.date(2012, 6, 30))
    client.post(f"/members/import/jobs/{job.pk}/commit/")
    job.refresh_from_db()
    assert job.state == ImportState.FAILED
    assert job.errors == [{"row": 3, "column": "身份证号", "message": "该身份证号已在其他组织建档"}]
    assert not Member.objects.filter(name="甲").exists()


def test_a_large_file_is_validated_and_committed_in_the_background_with_progress(world, monkeypatch,
                                                                                 django_capture_on_commit_callbacks):
    from huey.contrib.djhuey import HUEY

    # The huey instance is built when djhuey is first imported; changing settings.HUEY later
    # does not reach it, so the test puts it in immediate mode itself (tasks run in-process).
    monkeypatch.setattr(HUEY, "immediate", True)
    monkeypatch.setattr(importer, "SYNC_ROWS", 3)
    client = client_for(world, "secretary_a")
    rows = [person(name=f"后台{i}") for i in range(5)]
    with django_capture_on_commit_callbacks(execute=False) as queued:
        upload(client, world, rows)
    job = ImportJob.objects.get()
    assert job.state == ImportState.QUEUED and job.total == 5
    page = client.get(f"/members/import/jobs/{job.pk}/").content.decode()
    assert "排队等待后台处理" in page and 'hx-trigger="every 1s"' in page
    progress = client.get(f"/members/import/jobs/{job.pk}/progress/")
    assert "HX-Refresh" not in progress

    for callback in queued:  # enqueues the huey task, which runs at once
        callback()
    job.refresh_from_db()
    assert job.state == ImportState.VALIDATED and (job.done, job.created) == (5, 5)
    assert client.get(f"/members/import/jobs/{job.pk}/progress/")["HX-Refresh"] == "true"

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/members/import/jobs/{job.pk}/commit/")
    job.refresh_from_db()
    assert job.state == ImportState.COMMITTED and job.created == 5
    assert Member.objects.filter(name__startswith="后台").count() == 5


def test_the_commit_reports_its_progress_through_a_file_read_by_the_progress_partial(world, media):
    job = ImportJob(pk=991, state=ImportState.COMMITTING, org=world.branch_a, total=10, created=8, updated=2)
    assert import_jobs.live_progress(job) == (0, 10)
    path = media / "uploads" / "progress" / "991.txt"
    path.parent.mkdir(parents=True)
    path.write_text("50 100")
    assert import_jobs.live_progress(job) == (50, 100)


@pytest.mark.parametrize(("persona", "status"), [
    ("secretary_a", 200), ("org_member_a", 200), ("county_admin", 200), ("city_admin", 200),
    ("secretary_b", 404), ("member_a", 403), ("principal_a", 403),
])
def test_a_job_is_seen_by_its_creator_and_by_those_who_may_edit_its_organization(world, persona, status):
    upload(client_for(world, "secretary_a"), world, [person(phone="1")])
    job = ImportJob.objects.get()
    client = client_for(world, persona)
    assert client.get(f"/members/import/jobs/{job.pk}/").status_code == status
    assert client.get(f"/members/import/jobs/{job.pk}/progress/").status_code == status
    assert client.post(f"/members/import/jobs/{job.pk}/commit/").status_code in {status, 302}


@pytest.mark.parametrize(("persona", "status"), [
    ("secretary_a", 200), ("org_member_a", 200), ("county_admin", 200), ("secretary_b", 200),
    ("member_a", 403), ("principal_a", 403),
])
def test_only_people_who_may_edit_members_reach_the_upload_and_the_template(world, persona, status):
    client = client_for(world, persona)
    assert client.get("/members/import/").status_code == status
    assert client.get("/members/import/template/").status_code == status


def test_the_upload_form_offers_only_organizations_the_user_may_edit(world):
    page = client_for(world, "secretary_a").get("/members/import/").content.decode()
    assert "东城区第一中学党支部（C01A-001）" in page and "实验小学" not in page
    response = upload(client_for(world, "secretary_a"), world, [person()], org=world.branch_b.pk)
    assert response.status_code == 200 and not ImportJob.objects.exists()


def test_an_abandoned_preview_expires_and_its_file_is_removed(world, media):
    upload(client_for(world, "secretary_a"), world, [person()])
    job = ImportJob.objects.get()
    assert stored_files(media)
    from django.utils import timezone

    assert import_jobs.expire_stale_jobs(timezone.now() + datetime.timedelta(hours=25)) == 1
    job.refresh_from_db()
    assert job.state == ImportState.FAILED and "已作废" in job.errors[-1]["message"]
    assert stored_files(media) == []


# --- the API -------------------------------------------------------------------------------

def api_post(client, data, **form):
    return client.post("/api/v1/members/import", {"file": SimpleUploadedFile("a.xlsx", data), **form})


def test_the_api_checks_with_dry_run_imports_and_then_finds_nothing_to_change(world):
    client = client_for(world, "secretary_a")
    data = workbook([person(name="接口甲"), person(name="接口乙")])
    dry = api_post(client, data, dry_run="true", org="C01A-001")
    assert dry.status_code == 200
    assert dry.json() == {"created": 2, "updated": 0, "unchanged": 0, "errors": [], "warnings": [], "dry_run": True,
                          "committed": False}
    assert not Member.objects.filter(name="接口甲").exists()
    done = api_post(client, data, org="c01a-001")
    assert done.status_code == 201 and done.json()["committed"] is True
    again = api_post(client, data)
    assert again.status_code == 200 and again.json()["unchanged"] == 2 and again.json()["created"] == 0


def test_the_api_answers_422_with_every_row_error_and_the_shared_error_fields(world):
    response = api_post(client_for(world, "secretary_a"), workbook([person(phone="1"), person(status="")]))
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "import_invalid" and body["message"] == "导入文件有 2 处错误，未写入任何数据"
    assert {(e["row"], e["column"]) for e in body["errors"]} == {(2, "手机号"), (3, "党员类别")}
    assert {"rule", "field"} <= set(body)


@pytest.mark.parametrize(("persona", "org", "status"), [
    ("principal_a", None, 403), ("member_a", None, 403), ("secretary_a", "C01A-002", 404),
    ("secretary_a", "NOPE", 404), ("secretary_b", "C01A-002", 422),
])
def test_the_api_refuses_those_without_member_edit_and_hides_organizations_out_of_scope(world, persona, org, status):
    form = {"org": org} if org else {}
    response = api_post(client_for(world, persona), workbook([person()]), **form)
    assert response.status_code == status
    assert {"code", "message"} <= set(response.json())


def test_the_api_without_a_file_answers_in_the_error_shape(world):
    response = client_for(world, "secretary_a").post("/api/v1/members/import", {})
    assert response.status_code == 422 and response.json()["code"] == "invalid"
