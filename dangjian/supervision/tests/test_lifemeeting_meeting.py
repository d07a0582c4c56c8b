"""The 组织生活会 held and afterwards: the record written through orglife, the higher committee's
列席指导 where its rule asks for it, the leaders of 双重组织生活 checked against their membership,
批评与自我批评 per participant, the problems put on the 整改台账 through the rectification service,
and the 情况报告 against the due day the rule in force on the meeting's day set. Frozen on
2026-11-23; the meeting is held on 2026-11-20."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from dangjian.core.roles import Post
from dangjian.orglife.models import Meeting
from dangjian.orgs.models import Position
from dangjian.supervision.models import RectificationBatch, RectificationItem
from dangjian.supervision.rules import lifemeeting as R
from dangjian.supervision.selectors.lifemeeting import branch_leaders
from dangjian.supervision.services import lifemeeting as prep
from dangjian.supervision.services import lifemeeting_meeting as meeting
from dangjian.supervision.tests.lifemeeting_helpers import (
    PLANNED,
    TODAY,
    criticise_all,
    frozen,  # noqa: F401 - a fixture
    held,
    prepared,
    refused,
)
from dangjian.testing import add_member

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
D = datetime.date
NOTICE = "《东城区教育党工委关于召开2026年度基层党组织组织生活会的通知》（东教党〔2026〕21号）"


def county_rule(world, **kwargs):
    kwargs.setdefault("report_days", 7)
    return prep.set_local_rule(world.county_a, kind="life_meeting", effective_from=kwargs.pop("effective_from", TODAY),
                               document=NOTICE, acting_user=world.county_admin, today=TODAY, **kwargs)


def county_leader(world):
    """A member of branch A who is on the county's committee: a leader of 双重组织生活."""
    leader = add_member(world.branch_a, "赵志远", joined_on=D(2005, 7, 1))
    Position.objects.create(org=world.county_a, post=Post.COMMITTEE_ADMIN, person_name="赵志远", member=leader,
                            started_on=D(2024, 9, 1))
    return leader


def test_holding_records_the_meeting_in_orglife_with_its_attendance(world):
    life = held(world)
    record = Meeting.objects.get(pk=life.meeting_id)
    assert (record.kind, record.held_on, record.org_id, record.topic) == ("life_meeting", PLANNED, world.branch_a.pk,
                                                                          life.topic)
    assert record.expected_count == record.attendance.count() == 10
    assert (life.stage, life.held_on) == (R.Stage.HELD, PLANNED)


def test_without_a_local_rule_the_report_is_due_fifteen_days_after_the_meeting(world):
    life = held(world)
    assert (life.report_days, life.report_due) == (15, D(2026, 12, 5))
    assert "本系统默认" in life.report_source


def test_a_county_rule_in_force_on_the_meeting_day_sets_the_due_day_and_is_kept_with_its_document(world, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 1, 10, 0), tick=False)
    prep.set_local_rule(world.county_a, kind="life_meeting", report_days=7, effective_from="2026-11-01",
                        document=NOTICE, acting_user=world.county_admin, today=D(2026, 11, 1))
    time_machine.move_to(datetime.datetime(2026, 11, 23, 10, 0), tick=False)
    life = held(world)
    assert (life.report_days, life.report_due) == (7, D(2026, 11, 27))
    assert NOTICE in life.report_source


def test_a_local_rule_dated_in_the_past_or_set_by_the_branch_itself_is_refused(world):
    past = refused(lambda: county_rule(world, effective_from="2026-11-22"))
    assert past.rule == R.R_LOCAL and past.field == "effective_from"
    own = refused(lambda: prep.set_local_rule(world.branch_a, kind="life_meeting", report_days=3, effective_from=TODAY,
                                              document=NOTICE, acting_user=world.secretary_a, today=TODAY))
    assert own.rule == R.R_LOCAL and own.field == "org"


def test_where_the_county_asks_for_an_observer_the_meeting_needs_one_from_above(world, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 1, 10, 0), tick=False)
    prep.set_local_rule(world.county_a, kind="life_meeting", observer_required=True, effective_from="2026-11-01",
                        document=NOTICE, acting_user=world.county_admin, today=D(2026, 11, 1))
    time_machine.move_to(datetime.datetime(2026, 11, 23, 10, 0), tick=False)
    life = prepared(world)

    def hold(**observer):
        return meeting.hold(life, held_on=PLANNED, place="党员活动室", acting_user=world.secretary_a, today=TODAY,
                            **observer)

    missing = refused(hold)
    assert missing.rule.code == R.R_OBSERVER.code and NOTICE in missing.rule.citation
    not_above = refused(lambda: hold(observer_name="刘芳", observer_org=world.branch_b.pk))
    assert "上级党组织" in not_above.message
    assert not Meeting.objects.filter(org=world.branch_a).exists()
    life = hold(observer_name="李红梅", observer_org=world.county_a.pk)
    assert (life.observer_name, life.observer_org, life.observer_required) == ("李红梅", world.county_a, True)


def test_a_leader_of_the_branch_is_found_from_the_membership_and_attends_as_an_ordinary_member(world):
    leader = county_leader(world)
    assert [x.member for x in branch_leaders(world.branch_a, PLANNED)] == [leader]
    life = held(world, dual_life=[leader.pk])
    assert list(life.dual_life.all()) == [leader]


def test_a_leader_whose_membership_is_in_another_branch_cannot_attend_as_an_ordinary_member(world):
    """刘芳 is secretary of branch B: her membership is there, not in branch A."""
    life = prepared(world)
    refusal = refused(lambda: meeting.hold(life, held_on=PLANNED, place="党员活动室", dual_life=[world.m_secretary_b.pk],
                                           acting_user=world.secretary_a, today=TODAY))
    assert refusal.rule == R.R_DUAL_LIFE and refusal.code == "not_member"
    assert "组织关系不在东城区第一中学党支部" in refusal.message and "民主生活会若干规定》第三条" in refusal.rule.citation
    life.refresh_from_db()
    assert life.stage == R.Stage.PREPARING and not Meeting.objects.filter(org=world.branch_a).exists()


def test_a_leader_recorded_absent_is_not_counted_as_attending(world):
    from dangjian.orglife.services import AttendanceLine

    leader = county_leader(world)
    life = prepared(world)
    refusal = refused(lambda: meeting.hold(life, held_on=PLANNED, place="党员活动室", dual_life=[leader.pk],
                                           attendance=[AttendanceLine(leader.pk, False, "official_duty")],
                                           acting_user=world.secretary_a, today=TODAY))
    assert refusal.rule == R.R_DUAL_LIFE and "未出席" in refusal.message


def test_linking_an_existing_record_of_the_meeting(world):
    from dangjian.orglife.services import record_meeting

    record = record_meeting(world.branch_a, kind="life_meeting", held_on=PLANNED, place="会议室", topic="组织生活会",
                            acting_user=world.secretary_a)
    other = record_meeting(world.branch_a, kind="theme_day", held_on=PLANNED, place="会议室", topic="主题党日")
    life = prepared(world)
    wrong = refused(lambda: meeting.hold(life, meeting=other.pk, acting_user=world.secretary_a, today=TODAY))
    assert "不是2026年度的组织生活会" in wrong.message
    life = meeting.hold(life, meeting=record.pk, acting_user=world.secretary_a, today=TODAY)
    assert life.meeting == record and life.held_on == PLANNED


def test_criticism_is_recorded_only_for_those_present_by_others_present(world):
    from dangjian.orglife.services import AttendanceLine

    life = prepared(world)
    life = meeting.hold(life, held_on=PLANNED, place="党员活动室", acting_user=world.secretary_a, today=TODAY,
                        attendance=[AttendanceLine(world.m_member_a.pk, False, "sick_leave")])
    absent = refused(lambda: meeting.record_criticism(life, subject=world.m_member_a.pk, self_criticism="……",
                                                      acting_user=world.secretary_a))
    assert absent.rule == R.R_PARTICIPANT
    by_absent = refused(lambda: meeting.record_criticism(
        life, subject=world.m_secretary_a.pk, self_criticism="带头作用不够",
        criticisms=[{"critic": world.m_member_a.pk, "content": "联系群众不够"}], acting_user=world.secretary_a))
    assert "提出人须是出席会议的其他人员" in by_absent.message
    rows = meeting.record_criticism(life, subject=world.m_secretary_a.pk, self_criticism="带头作用不够",
                                    criticisms=[{"critic": world.m_org_member_a.pk, "content": "联系青年教师不够"}],
                                    response="诚恳接受", acting_user=world.secretary_a)
    assert [r.kind for r in rows] == ["self", "mutual", "response"]


def test_the_problems_become_rectification_items_of_one_batch_through_the_service(world):
    life = held(world)
    batch, items = meeting.rectify(life, deadlines={}, acting_user=world.secretary_a, today=TODAY)
    assert (batch.source, batch.issuer, batch.org, batch.origin) == ("life_meeting", world.branch_a, world.branch_a,
                                                                     f"supervision.lifemeeting:{life.pk}")
    assert len(items) == 10 and {i.deadline for i in items} == {D(2027, 3, 31)}
    mine = next(i for i in items if i.owner_name == "杨帆")
    assert (mine.problem, mine.leader_name, mine.unit) == ("杨帆：理论学习不够系统", "张伟", "东城区第一中学党支部")
    assert mine.life_problem.material.member == world.m_member_a
    again = refused(lambda: meeting.rectify(life, acting_user=world.secretary_a, today=TODAY))
    assert again.code == "nothing_to_do"
    assert (RectificationBatch.objects.count(), RectificationItem.objects.count()) == (1, 10)


def test_the_county_does_not_put_a_branchs_own_problems_on_its_ledger(world):
    life = held(world)
    with pytest.raises(PermissionDenied):
        meeting.rectify(life, acting_user=world.county_admin, today=TODAY)
    assert RectificationItem.objects.count() == 0


def test_the_report_waits_for_every_self_criticism_and_the_rectification_list(world):
    life = held(world)
    no_criticism = refused(lambda: meeting.send_report(life, reported_on=TODAY, acting_user=world.secretary_a,
                                                       today=TODAY))
    assert no_criticism.rule == R.R_CRITICISM and "张伟" in no_criticism.message
    criticise_all(world, life)
    no_items = refused(lambda: meeting.send_report(life, reported_on=TODAY, acting_user=world.secretary_a, today=TODAY))
    assert no_items.rule == R.R_PROBLEMS
    meeting.rectify(life, acting_user=world.secretary_a, today=TODAY)
    life = meeting.send_report(life, reported_on=TODAY, acting_user=world.secretary_a, today=TODAY)
    assert (life.stage, life.reported_on, life.report_status(TODAY)) == (R.Stage.REPORTED, TODAY, "on_time")


@pytest.mark.parametrize(("reported_on", "status"), [("2026-12-05", "on_time"), ("2026-12-06", "late")])
def test_a_report_sent_on_its_due_day_is_on_time_and_the_day_after_late(world, time_machine, reported_on, status):
    life = held(world)
    criticise_all(world, life)
    meeting.rectify(life, acting_user=world.secretary_a, today=TODAY)
    day = D.fromisoformat(reported_on)
    time_machine.move_to(datetime.datetime(day.year, day.month, day.day, 10, 0), tick=False)
    life = meeting.send_report(life, reported_on=day, acting_user=world.secretary_a, today=day)
    assert life.report_status(day) == status


def test_a_report_dated_before_the_meeting_is_refused(world):
    life = held(world)
    criticise_all(world, life)
    meeting.rectify(life, acting_user=world.secretary_a, today=TODAY)
    refusal = refused(lambda: meeting.send_report(life, reported_on="2026-11-19", acting_user=world.secretary_a,
                                                  today=TODAY))
    assert refusal.rule == R.R_REPORT


def test_nothing_is_prepared_once_the_meeting_is_held(world):
    life = held(world)
    refusal = refused(lambda: prep.record_study(life, held_on=PLANNED, form="self", topic="补学",
                                                acting_user=world.secretary_a, today=TODAY))
    assert refusal.rule == R.R_ORDER and refusal.code == "wrong_stage"
