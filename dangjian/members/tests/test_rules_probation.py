"""转正, 延长预备期 and 取消预备党员资格 at their boundaries, with the clock frozen.

The probation is one year from the 支部大会 that admitted the member (入党日期); it may be
extended once by 6 to 12 months; only a probationary member is confirmed, extended or cancelled.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from dangjian.core.errors import RuleViolation
from dangjian.members import rules as R
from dangjian.members.models import EventKind, Membership, MemberStatus, Standing
from dangjian.members.services import admit_probationary, create_member, probation_ends, record_event
from dangjian.testing import make_id_number

pytestmark = pytest.mark.django_db

ADMITTED = datetime.date(2025, 6, 1)
YEAR_UP = datetime.date(2026, 6, 1)


def on(day: datetime.date):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(10), tzinfo=ZoneInfo("Asia/Shanghai")),
                               tick=False)


@pytest.fixture
def newcomer(world):
    """王新, admitted by school A's 支部大会 on 2025-06-01."""
    with on(ADMITTED):
        return admit_probationary(org=world.branch_a, name="王新", general_meeting_on=ADMITTED,
                                  id_number=make_id_number(datetime.date(1998, 5, 4), 901), group=world.group_a1)


def refused(call) -> RuleViolation:
    with pytest.raises(RuleViolation) as caught:
        call()
    return caught.value


class TestConfirmation:
    def test_the_day_before_the_year_is_up_is_refused_with_the_constitution(self, newcomer, world):
        with on(YEAR_UP):
            error = refused(lambda: record_event(newcomer, EventKind.CONFIRMED, YEAR_UP - datetime.timedelta(days=1),
                                                 acting_user=world.secretary_a))
        assert error.message == "预备期到 2026年06月01日 才满，不能提前转正"
        assert error.rule == R.R_PROBATION and error.rule.citation == "《中国共产党章程》第七条"
        newcomer.refresh_from_db()
        assert newcomer.status == MemberStatus.PROBATIONARY and newcomer.confirmed_on is None

    def test_exactly_one_year_after_admission_the_member_is_confirmed(self, newcomer, world):
        with on(YEAR_UP):
            event = record_event(newcomer, EventKind.CONFIRMED, YEAR_UP, acting_user=world.secretary_a)
        newcomer.refresh_from_db()
        assert event.kind == EventKind.CONFIRMED and event.occurred_on == YEAR_UP
        assert newcomer.status == MemberStatus.FULL and newcomer.confirmed_on == YEAR_UP

    def test_only_a_probationary_member_is_confirmed(self, newcomer, world):
        with on(YEAR_UP):
            record_event(newcomer, EventKind.CONFIRMED, YEAR_UP, acting_user=world.secretary_a)
            error = refused(lambda: record_event(newcomer, EventKind.CONFIRMED, YEAR_UP, acting_user=world.secretary_a))
        assert error.message == "王新不是预备党员，不能办理转正"
        assert error.rule == R.R_CONFIRM_ONLY_PROBATIONARY and error.rule.citation == "《中国共产党章程》第七条"

    def test_a_full_member_of_long_standing_cannot_be_confirmed_again(self, world):
        error = refused(lambda: record_event(world.m_member_a, EventKind.CONFIRMED, datetime.date(2026, 1, 5)))
        assert error.message == "杨帆不是预备党员，不能办理转正" and error.rule == R.R_CONFIRM_ONLY_PROBATIONARY

    def test_one_year_from_29_february_ends_on_28_february(self, world):
        # 民法典第二百零二条: without a corresponding day, the last day of the month ends the period.
        leap = datetime.date(2024, 2, 29)
        with on(leap):
            member = admit_probationary(org=world.branch_a, name="闰日", general_meeting_on=leap,
                                        id_number=make_id_number(datetime.date(1996, 2, 3), 902))
        assert probation_ends(member) == datetime.date(2025, 2, 28)
        with on(datetime.date(2025, 3, 1)):
            error = refused(lambda: record_event(member, EventKind.CONFIRMED, datetime.date(2025, 2, 27)))
            assert error.rule == R.R_PROBATION
            record_event(member, EventKind.CONFIRMED, datetime.date(2025, 2, 28))


class TestExtension:
    @pytest.mark.parametrize("months, until", [(6, datetime.date(2026, 12, 1)), (12, datetime.date(2027, 6, 1))])
    def test_six_or_twelve_months_are_accepted_and_move_the_end_of_probation(self, newcomer, world, months, until):
        with on(YEAR_UP):
            event = record_event(newcomer, EventKind.PROBATION_EXTENDED, YEAR_UP, acting_user=world.secretary_a,
                                 months=months, reason="组织观念淡薄，需继续考察")
        newcomer.refresh_from_db()
        assert newcomer.probation_extended_to == until and probation_ends(newcomer) == until
        assert event.detail == {"months": months, "until": until.isoformat()}
        assert newcomer.status == MemberStatus.PROBATIONARY

    @pytest.mark.parametrize("months", [5, 13, 0, None])
    def test_less_than_six_or_more_than_twelve_months_is_refused(self, newcomer, world, months):
        with on(YEAR_UP):
            error = refused(lambda: record_event(newcomer, EventKind.PROBATION_EXTENDED, YEAR_UP,
                                                 acting_user=world.secretary_a, months=months))
        assert error.message == "延长时间须为 6 至 12 个月" and error.field == "months"
        assert error.rule == R.R_EXTENSION
        # 细则 第三十二条 is the one that says 一次, 不少于半年, 最长不超过一年 (第三十一条 does not)
        assert error.rule.citation.startswith("《中国共产党发展党员工作细则》（2014）第三十二条")
        assert "第三十一条" not in error.rule.citation and "不能少于半年" in error.rule.text
        newcomer.refresh_from_db()
        assert newcomer.probation_extended_to is None

    def test_a_second_extension_is_refused(self, newcomer, world):
        with on(YEAR_UP):
            record_event(newcomer, EventKind.PROBATION_EXTENDED, YEAR_UP, acting_user=world.secretary_a, months=6)
            error = refused(lambda: record_event(newcomer, EventKind.PROBATION_EXTENDED, YEAR_UP,
                                                 acting_user=world.secretary_a, months=6))
        assert error.message == "预备期已经延长过一次，不能再次延长" and error.rule == R.R_EXTENSION
        newcomer.refresh_from_db()
        assert newcomer.probation_extended_to == datetime.date(2026, 12, 1)

    def test_a_probationary_record_without_its_joining_date_is_refused_by_rule(self, world):
        # An imported record may lack 入党日期: the end of probation cannot be computed from it.
        with on(YEAR_UP):
            member = create_member(org=world.branch_a, name="缺日", status=MemberStatus.PROBATIONARY,
                                   id_number=make_id_number(datetime.date(1997, 3, 4), 903), acting_user=world.secretary_a)
            error = refused(lambda: record_event(member, EventKind.PROBATION_EXTENDED, YEAR_UP,
                                                 acting_user=world.secretary_a, months=6))
        assert error.message == "档案中没有入党日期，无法计算预备期，请先补录入党日期" and error.rule == R.R_EXTENSION
        member.refresh_from_db()
        assert member.probation_extended_to is None

    def test_a_full_member_cannot_have_a_probation_extended(self, world):
        error = refused(lambda: record_event(world.m_member_a, EventKind.PROBATION_EXTENDED,
                                             datetime.date(2026, 1, 5), months=6))
        assert error.message == "只有预备党员才能延长预备期" and error.rule == R.R_EXTENSION

    def test_after_an_extension_confirmation_waits_for_the_extended_date(self, newcomer, world):
        extended_to = datetime.date(2026, 12, 1)
        with on(YEAR_UP):
            record_event(newcomer, EventKind.PROBATION_EXTENDED, YEAR_UP, acting_user=world.secretary_a, months=6)
        with on(extended_to):
            # The original year is up, but the extension moved the end of probation.
            error = refused(lambda: record_event(newcomer, EventKind.CONFIRMED, extended_to - datetime.timedelta(days=1),
                                                 acting_user=world.secretary_a))
            assert error.message == "预备期到 2026年12月01日 才满，不能提前转正" and error.rule == R.R_PROBATION
            record_event(newcomer, EventKind.CONFIRMED, extended_to, acting_user=world.secretary_a)
        newcomer.refresh_from_db()
        assert newcomer.status == MemberStatus.FULL and newcomer.confirmed_on == extended_to


class TestCancellation:
    def test_cancelling_closes_the_membership_and_the_record(self, newcomer, world):
        day = datetime.date(2026, 3, 2)
        with on(day):
            record_event(newcomer, EventKind.PROBATION_CANCELLED, day, acting_user=world.secretary_a,
                         reason="不履行党员义务")
        newcomer.refresh_from_db()
        assert newcomer.standing == Standing.LEFT and newcomer.left_on == day
        assert list(Membership.objects.filter(member=newcomer).values_list("started_on", "ended_on")) == [(ADMITTED, day)]
        assert not newcomer.is_active

    def test_only_a_probationary_member_can_have_the_probation_cancelled(self, world):
        error = refused(lambda: record_event(world.m_member_a, EventKind.PROBATION_CANCELLED, datetime.date(2026, 1, 5)))
        assert error.message == "只有预备党员才能取消预备党员资格"
        assert error.rule == R.R_CANCEL and error.rule.citation == "《中国共产党章程》第七条"
        world.m_member_a.refresh_from_db()
        assert world.m_member_a.standing == Standing.NORMAL
        assert Membership.objects.filter(member=world.m_member_a, ended_on__isnull=True).count() == 1
