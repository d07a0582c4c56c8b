"""Where a probation stands and whether a transfer letter is still valid are judged once, in
dangjian.members.rules, and the member's page, the API, the transfer pages and the daily expiry
job say what they say."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from dangjian.members import rules as R
from dangjian.members.models import Transfer, TransferState
from dangjian.members.services import transfers
from dangjian.testing import login

TODAY = datetime.date(2026, 11, 23)
BEIJING = datetime.timezone(datetime.timedelta(hours=8))


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def freeze(time_machine, day: datetime.date) -> None:
    time_machine.move_to(datetime.datetime(day.year, day.month, day.day, 10, 0, tzinfo=BEIJING), tick=False)


# --- the rules at their boundaries ------------------------------------------------------------

@pytest.mark.parametrize(("ends", "state", "label"), [
    (days(-1), "danger", "预备期已满，应及时讨论转正"),
    (days(0), "danger", "预备期已满，应及时讨论转正"),   # the end day itself: the branch may discuss it
    (days(1), "warning", "预备期即将期满"),
    (days(60), "warning", "预备期即将期满"),
    (days(61), "ok", "预备期内"),
])
def test_a_probation_turns_amber_sixty_days_before_its_end_and_red_on_the_end_day(ends, state, label):
    assert R.PROBATION_WARNING_DAYS == 60
    assert R.probation_status(ends, TODAY) == R.Status(state, label)


def test_the_red_probation_rests_on_the_constitutions_article_seven():
    assert R.R_PROBATION_DUE.citation == "《中国共产党章程》第七条"
    assert "及时讨论" in R.R_PROBATION_DUE.text


@pytest.mark.parametrize(("valid_until", "state", "label"), [
    (days(-1), "danger", "已过有效期"),
    (days(0), "warning", "0 天后到期"),    # the last valid day is still valid
    (days(14), "warning", "14 天后到期"),
    (days(15), "ok", "有效"),
])
def test_a_letter_turns_amber_fourteen_days_before_its_last_valid_day_and_red_after_it(valid_until, state, label):
    assert R.TRANSFER_EXPIRY_WARNING_DAYS == 14
    assert R.letter_validity(valid_until, TODAY) == R.Status(state, label)


# --- the pages, the API and the daily job agree ------------------------------------------------

@pytest.mark.parametrize(("day", "state"), [
    (datetime.date(2027, 4, 1), "ok"),        # 61 days before 2027-06-01
    (datetime.date(2027, 4, 2), "warning"),   # 60 days before
    (datetime.date(2027, 6, 1), "danger"),    # the end day
])
def test_the_member_page_and_the_api_agree_on_a_probations_end_and_its_state(world, time_machine, day, state):
    freeze(time_machine, day)
    member = world.m_probationary_a   # 支部大会 2026-06-01: the probation ends 2027-06-01
    client = Client()
    login(client, world.secretary_a)
    badge = client.get(reverse("members:detail", args=[member.pk])).context["badges"]["probation"]
    answer = client.get(f"/api/v1/members/{member.pk}").json()
    assert badge["ends"] == datetime.date(2027, 6, 1) == datetime.date.fromisoformat(answer["probation_ends"])
    expected = R.probation_status(badge["ends"], day)
    assert expected.state == state and (badge["state"], badge["label"]) == (expected.state, expected.label)


def _pending_validity(world):
    client = Client()
    login(client, world.secretary_a)
    page = client.get(reverse("members:transfers"))
    return [t.validity for t in page.context["outgoing"]]


def test_the_transfer_page_and_the_expiry_job_agree_on_the_last_valid_day(world, time_machine):
    last_valid = datetime.date(2026, 11, 23)
    freeze(time_machine, last_valid - datetime.timedelta(days=R.TRANSFER_LETTER_VALID_DAYS))
    transfer = transfers.start_transfer(world.m_member_a, to_org=world.branch_c1, letter_number="东一中组〔2026〕9号",
                                        requested_on=last_valid - datetime.timedelta(days=R.TRANSFER_LETTER_VALID_DAYS),
                                        acting_user=world.secretary_a)
    assert transfer.valid_until == last_valid

    freeze(time_machine, last_valid)
    assert _pending_validity(world) == [("warning", "0 天后到期")]
    assert transfers.expire_transfers(last_valid) == 0

    day_after = last_valid + datetime.timedelta(days=1)
    freeze(time_machine, day_after)
    assert _pending_validity(world) == [(R.letter_validity(last_valid, day_after).state, "已过有效期")]
    assert transfers.expire_transfers(day_after) == 1
    assert Transfer.objects.get(pk=transfer.pk).state == TransferState.EXPIRED


@pytest.mark.parametrize(("meeting", "extended_to", "ends"), [
    (datetime.date(2026, 6, 1), None, datetime.date(2027, 6, 1)),
    (datetime.date(2024, 2, 29), None, datetime.date(2025, 2, 28)),   # no 29 February: the month's last day
    (datetime.date(2026, 6, 1), datetime.date(2027, 12, 1), datetime.date(2027, 12, 1)),
])
def test_a_probation_ends_a_year_after_the_branch_meeting_unless_it_was_extended(meeting, extended_to, ends):
    assert R.probation_end(meeting, extended_to) == ends

