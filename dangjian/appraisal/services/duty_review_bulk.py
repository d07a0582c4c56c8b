"""述职评议 for many schools at once: a county's round taken over from paper, the demo's city
(some 1,800 secretaries a round). Each report and each assessment is judged exactly as
save_report and record_assessment judge it — by the same apply_report / apply_assessment, with the
same right checked — but what those read per entry (the entry, its members, the round's weights)
is read once for the batch, the entries are saved together, and the batch writes one audit entry
per round (its counts) where the services write one per entry. Each call is all or nothing: the
first refusal, raised with `index` naming its place, leaves nothing of the batch saved.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from dangjian.appraisal.models import DutyEntry
from dangjian.appraisal.rules import duty_review as R
from dangjian.appraisal.selectors.duty_review import member_counts, weights_of_round
from dangjian.appraisal.services.duty_review import apply_report, require_committee, require_reporter
from dangjian.appraisal.services.duty_review_assessment import apply_assessment
from dangjian.core import audit
from dangjian.core.bulk import update_rows
from dangjian.core.errors import RuleViolation

CHUNK = 900  # ids per IN list: under SQLite's bound-parameter limit on any build
REPORT_FIELDS = ["sections", "submitted_on", "late", "drafted_at", "updated_at"]
ASSESSMENT_FIELDS = ["present", "good", "fairly_good", "average", "poor", "poll_score", "meeting_score",
                     "supervision_score", "composite", "grade", "updated_at"]


def _locked(entries: list[DutyEntry]) -> dict[int, DutyEntry]:
    ids = [e.pk for e in entries]
    found: dict[int, DutyEntry] = {}
    for start in range(0, len(ids), CHUNK):
        found.update((e.pk, e) for e in DutyEntry.objects.select_for_update(of=("self",)).select_related(
            "org", "round__org").filter(pk__in=ids[start:start + CHUNK]))
    return found


def _judge(items: list, judge) -> list[DutyEntry]:
    """`judge(locked entry, item)` for every item, in order; the first refusal carries its index."""
    locked = _locked([entry for entry, *_ in items])
    done = []
    for index, (entry, *rest) in enumerate(items):
        try:
            current = locked.get(entry.pk)
            if current is None:
                raise RuleViolation("述职记录不存在或已删除", rule=R.R_REPORTER, field="entry")
            judge(current, *rest)
        except RuleViolation as refusal:
            refusal.index = index
            raise
        done.append(current)
    return done


def _by_round(entries: list[DutyEntry]) -> list[list[DutyEntry]]:
    """The batch's entries by round: one audit entry each."""
    by_round: dict[int, list[DutyEntry]] = defaultdict(list)
    for entry in entries:
        by_round[entry.round_id].append(entry)
    return list(by_round.values())


@transaction.atomic
def submit_reports(reports: list[tuple[DutyEntry, list[dict], datetime.date]], *, acting_user=None) -> list[DutyEntry]:
    """Many secretaries' reports ((entry, sections, day submitted) each), judged like
    save_report(sections=…, submit=True) on that day: the reporter, a report not yet submitted, not
    empty, each section within its length, 逾期 after the round's deadline."""
    now = timezone.now()

    def judge(entry: DutyEntry, sections: list[dict], day: datetime.date) -> None:
        require_reporter(acting_user, entry, day)
        apply_report(entry, sections=sections, submit=True, today=day)
        entry.drafted_at = entry.updated_at = now

    entries = _judge(reports, judge)
    update_rows(entries, REPORT_FIELDS)
    for group in _by_round(entries):
        audit.record("appraisal.duty_report.submit_batch", target=group[0].round, actor=acting_user,
                     changes={"submitted": len(group), "late": sum(e.late for e in group)})
    return entries


@transaction.atomic
def record_assessments(assessments: list[tuple[DutyEntry, dict]], *, acting_user=None) -> list[DutyEntry]:
    """Many entries' 测评 counts and process scores ((entry, {"present", "counts", "meeting_score",
    "supervision_score"}) each), judged like record_assessment: the committee's right, the report
    submitted first, those present at most the organization's members (年底 rounds), the votes at
    most those present; the composite and grade by the round's weights."""
    locked = _locked([entry for entry, _ in assessments])
    members = member_counts([e.org for e in locked.values() if e.round.kind == R.Kind.YEAR_END])
    weights: dict[int, R.Weights] = {}
    checked_rounds: set[int] = set()
    now = timezone.now()

    def judge(entry: DutyEntry, values: dict) -> None:
        if entry.round_id not in checked_rounds:
            require_committee(acting_user, entry.round.org, "登记述职评议结果")
            checked_rounds.add(entry.round_id)
            weights[entry.round_id] = weights_of_round(entry.round)
        apply_assessment(entry, present=values.get("present"), counts=values.get("counts"),
                         meeting_score=values.get("meeting_score"), supervision_score=values.get("supervision_score"),
                         members=members.get(entry.org_id) if entry.round.kind == R.Kind.YEAR_END else None,
                         weights=weights[entry.round_id])
        entry.updated_at = now

    entries = _judge(assessments, judge)
    update_rows(entries, ASSESSMENT_FIELDS)
    for group in _by_round(entries):
        audit.record("appraisal.duty_assessment_batch", target=group[0].round, actor=acting_user,
                     changes={"assessed": len(group),
                              "grades": {R.Grade(g).label: n for g, n in sorted(_grades(group).items())}})
    return entries


def _grades(group: list[DutyEntry]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for entry in group:
        if entry.grade:
            counts[entry.grade] += 1
    return counts
