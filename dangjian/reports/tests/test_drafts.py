"""The drafts of school A: generated from the data as version 1, edited into version 2 with the
old one still readable, refused when edited from a stale version, read back from .docx (headings
in the documents' order) and PDF; who may read, write and find them (another school's draft is a
404); every step in the audit log."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from docx import Document

from dangjian.core.models import AuditEntry
from dangjian.core.pdf import page_count, pdf_page_png, text_of
from dangjian.reports import draft_writers, services
from dangjian.reports.models import DraftKind, DraftVersion, ReportDraft
from dangjian.reports.tests.draft_helpers import FROZEN_AT, TODAY, client_for, with_school_year

EXTEND_SHARED_WORLD = with_school_year


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(FROZEN_AT, tick=False)


def _generate(client, org, kind="self_check", period="2026"):
    return client.post(reverse("reports:draft_new"), {"org": org.pk, "kind": kind, "period": period})


def _docx(answer) -> Document:
    return Document(io.BytesIO(b"".join(answer.streaming_content)))


def _headings(document) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]


@pytest.mark.django_db
def test_the_secretary_generates_edits_and_downloads_a_self_check(world, frozen):
    client = client_for(world.secretary_a)
    answer = _generate(client, world.branch_a)
    draft = ReportDraft.objects.get(org=world.branch_a, kind=DraftKind.SELF_CHECK, period="2026")
    assert answer.status_code == 302 and answer["Location"] == reverse("reports:draft", args=[draft.pk])
    first = draft.latest
    assert (first.number, first.origin, first.author) == (1, "generated", world.secretary_a)
    assert [s["heading"] for s in first.sections if s["heading"]] == draft_writers.headings_of(DraftKind.SELF_CHECK)
    mechanism = next(s["text"] for s in first.sections if s["key"] == "mechanism")
    assert "支部党员大会3次" in mechanism and "【由党组织撰写：" in mechanism
    management = next(s["text"] for s in first.sections if s["key"] == "management")
    assert "共有党员10名" in management and "【待补充：2026年度民主评议党员结果（尚未上报）】" in management

    page = client.get(reverse("reports:draft", args=[draft.pk]))
    assert page.status_code == 200 and page.context["editing"]
    assert 'name="section-mechanism"' in page.content.decode()

    edited = mechanism.replace("【由党组织撰写：", "年初制定了党建工作计划。【由党组织撰写：", 1)
    saved = client.post(reverse("reports:draft", args=[draft.pk]),
                        {"based_on": "1", "section-mechanism": edited, "note": "补充计划"})
    assert saved.status_code == 302
    second = draft.latest
    assert (second.number, second.origin, second.note) == (2, "edited", "补充计划")
    assert next(s["text"] for s in second.sections if s["key"] == "mechanism") == edited
    # version 1 is unchanged and still readable
    old = client.get(reverse("reports:draft", args=[draft.pk]) + "?version=1")
    assert old.status_code == 200 and not old.context["editing"] and "年初制定了党建工作计划" not in old.content.decode()

    stale = client.post(reverse("reports:draft", args=[draft.pk]), {"based_on": "1", "section-mechanism": "别的"})
    assert stale.status_code == 422 and "第2版" in stale.context["problem"]
    assert DraftVersion.objects.filter(draft=draft).count() == 2

    document = _docx(client.get(reverse("reports:draft_docx", args=[draft.pk])))
    assert _headings(document) == draft_writers.headings_of(DraftKind.SELF_CHECK)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "年初制定了党建工作计划" in text and document.paragraphs[1].text == "党建工作自查报告"
    original = _docx(client.get(reverse("reports:draft_docx", args=[draft.pk]) + "?version=1"))
    assert "年初制定了党建工作计划" not in "\n".join(p.text for p in original.paragraphs)

    actions = list(AuditEntry.objects.filter(object_type="reports.reportdraft", object_id=str(draft.pk))
                   .order_by("id").values_list("action", flat=True))
    assert actions == ["reports.draft.generate", "reports.draft.save", "reports.draft.export", "reports.draft.export"]
    saved_entry = AuditEntry.objects.get(action="reports.draft.save", object_id=str(draft.pk))
    assert saved_entry.changes["changed_sections"] == ["一、完善机制，落实制度"]


@pytest.mark.django_db
def test_the_pdf_prints_the_parts_in_order(world, frozen, tmp_path):
    version = services.generate_draft(world.branch_a, DraftKind.SELF_CHECK, "2026", acting_user=world.secretary_a,
                                      today=TODAY)
    client = client_for(world.org_member_a)
    answer = client.get(reverse("reports:draft_pdf", args=[version.draft_id]))
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    pdf = answer.content
    text = text_of(pdf).replace("\r", "").replace("\n", "")
    positions = [text.find(h) for h in draft_writers.headings_of(DraftKind.SELF_CHECK)]
    assert -1 not in positions and positions == sorted(positions)
    assert page_count(pdf) >= 2
    assert pdf_page_png(pdf, tmp_path / "self-check.png").stat().st_size > 20_000  # a page with text on it


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [DraftKind.ANNUAL_SUMMARY, DraftKind.DUTY_REPORT])
def test_the_summary_and_the_duty_report_follow_the_duty_reports_headings(world, frozen, kind):
    version = services.generate_draft(world.branch_a, kind, "2026", acting_user=world.secretary_a, today=TODAY)
    document = _docx(client_for(world.secretary_a).get(reverse("reports:draft_docx", args=[version.draft_id])))
    headings = _headings(document)
    assert headings == draft_writers.headings_of(kind)
    assert [h.split("、", 1)[0] for h in headings] == ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
    text = "\n".join(p.text for p in document.paragraphs)
    who = "书记" if kind == DraftKind.DUTY_REPORT else "党组织"
    assert f"【由{who}撰写：" in text
    assert ("述职人（签字）" in text) == (kind == DraftKind.DUTY_REPORT)


@pytest.mark.django_db
def test_generating_again_adds_a_version_from_the_days_data(world, frozen):
    first = services.generate_draft(world.branch_a, DraftKind.DUTY_REPORT, "2026-H1", acting_user=world.secretary_a,
                                    today=TODAY)
    again = services.generate_draft(world.branch_a, DraftKind.DUTY_REPORT, "2026-H1", acting_user=world.org_member_a,
                                    today=TODAY)
    assert (again.draft_id, again.number, again.origin) == (first.draft_id, 2, "generated")
    assert "2026年上半年" in again.draft.title
    assert any(row[0] == "orglife_rate" for row in again.facts)


@pytest.mark.django_db
def test_who_may_read_and_write_a_draft(world, frozen):
    version = services.generate_draft(world.branch_a, DraftKind.SELF_CHECK, "2026", acting_user=world.secretary_a,
                                      today=TODAY)
    url = reverse("reports:draft", args=[version.draft_id])
    # another school's secretary, the principal and a member: as if it did not exist
    for user in (world.secretary_b, world.principal_a, world.member_a):
        assert client_for(user).get(url).status_code == 404
        assert client_for(user).get(reverse("reports:draft_docx", args=[version.draft_id])).status_code == 404
    # the county reads it, without a textarea, and may not save
    county = client_for(world.county_admin)
    page = county.get(url)
    assert page.status_code == 200 and not page.context["editing"] and "<textarea" not in page.content.decode()
    assert county.post(url, {"based_on": "1", "section-opening": "改"}).status_code == 403
    assert county.post(reverse("reports:draft_new"), {"org": world.branch_a.pk, "kind": "self_check",
                                                      "period": "2026"}).status_code == 403
    # the list shows the county the draft, and school B's secretary nothing of school A's
    listed = county.get(reverse("reports:drafts") + f"?org={world.county_a.pk}").content.decode()
    assert url in listed and world.branch_a.name in listed and "张伟" in listed  # the author by name
    listing = client_for(world.secretary_b).get(reverse("reports:drafts")).content.decode()
    assert world.branch_a.name not in listing
    assert client_for(world.secretary_b).get(reverse("reports:drafts") + f"?org={world.branch_a.pk}").status_code == 404


@pytest.mark.django_db
def test_refusals_are_said_in_words(world, frozen):
    client = client_for(world.secretary_a)
    assert _generate(client, world.branch_a, period="2027").status_code == 422
    wrong = _generate(client, world.branch_a, kind="poem")
    assert wrong.status_code == 422 and "文稿类型" in wrong.context["problem"]
    version = services.generate_draft(world.branch_a, DraftKind.SELF_CHECK, "2026", acting_user=world.secretary_a,
                                      today=TODAY)
    unchanged = client.post(reverse("reports:draft", args=[version.draft_id]), {"based_on": "1"})
    assert unchanged.status_code == 422 and unchanged.context["problem"] == "没有修改任何内容"
    county_form = client_for(world.county_admin).get(reverse("reports:draft_new") + f"?org={world.county_a.pk}")
    assert county_form.status_code == 403


@pytest.mark.django_db
def test_a_draft_costs_a_fixed_number_of_queries(world, frozen, django_assert_max_num_queries):
    """The facts are aggregates (no query per member or per meeting): a school's draft and the
    drafts list stay within a fixed budget whatever the school's size (53 and 13 queries when written)."""
    with django_assert_max_num_queries(60):
        services.generate_draft(world.branch_a, DraftKind.SELF_CHECK, "2026", acting_user=world.secretary_a,
                                today=TODAY)
    for kind in (DraftKind.ANNUAL_SUMMARY, DraftKind.DUTY_REPORT):
        services.generate_draft(world.branch_a, kind, "2026", acting_user=world.secretary_a, today=TODAY)
    client = client_for(world.county_admin)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("reports:drafts") + f"?org={world.county_a.pk}").status_code == 200
