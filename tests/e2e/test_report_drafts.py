"""党建报告 in a real browser: school A's secretary opens 党建报告 from the sidebar, generates the
year's 自查报告 from the data, finds the figures and the parts left for her, edits a part and saves
it as version 2, reads version 1 unchanged, and downloads the Word file (read back: the six parts
in order, her words in it) and the PDF (its first page drawn to a PNG). Screenshots go to
var/screenshots/report-draft-*.png."""

import io
from pathlib import Path

import pytest
from docx import Document
from playwright.sync_api import expect

from dangjian.core.pdf import pdf_page_png, text_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ADDED = "年初支部制定了年度党建工作计划，分解到每位支委。"


def test_the_secretary_generates_edits_and_downloads_a_self_check(e2e_world, live_server, signed_in, screenshot_dir):
    from dangjian.reports.draft_writers import headings_of
    from dangjian.reports.tests.draft_helpers import with_school_year

    w = e2e_world
    with_school_year(w)
    page, errors = signed_in(w.secretary_a)

    page.locator("#sidebar").get_by_role("link", name="党建报告").click()
    expect(page.locator("h1")).to_have_text("党建报告")
    page.get_by_role("link", name="生成初稿").click()
    expect(page.get_by_label("党建工作自查报告")).to_be_checked()
    page.screenshot(path=str(screenshot_dir / "report-draft-new.png"), full_page=True)
    page.locator("#draft-new-form").get_by_role("button", name="生成初稿").click()

    expect(page.locator("h1")).to_have_text("党建工作自查报告")
    expect(page.get_by_text("已根据数据生成第1版初稿")).to_be_visible()
    mechanism = page.get_by_label("一、完善机制，落实制度")
    expect(mechanism).to_contain_text("支部党员大会3次")
    expect(mechanism).to_contain_text("【由党组织撰写：")
    expect(page.get_by_label("二、加强党务管理工作")).to_contain_text("共有党员10名")
    expect(page.locator("#draft-facts")).to_contain_text("组织生活落实率")
    page.screenshot(path=str(screenshot_dir / "report-draft-edit.png"), full_page=True)

    mechanism.fill(ADDED + "\n\n" + mechanism.input_value())
    page.get_by_label("修改说明（可不填）").fill("补充年度计划")
    page.get_by_role("button", name="保存为新版本").click()
    expect(page.get_by_text("已保存为第2版")).to_be_visible()
    versions = page.locator("#versions")
    expect(versions).to_contain_text("第2版")
    expect(versions).to_contain_text("补充年度计划")
    expect(page.get_by_label("一、完善机制，落实制度")).to_contain_text(ADDED)
    page.screenshot(path=str(screenshot_dir / "report-draft-saved.png"), full_page=True)

    versions.get_by_role("link", name="第1版").click()
    expect(page.locator("#draft-text")).to_contain_text("一、完善机制，落实制度")
    expect(page.locator("#draft-text")).not_to_contain_text(ADDED)
    expect(page.locator("textarea")).to_have_count(0)
    page.locator("#versions").get_by_role("link", name="第2版").click()

    with page.expect_download() as download:
        page.get_by_role("link", name="下载 Word").click()
    assert download.value.suggested_filename.endswith("第2版.docx")
    document = Document(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert [p.text for p in document.paragraphs if p.style.name.startswith("Heading")] == headings_of("self_check")
    assert ADDED in "\n".join(p.text for p in document.paragraphs)

    with page.expect_download() as download:
        page.get_by_role("link", name="下载 PDF").click()
    pdf = Path(download.value.path()).read_bytes()
    assert ADDED in text_of(pdf).replace("\r", "").replace("\n", "")
    pdf_page_png(pdf, screenshot_dir / "report-draft-pdf.png")
    assert errors == [], errors
