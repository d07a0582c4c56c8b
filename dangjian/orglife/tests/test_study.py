"""Reading notes: 字数 without whitespace, against the yearly 10,000 of seed 000; a member writes
only their own; the 学习园地 shows shared notes and every member's total, to those who see
organizational life — never another member's unshared note."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from dangjian.core.errors import RuleViolation
from dangjian.orglife import rules as R
from dangjian.orglife.models import ReadingNote
from dangjian.orglife.services import study

pytestmark = pytest.mark.django_db


def test_characters_are_counted_without_whitespace():
    assert R.char_count("学习 党章\n第一章 ") == 7
    assert R.READING_NOTES_TARGET == 10_000 and "《学校党务工作者述职报告》" in R.R_READING_NOTES.citation


def test_a_member_reaches_the_yearly_target_with_notes(world, frozen):
    for i in range(2):
        study.write_note(world.m_member_a, title=f"读书笔记{i}", book="《习近平谈治国理政》", content="学" * 5000,
                         acting_user=world.member_a)
    total = study.year_total(world.m_member_a, 2026)
    assert (total["chars"], total["notes"], total["met"]) == (10_000, 2, True)


def test_nobody_writes_a_note_for_someone_else_and_empty_or_future_notes_are_refused(world, frozen):
    with pytest.raises(PermissionDenied):
        study.write_note(world.m_member_a, title="代写", book="书", content="内容", acting_user=world.secretary_a)
    with pytest.raises(RuleViolation):
        study.write_note(world.m_member_a, title="空", book="书", content="  \n ", acting_user=world.member_a)
    with pytest.raises(RuleViolation):
        study.write_note(world.m_member_a, title="明天", book="书", content="内容", acting_user=world.member_a,
                         written_on=datetime.date(2026, 11, 24))
    assert not ReadingNote.objects.exists()


def test_the_board_shows_shared_notes_and_totals_but_not_private_notes(world, client_as):
    study.write_note(world.m_member_a, title="心得：新时代教育家精神", book="教育家精神读本", content="心得" * 100,
                     shared=True, acting_user=world.member_a)
    study.write_note(world.m_member_a, title="私人笔记", book="某书", content="不公开" * 10, acting_user=world.member_a)
    page = client_as("secretary_a").get(f"/orglife/study/board/?org={world.branch_a.pk}").content.decode()
    assert "心得：新时代教育家精神" in page and "私人笔记" not in page and "230" in page
    mine = client_as("member_a").get("/orglife/study/").content.decode()
    assert "私人笔记" in mine and "230 <small>/ 10000" in mine
    assert client_as("secretary_b").get(f"/orglife/study/board/?org={world.branch_a.pk}").status_code == 404


def test_a_note_is_written_from_the_page(world, client_as):
    response = client_as("member_a").post("/orglife/study/", {"title": "学习笔记", "book": "党章", "written_on": "2026-11-20",
                                                               "content": "坚定理想信念"})
    assert response.status_code == 302 and ReadingNote.objects.get().char_count == 6
    assert client_as("principal_a").post("/orglife/study/", {"title": "x"}).status_code == 403
