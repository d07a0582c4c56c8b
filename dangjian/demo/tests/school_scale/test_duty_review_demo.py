"""The 述职评议 and 党建报告 demo at school scale (dangjian/demo/duty_reviews.py, report_drafts.py):
last year's 年底 round submitted and assessed within the rules, two 点评意见 on school A's report with
one on its 整改台账, this year's 党建月 round under way with secretary A's report still her draft, and
secretary A's 自查报告 in two versions — all written through the services."""

import datetime

import pytest

from dangjian.appraisal.duty_drafts import duty_report_drafter
from dangjian.appraisal.models import DutyComment, DutyEntry, DutyRound
from dangjian.appraisal.rules import duty_review as R
from dangjian.appraisal.selectors.duty_review import due_reports, member_count, weights_of_round
from dangjian.core.models import AuditEntry
from dangjian.demo.duty_reviews import LEFT_FOR_PEOPLE, county_committees
from dangjian.demo.report_drafts import EDIT_NOTE, OPENING_MARK, OPENING_TEXT
from dangjian.orgs.models import Position
from dangjian.orgs.selectors import school_roots
from dangjian.reports.models import DraftKind, ReportDraft, VersionOrigin
from dangjian.supervision.models import ItemEvent, RectificationItem
from dangjian.supervision.rules import rectification as SR

pytestmark = pytest.mark.django_db


def _school_of(username: str):
    return Position.objects.get(user__username=username, post="secretary").org


def test_every_county_has_last_years_year_end_round_and_this_years_party_month_round():
    today = datetime.date.today()
    committees = county_committees()
    assert committees
    for committee in committees:
        rounds = {(r.year, r.kind): r for r in DutyRound.objects.filter(org=committee)}
        assert set(rounds) == {(today.year - 1, R.Kind.YEAR_END), (today.year, R.Kind.PARTY_MONTH)}
        schools = {org_id for org_id, _ in school_roots(committee).values()}
        for round_ in rounds.values():
            assert set(round_.entries.values_list("org_id", flat=True)) == schools
    # opened by the county's admin through the service, like any round
    county = Position.objects.get(user__username="county_admin").org
    opened = AuditEntry.objects.filter(action="appraisal.duty_round.create", org_path=county.path)
    assert opened.count() == 2 and set(opened.values_list("actor__username", flat=True)) == {"county_admin"}


def test_last_years_reports_all_submitted_and_assessed_within_the_rules():
    entries = list(DutyEntry.objects.filter(round__kind=R.Kind.YEAR_END).select_related("org", "round__org"))
    assert entries
    # a post vacant the day the round opened had nobody to report: left unsubmitted, unassessed
    for entry in [e for e in entries if not e.secretary_name]:
        assert entry.submitted_on is None and entry.composite is None
    entries = [e for e in entries if e.secretary_name]
    assert entries
    for entry in entries:
        assert entry.has_report and entry.submitted_on is not None
        assert entry.late == (entry.submitted_on > entry.round.deadline)
        assert entry.submitted_on <= entry.round.meeting_on  # 先述职，后测评
        counts = entry.counts()
        # the service's own rule: votes within those present, those present within the members
        R.check_counts(counts, entry.present, members=member_count(entry.org))
        assert entry.poll_score == R.poll_score(counts)
        weights = weights_of_round(entry.round)
        assert entry.meeting_score is not None and entry.supervision_score is not None
        assert entry.composite == R.composite(entry.meeting_score, entry.supervision_score, entry.poll_score, weights)
        assert entry.grade == R.grade_of(entry.composite, weights) != ""
    # one audit entry per entry assessed one at a time, one per round for those assessed in a batch
    assessed = AuditEntry.objects.filter(action__in=("appraisal.duty_assessment", "appraisal.duty_assessment_batch"))
    assert sum(e.changes.get("assessed", 1) if e.action.endswith("_batch") else 1 for e in assessed) == len(entries)
    assert set(assessed.values_list("actor__username", flat=True)) == {"county_admin"}


def test_a_personas_report_is_drafted_from_the_data_and_her_paragraphs_written_before_submitting():
    entry = DutyEntry.objects.get(round__kind=R.Kind.YEAR_END, org=_school_of("secretary_a"))
    text = "\n".join(s["text"] for s in entry.sections)
    assert not LEFT_FOR_PEOPLE.search(text)  # what the drafter left for her, she wrote
    if duty_report_drafter() is not None:
        assert AuditEntry.objects.filter(action="appraisal.duty_report.draft", actor__username="secretary_a",
                                         object_id=str(entry.pk)).exists()
        assert "组织生活" in text and "党费" in text  # figures from the system's data
    submitted = AuditEntry.objects.get(action="appraisal.duty_report.submit", object_id=str(entry.pk))
    assert submitted.actor.username == "secretary_a"


def test_two_comments_on_school_as_report_one_on_its_rectification_ledger():
    entry = DutyEntry.objects.get(round__kind=R.Kind.YEAR_END, org=_school_of("secretary_a"))
    comments = list(DutyComment.objects.filter(entry__round__kind=R.Kind.YEAR_END))
    assert len(comments) == 2 and {c.entry_id for c in comments} == {entry.pk}
    rectified = [c for c in comments if c.rectification_item_id]
    assert len(rectified) == 1
    item = RectificationItem.objects.select_related("batch").get(pk=rectified[0].rectification_item_id)
    assert item.problem == rectified[0].text and item.origin == f"appraisal.duty_comment:{rectified[0].pk}"
    assert item.batch.source == SR.Source.DUTY_REPORT and item.batch.org_id == entry.org_id
    assert item.batch.issuer_id == entry.round.org_id and item.owner_name == entry.secretary_name
    assert entry.round.meeting_on < item.batch.issued_on <= item.deadline
    if item.state == SR.ItemState.CLOSED:
        approval = ItemEvent.objects.get(item=item, kind=SR.EventKind.APPROVED)
        assert approval.actor.username == "county_admin" and item.closed_on <= datetime.date.today()


def test_this_years_round_under_way_secretary_as_report_still_her_draft():
    today = datetime.date.today()
    round_ = DutyRound.objects.get(kind=R.Kind.PARTY_MONTH, org=Position.objects.get(
        user__username="county_admin").org)
    assert round_.year == today.year and round_.deadline >= today
    mine = round_.entries.get(org=_school_of("secretary_a"))
    assert mine.submitted_on is None and mine.has_report and mine.drafted_at is not None
    assert mine in due_reports(mine.secretary, today)  # her to-do
    b = round_.entries.get(org=_school_of("secretary_b"))
    assert b.submitted_on is not None and b.submitted_on <= round_.deadline and not b.late
    for entry in round_.entries.all():
        assert entry.present is None and entry.composite is None  # the meeting is still ahead
        if entry.submitted_on is None and entry.pk != mine.pk:
            assert not entry.has_report  # not started


def test_secretary_as_self_check_report_generated_then_edited_by_her():
    today = datetime.date.today()
    draft = ReportDraft.objects.get(org=_school_of("secretary_a"), kind=DraftKind.SELF_CHECK, period=str(today.year))
    first, second = draft.versions.order_by("number")
    assert (first.number, first.origin, second.number, second.origin) == (1, VersionOrigin.GENERATED, 2,
                                                                          VersionOrigin.EDITED)
    assert first.author.username == second.author.username == "secretary_a" and second.note == EDIT_NOTE
    changed = [(a["key"], a["text"], b["text"]) for a, b in zip(first.sections, second.sections, strict=True)
               if a != b]
    assert [key for key, *_ in changed] == ["opening"]
    _key, before, after = changed[0]
    assert OPENING_MARK in before and OPENING_MARK not in after and OPENING_TEXT in after
    assert second.facts == first.facts and first.facts  # her edit leaves the figures as generated
    assert AuditEntry.objects.filter(action="reports.draft.save", actor__username="secretary_a").count() == 1
