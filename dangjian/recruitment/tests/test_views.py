"""The pages: the board by stage, a file's timeline with its next step and deadline, the step
form that shows the rule and its refusal, the due list of the higher committee."""

import pytest
from django.urls import reverse

from dangjian.recruitment.models import StepRecord
from dangjian.testing import login

from .conftest import walk

pytestmark = [pytest.mark.django_db, pytest.mark.long_scope]


@pytest.fixture
def as_secretary(client, world):
    login(client, world.secretary_a)
    return client


def test_the_board_shows_the_file_in_its_stage_with_its_overdue_deadline(as_secretary, world, applicant):
    walk(world, applicant, until="05")
    page = as_secretary.get(reverse("recruitment:board")).content.decode()
    assert "赵明" in page and "入党积极分子" in page
    assert "逾期" in page and "status-danger" in page     # the quarterly report was due 2023-12-01


def test_the_file_page_shows_steps_next_step_and_masked_id(as_secretary, world, applicant):
    walk(world, applicant, until="03")
    page = as_secretary.get(reverse("recruitment:file", args=[applicant.pk])).content.decode()
    assert "03 推荐和确定入党积极分子" in page and "04 报上级党委备案" in page
    assert applicant.id_number_masked in page and applicant.get_id_number() not in page
    assert "由上级党委办理" in page          # 04 is the committee's: no form for the secretary
    assert 'id="step-form"' not in page


def test_a_refused_step_shows_the_rule_next_to_the_form(as_secretary, world, applicant):
    walk(world, applicant, until="06")
    url = reverse("recruitment:record", args=[applicant.pk])
    response = as_secretary.post(url, {"step": "07", "occurred_on": "2024-08-31", "opinions": "on",
                                       "decided_by": "committee_meeting"})
    page = response.content.decode()
    assert response.status_code == 422
    assert "最早在 2024-09-01 办理" in page and "第十三条" in page
    assert not StepRecord.objects.filter(file=applicant, code="07").exists()


def test_a_late_step_asks_for_the_reason_and_is_recorded_with_it(as_secretary, world, applicant):
    url = reverse("recruitment:record", args=[applicant.pk])
    first = as_secretary.post(url, {"step": "02", "occurred_on": "2023-04-10", "talker": "陈静"})
    assert first.status_code == 422 and "请写明理由" in first.content.decode()
    second = as_secretary.post(url, {"step": "02", "occurred_on": "2023-04-10", "talker": "陈静",
                                     "reason": "寒假后返校谈话"})
    assert second.status_code == 302
    page = as_secretary.get(reverse("recruitment:file", args=[applicant.pk])).content.decode()
    assert "理由：寒假后返校谈话" in page


def test_the_vote_form_records_a_meeting(as_secretary, world, applicant):
    walk(world, applicant, until="15", skip_last=True)
    response = as_secretary.post(reverse("recruitment:record", args=[applicant.pk]), {
        "step": "15", "occurred_on": "2024-12-20", "vote_should_attend": 9, "vote_attended": 8, "vote_written": 0,
        "vote_yes": 8, "vote_no": 0, "vote_abstain": 0})
    assert response.status_code == 302
    assert StepRecord.objects.get(file=applicant, code="15").passed


def test_the_branch_secretary_may_not_post_the_committees_step(as_secretary, world, applicant):
    walk(world, applicant, until="03")
    response = as_secretary.post(reverse("recruitment:record", args=[applicant.pk]),
                                 {"step": "04", "occurred_on": "2023-09-10"})
    assert response.status_code == 403


def test_the_county_records_the_committees_step(client, world, applicant):
    walk(world, applicant, until="03")
    login(client, world.county_admin)
    response = client.post(reverse("recruitment:record", args=[applicant.pk]),
                           {"step": "04", "occurred_on": "2023-09-10"})
    assert response.status_code == 302


def test_opening_a_file_through_the_form(as_secretary, world, frozen):
    import datetime

    from dangjian.testing import make_id_number
    response = as_secretary.post(reverse("recruitment:open"), {
        "org": world.branch_a.pk, "name": "孔新", "id_number": make_id_number(datetime.date(2001, 2, 3), 760),
        "applied_on": "2026-11-20", "unit": "东城区第一中学 语文教师"})
    assert response.status_code == 302
    page = as_secretary.get(response["Location"]).content.decode()
    assert "孔新" in page and "02 党组织派人谈话" in page


def test_an_under_age_application_is_refused_on_the_form(as_secretary, world, frozen):
    import datetime

    from dangjian.testing import make_id_number
    response = as_secretary.post(reverse("recruitment:open"), {
        "org": world.branch_a.pk, "name": "小明", "id_number": make_id_number(datetime.date(2009, 2, 3), 761),
        "applied_on": "2026-11-20"})
    assert response.status_code == 422 and "未满十八周岁" in response.content.decode()


def test_the_due_list_of_the_county_lists_the_overdue_file(client, world, applicant):
    walk(world, applicant, until="05")
    login(client, world.county_admin)
    page = client.get(reverse("recruitment:due"), {"org": world.county_a.pk}).content.decode()
    assert "赵明" in page and "deadline-overdue" in page


def test_the_board_of_one_stage_is_a_paged_table(as_secretary, world, applicant):
    page = as_secretary.get(reverse("recruitment:board"), {"stage": "application"}).content.decode()
    assert 'id="stage-table"' in page and "赵明" in page


def test_the_activist_roster_is_a_printable_workbook_with_masked_ids(as_secretary, world, applicant):
    import io
    import zipfile

    from dangjian.core.models import AuditEntry

    walk(world, applicant, until="05")
    response = as_secretary.get(reverse("recruitment:roster_xlsx"), {"stage": "activist"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(body)) as book:
        text = "".join(book.read(n).decode() for n in book.namelist() if n.endswith(".xml"))
    assert "入党积极分子名册" in text and "赵明" in text and "陈静、张伟" in text
    assert applicant.id_number_masked in text and applicant.get_id_number() not in text
    assert AuditEntry.objects.filter(action="recruitment.export").exists()


def test_the_principal_may_not_export_a_roster(client, world, applicant):
    login(client, world.principal_a)
    assert client.get(reverse("recruitment:roster_xlsx"), {"org": world.branch_a.pk}).status_code == 403


def test_the_file_page_lists_the_materials_for_the_archive(as_secretary, world, applicant):
    walk(world, applicant, until="02")
    page = as_secretary.get(reverse("recruitment:file", args=[applicant.pk])).content.decode()
    assert "✓ 入党申请书" in page and "✓ 谈话记录" in page and "○ 入党志愿书" in page


def _docx_text(response) -> str:
    import io

    from docx import Document

    document = Document(io.BytesIO(b"".join(response.streaming_content)))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_meeting_resolution_is_written_from_the_recorded_vote(as_secretary, world, applicant):
    walk(world, applicant, until="15")
    response = as_secretary.get(reverse("recruitment:material", args=[applicant.pk]), {"kind": "meeting_resolution"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    text = _docx_text(response)
    assert "支部大会决议" in text and "2024年12月20日" in text and "赞成8票" in text
    assert "同意接收赵明同志为中共预备党员" in text and "入党介绍人：陈静、张伟" in text


def test_the_candidate_notice_counts_its_working_days(as_secretary, world, applicant):
    walk(world, applicant, until="12")
    text = _docx_text(as_secretary.get(reverse("recruitment:material", args=[applicant.pk]),
                                       {"kind": "candidate_notice"}))
    assert "拟将赵明同志列为发展对象" in text and "2024年11月11日至2024年11月15日（5个工作日）" in text


def test_a_material_whose_step_is_not_recorded_is_not_there(as_secretary, world, applicant):
    response = as_secretary.get(reverse("recruitment:material", args=[applicant.pk]), {"kind": "meeting_resolution"})
    assert response.status_code == 404


@pytest.mark.parametrize("kind", ["talk", "activist_filing", "political_review", "probationary_notice",
                                  "confirm_notice", "checklist"])
def test_every_material_of_a_finished_file_opens(as_secretary, world, applicant, kind):
    walk(world, applicant, until="25")
    text = _docx_text(as_secretary.get(reverse("recruitment:material", args=[applicant.pk]), {"kind": kind}))
    assert "赵明" in text


def test_the_board_counts_this_years_milestones(client, world, frozen, applicant):
    walk(world, applicant, until="24")          # 24 was recorded on 2026-01-20, 17 in 2025
    login(client, world.county_admin)
    page = client.get(reverse("recruitment:board"), {"org": world.county_a.pk}).content.decode()
    assert "2026年预备党员转正" in page and "2026年接收预备党员" in page
    from dangjian.recruitment.selectors import year_figures
    figures = {f["label"]: f["count"] for f in year_figures(world.county_admin, world.county_a, 2026)}
    assert figures == {"递交入党申请": 0, "确定入党积极分子": 0, "确定发展对象": 0, "接收预备党员": 0, "预备党员转正": 1}
    figures = {f["label"]: f["count"] for f in year_figures(world.county_admin, world.county_a, 2025)}
    assert figures["接收预备党员"] == 1


def test_the_meeting_resolution_prints_as_pdf_with_the_same_facts_as_the_docx(as_secretary, world, applicant):
    from dangjian.core.pdf import page_count, text_of

    walk(world, applicant, until="15")
    url = reverse("recruitment:material_pdf", args=[applicant.pk])
    response = as_secretary.get(url, {"kind": "meeting_resolution"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(text_of(response.content).split())
    docx = _docx_text(as_secretary.get(reverse("recruitment:material", args=[applicant.pk]),
                                       {"kind": "meeting_resolution"}))
    for fact in ("2024年12月20日", "赞成8票", "同意接收赵明同志为中共预备党员", "入党介绍人：陈静、张伟"):
        assert fact in text and fact in docx
    assert page_count(response.content) == 1
