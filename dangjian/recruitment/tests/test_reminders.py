"""The daily reminders: the branch's 书记 and 组织委员 about their steps, the county committee
about its own, once per file, step and deadline however often the job runs."""

import datetime

import pytest

from dangjian.core.models import Notification
from dangjian.recruitment.reminders import send_due_reminders
from dangjian.recruitment.tasks import recruitment_reminders

from .conftest import walk

pytestmark = pytest.mark.django_db


def test_an_overdue_talk_is_told_to_the_secretary_and_the_organization_member_once(world, frozen, applicant):
    assert send_due_reminders(frozen) == 2
    assert send_due_reminders(frozen) == 0
    notes = Notification.objects.filter(key__startswith="recruitment:")
    assert {n.user for n in notes} == {world.secretary_a, world.org_member_a}
    assert all("已逾期" in n.title and "02 党组织派人谈话" in n.title for n in notes)
    assert notes.first().level == Notification.Level.DANGER


def test_a_talk_due_in_a_week_is_a_warning(world, frozen):
    from dangjian.recruitment.services import open_file
    from dangjian.testing import make_id_number

    open_file(org=world.branch_a, name="新申请", id_number=make_id_number(datetime.date(1999, 1, 1), 780),
              applied_on=datetime.date(2026, 10, 28))     # talk due 2026-11-28
    send_due_reminders(frozen)
    note = Notification.objects.get(user=world.secretary_a)
    assert note.level == Notification.Level.WARNING and "2026-11-28 前办理" in note.title


def test_the_approval_is_told_to_the_county_committee_not_the_branch(world, frozen, applicant):
    walk(world, applicant, until="17", skip_last=True)   # 17 was due 2025-03-20
    send_due_reminders(frozen)
    users = set(Notification.objects.filter(key__contains=":17:").values_list("user__username", flat=True))
    assert users == {"county_admin"}


def test_the_periodic_task_runs_the_reminders(world, frozen, applicant):
    assert recruitment_reminders.call_local() == {"due": 2}
