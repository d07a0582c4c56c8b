"""What any timeline event must respect, whatever its kind: a member who has left, died or
transferred out gets nothing more; no date in the future or before 入党日期; a party group of
the member's own branch; 出党 with its way and the approving organization."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from dangjian.core.errors import RuleViolation
from dangjian.members import rules as R
from dangjian.members.models import EventKind, LeaveKind, Member, MemberEvent, Membership, Standing
from dangjian.members.services import create_member, record_event, start_transfer
from dangjian.testing import make_id_number

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime.datetime(2026, 11, 23, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        yield


def refused(call) -> RuleViolation:
    with pytest.raises(RuleViolation) as caught:
        call()
    return caught.value


def events_of(member) -> list[str]:
    return list(MemberEvent.objects.filter(member=member).values_list("kind", flat=True))


ENDINGS = [
    (EventKind.LEFT, {"leave_kind": LeaveKind.LAPSED, "decision_org": "东城区教育党工委"}, "杨帆已出党"),
    (EventKind.DECEASED, {}, "杨帆已去世"),
    (EventKind.TRANSFER_OUT, {"other_org_name": "省外某中学党支部", "letter_number": "东组转〔2026〕8号"}, "杨帆已转出"),
]


class TestAMemberWhoIsGone:
    @pytest.mark.parametrize("ending, facts, said", ENDINGS)
    def test_gets_no_further_event(self, world, ending, facts, said):
        member = world.m_member_a
        record_event(member, ending, datetime.date(2026, 10, 8), acting_user=world.secretary_a, **facts)
        before = events_of(member)
        for kind, more in [(EventKind.LOST_CONTACT, {}), (EventKind.DECEASED, {}),
                           (EventKind.STANDING_RESTORED, {}), (EventKind.GROUP_CHANGED, {"group": world.group_a1})]:
            error = refused(lambda kind=kind, more=more: record_event(member, kind, TODAY, acting_user=world.secretary_a,
                                                                      **more))
            assert error.message == f"{said}，不能再办理变更"
            # 第九条 for leaving the Party; death and transfer out are this register's own rule, and say so
            assert error.rule == R.R_ACTIVE_ONLY and error.rule.citation.startswith("《中国共产党章程》第九条（出党）")
            assert "本系统" in error.rule.citation
        assert events_of(member) == before

    @pytest.mark.parametrize("ending, facts, said", ENDINGS)
    def test_cannot_be_transferred(self, world, ending, facts, said):
        record_event(world.m_member_a, ending, datetime.date(2026, 10, 8), **facts)
        error = refused(lambda: start_transfer(world.m_member_a, to_org=world.branch_b, letter_number="东组转〔2026〕9号",
                                               requested_on=TODAY, acting_user=world.secretary_a))
        assert error.message == f"{said}，不能转接组织关系" and error.rule == R.R_ACTIVE_ONLY

    @pytest.mark.parametrize("ending, facts, said", ENDINGS)
    def test_has_no_open_membership_and_a_leaving_date(self, world, ending, facts, said):
        day = datetime.date(2026, 10, 8)
        record_event(world.m_member_a, ending, day, **facts)
        world.m_member_a.refresh_from_db()
        assert world.m_member_a.left_on == day and not world.m_member_a.is_active
        assert not Membership.objects.filter(member=world.m_member_a, ended_on__isnull=True).exists()

    def test_a_retained_or_suspended_member_is_still_on_the_roll_and_can_be_restored(self, world):
        record_event(world.m_member_a, EventKind.STANDING_SUSPENDED, datetime.date(2026, 3, 1))
        record_event(world.m_member_a, EventKind.STANDING_RESTORED, datetime.date(2026, 9, 1))
        world.m_member_a.refresh_from_db()
        assert world.m_member_a.standing == Standing.NORMAL


class TestDates:
    def test_a_date_after_today_is_refused(self, world):
        tomorrow = TODAY + datetime.timedelta(days=1)
        error = refused(lambda: record_event(world.m_member_a, EventKind.LOST_CONTACT, tomorrow))
        assert error.message == "日期 2026-11-24 晚于今天" and error.field == "occurred_on"
        assert error.rule == R.R_NOT_FUTURE and error.rule.citation == "本系统党员信息管理规则"

    def test_today_itself_is_accepted(self, world):
        assert record_event(world.m_member_a, EventKind.LOST_CONTACT, TODAY).occurred_on == TODAY

    def test_a_transfer_letter_dated_tomorrow_is_refused(self, world):
        error = refused(lambda: start_transfer(world.m_member_a, to_org=world.branch_b, letter_number="东组转〔2026〕9号",
                                               requested_on=TODAY + datetime.timedelta(days=1)))
        assert error.message == "日期 2026-11-24 晚于今天" and error.field == "requested_on"
        assert error.rule == R.R_NOT_FUTURE

    def test_an_admission_in_the_future_is_refused(self, world):
        error = refused(lambda: create_member(org=world.branch_a, name="未来", status="probationary",
                                              joined_on=TODAY + datetime.timedelta(days=1),
                                              id_number=make_id_number(datetime.date(1990, 1, 1), 950)))
        assert error.field == "joined_on" and error.rule == R.R_NOT_FUTURE

    def test_an_event_before_joining_is_refused(self, world):
        # 杨帆 joined on 2010-07-01.
        error = refused(lambda: record_event(world.m_member_a, EventKind.MOBILE_REGISTERED, datetime.date(2010, 6, 30)))
        assert error.message == "事项日期不能早于入党日期" and error.field == "occurred_on"
        assert error.rule == R.R_NOT_BEFORE_JOINING and error.rule.citation == "本系统党员信息管理规则"
        assert record_event(world.m_member_a, EventKind.MOBILE_REGISTERED, datetime.date(2010, 7, 1))

    def test_leaving_cannot_be_dated_before_the_latest_line_of_the_timeline(self, world):
        record_event(world.m_member_a, EventKind.LOST_CONTACT, datetime.date(2026, 5, 1))
        error = refused(lambda: record_event(world.m_member_a, EventKind.DECEASED, datetime.date(2026, 4, 30)))
        assert error.message == "日期早于时间线上最近的事项（2026-05-01）" and error.field == "occurred_on"


class TestPartyGroup:
    def test_a_group_of_another_branch_is_refused(self, world):
        error = refused(lambda: record_event(world.m_secretary_b, EventKind.GROUP_CHANGED, TODAY, group=world.group_a1))
        assert error.message == "党小组须是所在支部下设的党小组" and error.field == "group"
        assert error.rule == R.R_GROUP_IN_ORG and error.rule.citation == "《中国共产党支部工作条例（试行）》第十三条"

    def test_an_organization_that_is_not_a_group_is_refused(self, world):
        error = refused(lambda: record_event(world.m_member_a, EventKind.GROUP_CHANGED, TODAY, group=world.branch_a))
        assert error.rule == R.R_GROUP_IN_ORG

    def test_a_new_record_in_a_group_of_another_branch_is_refused(self, world):
        error = refused(lambda: create_member(org=world.branch_b, name="错组", group=world.group_a1,
                                              id_number=make_id_number(datetime.date(1990, 1, 1), 951)))
        assert error.message == "党小组须是所在支部下设的党小组" and error.rule == R.R_GROUP_IN_ORG

    def test_a_group_of_her_own_branch_is_accepted_and_the_move_is_on_the_timeline(self, world):
        event = record_event(world.m_member_a, EventKind.GROUP_CHANGED, TODAY, group=world.group_a1)
        assert event.detail == {"from": "第二党小组", "to": "第一党小组", "from_id": world.group_a2.pk, "to_id": world.group_a1.pk}
        assert Member.objects.get(pk=world.m_member_a.pk).group == world.group_a1


class TestLeavingTheParty:
    @pytest.mark.parametrize("facts", [
        {"decision_org": "东城区教育党工委"},                              # no way of leaving
        {"leave_kind": LeaveKind.EXPELLED},                               # no approving organization
        {"leave_kind": "resigned", "decision_org": "东城区教育党工委"},     # not a way of leaving
    ])
    def test_needs_the_way_and_the_approving_organization(self, world, facts):
        error = refused(lambda: record_event(world.m_member_a, EventKind.LEFT, TODAY, **facts))
        assert error.message == "出党须选择方式（除名、开除党籍、退党、自行脱党）并填写批准组织"
        assert error.rule == R.R_LEAVE_DECISION and error.rule.citation == "《中国共产党章程》第九条、第四十条"
        world.m_member_a.refresh_from_db()
        assert world.m_member_a.standing == Standing.NORMAL

    def test_with_both_the_member_leaves_and_the_way_is_on_the_timeline(self, world):
        event = record_event(world.m_member_a, EventKind.LEFT, TODAY, leave_kind=LeaveKind.REMOVED,
                             decision_org="东城区教育党工委", reason="连续六个月不参加组织生活")
        assert event.decision_org == "东城区教育党工委" and event.detail["leave_kind_label"] == "除名"
        world.m_member_a.refresh_from_db()
        assert world.m_member_a.standing == Standing.LEFT and world.m_member_a.left_on == TODAY

    def test_a_transfer_out_of_the_system_needs_the_letter_and_the_receiving_organization(self, world):
        error = refused(lambda: record_event(world.m_member_a, EventKind.TRANSFER_OUT, TODAY,
                                             other_org_name="省外某中学党支部"))
        assert error.message == "转出须填写接收组织名称和介绍信编号"
        assert error.rule == R.R_TRANSFER_LETTER
