"""The 述职报告 drafter registered with the 述职评议 (ReportsConfig.ready()): a secretary's entry in a
county's round is drafted with the drafts' 述职报告 headings, from the facts of the entry's school for
the first half year (党建月) or the whole year (year end), and stays a draft to edit."""

from __future__ import annotations

import datetime

import pytest

from dangjian.appraisal import duty_drafts
from dangjian.appraisal.models import DutyEntry
from dangjian.appraisal.services import duty_review as duty
from dangjian.reports import draft_writers
from dangjian.reports.draft_duty_hook import draft_duty_report
from dangjian.reports.models import DraftKind
from dangjian.reports.tests.draft_helpers import FROZEN_AT, TODAY, with_school_year

EXTEND_SHARED_WORLD = with_school_year


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(FROZEN_AT, tick=False)


def _entry(world, kind):
    round_ = duty.open_round(world.county_a, kind=kind, year=2026, deadline=datetime.date(2026, 12, 20),
                             acting_user=world.county_admin, today=TODAY)
    return DutyEntry.objects.get(round=round_, org=world.branch_a)


def test_the_reports_drafter_is_the_one_registered():
    assert duty_drafts.duty_report_drafter() is draft_duty_report


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "period"), [("party_month", "2026年上半年"), ("year_end", "2026年度")])
def test_a_round_entry_is_drafted_from_the_schools_facts(world, frozen, kind, period):
    entry = duty.draft_from_system(_entry(world, kind), acting_user=world.secretary_a, today=TODAY)
    headings = [s["heading"] for s in entry.sections if s["heading"]]
    assert headings == draft_writers.headings_of(DraftKind.DUTY_REPORT)
    text = "\n".join(s["text"] for s in entry.sections)
    assert f"现将{period}履行抓党建工作职责的情况报告如下" in text
    assert "共有党员10名" in text and "【由书记撰写：" in text
    assert entry.submitted_on is None
