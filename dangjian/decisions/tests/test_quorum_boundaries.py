"""Quorum and majority at their boundaries, on a committee of six (frozen on 2026-11-23)."""

from dangjian.decisions import rules as R
from dangjian.decisions.rules import State
from dangjian.decisions.services import record_votes

from .conftest import communicated, meeting_with, refused

SIX = ["张伟", "陈静", "马强", "胡敏", "郭涛", "何静"]


def test_the_arithmetic_itself():
    assert not R.quorate(3, 6, personnel=False)      # exactly half is not more than half
    assert R.quorate(4, 6, personnel=False)
    assert R.quorate(4, 6, personnel=True)           # exactly two thirds is enough for personnel
    assert not R.quorate(3, 6, personnel=True)
    assert not R.quorate(5, 8, personnel=True)       # 5 of 8 is less than two thirds
    assert not R.passes(3, 6) and R.passes(4, 6)


def test_with_exactly_half_of_the_committee_present_a_matter_cannot_be_decided(world, committee):
    matter = communicated(world)
    meeting = meeting_with(world, committee, SIX[:3], [matter])
    assert (meeting.body_size, meeting.present_count, meeting.quorate) == (6, 3, False)
    error = refused(lambda: record_votes(meeting, [{"matter": matter.pk, "verdict": "passed", "for": 3}],
                                         acting_user=world.secretary_a))
    assert error.rule == R.R_QUORUM and "应到 6 人、实到 3 人，到会委员未超过半数" in error.message
    # the refusal names the part of the 2022 opinion that sets the quorum, (五), not (六) on the 校长办公会
    opinion = "中共中央办公厅《关于建立中小学校党组织领导的校长负责制的意见（试行）》（2022）"
    assert error.as_dict()["rule"] == f"{opinion}（五）" and "（六）" not in error.as_dict()["rule"]
    assert "“应当有半数以上党组织班子成员到会方能召开”" in error.rule.text
    matter.refresh_from_db()
    assert matter.state == State.ON_AGENDA


def test_the_non_quorate_meeting_can_still_defer_the_matter(world, committee):
    matter = communicated(world)
    meeting = meeting_with(world, committee, SIX[:3], [matter])
    record_votes(meeting, [{"matter": matter.pk, "verdict": "deferred"}], acting_user=world.secretary_a)
    matter.refresh_from_db()
    assert matter.state == State.DEFERRED


def test_a_personnel_matter_with_exactly_two_thirds_present_is_decided(world, committee):
    matter = communicated(world, title="任命王磊为教务处主任", category="cadre", amount="")
    meeting = meeting_with(world, committee, SIX[:4], [matter])
    record_votes(meeting, [{"matter": matter.pk, "verdict": "passed", "for": 4}], acting_user=world.secretary_a)
    matter.refresh_from_db()
    assert (matter.state, matter.decided_on.isoformat()) == (State.PASSED, "2026-10-10")


def test_a_personnel_matter_with_less_than_two_thirds_present_is_refused(world, committee):
    matter = communicated(world, title="任命王磊为教务处主任", category="cadre", amount="")
    meeting = meeting_with(world, committee, SIX[:4], [matter])
    # one of the four recuses herself: 3 of the item's 5 is less than two thirds
    error = refused(lambda: record_votes(meeting, [{
        "matter": matter.pk, "verdict": "passed", "for": 3,
        "recused": [{"position": committee["胡敏"].pk, "reason": "王磊系其亲属"}]}], acting_user=world.secretary_a))
    assert error.rule == R.R_QUORUM_PERSONNEL and error.rule.citation.endswith("（五）")


def test_four_of_six_present_but_three_in_favour_is_not_a_pass(world, committee):
    matter = communicated(world)
    meeting = meeting_with(world, committee, SIX[:4], [matter])
    error = refused(lambda: record_votes(meeting, [{"matter": matter.pk, "verdict": "passed", "for": 3,
                                                    "against": 1}], acting_user=world.secretary_a))
    assert error.rule == R.R_VERDICT
    error = refused(lambda: record_votes(meeting, [{"matter": matter.pk, "verdict": "not_passed", "for": 4}],
                                         acting_user=world.secretary_a))
    assert error.rule == R.R_VERDICT
    record_votes(meeting, [{"matter": matter.pk, "verdict": "not_passed", "for": 3, "against": 1}],
                 acting_user=world.secretary_a)
    matter.refresh_from_db()
    assert matter.state == State.REJECTED
