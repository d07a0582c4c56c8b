"""A year's checks of people, beside the meeting counts: every member of the branch takes part
in a 谈心谈话 at least once a year, and the secretary gives at least one 党课 themselves.
Frozen on 2026-11-23; "after the year" is judged as of 2027-01-05."""

import datetime

import pytest

from dangjian.members.models import Member
from dangjian.orglife import compliance as C
from dangjian.orglife.rules import Kind, PersonCheck, parse_period

pytestmark = pytest.mark.django_db
D = datetime.date
AFTER_THE_YEAR = D(2027, 1, 5)


def check(row, kind):
    return next(c for c in row.checks if c.kind == kind)


def year_of(org, today=AFTER_THE_YEAR):
    return C.org_compliance(org, parse_period("2026"), today)


def test_a_member_missing_from_every_heart_talk_leaves_the_year_short(world, hold):
    hold(world.branch_a, Kind.HEART_TALK, D(2026, 11, 5), absent={world.m_member_a: "sick_leave"})
    talks = check(year_of(world.branch_a), PersonCheck.HEART_TALK_EACH)
    assert (talks.status, talks.lacking) == ("missing", [world.m_member_a.pk])
    assert "谈心谈话" in talks.rule.text and "支部工作条例" in talks.rule.citation


def test_a_second_talk_with_the_missing_member_completes_the_year(world, hold):
    hold(world.branch_a, Kind.HEART_TALK, D(2026, 11, 5), absent={world.m_member_a: "sick_leave"})
    hold(world.branch_a, Kind.HEART_TALK, D(2026, 11, 20), topic="与杨帆同志谈心谈话")
    talks = check(year_of(world.branch_a), PersonCheck.HEART_TALK_EACH)
    roster = Member.objects.filter(org=world.branch_a).exclude(standing="suspended").count()
    assert (talks.status, talks.lacking, talks.expected) == ("done", [], roster)


def test_while_the_year_runs_a_member_not_yet_talked_with_is_pending_not_missing(world, hold, frozen):
    hold(world.branch_a, Kind.HEART_TALK, D(2026, 11, 5), absent={world.m_member_a: "sick_leave"})
    assert check(year_of(world.branch_a, frozen), PersonCheck.HEART_TALK_EACH).status == "pending"


def test_a_secretary_who_gave_a_party_lecture_passes_the_yearly_check(world, hold):
    hold(world.branch_a, Kind.PARTY_LECTURE, D(2026, 5, 20), lecturer=world.m_secretary_a)
    assert check(year_of(world.branch_a), PersonCheck.SECRETARY_LECTURE).status == "done"


def test_lectures_only_by_outside_speakers_leave_the_secretary_check_missing(world, hold):
    hold(world.branch_a, Kind.PARTY_LECTURE, D(2026, 5, 20), lecturer_name="区委党校讲师")
    lecture = check(year_of(world.branch_a), PersonCheck.SECRETARY_LECTURE)
    assert (lecture.status, lecture.lacking) == ("missing", [world.m_secretary_a.pk])
    assert "书记每年至少为党员讲 1 次党课" in lecture.rule.text


def test_the_person_checks_count_in_the_rate_only_for_a_year(world, hold):
    hold(world.branch_a, Kind.PARTY_LECTURE, D(2026, 5, 20), lecturer=world.m_secretary_a)
    year = year_of(world.branch_a)
    assert year.required == sum(a.required for a in year.activities) + 2
    assert year.held == sum(a.held for a in year.activities) + 1   # the lecture, not the talks
    quarter = C.org_compliance(world.branch_a, parse_period("2026-Q2"), AFTER_THE_YEAR)
    assert quarter.checks == []


def test_the_api_lists_the_person_checks_with_the_activities(world, hold, client_as):
    hold(world.branch_a, Kind.PARTY_LECTURE, D(2026, 5, 20), lecturer=world.m_secretary_a)
    answer = client_as("secretary_a").get(f"/api/v1/meetings/compliance?org={world.branch_a.pk}&period=2026").json()
    checks = {a["activity"]: a for a in answer["activities"]}
    assert (checks["secretary_lecture"]["status"], checks["secretary_lecture"]["held"]) == ("done", 1)
    assert checks["heart_talk_each"]["status"] == "pending" and "谈心谈话" in checks["heart_talk_each"]["requirement"]


def test_the_compliance_page_names_the_members_not_yet_talked_with(world, hold, client_as):
    hold(world.branch_a, Kind.HEART_TALK, D(2026, 11, 5), absent={world.m_member_a: "sick_leave"})
    page = client_as("secretary_a").get(f"/orglife/compliance/?org={world.branch_a.pk}&period=2026").content.decode()
    assert "每名党员谈心谈话" in page and "尚未参加谈心谈话（1/" in page and world.m_member_a.name in page
    assert "书记讲党课" in page and "本年度未讲党课的书记" in page
