"""Full ID numbers and phones: a member sees her own; anyone else needs member.reveal on her
organization and a reason, and the look is audited without the number. Members ask for their
own contact corrections, one at a time; the organization committee approves or says why not."""

import pytest
from django.core.exceptions import PermissionDenied

from dangjian.core.audit import verify_chain
from dangjian.core.errors import RuleViolation
from dangjian.core.models import AuditEntry
from dangjian.core.validators import PHONE_RULE
from dangjian.members import rules as R
from dangjian.members.models import ContactCorrection, CorrectionState
from dangjian.members.services import decide_correction, request_contact_correction, reveal_pii, update_member

pytestmark = pytest.mark.django_db

PHONE = "13912345678"
NEW_PHONE = "13598765432"


def refused(call) -> RuleViolation:
    with pytest.raises(RuleViolation) as caught:
        call()
    return caught.value


@pytest.fixture
def yang(world):
    update_member(world.m_member_a, phone=PHONE)
    world.m_member_a.refresh_from_db()
    return world.m_member_a


def audit_text() -> str:
    return " ".join(f"{e.object_repr} {e.changes} {e.reason}" for e in AuditEntry.objects.all())


class TestReveal:
    def test_a_member_sees_her_own_numbers_without_giving_a_reason(self, world, yang):
        shown = reveal_pii(yang, reason="", acting_user=world.member_a)
        assert shown == {"id_number": yang.get_id_number(), "phone": PHONE}
        entry = AuditEntry.objects.filter(action="member.reveal").get()
        assert entry.reason == "本人查看" and entry.actor == world.member_a

    def test_the_secretary_needs_a_reason(self, world, yang):
        error = refused(lambda: reveal_pii(yang, reason=" 查看 ", acting_user=world.secretary_a))
        assert error.message == "查看完整身份证号和手机号须写明用途（至少 4 个字）" and error.field == "reason"
        assert error.rule == R.R_REVEAL_REASON
        assert error.rule.citation == "《中华人民共和国个人信息保护法》第五十一条；GB/T 35273-2020 第7.1条"
        assert not AuditEntry.objects.filter(action="member.reveal").exists()

    def test_with_a_reason_the_secretary_sees_them_and_the_audit_keeps_no_full_number(self, world, yang):
        shown = reveal_pii(yang, reason=f"办理党员证明，核对号码{yang.get_id_number()}与{PHONE}", acting_user=world.secretary_a)
        assert shown["id_number"] == yang.get_id_number()
        entry = AuditEntry.objects.filter(action="member.reveal").get()
        assert entry.actor == world.secretary_a and entry.object_id == str(yang.pk)
        text = audit_text()
        assert yang.get_id_number() not in text and PHONE not in text
        assert yang.id_number_masked in entry.reason  # the reason is kept, with the number masked
        assert verify_chain().ok

    @pytest.mark.parametrize("persona", ["principal_a", "secretary_b", "member_a"])
    def test_without_member_reveal_on_her_organization_another_member_s_numbers_stay_hidden(self, world, persona):
        other = world.m_secretary_a
        with pytest.raises(PermissionDenied):
            reveal_pii(other, reason="核对党员信息", acting_user=world.personas[persona])
        assert not AuditEntry.objects.filter(action="member.reveal").exists()

    def test_the_organization_committee_member_may_reveal_with_a_reason(self, world, yang):
        assert reveal_pii(yang, reason="核对党费基数信息", acting_user=world.org_member_a)["phone"] == PHONE


class TestContactCorrection:
    def test_only_the_member_herself_asks_for_a_correction(self, world, yang):
        with pytest.raises(PermissionDenied, match="只能申请更正本人的联系方式"):
            request_contact_correction(yang, phone=NEW_PHONE, acting_user=world.secretary_a)
        assert not ContactCorrection.objects.exists()

    def test_the_request_keeps_the_new_number_encrypted_and_masked(self, world, yang):
        correction = request_contact_correction(yang, phone=NEW_PHONE, note="换号了", acting_user=world.member_a)
        assert correction.state == CorrectionState.PENDING and correction.new_value_masked == "135****5432"
        assert NEW_PHONE not in correction.new_value_encrypted
        assert NEW_PHONE not in audit_text()

    def test_a_malformed_phone_is_refused_with_the_numbering_rule(self, world, yang):
        error = refused(lambda: request_contact_correction(yang, phone="1234", acting_user=world.member_a))
        assert error.message == "手机号码应为 11 位数字，以 1 开头" and error.rule == PHONE_RULE

    def test_one_pending_request_at_a_time(self, world, yang):
        request_contact_correction(yang, phone=NEW_PHONE, acting_user=world.member_a)
        error = refused(lambda: request_contact_correction(yang, phone="13600001111", acting_user=world.member_a))
        assert error.message == "已有一条待审核的更正申请，请等待组织委员审核" and error.code == "duplicate"
        assert error.rule == R.R_CORRECTION and error.rule.citation == "《中华人民共和国个人信息保护法》第四十六条、第五十条"
        assert ContactCorrection.objects.count() == 1

    def test_approval_changes_the_phone(self, world, yang):
        correction = request_contact_correction(yang, phone=NEW_PHONE, acting_user=world.member_a)
        decide_correction(correction, approve=True, acting_user=world.org_member_a)
        yang.refresh_from_db()
        assert yang.get_phone() == NEW_PHONE and yang.phone_masked == "135****5432"
        correction.refresh_from_db()
        assert correction.state == CorrectionState.APPROVED and correction.decided_by == world.org_member_a
        # Decided once: a new request may follow.
        assert request_contact_correction(yang, phone=PHONE, acting_user=world.member_a).state == CorrectionState.PENDING

    def test_a_rejection_needs_a_note_and_leaves_the_phone(self, world, yang):
        correction = request_contact_correction(yang, phone=NEW_PHONE, acting_user=world.member_a)
        error = refused(lambda: decide_correction(correction, approve=False, note=" ", acting_user=world.org_member_a))
        assert error.message == "不同意时须写明理由" and error.field == "decision_note"
        assert error.rule == R.R_CORRECTION
        decide_correction(correction, approve=False, note="号码与本人核实不一致", acting_user=world.org_member_a)
        yang.refresh_from_db()
        assert yang.get_phone() == PHONE
        correction.refresh_from_db()
        assert correction.state == CorrectionState.REJECTED and correction.decision_note == "号码与本人核实不一致"

    def test_a_decided_request_cannot_be_decided_again(self, world, yang):
        correction = request_contact_correction(yang, phone=NEW_PHONE, acting_user=world.member_a)
        decide_correction(correction, approve=True, acting_user=world.org_member_a)
        error = refused(lambda: decide_correction(correction, approve=False, note="撤回", acting_user=world.org_member_a))
        assert error.message == "该申请已审核"

    @pytest.mark.parametrize("persona", ["member_a", "secretary_b", "principal_a"])
    def test_only_someone_with_member_edit_on_her_organization_decides(self, world, yang, persona):
        correction = request_contact_correction(yang, phone=NEW_PHONE, acting_user=world.member_a)
        with pytest.raises(PermissionDenied):
            decide_correction(correction, approve=True, acting_user=world.personas[persona])
        correction.refresh_from_db()
        assert correction.state == CorrectionState.PENDING


def test_a_new_phone_entered_by_the_secretary_is_not_in_the_audit_log(world):
    update_member(world.m_member_a, phone=NEW_PHONE, acting_user=world.secretary_a, reason="本人告知换号")
    assert NEW_PHONE not in audit_text()
    assert world.m_member_a.events.filter(kind="record_updated").exists()
