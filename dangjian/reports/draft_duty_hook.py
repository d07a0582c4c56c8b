"""The 述职报告 drafter registered with the appraisal app's 述职评议 (dangjian.appraisal.duty_drafts):
a round's entry gets the same sections as the 书记抓党建工作述职报告 of the drafts pages, written from
the facts of the entry's school organization — the first half of the year for a 党建月 round (the
city bureau's 《党建工作意见》: to the higher committee in the 党建月), the whole year for a year-end
one (to all members at the 党员大会) — as the entry's secretary may read them."""

from __future__ import annotations

from django.utils import timezone

from dangjian.appraisal.rules import duty_review as duty_rules
from dangjian.core.errors import RuleViolation
from dangjian.reports import draft_writers
from dangjian.reports.facts import ReportPeriod, school_facts
from dangjian.reports.models import DraftKind


def period_of_round(round_) -> ReportPeriod:
    return ReportPeriod(round_.year, 1) if round_.kind == duty_rules.Kind.PARTY_MONTH else ReportPeriod(round_.year)


def draft_duty_report(entry) -> list[tuple[str, str]]:
    """(heading, text) of each part of the entry's 述职报告, the opening's heading empty."""
    if entry.secretary_id is None:
        # The figures are what the secretary's own pages show; without the account there is no such view.
        raise RuleViolation("该述职对象未关联书记的系统账号，无法按其可查看的数据生成初稿，请直接填写", field="sections",
                            code="no_secretary_account")
    facts = school_facts(entry.org, period_of_round(entry.round), entry.secretary, today=timezone.localdate())
    return [(s.heading, s.text) for s in draft_writers.generate(DraftKind.DUTY_REPORT, facts)]
