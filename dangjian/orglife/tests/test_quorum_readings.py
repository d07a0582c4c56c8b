"""The two readings of a 党员大会's quorum (issue 18): 《支部工作条例》第十一条 says 半数以上, which
includes half as the law reads 以上; 《发展党员工作细则》第二十条 says 超过半数 for the meetings on
admission and conversion; a higher committee may ask 超过半数 of every 党员大会 in its subtree from a
date, never less. Frozen on 2026-11-23; 东城区实验小学党支部 has four full members with a vote."""

import datetime

import pytest

from dangjian.core.errors import RuleViolation
from dangjian.core.models import AuditEntry
from dangjian.members.models import Member
from dangjian.orglife import rules as R
from dangjian.orglife.services import quorum_for, rule_for, set_quorum_setting

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)
NOTICE = "东教党〔2026〕12号《关于严格党员大会法定人数的通知》"


def test_the_article_is_quoted_as_written_and_the_rule_says_which_reading_it_applies():
    rule = R.NATIONAL[R.Kind.GENERAL_MEETING]
    assert rule.rule.citation == "《中国共产党支部工作条例（试行）》第十一条"
    assert "“表决必须有半数以上有表决权的党员到会方可进行，赞成人数超过应到会有表决权的党员的半数为通过”" in rule.rule.text
    assert "《中华人民共和国民法典》第一千二百五十九条" in rule.rule.text and "《中国共产党发展党员工作细则》第二十条" in rule.rule.text
    assert rule.quorum == R.Quorum.VOTING_HALF
    # the admission and conversion meetings keep 细则's stricter words (recruitment's test_rules_vote)


def test_half_is_a_quorum_under_the_article_and_not_under_the_stricter_reading():
    assert R.is_quorate(R.Quorum.VOTING_HALF, expected=4, present=2) is True
    assert R.is_quorate(R.Quorum.VOTING_HALF, expected=5, present=2) is False
    assert R.is_quorate(R.Quorum.VOTING_MAJORITY, expected=4, present=2) is False
    assert R.is_quorate(R.Quorum.VOTING_MAJORITY, expected=4, present=3) is True


def _absent_two(world):
    return {Member.objects.get(org=world.branch_b, name=name): "sick_leave" for name in ("罗军", "梁燕")}


def test_two_of_four_voting_members_make_a_general_meeting_until_the_county_asks_for_more(world, hold):
    before = hold(world.branch_b, R.Kind.GENERAL_MEETING, TODAY, absent=_absent_two(world))
    assert (before.voting_expected, before.voting_present, before.quorate) == (4, 2, True)

    setting = set_quorum_setting(world.county_a, effective_from=TODAY, reason=NOTICE, acting_user=world.county_admin)
    assert AuditEntry.objects.filter(action="orglife.quorum_setting", object_id=str(setting.pk)).exists()
    in_force = rule_for(world.branch_b, R.Kind.GENERAL_MEETING, TODAY)
    assert (in_force.quorum, in_force.quorum_source) == (R.Quorum.VOTING_MAJORITY, "东城区教育党工委")

    after = hold(world.branch_b, R.Kind.GENERAL_MEETING, TODAY, absent=_absent_two(world))
    assert (after.voting_expected, after.voting_present, after.quorate) == (4, 2, False)
    three = hold(world.branch_b, R.Kind.GENERAL_MEETING, TODAY,
                 absent={Member.objects.get(org=world.branch_b, name="罗军"): "sick_leave"})
    assert three.quorate is True
    # the day before it took effect, and the other county, keep the article's reading
    assert quorum_for(world.branch_b, R.Kind.GENERAL_MEETING, TODAY - datetime.timedelta(days=1)) == R.Quorum.VOTING_HALF
    assert quorum_for(world.branch_c1, R.Kind.GENERAL_MEETING, TODAY) == R.Quorum.VOTING_HALF
    # the committee meeting's own 半数以上 (第十二条) is not touched by the setting
    assert quorum_for(world.branch_b, R.Kind.COMMITTEE_MEETING, TODAY) == R.Quorum.HALF_COMMITTEE


def test_a_lower_organization_cannot_take_back_what_a_higher_committee_asked():
    rows = [R.QuorumRow("0001", "示范市教育工委", R.Kind.GENERAL_MEETING, R.Quorum.VOTING_MAJORITY, TODAY),
            R.QuorumRow("00010001", "东城区教育党工委", R.Kind.GENERAL_MEETING, R.Quorum.VOTING_HALF, TODAY)]
    assert R.quorum_in_force(R.Kind.GENERAL_MEETING, "000100010002", TODAY, rows) == (
        R.Quorum.VOTING_MAJORITY, "示范市教育工委")


@pytest.mark.parametrize(("change", "field"), [
    ({"quorum": R.Quorum.VOTING_HALF}, "quorum"),                       # not stricter than the article
    ({"kind": R.Kind.COMMITTEE_MEETING}, "kind"),                       # only the 党员大会's quorum is set
    ({"effective_from": TODAY - datetime.timedelta(days=1)}, "effective_from"),   # meetings held stay judged
    ({"reason": "  "}, "reason"),                                       # the document it rests on
])
def test_a_setting_that_is_not_stricter_or_not_grounded_is_refused(world, frozen, change, field):
    facts = {"effective_from": TODAY, "reason": NOTICE, **change}
    with pytest.raises(RuleViolation) as refused:
        set_quorum_setting(world.county_a, acting_user=world.county_admin, **facts)
    assert refused.value.field == field and refused.value.rule == R.R_QUORUM_SETTING


def test_the_rules_page_shows_the_reading_and_a_committee_sets_the_stricter_one(client_as, world):
    county = client_as("county_admin")
    url = f"/orglife/rules/?org={world.county_a.pk}"
    page = county.get(url).content.decode()
    assert "半数以上有表决权的党员到会（含半数）" in page and "第一千二百五十九条" in page
    # nothing stricter set yet: the page offers the form and does not claim a stricter quorum
    assert 'value="quorum"' in page and 'id="quorum-now"' not in page
    answer = county.post("/orglife/rules/", {"org": world.county_a.pk, "action": "quorum",
                                              "effective_from": "2026-11-23", "reason": NOTICE})
    assert answer.status_code == 302
    branch = client_as("secretary_b").get(f"/orglife/rules/?org={world.branch_b.pk}").content.decode()
    assert NOTICE in branch and "东城区教育党工委的规定" in branch
    # already in force from above: no second form, the page says whose rule applies
    assert 'value="quorum"' not in branch and "现按“有表决权的到会人数超过应到会有表决权党员的半数”" in branch
    # the same form with a past date answers 422 with the rule, nothing stored
    again = county.post("/orglife/rules/", {"org": world.county_a.pk, "action": "quorum",
                                             "effective_from": "2026-11-01", "reason": NOTICE})
    assert again.status_code == 422 and "生效日期不能早于今天" in again.content.decode()
