"""组织关系转接 inside the system: one pending transfer at a time; the receiving organization
accepts within the letter's validity or rejects with a reason; acceptance moves the member and
writes both timelines; letters nobody acted on expire once, with a reminder to both sides."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from dangjian.core.errors import RuleViolation
from dangjian.core.models import AuditEntry, Notification
from dangjian.members import rules as R
from dangjian.members.models import EventKind, Member, MemberEvent, Membership, TransferState
from dangjian.members.services import (
    accept_transfer,
    cancel_transfer,
    expire_transfers,
    reject_transfer,
    start_transfer,
)

pytestmark = pytest.mark.django_db

LETTER_DAY = datetime.date(2026, 8, 3)
LAST_VALID_DAY = LETTER_DAY + datetime.timedelta(days=R.TRANSFER_LETTER_VALID_DAYS)  # 2026-11-01


def on(day: datetime.date):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(10), tzinfo=ZoneInfo("Asia/Shanghai")),
                               tick=False)


def refused(call) -> RuleViolation:
    with pytest.raises(RuleViolation) as caught:
        call()
    return caught.value


@pytest.fixture
def letter(world):
    """School A's secretary sends 杨帆 to school B with letter 东一中党转〔2026〕5号 on 2026-08-03."""
    with on(LETTER_DAY):
        return start_transfer(world.m_member_a, to_org=world.branch_b, letter_number="东一中党转〔2026〕5号",
                              requested_on=LETTER_DAY, reason="工作调动", acting_user=world.secretary_a)


def test_a_letter_is_valid_for_the_rule_s_ninety_days(letter):
    assert letter.state == TransferState.PENDING
    assert letter.valid_until == LAST_VALID_DAY == datetime.date(2026, 11, 1)


def test_a_second_pending_transfer_is_refused(world, letter):
    with on(LETTER_DAY):
        error = refused(lambda: start_transfer(world.m_member_a, to_org=world.joint, letter_number="东一中党转〔2026〕6号",
                                               requested_on=LETTER_DAY, acting_user=world.secretary_a))
    assert error.message == "杨帆已有一笔待接收的组织关系转接" and error.code == "duplicate"
    assert error.rule == R.R_ONE_ORG and error.rule.citation == "《中国共产党章程》第八条"


def test_after_a_rejection_a_new_transfer_may_start(world, letter):
    with on(LETTER_DAY):
        reject_transfer(letter, reason="本校无此岗位", acting_user=world.secretary_b)
        again = start_transfer(world.m_member_a, to_org=world.joint, letter_number="东一中党转〔2026〕6号",
                               requested_on=LETTER_DAY, acting_user=world.secretary_a)
    assert again.state == TransferState.PENDING


def test_accepting_after_the_letter_s_ninety_days_is_refused(world, letter):
    day_after = LAST_VALID_DAY + datetime.timedelta(days=1)
    with on(day_after):
        error = refused(lambda: accept_transfer(letter, decided_on=day_after, acting_user=world.secretary_b))
    assert error.message == "介绍信已于 2026年11月01日 过期，请转出组织重新开具" and error.field == "decided_on"
    assert error.rule == R.R_TRANSFER_LETTER
    assert error.rule.citation == "中共中央组织部关于党员组织关系转接的有关规定"
    assert Member.objects.get(pk=world.m_member_a.pk).org == world.branch_a


def test_accepting_on_the_last_valid_day_moves_the_member_and_writes_both_timelines(world, letter):
    with on(LAST_VALID_DAY):
        accept_transfer(letter, decided_on=LAST_VALID_DAY, acting_user=world.secretary_b)
    member = Member.objects.get(pk=world.m_member_a.pk)
    assert member.org == world.branch_b and member.group is None
    periods = list(Membership.objects.filter(member=member).order_by("started_on").values_list("org", "started_on",
                                                                                               "ended_on"))
    assert periods == [(world.branch_a.pk, datetime.date(2010, 7, 1), LAST_VALID_DAY),
                       (world.branch_b.pk, LAST_VALID_DAY, None)]
    out, into = MemberEvent.objects.filter(member=member, occurred_on=LAST_VALID_DAY).order_by("id")
    assert (out.kind, out.org, out.other_org, out.letter_number) == (
        EventKind.TRANSFER_OUT, world.branch_a, world.branch_b, "东一中党转〔2026〕5号")
    assert (into.kind, into.org, into.other_org) == (EventKind.TRANSFER_IN, world.branch_b, world.branch_a)
    letter.refresh_from_db()
    assert letter.state == TransferState.ACCEPTED and letter.decided_on == LAST_VALID_DAY
    # School B now sees the member; school A no longer does.
    assert Member.objects.visible_to(world.secretary_b).filter(pk=member.pk).exists()
    assert not Member.objects.visible_to(world.secretary_a).filter(pk=member.pk).exists()


def test_only_the_receiving_organization_accepts(world, letter):
    with on(LETTER_DAY), pytest.raises(PermissionDenied):
        accept_transfer(letter, decided_on=LETTER_DAY, acting_user=world.secretary_a)


def test_a_rejection_needs_a_reason(world, letter):
    with on(LETTER_DAY):
        error = refused(lambda: reject_transfer(letter, reason="  ", acting_user=world.secretary_b))
    assert error.message == "退回须写明原因" and error.field == "reason"
    assert error.rule == R.R_TRANSFER_REJECT and error.rule.citation == "中共中央组织部关于党员组织关系转接的有关规定"
    letter.refresh_from_db()
    assert letter.state == TransferState.PENDING


def test_a_rejection_leaves_the_member_where_she_was(world, letter):
    with on(LETTER_DAY):
        reject_transfer(letter, reason="本校无此岗位", acting_user=world.secretary_b)
    letter.refresh_from_db()
    assert letter.state == TransferState.REJECTED and letter.reason == "本校无此岗位"
    assert Member.objects.get(pk=world.m_member_a.pk).org == world.branch_a
    assert Membership.objects.get(member=world.m_member_a).ended_on is None


def test_a_decided_transfer_cannot_be_decided_again(world, letter):
    with on(LETTER_DAY):
        cancel_transfer(letter, reason="调动取消", acting_user=world.secretary_a)
        error = refused(lambda: accept_transfer(letter, decided_on=LETTER_DAY, acting_user=world.secretary_b))
    assert error.message == "该转接已撤回，不能再办理"


def test_expiry_marks_the_letter_and_tells_both_sides_once(world, letter):
    day_after = LAST_VALID_DAY + datetime.timedelta(days=1)
    with on(LAST_VALID_DAY):
        assert expire_transfers(LAST_VALID_DAY) == 0  # still valid on its last day
    with on(day_after):
        assert expire_transfers(day_after) == 1
        assert expire_transfers(day_after) == 0
    letter.refresh_from_db()
    assert letter.state == TransferState.EXPIRED
    told = Notification.objects.filter(key=f"transfer:{letter.pk}:expired")
    # The secretary and the organization committee member of school A, the secretary of school B.
    assert sorted(told.values_list("user__username", flat=True)) == ["org_member_a", "secretary_a", "secretary_b"]
    assert told.first().title == "杨帆的组织关系转接已超期"
    assert AuditEntry.objects.filter(action="member.transfer.expire").count() == 1
    with on(day_after):
        error = refused(lambda: accept_transfer(letter, decided_on=day_after, acting_user=world.secretary_b))
    assert error.message == "该转接已超期，不能再办理"
