import io
import os
import random
import re
import stat
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile

from dangjian.core import uploads
from dangjian.core.errors import RuleViolation
from dangjian.core.spreadsheets import Column, read_xlsx
from dangjian.core.tests import files
from dangjian.core.uploads import check_upload, store_upload, temporary_upload

MB = 1024 * 1024
XLSX = {"xlsx"}


def refusal(data, *, kinds=XLSX, max_bytes=20 * MB, **options) -> RuleViolation:
    with pytest.raises(RuleViolation) as caught:
        check_upload(data, kinds=kinds, max_bytes=max_bytes, **options)
    assert caught.value.code == "bad_file"
    return caught.value


# --- The malformed-file corpus: each one refused, with its reason, and nothing but RuleViolation ---

CORPUS = [
    ("a truncated zip", files.truncated_zip, "文件被截断或已损坏"),
    ("a zip whose part is scrambled", files.zip_with_corrupt_part, "文件被截断或已损坏"),
    ("a 100 MB run of zeros compressed", files.zip_bomb_of_zeros, "疑似压缩炸弹"),
    ("a zip of 10,001 entries", files.zip_of_many_entries, "疑似压缩炸弹"),
    ("a zip with a ../ path", lambda: files.zip_with_path("../../etc/cron.d/x"), "非法路径"),
    ("a zip with an absolute path", lambda: files.zip_with_path("/etc/passwd"), "非法路径"),
    ("a zip with encrypted entries", files.zip_with_encrypted_flag, "文件已加密"),
    ("XXE in [Content_Types].xml", files.xxe_in_content_types, "不安全的实体"),
    ("billion laughs in [Content_Types].xml", files.laughs_in_content_types, "不安全的实体"),
    ("XXE in a sheet", files.xxe_in_sheet, "不安全的实体"),
    ("billion laughs in a sheet", files.laughs_in_sheet, "不安全的实体"),
    ("an .xlsm by its content type", files.xlsm_by_content_type, "不接受含宏的工作簿（.xlsm）"),
    ("an .xlsx carrying a vbaProject.bin", files.xlsm_by_vba_part, "不接受含宏的工作簿（.xlsm）"),
    ("an encrypted OOXML file (OLE with EncryptionInfo)",
     lambda: files.ole_file("EncryptionInfo", "EncryptedPackage"), "文件已加密，请先取消密码保护再上传"),
    ("a legacy .xls", lambda: files.ole_file("Workbook"), "旧版 Excel 97-2003 工作簿（.xls）"),
    ("a legacy .doc", lambda: files.ole_file("WordDocument"), "文件类型不符"),
    ("a PNG renamed .xlsx", files.png, "文件类型不符：内容不是 Excel 工作簿（.xlsx），而是 PNG 图片"),
    ("a text file renamed .xlsx", lambda: "姓名,身份证号\n张三,110105194912310021\n".encode("gb18030"), "纯文本"),
    ("an empty file", lambda: b"", "文件为空"),
    ("a docx where an xlsx is expected", files.docx, "文件类型不符：内容不是 Excel 工作簿（.xlsx），而是 Word 文档"),
    ("random bytes", lambda: random.Random(3).randbytes(4096), "文件类型不符：内容不是 Excel 工作簿（.xlsx）"),
]


@pytest.mark.parametrize(("case", "build", "reason"), CORPUS, ids=[c[0] for c in CORPUS])
def test_every_malformed_file_in_the_corpus_is_refused_with_its_reason(case, build, reason):
    assert reason in refusal(build()).message, case


@pytest.mark.parametrize(("case", "build", "reason"), CORPUS, ids=[c[0] for c in CORPUS])
def test_every_malformed_file_is_refused_the_same_way_when_it_arrives_as_an_upload_named_xlsx(case, build, reason):
    upload = SimpleUploadedFile("党员名单.xlsx", build(), content_type="application/vnd.ms-excel")
    assert reason in refusal(upload).message, case


def test_a_zip_bomb_is_refused_from_its_directory_without_inflating_it(monkeypatch):
    bomb = files.zip_bomb_of_zeros()

    def inflate(*args, **kwargs):
        raise AssertionError("a part was opened before the sizes were checked")

    monkeypatch.setattr(zipfile.ZipFile, "open", inflate)
    assert "疑似压缩炸弹" in refusal(bomb).message


def test_a_workbook_that_inflates_past_the_total_limit_is_refused_even_at_an_honest_ratio():
    noise = random.Random(1).randbytes(2 * MB)  # incompressible: ratio about 1:1
    data = files.rezip(files.valid_xlsx(), add={"xl/media/noise.bin": noise})
    assert "疑似压缩炸弹" in refusal(data, max_uncompressed=1 * MB).message


def test_a_part_that_inflates_past_its_declared_size_is_refused():
    data = bytearray(files.valid_xlsx())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    # Lower the declared size in the central directory, as a bomb that lies about itself would.
    central = data.find(b"PK\x01\x02")
    while central != -1:
        name_length = int.from_bytes(data[central + 28:central + 30], "little")
        if data[central + 46:central + 46 + name_length] == info.filename.encode():
            data[central + 24:central + 28] = (10).to_bytes(4, "little")
        central = data.find(b"PK\x01\x02", central + 4)
    assert refusal(bytes(data)).message in {uploads.MSG_BOMB, uploads.MSG_DAMAGED}


def test_a_file_over_the_size_limit_is_refused_naming_the_limit_in_megabytes():
    message = refusal(files.valid_xlsx(), max_bytes=MB // 1000).message
    assert "文件过大" in message and "MB" in message


def test_the_size_limit_is_checked_before_an_upload_is_read():
    class Huge(SimpleUploadedFile):
        def chunks(self, chunk_size=None):
            raise AssertionError("the file was read")

    upload = Huge("big.xlsx", b"x")
    upload.size = 50 * MB
    assert "文件过大：上限为 10 MB" in refusal(upload, max_bytes=10 * MB).message


def test_a_legacy_xls_is_told_to_save_as_the_new_format():
    assert "另存为" in refusal(files.ole_file("Workbook")).message


def test_an_xlsm_is_refused_even_where_word_documents_are_also_accepted():
    assert "含宏" in refusal(files.xlsm_by_content_type(), kinds={"xlsx", "docx"}).message


def test_when_several_kinds_are_accepted_the_refusal_lists_them():
    message = refusal(b"just text", kinds={"pdf", "png", "jpeg"}).message
    assert "只接受" in message and "PDF 文件" in message and "PNG 图片" in message


# --- Mutations: whatever a damaged file looks like, the only exception is RuleViolation --------


def test_two_hundred_randomly_damaged_workbooks_never_raise_anything_but_rule_violation():
    original = files.valid_xlsx()
    columns = [Column("name", "姓名", True), Column("id", "身份证号", True, "id_number")]
    rng = random.Random(20261123)
    outcomes = {"accepted": 0, "refused": 0}
    for _ in range(200):
        data = bytearray(original)
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        if rng.random() < 0.2:
            data = data[: rng.randrange(len(data))]
        try:
            checked = check_upload(bytes(data), kinds=XLSX, max_bytes=MB)
            read_xlsx(checked.source, columns=columns, max_rows=10)
            outcomes["accepted"] += 1
        except RuleViolation as refused:
            assert refused.message
            outcomes["refused"] += 1
    assert outcomes["refused"] > 0 and sum(outcomes.values()) == 200


# --- What is accepted, and what a CheckedUpload says --------------------------------------------


def test_a_real_workbook_is_accepted_as_xlsx_whatever_its_name():
    checked = check_upload(SimpleUploadedFile("名单.XLS", files.valid_xlsx()), kinds=XLSX, max_bytes=MB)
    assert (checked.kind, checked.extension, checked.name) == ("xlsx", ".xlsx", "名单.XLS")
    assert re.fullmatch(r"[0-9a-f]{64}", checked.sha256)


def test_a_word_document_is_accepted_where_docx_is_wanted():
    assert check_upload(files.docx(), kinds={"docx"}, max_bytes=MB).kind == "docx"


def test_a_workbook_given_by_path_or_as_a_temporary_upload_is_accepted(tmp_path):
    path = tmp_path / "a.xlsx"
    path.write_bytes(files.valid_xlsx())
    assert check_upload(path, kinds=XLSX, max_bytes=MB).source == path

    upload = TemporaryUploadedFile("a.xlsx", "application/octet-stream", path.stat().st_size, None)
    upload.write(path.read_bytes())
    upload.flush()
    checked = check_upload(upload, kinds=XLSX, max_bytes=MB)
    assert checked.kind == "xlsx" and checked.source == Path(upload.temporary_file_path())
    upload.close()


@pytest.mark.parametrize(("data", "kind"), [(files.png(), "png"), (files.jpeg(), "jpeg"), (files.pdf(), "pdf")])
def test_attachments_are_recognised_by_their_magic_bytes(data, kind):
    assert check_upload(data, kinds={"png", "jpeg", "pdf"}, max_bytes=MB).kind == kind


@pytest.mark.parametrize(
    ("case", "data", "reason"),
    [
        ("a PNG claiming 100,000 × 100,000 pixels", files.png(100_000, 100_000), "图片尺寸过大"),
        ("a PNG cut before its end chunk", files.png(with_end=False), "文件被截断或已损坏"),
        ("a JPEG without a frame header", b"\xff\xd8\xff\xe0\x00\x04ab", "文件被截断或已损坏"),
        ("a JPEG claiming 60,000 × 60,000 pixels", files.jpeg(60_000, 60_000), "图片尺寸过大"),
        ("a PDF cut before %%EOF", files.pdf(complete=False), "文件被截断或已损坏"),
        ("a password-protected PDF", files.pdf(encrypted=True), "文件已加密"),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_broken_or_dangerous_attachments_are_refused(case, data, reason):
    assert reason in refusal(data, kinds={"png", "jpeg", "pdf"}).message, case


def test_pillow_verifies_images_when_it_is_installed():
    pytest.importorskip("PIL")
    damaged = files.png()[:-20] + b"\0" * 8 + files.png()[-12:]
    assert "损坏" in refusal(damaged, kinds={"png"}).message


# --- Storage and temporary files ---------------------------------------------------------------


def test_a_stored_upload_gets_a_random_name_under_media_root_by_year_with_its_real_extension(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    checked = check_upload(SimpleUploadedFile("evil.php", files.png()), kinds={"png"}, max_bytes=MB)
    first, second = store_upload(checked), store_upload(checked)
    assert first.parent.parent == tmp_path / "media" / "uploads"
    assert re.fullmatch(r"\d{4}", first.parent.name)
    assert re.fullmatch(r"[0-9a-f]{32}\.png", first.name) and first != second
    assert first.read_bytes() == files.png()
    if os.name == "posix":
        assert stat.S_IMODE(first.stat().st_mode) == 0o600


def test_the_temporary_copy_is_removed_after_success(tmp_path):
    with temporary_upload(SimpleUploadedFile("a.xlsx", files.valid_xlsx()), suffix=".xlsx") as path:
        assert check_upload(path, kinds=XLSX, max_bytes=MB).kind == "xlsx"
    assert not path.exists()


def test_the_temporary_copy_is_removed_after_a_refusal_and_after_a_crash():
    with pytest.raises(RuleViolation), temporary_upload(files.truncated_zip()) as refused_path:
        check_upload(refused_path, kinds=XLSX, max_bytes=MB)
    assert not refused_path.exists()

    with pytest.raises(ZeroDivisionError), temporary_upload(io.BytesIO(b"data")) as crashed_path:
        _ = 1 / 0
    assert not crashed_path.exists()


def test_a_temporary_copy_that_grows_past_the_limit_is_refused_and_removed(settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    with pytest.raises(RuleViolation) as caught, temporary_upload(b"x" * (2 * MB), max_bytes=MB):
        pass
    assert "文件过大" in caught.value.message
    assert list(tmp_path.iterdir()) == []


def test_random_bytes_are_not_mistaken_for_a_text_file():
    message = refusal(random.Random(3).randbytes(4096)).message
    assert message == "文件类型不符：内容不是 Excel 工作簿（.xlsx）"
