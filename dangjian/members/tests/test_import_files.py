"""The malformed-file corpus (QUALITY.md's table) through the WHOLE pipeline, by each of its three
doors — the page, the API and the command: 0 partial writes, 0 server errors, every file
refused with its reason in Chinese."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from dangjian.core.tests import files
from dangjian.members import importer
from dangjian.members.models import ImportJob, ImportState, Member
from dangjian.members.tests.importfiles import client_for, new_id, person, workbook

pytestmark = pytest.mark.long_scope


def too_many_rows() -> bytes:
    row = person()
    return workbook([{**row, "id_number": new_id()} for _ in range(importer.MAX_ROWS + 1)])


def duplicates() -> bytes:
    twin = new_id()
    return workbook([person(id_number=twin), person(id_number=twin)])


CORPUS = [
    ("truncated zip", files.truncated_zip, "文件被截断或已损坏"),
    ("zip bomb", files.zip_bomb_of_zeros, "疑似压缩炸弹"),
    ("XXE in [Content_Types].xml", files.xxe_in_content_types, "不安全的实体"),
    ("XXE in a sheet", files.xxe_in_sheet, "不安全的实体"),
    ("billion laughs", files.laughs_in_sheet, "不安全的实体"),
    (".xlsm", files.xlsm_by_content_type, "不接受含宏的工作簿"),
    ("vbaProject.bin", files.xlsm_by_vba_part, "不接受含宏的工作簿"),
    ("encrypted", lambda: files.ole_file("EncryptionInfo", "EncryptedPackage"), "文件已加密"),
    ("PNG named .xlsx", files.png, "而是 PNG 图片"),
    ("docx named .xlsx", files.docx, "而是 Word 文档"),
    ("legacy .xls", lambda: files.ole_file("Workbook"), "旧版 Excel"),
    ("empty file", lambda: b"", "文件为空"),
    ("a workbook with no rows", lambda: workbook([]), "表头下没有数据行"),
    ("a workbook without our header", lambda: files.valid_xlsx(), "找不到表头"),
    ("too many rows", too_many_rows, f"超过单次导入上限 {importer.MAX_ROWS} 行"),
    ("too large", lambda: b"PK\x03\x04" + b"\0" * (importer.MAX_BYTES + 1), "文件过大"),
    ("bad IDs", lambda: workbook([person(id_number="110105198503010010"), person(id_number="12345")]), "身份证号"),
    ("float IDs", lambda: workbook([person(id_number="110105198503010011")], numbers_for={"id_number"}),
     "被保存为数字"),
    ("duplicates", duplicates, "在本文件中重复"),
]
IDS = [case[0] for case in CORPUS]


@pytest.fixture(scope="module")
def corpus():
    return {name: build() for name, build, _reason in CORPUS}


def upload(data, name="党员信息.xlsx"):
    return SimpleUploadedFile(name, data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@pytest.mark.engine_neutral("files are refused by their content before the import touches the database; the all-or-nothing write runs on PostgreSQL in test_import_rows and test_import_kill")
@pytest.mark.parametrize(("case", "reason"), [(c[0], c[2]) for c in CORPUS], ids=IDS)
def test_the_api_refuses_every_bad_file_with_its_reason_and_writes_nothing(world, corpus, case, reason):
    before = Member.objects.count()
    response = client_for(world, "secretary_a").post("/api/v1/members/import", {"file": upload(corpus[case])})
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["code"] in {"bad_file", "import_invalid"} and body["committed"] is False
    assert any(reason in e["message"] for e in body["errors"]), body
    assert Member.objects.count() == before


@pytest.mark.engine_neutral("files are refused by their content before the import touches the database; the all-or-nothing write runs on PostgreSQL in test_import_rows and test_import_kill")
@pytest.mark.parametrize(("case", "reason"), [(c[0], c[2]) for c in CORPUS], ids=IDS)
def test_the_page_refuses_every_bad_file_with_its_reason_and_writes_nothing(world, corpus, case, reason):
    before = Member.objects.count()
    client = client_for(world, "secretary_a")
    response = client.post("/members/import/", {"org": world.branch_a.pk, "file": upload(corpus[case])}, follow=True)
    assert response.status_code == 200
    assert reason in response.content.decode()
    assert Member.objects.count() == before
    assert not ImportJob.objects.filter(state__in=[ImportState.VALIDATED, ImportState.COMMITTED]).exists()
    assert all(not job.file_path for job in ImportJob.objects.all())  # nothing left behind on disk


@pytest.mark.engine_neutral("files are refused by their content before the import touches the database; the all-or-nothing write runs on PostgreSQL in test_import_rows and test_import_kill")
@pytest.mark.parametrize(("case", "reason"), [(c[0], c[2]) for c in CORPUS], ids=IDS)
def test_the_command_refuses_every_bad_file_with_its_reason_and_exit_code_1(world, corpus, tmp_path, case, reason):
    before = Member.objects.count()
    path = tmp_path / "党员信息.xlsx"
    path.write_bytes(corpus[case])
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import_members", str(path), "--org", "C01A-001", stdout=out, stderr=err)
    assert caught.value.returncode == 1
    assert reason in err.getvalue()
    assert Member.objects.count() == before


def test_a_refused_upload_leaves_no_file_in_the_upload_directory(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(world, "secretary_a")
    for data in (files.png(), workbook([person(phone="1")]), files.truncated_zip()):
        client.post("/members/import/", {"org": world.branch_a.pk, "file": upload(data)})
    assert [p for p in Path(tmp_path).rglob("*") if p.is_file()] == []


def test_the_command_prints_counts_and_writes_with_its_own_dry_run(world, tmp_path):
    path = tmp_path / "名单.xlsx"
    path.write_bytes(workbook([person(name="甲"), person(name="乙", joined_on=datetime.date(2014, 7, 1),
                                                         confirmed_on=datetime.date(2015, 7, 1))]))
    out = io.StringIO()
    call_command("import_members", str(path), "--org", "C01A-001", "--dry-run", stdout=out)
    assert "将新建 2" in out.getvalue() and "未写入任何数据" in out.getvalue()
    assert not Member.objects.filter(name__in=["甲", "乙"]).exists()
    out = io.StringIO()
    call_command("import_members", str(path), "--org", "C01A-001", "--as", "secretary_a", stdout=out)
    assert "已新建 2" in out.getvalue() and "写入 2/2" in out.getvalue()
    assert Member.objects.filter(name__in=["甲", "乙"], org=world.branch_a).count() == 2


def test_the_command_acting_as_a_user_is_held_to_that_users_scope(world, tmp_path):
    path = tmp_path / "名单.xlsx"
    path.write_bytes(workbook([person(org_code="C01A-002", group="")]))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_members", str(path), "--org", "C01A", "--as", "secretary_a", stderr=err,
                     stdout=io.StringIO())
    assert "第 2 行「所属党组织代码」：组织代码不存在：C01A-002" in err.getvalue()


def test_the_command_names_a_missing_file_org_or_user(world, tmp_path):
    path = tmp_path / "名单.xlsx"
    path.write_bytes(workbook([person()]))
    for args, says in [((str(tmp_path / "无.xlsx"), "--org", "C01A-001"), "找不到文件"),
                       ((str(path), "--org", "NOPE"), "组织代码不存在"),
                       ((str(path), "--org", "C01A-001", "--as", "nobody"), "用户不存在")]:
        with pytest.raises(CommandError, match=says):
            call_command("import_members", *args, stdout=io.StringIO(), stderr=io.StringIO())
