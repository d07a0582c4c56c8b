"""A matter's states: the whole chain, a skipped state, 三重一大 without a decision, bad amounts,
the audit trail (frozen on 2026-11-23)."""

import pytest
from django.core.exceptions import PermissionDenied

from dangjian.core.models import AuditEntry
from dangjian.decisions import rules as R
from dangjian.decisions import services
from dangjian.decisions.rules import State
from dangjian.decisions.services import record_votes

from .conftest import communicated, d, meeting_with, refused

FIVE = ["张伟", "陈静", "马强", "胡敏", "郭涛"]


def test_the_whole_chain_from_proposal_to_the_report_to_the_staff_congress(world, committee):
    matter = communicated(world)
    meeting = meeting_with(world, committee, FIVE, [matter])
    record_votes(meeting, [{"matter": matter.pk, "verdict": "passed", "for": 5}], acting_user=world.secretary_a)
    services.transition(matter, State.EXECUTING, occurred_on=d("2026-10-12"), acting_user=world.principal_a,
                        facts={"owner": "李总务", "unit": "总务处", "deadline": "2026-11-30"})
    services.report_progress(matter, reported_on=d("2026-11-01"), progress=60, text="跑道基层完工",
                             acting_user=world.principal_a)
    services.report_progress(matter, reported_on=d("2026-11-20"), progress=100, text="验收合格",
                             evidence="验收单 2026-18 号", acting_user=world.principal_a)
    services.transition(matter, State.CLOSED, occurred_on=d("2026-11-21"), acting_user=world.principal_a)
    services.transition(matter, State.REPORTED, occurred_on=d("2026-11-22"), acting_user=world.principal_a,
                        facts={"congress": "第五届教代会第三次会议"})
    matter.refresh_from_db()
    assert matter.state == State.REPORTED and matter.progress == 100
    assert [e.target for e in matter.events.all()] == [
        "draft", "proposed", "communicated", "on_agenda", "passed", "executing", "closed", "reported"]
    assert AuditEntry.objects.filter(action="decisions.transition", object_id=str(matter.pk)).count() == 5


def test_a_transition_that_skips_a_state_is_refused(world, frozen):
    matter = services.create_matter(world.branch_a, title="修订学校章程", category="major_decision",
                                    raised_on=d("2026-11-01"), acting_user=world.principal_a)
    error = refused(lambda: services.transition(matter, State.COMMUNICATED, facts={"communication": "x"},
                                                acting_user=world.secretary_a))
    assert error.rule == R.R_ORDER and "不能直接转为" in error.message


def test_a_major_matter_cannot_be_executed_or_closed_without_a_passed_decision(world, frozen):
    matter = services.create_matter(world.branch_a, title="食堂设备采购", category="large_expense", amount="12000",
                                    raised_on=d("2026-11-01"), acting_user=world.principal_a)
    assert matter.is_major  # 12,000 ≥ the default 5,000
    services.transition(matter, State.PROPOSED, facts={"meeting_note": "校长办公会研究"}, acting_user=world.principal_a)
    for target in (State.EXECUTING, State.CLOSED):
        error = refused(lambda target=target: services.transition(
            matter, target, acting_user=world.principal_a, facts={"owner": "李", "unit": "总务处", "deadline": "2026-12-31"}))
        assert error.rule == R.R_MAJOR_TO_PARTY and "三重一大" in error.message


def test_a_small_expense_is_the_principal_office_s_own_decision(world, frozen):
    matter = services.create_matter(world.branch_a, title="购买教研室打印纸", category="routine", amount="1200",
                                    raised_on=d("2026-11-01"), acting_user=world.principal_a)
    assert not matter.is_major
    services.transition(matter, State.PROPOSED, facts={"meeting_note": "校长办公会研究同意"}, acting_user=world.principal_a)
    services.transition(matter, State.EXECUTING, acting_user=world.principal_a,
                        facts={"owner": "李总务", "unit": "总务处", "deadline": "2026-11-30"})
    assert matter.events.count() == 3


@pytest.mark.parametrize("amount", ["-1", "一万元", "1e400", "12.345", True])
def test_a_negative_or_non_numeric_amount_is_refused(world, frozen, amount):
    error = refused(lambda: services.create_matter(world.branch_a, title="购置设备", category="large_expense",
                                                   amount=amount, acting_user=world.principal_a))
    assert error.rule == R.R_AMOUNT and error.field == "amount"


def test_a_personnel_matter_needs_a_prior_informal_consultation(world, frozen):
    matter = services.create_matter(world.branch_a, title="推荐副校长人选", category="key_appointment",
                                    raised_on=d("2026-11-01"), acting_user=world.principal_a)
    services.transition(matter, State.PROPOSED, facts={"meeting_note": "研究"}, acting_user=world.principal_a)
    error = refused(lambda: services.transition(matter, State.COMMUNICATED, facts={"communication": "已沟通"},
                                                acting_user=world.secretary_a))
    assert error.rule == R.R_COMMUNICATE and error.field == "consultation"


def test_a_member_without_a_post_cannot_propose(world, frozen):
    with pytest.raises(PermissionDenied):
        services.create_matter(world.branch_a, title="x", category="routine", acting_user=world.member_a)


def test_the_owner_reports_but_a_report_never_lowers_the_progress(world, committee):
    matter = communicated(world)
    meeting = meeting_with(world, committee, FIVE, [matter])
    record_votes(meeting, [{"matter": matter.pk, "verdict": "passed", "for": 5}], acting_user=world.secretary_a)
    services.transition(matter, State.EXECUTING, occurred_on=d("2026-10-12"), owner=world.org_member_a,
                        facts={"unit": "总务处", "deadline": "2026-11-30"}, acting_user=world.principal_a)
    services.report_progress(matter, reported_on=d("2026-11-01"), progress=50, text="过半", acting_user=world.org_member_a)
    error = refused(lambda: services.report_progress(matter, reported_on=d("2026-11-02"), progress=40, text="x",
                                                     acting_user=world.org_member_a))
    assert error.field == "progress"
    error = refused(lambda: services.transition(matter, State.CLOSED, acting_user=world.org_member_a))
    assert "50%" in error.message
