"""组织关系转接 inside the system: the sending organization starts, the receiving one accepts or
rejects with a reason; acceptance moves the member and writes both sides' timelines."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from dangjian.core import audit
from dangjian.core.errors import RuleViolation
from dangjian.core.roles import Action, Post
from dangjian.core.snapshots import mark_changes
from dangjian.members import rules as R
from dangjian.members.models import EventKind, Member, MemberEvent, Transfer, TransferState
from dangjian.members.services.records import (
    MEMBER_ORG_KINDS,
    _close_membership,
    _not_future,
    _open_membership,
    require,
)
from dangjian.orgs.models import PartyOrg, Position


@transaction.atomic
def start_transfer(member: Member, *, to_org: PartyOrg, letter_number: str, requested_on: datetime.date,
                   reason: str = "", acting_user=None) -> Transfer:
    member = Member.objects.select_for_update().select_related("org").get(pk=member.pk)
    require(acting_user, Action.MEMBER_EDIT, member.org.path)
    if not member.is_active:
        raise RuleViolation(f"{member.name}已{member.get_standing_display().removeprefix('已')}，不能转接组织关系",
                            rule=R.R_ACTIVE_ONLY, field="member")
    if to_org.pk == member.org_id:
        raise RuleViolation("接收组织与当前组织相同", field="to_org")
    if to_org.kind not in MEMBER_ORG_KINDS or not to_org.is_active:
        raise RuleViolation("接收组织须是有效的党支部（或党总支、党委）", rule=R.R_ONE_ORG, field="to_org")
    if not letter_number.strip():
        raise RuleViolation("请填写介绍信编号", rule=R.R_TRANSFER_LETTER, field="letter_number")
    _not_future(requested_on, "requested_on")
    try:
        with transaction.atomic():
            transfer = Transfer.objects.create(
                member=member, from_org=member.org, to_org=to_org, letter_number=letter_number.strip(),
                requested_on=requested_on, valid_until=requested_on + datetime.timedelta(days=R.TRANSFER_LETTER_VALID_DAYS),
                reason=reason, created_by=acting_user,
            )
    except IntegrityError:
        raise RuleViolation(f"{member.name}已有一笔待接收的组织关系转接", rule=R.R_ONE_ORG, field="member",
                            code="duplicate") from None
    audit.record("member.transfer.start", actor=acting_user, target=transfer,
                 changes={"member": member.pk, "to_org": to_org.code, "letter_number": transfer.letter_number})
    return transfer


def _pending(transfer: Transfer) -> Transfer:
    transfer = Transfer.objects.select_for_update().select_related("member", "from_org", "to_org").get(pk=transfer.pk)
    if transfer.state != TransferState.PENDING:
        raise RuleViolation(f"该转接已{transfer.get_state_display().removeprefix('已')}，不能再办理", field="state")
    return transfer


@transaction.atomic
def accept_transfer(transfer: Transfer, *, decided_on: datetime.date, acting_user=None) -> Transfer:
    transfer = _pending(transfer)
    require(acting_user, Action.MEMBER_EDIT, transfer.to_org.path)
    _not_future(decided_on, "decided_on")
    if decided_on < transfer.requested_on:
        raise RuleViolation("接收日期不能早于介绍信开具日期", field="decided_on")
    if decided_on > transfer.valid_until:
        raise RuleViolation(f"介绍信已于 {transfer.valid_until:%Y年%m月%d日} 过期，请转出组织重新开具",
                            rule=R.R_TRANSFER_LETTER, field="decided_on")
    member = Member.objects.select_for_update().get(pk=transfer.member_id)
    MemberEvent.objects.create(member=member, kind=EventKind.TRANSFER_OUT, occurred_on=decided_on, org=transfer.from_org,
                               other_org=transfer.to_org, other_org_name=transfer.to_org.name,
                               letter_number=transfer.letter_number, recorded_by=acting_user)
    _close_membership(member, decided_on)
    member.org, member.group = transfer.to_org, None
    member.save(update_fields=["org", "group"])
    _open_membership(member, decided_on)
    MemberEvent.objects.create(member=member, kind=EventKind.TRANSFER_IN, occurred_on=decided_on, org=transfer.to_org,
                               other_org=transfer.from_org, other_org_name=transfer.from_org.name,
                               letter_number=transfer.letter_number, recorded_by=acting_user)
    transfer.state, transfer.decided_on = TransferState.ACCEPTED, decided_on
    transfer.save(update_fields=["state", "decided_on"])
    entry = audit.record("member.transfer.accept", actor=acting_user, target=transfer, org_path=transfer.to_org.path,
                         changes={"member": member.pk, "from": transfer.from_org.code, "to": transfer.to_org.code})
    # The entry is placed at the receiving organization; the member has left the sending one too, so
    # its subtree's snapshots (the statistics, the home page's counts) must not outlive this either.
    mark_changes({transfer.from_org.path}, entry.pk)
    return transfer


@transaction.atomic
def reject_transfer(transfer: Transfer, *, reason: str, acting_user=None) -> Transfer:
    transfer = _pending(transfer)
    require(acting_user, Action.MEMBER_EDIT, transfer.to_org.path)
    if not reason.strip():
        raise RuleViolation("退回须写明原因", rule=R.R_TRANSFER_REJECT, field="reason")
    transfer.state, transfer.decided_on, transfer.reason = TransferState.REJECTED, timezone.localdate(), reason.strip()
    transfer.save(update_fields=["state", "decided_on", "reason"])
    audit.record("member.transfer.reject", target=transfer, org_path=transfer.to_org.path, reason=reason,
                 actor=acting_user)
    return transfer


@transaction.atomic
def cancel_transfer(transfer: Transfer, *, reason: str = "", acting_user=None) -> Transfer:
    transfer = _pending(transfer)
    require(acting_user, Action.MEMBER_EDIT, transfer.from_org.path)
    transfer.state, transfer.decided_on = TransferState.CANCELLED, timezone.localdate()
    transfer.save(update_fields=["state", "decided_on"])
    audit.record("member.transfer.cancel", target=transfer, reason=reason, actor=acting_user)
    return transfer


def expire_transfers(today: datetime.date) -> int:
    """Pending transfers past their letter's validity become 已超期, and both sides are told: the
    day after the last valid day, when members.rules.letter_validity turns the letter red."""
    from dangjian.core.models import Notification
    from dangjian.core.notify import notify

    expired = 0
    for transfer in Transfer.objects.filter(state=TransferState.PENDING, valid_until__lt=today).select_related(
        "member", "from_org", "to_org"
    ):
        with transaction.atomic():
            Transfer.objects.filter(pk=transfer.pk, state=TransferState.PENDING).update(state=TransferState.EXPIRED)
            audit.record("member.transfer.expire", target=transfer)
        holders = Position.objects.active_on(today).filter(
            org__in=[transfer.from_org, transfer.to_org], post__in=[Post.SECRETARY, Post.ORGANIZATION_MEMBER],
            user__isnull=False).select_related("user")
        for position in holders:
            notify(position.user, key=f"transfer:{transfer.pk}:expired", level=Notification.Level.DANGER,
                   title=f"{transfer.member.name}的组织关系转接已超期",
                   body=f"介绍信 {transfer.letter_number} 有效期至 {transfer.valid_until:%Y年%m月%d日}，对方未办理接收。",
                   url=reverse("members:transfers"))
        expired += 1
    return expired
