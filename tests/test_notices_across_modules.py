"""Events that need someone reach them, from the service where the state changes (so the pages,
the API and an importer all tell), once per event: a matter submitted to the party organization
reaches the secretary; a recruitment file waiting for the higher committee's step reaches the
county's administrators; a 分解任务 past its deadline reaches the decision's owner and the
secretary. Opening a notice marks it read; the bell counts what is unread."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from dangjian.core.models import Notification
from dangjian.decisions import services as decisions
from dangjian.decisions.rules import State
from dangjian.decisions.tests.conftest import committee, communicated, frozen, meeting_with
from dangjian.orgs.models import RobotDelivery, RobotKind
from dangjian.orgs.services.robot import save_robot
from dangjian.recruitment.services import open_file, record_step
from dangjian.recruitment.tests.conftest import APPLIED, BIRTH, walk
from dangjian.testing import login, make_id_number

d = datetime.date.fromisoformat


def notices_of(user, prefix: str) -> list[Notification]:
    return list(Notification.objects.filter(user=user, key__startswith=prefix))


def propose(world, *, title="操场塑胶跑道改造", category="construction", amount="380000"):
    matter = decisions.create_matter(world.branch_a, title=title, category=category, amount=amount,
                                     raised_on=d("2026-09-01"), acting_user=world.principal_a)
    return decisions.transition(matter, State.PROPOSED, occurred_on=d("2026-09-04"),
                                facts={"meeting_note": "校长办公会第12次会议研究，同意提交支委会"},
                                acting_user=world.principal_a)


def test_a_matter_submitted_by_the_principal_reaches_the_secretary_once(world):
    matter = propose(world)
    [notice] = notices_of(world.secretary_a, "decisions:proposed:")
    assert notice.title == "新议题待酝酿：操场塑胶跑道改造" and notice.url == reverse("decisions:matter", args=[matter.pk])
    assert "会议议题由学校领导班子成员提出，党组织书记确定" in notice.body and "（五）" in notice.body
    for someone_else in (world.principal_a, world.org_member_a, world.county_admin, world.secretary_b):
        assert notices_of(someone_else, "decisions:proposed:") == []
    # talked over and on the agenda later: the submission is not told again
    decisions.transition(matter, State.COMMUNICATED, occurred_on=d("2026-09-05"),
                         facts={"communication": "书记与校长当面沟通"}, acting_user=world.secretary_a)
    assert len(notices_of(world.secretary_a, "decisions:proposed:")) == 1


def test_a_draft_is_the_principals_own_until_it_is_submitted(world):
    decisions.create_matter(world.branch_a, title="食堂改造", category="construction", amount="90000",
                            raised_on=d("2026-09-01"), acting_user=world.principal_a)
    assert notices_of(world.secretary_a, "decisions:") == []


def test_the_secretary_opens_the_notice_and_it_is_read(client, world):
    matter = propose(world)
    login(client, world.secretary_a)
    assert 'class="badge rounded-pill bell-count">1<' in client.get(reverse("core:notifications")).content.decode()
    [notice] = notices_of(world.secretary_a, "decisions:proposed:")
    answer = client.post(reverse("core:notification_read", args=[notice.pk]), {"open": "1"})
    assert answer.status_code == 302 and answer["Location"] == reverse("decisions:matter", args=[matter.pk])
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert "bell-count" not in client.get(reverse("core:notifications")).content.decode()


def test_the_group_hears_of_a_personnel_matter_without_its_title(world, settings, django_capture_on_commit_callbacks,
                                                                 monkeypatch):
    from huey.contrib.djhuey import HUEY

    from dangjian.orgs.tests.test_group_robot import Receiver

    settings.ROBOT_EXTRA_HOSTS = ["127.0.0.1"]
    monkeypatch.setattr(HUEY, "immediate", True)
    with Receiver() as receiver:
        save_robot(world.branch_a, kind=RobotKind.WECOM, enabled=True,
                   url=f"{receiver.url}/cgi-bin/webhook/send?key=k", acting_user=world.secretary_a)
        with django_capture_on_commit_callbacks(execute=True):
            propose(world, title="拟任命王某为副校长", category="cadre", amount="")
    content = receiver.requests[0]["json"]["text"]["content"]
    assert "待书记酝酿沟通（干部任免）" in content and "王某" not in content
    assert RobotDelivery.objects.get().key.startswith("decisions:proposed:")
    assert "王某" in notices_of(world.secretary_a, "decisions:proposed:")[0].title   # the secretary may read it


def test_a_file_waiting_for_the_higher_committee_reaches_the_county_administrators(world):
    file = open_file(org=world.branch_a, name="赵明", id_number=make_id_number(BIRTH, 700), applied_on=APPLIED,
                     unit="东城区第一中学 数学教师")
    walk(world, file, until="03")   # the activist is chosen: 04 报上级党委备案 is the committee's
    [notice] = notices_of(world.county_admin, "recruitment:waiting:")
    assert "赵明" in notice.title and "04 报上级党委备案" in notice.title
    assert notice.url == reverse("recruitment:file", kwargs={"pk": file.pk})
    assert notices_of(world.secretary_a, "recruitment:waiting:") == []
    assert notices_of(world.city_admin, "recruitment:waiting:") == []   # the nearest committee above, not every one
    record_step(file, "04", {"occurred_on": "2023-09-10"}, acting_user=world.county_admin)
    record_step(file, "05", {"occurred_on": "2023-09-10", "mentors": [world.m_org_member_a.pk, world.m_secretary_a.pk]})
    assert len(notices_of(world.county_admin, "recruitment:waiting:")) == 1   # a branch step waits for nobody above


__all__ = ["committee", "frozen"]   # decisions' fixtures: its 支委会 of six, the clock on 2026-11-23


@pytest.fixture
def executing(world, committee):
    """A decision passed and being executed by 陈静 (the owner), with a 分解任务 due on 2026-11-10."""
    matter = communicated(world)
    meeting = meeting_with(world, committee, ["张伟", "陈静", "马强", "胡敏"], [matter])
    decisions.record_votes(meeting, [{"matter": matter.pk, "verdict": "passed", "for": 4}], acting_user=world.secretary_a)
    matter = decisions.transition(matter, State.EXECUTING, occurred_on=d("2026-10-12"), owner=world.org_member_a,
                                  facts={"unit": "总务处", "deadline": "2026-12-31"}, acting_user=world.principal_a)
    decisions.add_task(matter, title="招标采购", owner_name="王总务", unit="总务处", deadline=d("2026-11-10"),
                       acting_user=world.principal_a)
    return matter


def test_an_overdue_execution_task_reaches_the_owner_and_then_the_secretary_once(world, executing):
    from dangjian.decisions.reminders import send_execution_reminders

    assert send_execution_reminders(d("2026-11-09")) == 0   # not yet overdue
    assert send_execution_reminders(d("2026-11-23")) == 2
    assert send_execution_reminders(d("2026-11-23")) == 0
    for user in (world.org_member_a, world.secretary_a):
        [notice] = notices_of(user, "decisions:task_overdue:")
        assert notice.title == "分解任务已逾期：招标采购（操场塑胶跑道改造）" and notice.level == Notification.Level.DANGER
    assert notices_of(world.principal_a, "decisions:task_overdue:") == []


def test_a_meeting_tomorrow_reaches_those_expected_and_the_branchs_group_once(world, frozen, settings, monkeypatch,
                                                                              django_capture_on_commit_callbacks):
    from huey.contrib.djhuey import HUEY

    from dangjian.orglife.reminders import send_tomorrow_reminders
    from dangjian.orglife.tests.test_reminders import plan_theme_day
    from dangjian.orgs.tests.test_group_robot import Receiver

    settings.ROBOT_EXTRA_HOSTS = ["127.0.0.1"]
    monkeypatch.setattr(HUEY, "immediate", True)
    plan_theme_day(world, frozen + datetime.timedelta(days=1))
    with Receiver() as receiver:
        save_robot(world.branch_a, kind=RobotKind.WECOM, enabled=True,
                   url=f"{receiver.url}/cgi-bin/webhook/send?key=k", acting_user=world.secretary_a)
        with django_capture_on_commit_callbacks(execute=True):
            assert send_tomorrow_reminders(frozen) > 0
        with django_capture_on_commit_callbacks(execute=True):
            assert send_tomorrow_reminders(frozen) == 0   # the daily job runs again: nobody is told twice
    for person in (world.secretary_a, world.member_a):
        assert notices_of(person, "orglife:tomorrow:")
    assert len(receiver.requests) == 1
    assert "明天（11月24日）东城区第一中学党支部主题党日" in receiver.requests[0]["json"]["text"]["content"]
