"""Quorum and majority at their boundaries, on a committee of six (frozen on 2026-11-23)."""

import datetime

from dangjian.core.models import AuditEntry
from dangjian.decisions import rules as R
from dangjian.decisions.rules import State
from dangjian.decisions.services import record_votes, set_strict_quorum, strict_quorum_for

from .conftest import communicated, meeting_with, refused

SIX = ["张伟", "陈静", "马强", "胡敏", "郭涛", "何静"]
TODAY = datetime.date(2026, 11, 23)
NOTICE = "东教党〔2026〕15号《关于规范学校党组织会议的通知》"


def test_the_arithmetic_itself():
    assert R.quorate(3, 6, personnel=False)          # 半数以上 includes half (民法典 第一千二百五十九条)
    assert not R.quorate(2, 6, personnel=False)
    assert not R.quorate(3, 6, personnel=False, strict=True)   # a committee's stricter reading: more than half
    assert R.quorate(4, 6, personnel=False, strict=True)
    assert R.quorate(4, 6, personnel=True)           # exactly two thirds is enough for personnel
    assert not R.quorate(3, 6, personnel=True)
    assert not R.quorate(5, 8, personnel=True)       # 5 of 8 is less than two thirds
    assert not R.passes(3, 6) and R.passes(4, 6)


def test_with_fewer_than_half_of_the_committee_present_a_matter_cannot_be_decided(world, committee):
    matter = communicated(world)
    meeting = meeting_with(world, committee, SIX[:2], [matter])
    assert (meeting.body_size, meeting.present_count, meeting.quorate) == (6, 2, False)
    error = refused(lambda: record_votes(meeting, [{"matter": matter.pk, "verdict": "passed", "for": 2}],
                                         acting_user=world.secretary_a))
    assert error.rule == R.R_QUORUM and "应到 6 人、实到 2 人，到会委员不足半数" in error.message
    # the refusal names the part of the 2022 opinion that sets the quorum, (五), not (六) on the 校长办公会
    opinion = "中共中央办公厅《关于建立中小学校党组织领导的校长负责制的意见（试行）》（2022）"
    assert error.as_dict()["rule"] == f"{opinion}（五）" and "（六）" not in error.as_dict()["rule"]
    assert "“应当有半数以上党组织班子成员到会方能召开”" in error.rule.text
    matter.refresh_from_db()
    assert matter.state == State.ON_AGENDA


def test_exactly_half_decides_until_the_county_asks_for_more_than_half(world, committee):
    half = communicated(world)
    meeting = meeting_with(world, committee, SIX[:3], [half])
    assert meeting.quorate is True
    record_votes(meeting, [{"matter": half.pk, "verdict": "not_passed", "for": 2, "against": 1}],
                 acting_user=world.secretary_a)
    setting = set_strict_quorum(world.county_a, citation=NOTICE, effective_on=TODAY, acting_user=world.county_admin,
                                today=TODAY)
    assert AuditEntry.objects.filter(action="decisions.quorum_setting", object_id=str(setting.pk)).exists()
    assert strict_quorum_for(world.branch_a, TODAY) == (True, f"东城区教育党工委：{NOTICE}（2026-11-23起）")
    assert strict_quorum_for(world.branch_a, TODAY - datetime.timedelta(days=1))[0] is False
    later = communicated(world, title="修订学校章程")
    strict = meeting_with(world, committee, SIX[:3], [later], held="2026-11-23")
    assert strict.quorate is False
    error = refused(lambda: record_votes(strict, [{"matter": later.pk, "verdict": "passed", "for": 3}],
                                         acting_user=world.secretary_a))
    assert error.rule == R.R_QUORUM_STRICT and "到会委员未超过半数（上级党组织的规定）" in error.message
    assert error.rule.citation.startswith("中共中央办公厅《关于建立中小学校党组织领导的校长负责制的意见（试行）》（2022）（五）")
    # a second setting where the stricter reading is in force already, or one dated in the past, is refused
    again = refused(lambda: set_strict_quorum(world.branch_a, citation=NOTICE, effective_on=TODAY,
                                              acting_user=world.county_admin, today=TODAY))
    assert again.rule == R.R_QUORUM_STRICT and again.code == "duplicate"
    past = refused(lambda: set_strict_quorum(world.county_b, citation=NOTICE, effective_on=TODAY - datetime.timedelta(days=1),
                                             acting_user=world.city_admin, today=TODAY))
    assert past.field == "effective_on"


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
