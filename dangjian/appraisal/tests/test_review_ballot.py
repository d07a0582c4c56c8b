"""The anonymous 测评 on the members' phones: one ballot per member of the roster, used once; the
choices add to the counts and leave nothing that links them to the voter; nobody grades
themselves; the ballot closes with the poll, and those who voted are those present."""

import pytest

from dangjian.appraisal.models import BallotToken, PollCount
from dangjian.appraisal.rules import review as R
from dangjian.appraisal.services import review as S
from dangjian.appraisal.services import review_poll as P
from dangjian.core.models import AuditEntry

from .review_helpers import branch_a_round, member, on, refused, to_poll


@pytest.fixture
def online(world, time_machine):
    on(time_machine, "2026-12-02")
    return to_poll(world, branch_a_round(world), mode=R.PollMode.ONLINE)


def test_a_members_ballot_adds_one_vote_to_each_member_it_grades(world, online):
    yang, zhang, chen = member(world, "杨帆"), member(world, "张伟"), member(world, "陈静")
    graded = P.cast_ballot(online, voter=yang, choices={str(zhang.pk): "excellent", str(chen.pk): "qualified",
                                                        str(member(world, "孙丽").pk): ""}, acting_user=world.member_a)
    assert graded == 2
    assert PollCount.objects.get(round=online, member=zhang).excellent == 1
    assert PollCount.objects.get(round=online, member=chen).qualified == 1
    assert BallotToken.objects.get(round=online, member=yang).used_at is not None


def test_the_ballot_leaves_no_trace_of_the_choices_linked_to_the_voter(world, online):
    zhang = member(world, "张伟")
    P.cast_ballot(online, voter=member(world, "杨帆"), choices={str(zhang.pk): "unqualified"},
                  acting_user=world.member_a)
    entry = AuditEntry.objects.get(action="appraisal.poll.ballot")
    assert entry.changes == {"graded": 1}
    assert entry.reason == "" and entry.object_id == str(online.pk)   # the round, not the member graded
    assert not [f.name for f in BallotToken._meta.get_fields() if f.name in {"grade", "choices", "subject"}]


def test_a_second_ballot_by_the_same_member_is_refused_and_not_counted(world, online):
    zhang = member(world, "张伟")
    P.cast_ballot(online, voter=member(world, "杨帆"), choices={str(zhang.pk): "qualified"}, acting_user=world.member_a)
    refusal = refused(lambda: P.cast_ballot(online, voter=member(world, "杨帆"), choices={str(zhang.pk): "qualified"},
                                            acting_user=world.member_a))
    assert refusal.rule is R.R_BALLOT and refusal.code == "already_voted"
    assert PollCount.objects.get(round=online, member=zhang).qualified == 1


def test_a_member_does_not_grade_themselves(world, online):
    yang = member(world, "杨帆")
    refusal = refused(lambda: P.cast_ballot(online, voter=yang, choices={str(yang.pk): "excellent"},
                                            acting_user=world.member_a))
    assert refusal.rule is R.R_BALLOT and "不评议本人" in refusal.message
    assert BallotToken.objects.get(round=online, member=yang).used_at is None


def test_only_the_member_themself_casts_their_ballot(world, online):
    refusal = refused(lambda: P.cast_ballot(online, voter=member(world, "杨帆"), choices={},
                                            acting_user=world.secretary_a))
    assert refusal.rule is R.R_BALLOT and refusal.code == "not_voter"


def test_a_member_of_another_branch_has_no_ballot_here(world, online):
    refusal = refused(lambda: P.cast_ballot(online, voter=world.m_secretary_b, choices={},
                                            acting_user=world.secretary_b))
    assert refusal.rule is R.R_BALLOT and refusal.code == "not_on_roster"


def test_counts_of_an_online_poll_cannot_be_typed_in(world, online):
    refusal = refused(lambda: P.record_counts(online, present=9, rows=[], acting_user=world.secretary_a))
    assert refusal.rule is R.R_BALLOT


def test_closing_the_poll_takes_those_who_voted_as_present_and_closes_the_ballots(world, online):
    zhang = member(world, "张伟")
    refusal = refused(lambda: S.transition(online, R.Step.DECISION, acting_user=world.secretary_a))
    assert refusal.rule is R.R_POLL_DONE
    P.cast_ballot(online, voter=member(world, "杨帆"), choices={str(zhang.pk): "qualified"}, acting_user=world.member_a)
    P.cast_ballot(online, voter=world.m_org_member_a, choices={str(zhang.pk): "excellent"},
                  acting_user=world.org_member_a)
    round_ = S.transition(online, R.Step.DECISION, acting_user=world.secretary_a)
    assert round_.present == 2
    late = refused(lambda: P.cast_ballot(round_, voter=world.m_secretary_a, choices={}, acting_user=world.secretary_a))
    assert late.rule is R.R_BALLOT and late.code == "not_open"
    count = PollCount.objects.get(round=round_, member=zhang)
    assert count.total <= round_.present
