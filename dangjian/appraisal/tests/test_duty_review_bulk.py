"""述职评议's batch services (duty_review_bulk): reports and assessments of many schools judged
as save_report and record_assessment judge them one at a time — the same refusals, nothing of a
refused batch saved — and written with one audit entry per round."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dangjian.appraisal.models import DutyEntry
from dangjian.appraisal.rules import duty_review as R
from dangjian.appraisal.selectors.duty_review import member_count, member_counts
from dangjian.appraisal.services import duty_review_bulk as BULK
from dangjian.appraisal.tests.test_duty_review import DEADLINE, OPENED, county_round, entry_of, refused
from dangjian.core.models import AuditEntry

SECTIONS = [("一、履行党建工作责任情况", "全年召开支委会 12 次。")]


def test_the_member_counts_of_many_organizations_are_member_count_of_each(world):
    orgs = [world.branch_a, world.branch_b, world.joint, world.committee_c]
    assert member_counts(orgs) == {o.pk: member_count(o) for o in orgs}
    assert member_counts([world.branch_b])[world.branch_b.pk] == 4


def test_reports_of_many_schools_are_judged_like_one_and_audited_once_per_round(world):
    round_ = county_round(world)
    a, b = entry_of(round_, world.branch_a), entry_of(round_, world.branch_b)
    # an empty report anywhere refuses the batch, naming its place; nothing is saved
    refusal = refused(lambda: BULK.submit_reports([(a, SECTIONS, OPENED), (b, [("一、", "  ")], OPENED)]))
    assert (refusal.code, refusal.index) == ("empty", 1)
    refusal = refused(lambda: BULK.submit_reports([(a, [("一、", "长" * (R.SECTION_MAX + 1))], OPENED)]))
    assert refusal.rule is R.R_REPORTER
    assert not DutyEntry.objects.filter(round=round_, submitted_on__isnull=False).exists()
    # the reporter is checked as save_report checks it: secretary B does not report for branch A
    with pytest.raises(Exception, match="书记本人|权限"):
        BULK.submit_reports([(a, SECTIONS, OPENED)], acting_user=world.secretary_b)
    before = AuditEntry.objects.count()
    late_day = DEADLINE.replace(day=DEADLINE.day + 2)
    done = BULK.submit_reports([(a, SECTIONS, OPENED), (b, SECTIONS, late_day)])
    assert [(e.submitted_on, e.late) for e in done] == [(OPENED, False), (late_day, True)]
    saved = DutyEntry.objects.get(pk=b.pk)
    assert saved.late and saved.sections == [{"heading": "一、履行党建工作责任情况", "text": "全年召开支委会 12 次。"}]
    entry = AuditEntry.objects.order_by("-id").first()
    assert AuditEntry.objects.count() == before + 1
    assert (entry.action, entry.changes) == ("appraisal.duty_report.submit_batch", {"submitted": 2, "late": 1})
    # a second submission is refused as save_report refuses it
    assert refused(lambda: BULK.submit_reports([(a, SECTIONS, OPENED)])).code == "submitted"


def test_assessments_of_many_schools_are_judged_like_one(world):
    round_ = county_round(world, kind=R.Kind.YEAR_END)
    a, b = entry_of(round_, world.branch_a), entry_of(round_, world.branch_b)
    scores = {"meeting_score": "90", "supervision_score": "80"}
    # the report first
    refusal = refused(lambda: BULK.record_assessments([(a, {"present": 3, "counts": {"good": 3}, **scores})]))
    assert refusal.rule is R.R_REPORT_FIRST
    BULK.submit_reports([(a, SECTIONS, OPENED), (b, SECTIONS, OPENED)])
    # those present at most the members (branch B: 4), the committee's right
    refusal = refused(lambda: BULK.record_assessments([(a, {"present": 1, "counts": {"good": 1}, **scores}),
                                                       (b, {"present": 5, "counts": {"good": 4}, **scores})]))
    assert (refusal.code, refusal.index) == ("present_above_members", 1)
    assert refused(lambda: BULK.record_assessments([(b, {"present": 4, "counts": {"good": 4}, **scores})],
                                                   acting_user=world.secretary_b)).rule is R.R_OPENER
    assert DutyEntry.objects.get(pk=a.pk).present is None  # nothing of a refused batch saved
    before = AuditEntry.objects.count()
    BULK.record_assessments([(a, {"present": 1, "counts": {"good": 1}, **scores}),
                             (b, {"present": 4, "counts": {"good": 3, "fairly_good": 1}, **scores})],
                            acting_user=world.county_admin)
    saved = DutyEntry.objects.get(pk=b.pk)
    # as record_assessment computes it: the poll score, then 90 × 30% + 80 × 30% + poll × 40%
    assert (saved.present, saved.good, saved.fairly_good) == (4, 3, 1)
    assert saved.composite == R.composite(Decimal("90"), Decimal("80"), saved.poll_score, R.DEFAULT)
    assert saved.grade == R.grade_of(saved.composite, R.DEFAULT)
    assert AuditEntry.objects.count() == before + 1
    assert AuditEntry.objects.order_by("-id").first().changes["assessed"] == 2
