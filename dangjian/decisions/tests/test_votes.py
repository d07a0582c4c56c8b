"""Who may vote, recusals, totals, and nothing partial (frozen on 2026-11-23)."""

from dangjian.core.models import AuditEntry
from dangjian.decisions import rules as R
from dangjian.decisions.models import AgendaItem, Attendance
from dangjian.decisions.rules import State
from dangjian.decisions.services import record_votes
from dangjian.orgs.models import Position

from .conftest import communicated, meeting_with, refused

FIVE = ["张伟", "陈静", "马强", "胡敏", "郭涛"]


def test_the_principal_attends_without_a_vote_and_is_refused_as_a_voter(world, committee):
    matter = communicated(world)
    meeting = meeting_with(world, committee, FIVE, [matter])
    observer = Attendance.objects.get(meeting=meeting, voting=False)
    assert observer.person_name == "周校长"
    principal = Position.objects.get(org=world.branch_a, post="principal")
    roll = [{"position": committee[n].pk, "vote": "for"} for n in FIVE[:3]] + [{"position": principal.pk, "vote": "for"}]
    error = refused(lambda: record_votes(meeting, [{"matter": matter.pk, "verdict": "passed", "roll": roll}],
                                         acting_user=world.secretary_a))
    assert error.rule == R.R_VOTERS and "周校长不是2026-10-10在任的党组织委员" in error.message


def test_the_principal_cannot_be_recorded_as_a_present_committee_member(world, committee):
    matter = communicated(world)
    principal = Position.objects.get(org=world.branch_a, post="principal")
    error = refused(lambda: meeting_with(world, {**committee, "周校长": principal}, ["张伟", "周校长"], [matter]))
    assert error.rule == R.R_VOTERS


def test_a_recused_member_may_not_vote_on_that_matter(world, committee):
    matter = communicated(world, title="评选王磊为市级优秀教师", category="honours", amount="")
    meeting = meeting_with(world, committee, FIVE, [matter])
    roll = [{"position": committee[n].pk, "vote": "for"} for n in FIVE]
    error = refused(lambda: record_votes(meeting, [{
        "matter": matter.pk, "verdict": "passed", "roll": roll,
        "recused": [{"position": committee["胡敏"].pk, "reason": "本人为候选人亲属"}]}], acting_user=world.secretary_a))
    assert error.rule == R.R_RECUSAL and "胡敏已回避" in error.message


def test_vote_totals_above_the_members_present_are_refused(world, committee):
    matter = communicated(world)
    meeting = meeting_with(world, committee, FIVE, [matter])
    error = refused(lambda: record_votes(meeting, [{"matter": matter.pk, "verdict": "passed", "for": 5, "against": 1}],
                                         acting_user=world.secretary_a))
    assert error.rule == R.R_VOTE_TOTAL and "超过有表决权的到会人数 5" in error.message


def test_a_named_roll_gives_the_counts_and_the_verdict(world, committee):
    matter = communicated(world)
    meeting = meeting_with(world, committee, FIVE, [matter])
    roll = [{"position": committee[n].pk, "vote": v} for n, v in zip(FIVE, ["for", "for", "for", "for", "against"],
                                                                      strict=True)]
    [item] = record_votes(meeting, [{"matter": matter.pk, "verdict": "passed", "roll": roll,
                                     "resolution": "同意实施操场改造，预算38万元"}], acting_user=world.secretary_a)
    assert (item.votes_for, item.votes_against, item.eligible, item.quorate) == (4, 1, 5, True)
    assert AuditEntry.objects.filter(action="decisions.vote", object_id=str(matter.pk)).exists()


def test_one_refused_item_refuses_the_whole_request(world, committee):
    first = communicated(world)
    second = communicated(world, title="购置录播教室设备", category="large_expense", amount="86000")
    meeting = meeting_with(world, committee, FIVE, [first, second])
    refused(lambda: record_votes(meeting, [{"matter": first.pk, "verdict": "passed", "for": 5},
                                           {"matter": second.pk, "verdict": "passed", "for": 9}],
                                 acting_user=world.secretary_a))
    assert not AgendaItem.objects.filter(meeting=meeting).exclude(verdict="").exists()
    first.refresh_from_db()
    assert first.state == State.ON_AGENDA


def test_a_verdict_is_recorded_once(world, committee):
    matter = communicated(world)
    meeting = meeting_with(world, committee, FIVE, [matter])
    record_votes(meeting, [{"matter": matter.pk, "verdict": "passed", "for": 5}], acting_user=world.secretary_a)
    error = refused(lambda: record_votes(meeting, [{"matter": matter.pk, "verdict": "passed", "for": 5}],
                                         acting_user=world.secretary_a))
    assert error.rule == R.R_VERDICT and "已经登记" in error.message
