"""The 会议记录 .docx: the usual layout (organization, title, the record table, signature lines),
for one record and for a year's records, one per page."""

import datetime
import io

import pytest
from docx import Document

from dangjian.orglife.rules import Kind

pytestmark = pytest.mark.django_db
D = datetime.date


def text_of(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_a_party_lecture_exports_as_a_word_record_with_attendance_and_signatures(world, hold, client_as):
    meeting = hold(world.branch_a, Kind.PARTY_LECTURE, D(2026, 11, 10), lecturer=world.m_secretary_a,
                   host=world.m_secretary_a, recorder=world.m_org_member_a, minutes="书记讲授专题党课。\n全体党员交流发言。",
                   absent={world.m_member_a: "official_duty"})
    response = client_as("secretary_a").get(f"/orglife/{meeting.pk}/minutes.docx")
    assert response.status_code == 200 and "wordprocessingml" in response["Content-Type"]
    text = text_of(b"".join(response.streaming_content))
    for expected in ("东城区第一中学党支部", "党课会议记录", "2026年11月10日", "授 课 人", "杨帆（公差）",
                     "林晓（预备党员）", "全体党员交流发言", "主持人（签字）"):
        assert expected in text


def test_a_years_records_go_into_one_file_one_per_page(world, hold, client_as):
    hold(world.branch_a, Kind.THEME_DAY, D(2026, 9, 10))
    hold(world.branch_a, Kind.THEME_DAY, D(2026, 10, 10), topic="参观红色教育基地")
    response = client_as("county_admin").get(f"/orglife/minutes.docx?org={world.county_a.pk}&year=2026")
    text = text_of(b"".join(response.streaming_content))
    assert text.count("主题党日会议记录") == 2 and "参观红色教育基地" in text


def test_the_same_record_prints_as_a_pdf_with_its_chinese_text_embedded(world, hold, client_as):
    from dangjian.core.pdf import page_count
    from dangjian.core.pdf import text_of as pdf_text

    meeting = hold(world.branch_a, Kind.PARTY_LECTURE, D(2026, 11, 10), lecturer=world.m_secretary_a,
                   host=world.m_secretary_a, recorder=world.m_org_member_a, minutes="书记讲授专题党课。",
                   absent={world.m_member_a: "official_duty"})
    response = client_as("secretary_a").get(f"/orglife/{meeting.pk}/minutes.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    text = pdf_text(response.content)
    for expected in ("东城区第一中学党支部", "党课会议记录", "2026年11月10日", "杨帆（公差）", "主持人（签字）"):
        assert expected in text
    assert page_count(response.content) == 1


def test_a_years_pdf_starts_each_record_on_a_new_page(world, hold, client_as):
    from dangjian.core.pdf import page_count

    hold(world.branch_a, Kind.THEME_DAY, D(2026, 9, 10))
    hold(world.branch_a, Kind.THEME_DAY, D(2026, 10, 10))
    response = client_as("county_admin").get(f"/orglife/minutes.pdf?org={world.county_a.pk}&year=2026")
    assert response.status_code == 200 and page_count(response.content) == 2


def test_a_years_records_are_read_in_the_same_few_queries_however_many_there_are(world, hold,
                                                                                 django_assert_max_num_queries):
    from dangjian.orglife.minutes import minutes_docx
    from dangjian.orglife.models import Meeting

    for month in range(1, 11):
        hold(world.branch_a, Kind.THEME_DAY, D(2026, month, 10), absent={world.m_member_a: "sick_leave"})
    meetings = list(Meeting.objects.filter(org=world.branch_a).select_related("org", "group", "host", "recorder",
                                                                                 "lecturer"))
    with django_assert_max_num_queries(2):  # the attendance with its members, the amendments
        assert minutes_docx(io.BytesIO(), meetings) == 10
