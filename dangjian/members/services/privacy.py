"""Revealing a full ID number or phone, and members correcting their own contact data."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from dangjian.core import audit, crypto
from dangjian.core.errors import RuleViolation
from dangjian.core.roles import Action
from dangjian.core.validators import mask_phone, validate_mobile
from dangjian.members import rules as R
from dangjian.members.models import ContactCorrection, CorrectionState, Member
from dangjian.members.services.records import require


def reveal_pii(member: Member, *, reason: str, acting_user) -> dict:
    """The full ID number and phone: a member sees their own; anyone else needs the reveal
    permission on the member's organization and a reason, and the view is audited."""
    own = acting_user is not None and member.user_id == acting_user.pk
    if not own:
        require(acting_user, Action.MEMBER_REVEAL, member.org.path)
        if len((reason or "").strip()) < 4:
            raise RuleViolation("查看完整身份证号和手机号须写明用途（至少 4 个字）", rule=R.R_REVEAL_REASON, field="reason")
    # The actor is named explicitly: a reveal outside a request (a command, a job) must still say who looked.
    audit.record("member.reveal", target=member, reason=reason or "本人查看", actor=acting_user)
    return {"id_number": member.get_id_number(), "phone": member.get_phone()}


@transaction.atomic
def request_contact_correction(member: Member, *, phone: str, note: str = "", acting_user) -> ContactCorrection:
    if acting_user is None or member.user_id != acting_user.pk:
        raise PermissionDenied("只能申请更正本人的联系方式")
    phone = validate_mobile(phone)
    if ContactCorrection.objects.filter(member=member, state=CorrectionState.PENDING).exists():
        raise RuleViolation("已有一条待审核的更正申请，请等待组织委员审核", rule=R.R_CORRECTION, field="phone",
                            code="duplicate")
    correction = ContactCorrection.objects.create(member=member, field="phone",
                                                  new_value_encrypted=crypto.encrypt(phone, aad="member.phone"),
                                                  new_value_masked=mask_phone(phone), note=note)
    audit.record("member.correction.request", target=member, changes={"phone": mask_phone(phone)}, actor=acting_user)
    return correction


@transaction.atomic
def decide_correction(correction: ContactCorrection, *, approve: bool, note: str = "", acting_user) -> ContactCorrection:
    correction = ContactCorrection.objects.select_for_update().select_related("member__org").get(pk=correction.pk)
    require(acting_user, Action.MEMBER_EDIT, correction.member.org.path)
    if correction.state != CorrectionState.PENDING:
        raise RuleViolation("该申请已审核", field="state")
    if not approve and not note.strip():
        raise RuleViolation("不同意时须写明理由", rule=R.R_CORRECTION, field="decision_note")
    if approve:
        member = Member.objects.select_for_update().get(pk=correction.member_id)
        member.set_phone(crypto.decrypt(correction.new_value_encrypted, aad="member.phone"))
        member.save(update_fields=["phone_encrypted", "phone_masked", "updated_at"])
    correction.state = CorrectionState.APPROVED if approve else CorrectionState.REJECTED
    correction.decided_at, correction.decided_by, correction.decision_note = timezone.now(), acting_user, note
    correction.save()
    audit.record("member.correction.decide", target=correction.member, changes={"approved": approve}, reason=note,
                 actor=acting_user)
    return correction
