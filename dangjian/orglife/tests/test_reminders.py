"""Reminders: what is due this month and not held, last month's gaps, members long absent —
to the secretary and the 组织委员, once each however often the job runs."""

import datetime

import pytest

from dangjian.core.models import Notification
from dangjian.orglife.reminders import send_due_reminders, send_lapse_notices, send_tomorrow_reminders
from dangjian.orglife.rules import R_LAPSE, R_LAPSE_WARNING, Kind
from dangjian.orglife.tasks import orglife_reminders

pytestmark = pytest.mark.django_db
D = datetime.date


def titles(user):
    return list(Notification.objects.filter(user=user).values_list("title", flat=True))


def test_eight_days_before_the_month_ends_the_secretary_is_told_what_is_still_due(world, hold, frozen):
    hold(world.branch_a, Kind.THEME_DAY, D(2026, 11, 5))
    sent = send_due_reminders(frozen)
    mine = titles(world.secretary_a)
    assert any("本月尚未开展思想政治课" in t for t in mine)
    assert not any("主题党日" in t and "本月" in t for t in mine)        # held on the 5th
    assert any("2026年10月主题党日缺失" in t for t in mine)              # October: nothing held
    assert titles(world.org_member_a) and not titles(world.principal_a) and not titles(world.member_a)
    assert not any("东城区第一中学" in t for t in titles(world.secretary_b))
    assert sent > 0 and send_due_reminders(frozen) == 0               # the second run sends nothing


def test_early_in_the_month_nothing_is_due_yet(world, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 10, 8, 0, tzinfo=datetime.UTC), tick=False)
    send_due_reminders(D(2026, 11, 10))
    assert not any("本月" in t for t in titles(world.secretary_a))


def test_a_member_absent_for_three_months_is_reported_once(world, hold):
    hold(world.branch_a, Kind.THEME_DAY, D(2026, 7, 12))
    for month in (8, 9, 10):
        hold(world.branch_a, Kind.THEME_DAY, D(2026, month, 12), absent={world.m_member_a: "unexcused"})
    assert send_lapse_notices(D(2026, 11, 23)) == 2  # the secretary and the 组织委员 of branch A
    assert any("杨帆连续 3 个月" in t for t in titles(world.secretary_a))
    assert send_lapse_notices(D(2026, 11, 23)) == 0
    # three months is this system's warning, not the Constitution's: the notice cites the system's rule
    body = Notification.objects.get(user=world.secretary_a, title__contains="杨帆").body
    assert body == str(R_LAPSE_WARNING) and "非党内法规规定" in body and "党章" not in body


def test_six_months_absent_is_the_lapse_of_the_constitution_and_its_notice_cites_article_9(world, hold):
    hold(world.branch_a, Kind.THEME_DAY, D(2026, 4, 12))
    for month in (5, 6, 7, 8, 9, 10):
        hold(world.branch_a, Kind.THEME_DAY, D(2026, month, 12), absent={world.m_member_a: "unexcused"})
    send_lapse_notices(D(2026, 11, 23))
    notice = Notification.objects.get(user=world.secretary_a, title__contains="杨帆")
    assert "自行脱党" in notice.title and notice.body == str(R_LAPSE) and "《中国共产党章程》第九条" in notice.body


def test_the_periodic_task_runs_both(world, frozen):
    result = orglife_reminders.call_local()
    assert set(result) == {"due", "lapse", "tomorrow"}


def plan_theme_day(world, day, topic="重温入党誓词"):
    from dangjian.orglife.models import PlanItem
    from dangjian.orglife.services import generate_plan, update_plan_item

    generate_plan(world.branch_a, 2026)
    item = PlanItem.objects.get(org=world.branch_a, kind=Kind.THEME_DAY, period_start=day.replace(day=1))
    update_plan_item(item, planned_on=day, topic=topic)
    return item


def test_the_day_before_a_planned_theme_day_the_branch_and_its_members_are_told_once(world, frozen):
    plan_theme_day(world, D(2026, 11, 24))
    assert send_tomorrow_reminders(frozen) > 0
    expected = "明天（11月24日）东城区第一中学党支部主题党日：重温入党誓词"
    for person in (world.secretary_a, world.org_member_a, world.member_a):
        assert expected in titles(person)
    assert not any("明天" in t for t in titles(world.secretary_b) + titles(world.principal_a))
    assert send_tomorrow_reminders(frozen) == 0


def test_a_planned_activity_already_held_this_month_is_not_announced(world, hold, frozen):
    plan_theme_day(world, D(2026, 11, 24))
    hold(world.branch_a, Kind.THEME_DAY, D(2026, 11, 5))
    assert send_tomorrow_reminders(frozen) == 0
