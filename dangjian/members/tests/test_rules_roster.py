"""The roster as it stood on a past day comes from the membership periods: a member who moved
or left after that day is on it, in the organization they belonged to then."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from dangjian.members.models import EventKind, LeaveKind, Member, MemberStatus
from dangjian.members.selectors import roster_as_of, status_on
from dangjian.members.services import accept_transfer, admit_probationary, record_event, start_transfer
from dangjian.testing import make_id_number

pytestmark = pytest.mark.django_db

YEAR_END = datetime.date(2025, 12, 31)


def on(day: datetime.date):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(10), tzinfo=ZoneInfo("Asia/Shanghai")),
                               tick=False)


@pytest.fixture
def history(world):
    """In 2026: 杨帆 moves to school B in March, 孙丽 leaves in April, 林晓 (admitted 2026-06-01)
    is new; 周新 was admitted in mid-2025 and confirmed in 2026."""
    with on(datetime.date(2025, 7, 1)):
        newcomer = admit_probationary(org=world.branch_a, name="周新", general_meeting_on=datetime.date(2025, 7, 1),
                                      id_number=make_id_number(datetime.date(1997, 2, 2), 970))
    with on(datetime.date(2026, 3, 2)):
        letter = start_transfer(world.m_member_a, to_org=world.branch_b, letter_number="东一中党转〔2026〕2号",
                                requested_on=datetime.date(2026, 3, 2))
        accept_transfer(letter, decided_on=datetime.date(2026, 3, 2))
    with on(datetime.date(2026, 7, 1)):
        record_event(newcomer, EventKind.CONFIRMED, datetime.date(2026, 7, 1))
        record_event(Member.objects.get(name="孙丽"), EventKind.LEFT, datetime.date(2026, 4, 15),
                     leave_kind=LeaveKind.WITHDREW, decision_org="东城区教育党工委")
    return newcomer


def names_in(world, day, org) -> set[str]:
    return {m.name for m in roster_as_of(Member.objects.all(), day) if m.org_on_day_id == org.pk}


def test_the_roster_on_the_last_day_of_2025_is_as_it_stood_then(world, history):
    branch_a = names_in(world, YEAR_END, world.branch_a)
    assert {"杨帆", "孙丽", "周新"} <= branch_a
    assert "林晓" not in branch_a  # admitted in 2026
    assert "杨帆" not in names_in(world, YEAR_END, world.branch_b)


def test_today_the_roster_shows_the_move_and_not_the_member_who_left(world, history):
    today = datetime.date(2026, 11, 23)
    assert "杨帆" in names_in(world, today, world.branch_b)
    assert not {"杨帆", "孙丽"} & names_in(world, today, world.branch_a)
    assert "林晓" in names_in(world, today, world.branch_a)


def test_a_member_is_counted_once_on_the_day_of_her_transfer_in_the_receiving_organization(world, history):
    moved = datetime.date(2026, 3, 2)
    rows = [m for m in roster_as_of(Member.objects.all(), moved) if m.name == "杨帆"]
    assert len(rows) == 1 and rows[0].org_on_day_id == world.branch_b.pk
    before = [m for m in roster_as_of(Member.objects.all(), moved - datetime.timedelta(days=1)) if m.name == "杨帆"]
    assert before[0].org_on_day_id == world.branch_a.pk


def test_the_status_on_a_past_day_is_read_from_the_dates(history):
    history.refresh_from_db()
    assert history.status == MemberStatus.FULL
    assert status_on(history, YEAR_END) == MemberStatus.PROBATIONARY
    assert status_on(history, datetime.date(2026, 7, 1)) == MemberStatus.FULL


def test_the_roster_only_narrows_the_queryset_it_is_given(world, history):
    visible = Member.objects.visible_to(world.secretary_b)
    assert {m.name for m in roster_as_of(visible, YEAR_END)} == {"刘芳", "罗军", "梁燕", "宋杰", "杨帆"}
