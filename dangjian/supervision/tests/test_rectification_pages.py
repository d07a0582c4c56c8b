"""The 整改台账 in the browser's terms: the county imports school A's feedback list (one bad row
writes nothing), the secretary reports with evidence and asks for 销号, the county decides, the
ledger, overview and to-do show where things stand, and the documents come out."""

import io

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dangjian.core.pdf import text_of
from dangjian.supervision.models import RectificationBatch, RectificationItem
from dangjian.supervision.services import rectification_flow as flow
from dangjian.supervision.tests.rectification_helpers import (
    evidence,
    frozen,  # noqa: F401 - a fixture
    inspection_batch,
    item,
)
from dangjian.testing import login

pytestmark = pytest.mark.usefixtures("frozen")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER = ["序号", "存在问题", "整改措施", "责任领导", "责任单位", "责任人", "整改期限"]


@pytest.fixture(autouse=True)
def uploads_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def feedback_list(rows) -> SimpleUploadedFile:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out)
    sheet = book.add_worksheet("整改问题清单")
    for col, title in enumerate(HEADER):
        sheet.write_string(0, col, title)
    for r, row in enumerate(rows, 1):
        for col, value in enumerate(row):
            sheet.write(r, col, value)
    book.close()
    return SimpleUploadedFile("巡察反馈问题清单.xlsx", out.getvalue(), content_type=XLSX)


GOOD = [(1, "“三会一课”记录不完整", "补齐记录", "张伟", "党支部", "陈静", "2026-12-31"),
        (2, "党费公示不及时", "按季度公示", "张伟", "党支部", "陈静", "2027-01-15")]


def import_as(client, world, rows):
    return client.post(reverse("supervision:batch_import"), {
        "org": world.branch_a.pk, "source": "inspection", "issuer": world.county_a.pk, "issuer_detail": "第二巡察组",
        "issued_on": "2026-09-10", "reference": "东教巡反〔2026〕3号", "title": "", "file": feedback_list(rows)})


def client_of(client, user):
    login(client, user)
    return client


def test_an_import_with_one_bad_row_writes_nothing_and_names_every_bad_row(client, world):
    client_of(client, world.county_admin)
    rows = [*GOOD, (3, "谈心谈话未全覆盖", "", "", "", "", "2026-12-31"), (4, "学习记录缺失", "", "", "", "张伟", "2026-08-01")]

    response = import_as(client, world, rows)

    assert response.status_code == 422
    page = response.content.decode()
    assert "第 4 行「责任人」：每项整改任务须明确责任人" in page
    assert "第 5 行「整改期限」：整改期限 2026-08-01 早于问题反馈日期 2026-09-10" in page
    assert "有一行错误则整表不写入" in page
    assert not RectificationBatch.objects.exists() and not RectificationItem.objects.exists()


def test_the_county_imports_school_as_feedback_list(client, world):
    client_of(client, world.county_admin)

    response = import_as(client, world, GOOD)

    batch = RectificationBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("supervision:batch", args=[batch.pk])
    assert list(batch.items.values_list("problem", "owner_name")) == [("“三会一课”记录不完整", "陈静"), ("党费公示不及时", "陈静")]
    page = client.get(reverse("supervision:batch", args=[batch.pk])).content.decode()
    assert "整改情况报告应于 <strong>2026-11-10</strong> 前报送" in page and "已超期未报送" in page


def test_a_school_cannot_import_an_inspection_for_itself(client, world):
    client_of(client, world.secretary_a)
    response = client.post(reverse("supervision:batch_import"), {
        "org": world.branch_a.pk, "source": "inspection", "issuer": world.branch_a.pk, "issued_on": "2026-09-10",
        "file": feedback_list(GOOD)})

    assert response.status_code == 422
    assert "须由东城区第一中学党支部的上级党组织下达" in response.content.decode()
    assert not RectificationBatch.objects.exists()


def test_the_secretary_reports_with_evidence_and_asks_for_closure_on_the_item_page(client, world):
    first = inspection_batch(world).items.get(number=1)
    client_of(client, world.secretary_a)

    page = client.get(reverse("supervision:item", args=[first.pk])).content.decode()
    assert "报告整改进展" in page and "审核销号申请" not in page
    response = client.post(reverse("supervision:item_progress", args=[first.pk]), {
        "progress-occurred_on": "2026-11-20", "progress-progress": "70", "progress-text": "已制定计划",
        "progress-files": [evidence()]})
    assert response.status_code == 302
    response = client.post(reverse("supervision:item_request", args=[first.pk]), {
        "request-occurred_on": "2026-11-23", "request-text": "已完成"})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.state == "requested"

    refused = client.post(reverse("supervision:item_decide", args=[first.pk]), {"decision": "approve"})
    assert refused.status_code == 403 and "学校党组织不能自行销号" in refused.content.decode()


def test_the_county_approves_one_and_returns_another_with_its_reason(client, world):
    batch = inspection_batch(world)
    one, two = batch.items.order_by("number")
    for i in (one, two):
        flow.request_closure(i, text="已完成", files=[evidence()], acting_user=world.secretary_a)
    client_of(client, world.county_admin)

    assert client.post(reverse("supervision:item_decide", args=[one.pk]), {"decision": "approve"}).status_code == 302
    empty = client.post(reverse("supervision:item_decide", args=[two.pk]), {"decision": "return", "decision-note": ""})
    assert empty.status_code == 422 and "退回须写明理由" in empty.content.decode()
    assert client.post(reverse("supervision:item_decide", args=[two.pk]),
                       {"decision": "return", "decision-note": "缺少签到表"}).status_code == 302
    one.refresh_from_db(), two.refresh_from_db()
    assert (one.state, two.state) == ("closed", "returned")


def test_another_school_does_not_see_school_as_item_or_evidence(client, world):
    first = inspection_batch(world).items.get(number=1)
    event = flow.report_progress(first, progress=10, text="开始", files=[evidence()], acting_user=world.secretary_a)
    client_of(client, world.secretary_b)

    assert client.get(reverse("supervision:item", args=[first.pk])).status_code == 404
    assert client.get(reverse("supervision:evidence", args=[event.evidence.get().pk])).status_code == 404
    assert "三会一课" not in client.get(reverse("supervision:ledger")).content.decode()


def test_the_evidence_is_served_to_the_county(client, world):
    first = inspection_batch(world).items.get(number=1)
    event = flow.report_progress(first, progress=10, text="开始", files=[evidence()], acting_user=world.secretary_a)
    client_of(client, world.county_admin)

    response = client.get(reverse("supervision:evidence", args=[event.evidence.get().pk]))

    assert response.status_code == 200 and response["Content-Type"] == "image/png"


def test_an_overdue_item_shows_in_the_countys_overview_and_to_do(client, world):
    inspection_batch(world, items=[item(deadline="2026-11-01"), item("学习记录缺失", deadline="2026-12-31")])
    client_of(client, world.county_admin)

    overview = client.get(reverse("supervision:overview") + f"?org={world.county_a.pk}").content.decode()
    todo = client.get(reverse("supervision:todo")).content.decode()

    assert "东城区第一中学党支部" in overview and 'text-danger fw-bold" href' in overview
    assert "逾期未完成的整改任务（1）" in todo and "逾期 22 天" in todo


def test_the_ledger_exports_exactly_the_filtered_items(client, world):
    inspection_batch(world, items=[item(deadline="2026-11-01"), item("学习记录缺失", deadline="2026-12-31")])
    client_of(client, world.secretary_a)

    response = client.get(reverse("supervision:ledger_xlsx") + f"?org={world.branch_a.pk}&state=overdue")

    import python_calamine

    rows = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content))) \
        .get_sheet_by_index(0).to_python()
    texts = [str(c) for row in rows for c in row]
    assert rows[0][0] == "整改工作台账" and "党员发展计划与实际执行不一致" in texts and "学习记录缺失" not in texts
    assert "逾期 22 天" in texts


def test_the_report_comes_out_as_word_and_pdf(client, world):
    batch = inspection_batch(world)
    first = batch.items.get(number=1)
    flow.request_closure(first, text="已完成计划", files=[evidence()], acting_user=world.secretary_a)
    flow.approve_closure(first, acting_user=world.county_admin)
    client_of(client, world.secretary_a)

    docx = client.get(reverse("supervision:report_docx", args=[batch.pk]))
    pdf = client.get(reverse("supervision:report_pdf", args=[batch.pk]))

    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "关于2026年东城区教育党工委巡察反馈问题整改情况的报告" in text
    assert "反馈问题共 2 项，已整改完成并销号 1 项" in text and "2026年11月23日销号" in text
    assert "反馈问题共 2 项" in text_of(pdf.content).replace("\n", "")


def test_the_import_template_downloads(client, world):
    client_of(client, world.secretary_a)
    response = client.get(reverse("supervision:import_template"))
    assert response.status_code == 200 and response["Content-Type"] == XLSX


def test_the_county_adds_an_item_by_hand_and_the_service_refuses_a_missing_owner(client, world):
    batch = inspection_batch(world, items=[])
    client_of(client, world.county_admin)

    missing = client.post(reverse("supervision:batch_item_add", args=[batch.pk]), {
        "item-problem": "制度上墙不规范", "item-owner_name": "", "item-deadline": "2026-12-31"})
    assert missing.status_code == 422 and "每项整改任务须明确责任人" in missing.content.decode()
    added = client.post(reverse("supervision:batch_item_add", args=[batch.pk]), {
        "item-problem": "制度上墙不规范", "item-owner_name": "陈静", "item-deadline": "2026-12-31"})
    assert added.status_code == 302 and batch.items.get().owner == world.org_member_a
