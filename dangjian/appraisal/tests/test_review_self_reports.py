"""The members' own reports (seed 002: 季度自查, 半年初评, 年终总评), with the clock frozen: not for
a period not yet begun, each part at most 500 characters, the 年终总评 fixed once the round of
its year reaches the 民主测评, written by the member or (for paper) by the branch's committee;
and a higher committee's stricter rules, never dated in the past."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from dangjian.appraisal.models import ReviewOverride, SelfReport
from dangjian.appraisal.rules import review as R
from dangjian.appraisal.services import review_reports as O

from .review_helpers import branch_a_round, on, refused, to_poll


def write(world, period, *, user=None, member=None, year=2026, **parts):
    return O.save_self_report(member or world.m_member_a, year=year, period=period,
                              parts=parts or {"study": "学习党章和二十大报告"}, acting_user=user or world.member_a)


def test_the_third_quarter_check_opens_on_the_first_of_july(world, time_machine):
    on(time_machine, "2026-06-30")
    refusal = refused(lambda: write(world, R.ReportPeriod.Q3))
    assert refusal.rule is R.R_SELF_REPORT and refusal.code == "not_begun" and "2026年07月01日" in refusal.message
    on(time_machine, "2026-07-01")
    assert write(world, R.ReportPeriod.Q3).submitted_on.isoformat() == "2026-07-01"


def test_a_part_of_500_characters_is_kept_and_one_of_501_refused(world, time_machine):
    on(time_machine, "2026-12-01")
    write(world, R.ReportPeriod.ANNUAL, work="教" * 500)
    refusal = refused(lambda: write(world, R.ReportPeriod.ANNUAL, work="教" * 501))
    assert refusal.rule is R.R_SELF_REPORT and refusal.field == "work"
    assert len(SelfReport.objects.get(member=world.m_member_a, period="annual").work) == 500


def test_rewriting_a_report_replaces_it(world, time_machine):
    on(time_machine, "2026-12-01")
    write(world, R.ReportPeriod.H1, study="第一稿")
    write(world, R.ReportPeriod.H1, study="第二稿", plans="多听党课")
    report = SelfReport.objects.get(member=world.m_member_a, year=2026, period="h1")
    assert (report.study, report.plans) == ("第二稿", "多听党课")


def test_the_annual_report_is_fixed_once_the_round_reaches_the_poll(world, time_machine):
    on(time_machine, "2026-12-02")
    round_ = branch_a_round(world)
    write(world, R.ReportPeriod.ANNUAL)
    to_poll(world, round_)
    refusal = refused(lambda: write(world, R.ReportPeriod.ANNUAL, study="改写"))
    assert refusal.rule is R.R_SELF_REPORT_LOCKED and refusal.code == "locked"
    write(world, R.ReportPeriod.Q4)  # the quarterly check is not what the poll read


def test_the_secretary_enters_a_paper_report_but_another_branch_may_not(world, time_machine):
    on(time_machine, "2026-12-01")
    write(world, R.ReportPeriod.ANNUAL, user=world.secretary_a)
    assert SelfReport.objects.get(member=world.m_member_a, period="annual").entered_by == world.secretary_a
    with pytest.raises(PermissionDenied):
        write(world, R.ReportPeriod.ANNUAL, user=world.secretary_b)
    with pytest.raises(PermissionDenied):
        write(world, R.ReportPeriod.ANNUAL, user=world.member_a, member=world.m_secretary_a)


def test_an_empty_report_and_an_unknown_part_are_refused(world, time_machine):
    on(time_machine, "2026-12-01")
    assert refused(lambda: O.save_self_report(world.m_member_a, year=2026, period="annual", parts={"study": " "},
                                              acting_user=world.member_a)).rule is R.R_SELF_REPORT
    assert refused(lambda: O.save_self_report(world.m_member_a, year=2026, period="annual", parts={"grade": "优秀"},
                                              acting_user=world.member_a)).field == "grade"


def test_a_stricter_rule_takes_effect_today_at_the_earliest(world, time_machine):
    on(time_machine, "2026-11-20")
    O.set_override(world.county_a, excellent_percent=25, effective_from="2026-11-20", reason="东教组〔2026〕30号",
                   acting_user=world.county_admin)
    refusal = refused(lambda: O.set_override(world.county_a, excellent_percent=20, effective_from="2026-11-19",
                                             reason="东教组〔2026〕32号", acting_user=world.county_admin))
    assert refusal.rule is R.R_OVERRIDE and refusal.field == "effective_from"
    refusal = refused(lambda: O.set_override(world.branch_a, excellent_percent=30, effective_from="2026-11-21",
                                             reason="校党支部决定", acting_user=world.secretary_a))
    assert refusal.rule is R.R_EXCELLENT_CAP and "东城区教育党工委" in refusal.message
    O.set_override(world.branch_a, excellent_percent=20, effective_from="2026-11-21", reason="校党支部决定",
                   acting_user=world.secretary_a)
    assert ReviewOverride.objects.count() == 2


def test_a_secretary_may_not_set_rules_for_the_county(world, time_machine):
    on(time_machine, "2026-11-20")
    with pytest.raises(PermissionDenied):
        O.set_override(world.county_a, excellent_percent=20, effective_from="2026-11-20", reason="x",
                       acting_user=world.secretary_a)


def test_a_member_who_moved_in_after_the_roster_date_may_still_write_for_the_new_branch(world, time_machine):
    """The lock follows the round that reviews the member (the one holding their 测评 row), not the
    branch they belong to now: branch B's poll did not read 杨帆's report."""
    from dangjian.appraisal.services import review as S
    from dangjian.members.services import accept_transfer, start_transfer

    on(time_machine, "2026-12-03")
    round_b = S.create_round(world.branch_b, year=2026, as_of="2026-12-01", acting_user=world.secretary_b)
    to_poll(world, round_b, user=world.secretary_b)
    transfer = start_transfer(world.m_member_a, to_org=world.branch_b, letter_number="东一中党转〔2026〕9号",
                              requested_on=datetime.date(2026, 12, 3))
    accept_transfer(transfer, decided_on=datetime.date(2026, 12, 3))
    write(world, R.ReportPeriod.ANNUAL)
    assert SelfReport.objects.filter(member=world.m_member_a, period="annual").exists()
