"""rating_batch.launch_assessed — a year's launch and the schools' self-assessments at once, the
item rows written once with their final self scores — writes what the steps one by one write
(launch, add_archive_evidence, self_assess_many) and refuses what they refuse, saving nothing."""

import contextlib
import datetime
from collections import Counter

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from dangjian.appraisal.models import Evidence, ItemScore, RatingEvent, StarRating
from dangjian.appraisal.rules import rating as R
from dangjian.appraisal.services import rating as S
from dangjian.appraisal.services import rating_batch as B
from dangjian.core.models import AuditEntry
from dangjian.orglife.tests.images import png_bytes

from .rating_helpers import YEAR, city_standard, on, refused, shared_standard, uploads_in_tmp  # noqa: F401 - an autouse fixture

LAUNCHED, ASSESSED = datetime.date(2026, 1, 8), datetime.date(2026, 1, 20)


EXTEND_SHARED_WORLD, standard = shared_standard("2026-01-21")


def _plans(world, ratings, rows, *, uploads=True):
    """Branch A full marks and submitted, branch B scored but kept as a draft, the joint branch
    not assessed; the upload items scored backed by the archive."""
    plans = {}
    for rating in ratings:
        if rating.org_id not in (world.branch_a.pk, world.branch_b.pk):
            continue
        manual = [r for r in rows[rating.pk] if r.item.evidence != R.EvidenceKind.AUTOMATIC]
        entries = [{"item": r.item_id, "score": str(r.item.points), "note": "已落实，见台账"} for r in manual]
        files = [r.item_id for r in manual if r.item.evidence == R.EvidenceKind.UPLOAD] if uploads else []
        plans[rating.pk] = B.Assessment(entries, files, submit=rating.org_id == world.branch_a.pk)
    return plans


def _written(since: int) -> dict:
    """What the year holds, by organization rather than by id, and the audit entries after `since`."""
    org_of = dict(StarRating.objects.filter(year=YEAR).values_list("pk", "org_id"))
    files = Counter(Evidence.objects.values_list("score_id", flat=True))
    return {
        "ratings": {org_of[pk]: (state, score, submitted, computed is None) for pk, state, score, submitted, computed
                    in StarRating.objects.filter(year=YEAR).values_list("pk", "state", "self_score", "submitted_on",
                                                                         "computed_at")},
        "rows": {(org_of[r.rating_id], r.item_id): (r.self_score, r.self_note, r.auto_finding, r.auto_url, r.auto_state,
                                                   files.get(r.pk, 0)) for r in ItemScore.objects.all()},
        "events": sorted((org_of[e.rating_id], e.source, e.target, e.occurred_on, str(e.facts))
                         for e in RatingEvent.objects.all()),
        "audit": [(a.action, a.object_type, a.org_path, a.changes, a.reason) for a in AuditEntry.objects.filter(pk__gt=since).order_by("pk")],
    }


class _Undo(Exception):
    pass


def _newest() -> int:
    return AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def test_a_year_launched_and_assessed_at_once_is_written_as_the_steps_one_by_one_write_it(world, standard):
    archive = lambda: SimpleUploadedFile("台账扫描件.png", png_bytes())  # noqa: E731
    since = _newest()
    with contextlib.suppress(_Undo), transaction.atomic():
        assert S.launch(world.county_a, standard, YEAR, today=LAUNCHED) == 3
        ratings = list(StarRating.objects.filter(year=YEAR).select_related("org").order_by("pk"))
        plans = _plans(world, ratings, B._rows_by_rating([r.pk for r in ratings]))
        B.add_archive_evidence([(r, i) for r in ratings if r.pk in plans for i in plans[r.pk].uploads], archive())
        B.self_assess_many({pk: p.entries for pk, p in plans.items() if p.submit}, today=ASSESSED)
        B.self_assess_many({pk: p.entries for pk, p in plans.items() if not p.submit}, submit=False, today=ASSESSED)
        one_by_one = _written(since)
        raise _Undo
    assert not StarRating.objects.filter(year=YEAR).exists()

    since = _newest()
    ratings = B.launch_assessed(world.county_a, standard, YEAR, lambda ratings, rows: _plans(world, ratings, rows),
                                file=archive(), launched_on=LAUNCHED, assessed_on=ASSESSED)
    assert len(ratings) == 3
    at_once = _written(since)
    assert at_once == one_by_one
    state, self_score, submitted_on, _ = at_once["ratings"][world.branch_a.pk]
    assert (state, submitted_on) == (R.State.SUBMITTED, ASSESSED)
    assert self_score == sum(v[0] or 0 for (org, _), v in at_once["rows"].items() if org == world.branch_a.pk)
    assert at_once["ratings"][world.branch_b.pk][0] == R.State.DRAFT
    assert [a[0] for a in at_once["audit"]] == ["appraisal.rating_launch", "appraisal.rating_evidence",
                                                "appraisal.rating_evidence", "appraisal.rating_transition",
                                                "appraisal.rating_self_scores"]


def test_a_year_assessed_at_once_is_refused_whole_as_the_steps_refuse(world, standard):
    def with_changed_automatic_item(ratings, rows):
        plans = _plans(world, ratings, rows)
        rating = next(r for r in ratings if r.pk in plans)
        auto = next(r for r in rows[rating.pk] if r.item.evidence == R.EvidenceKind.AUTOMATIC and r.self_score is not None)
        plans[rating.pk].entries.append({"item": auto.item_id, "score": "0" if auto.self_score else str(auto.item.points)})
        return plans

    def call(assess):
        return lambda: B.launch_assessed(world.county_a, standard, YEAR, assess,
                                         file=SimpleUploadedFile("台账扫描件.png", png_bytes()),
                                         launched_on=LAUNCHED, assessed_on=ASSESSED)

    # the school may not change an automatic item
    assert refused(call(with_changed_automatic_item)).rule == R.R_AUTOMATIC
    # an upload item earning points needs its file before the submission
    error = refused(call(lambda ratings, rows: _plans(world, ratings, rows, uploads=False)))
    assert error.rule == R.R_EVIDENCE and "上传佐证材料" in error.message
    # an item of another standard is no item of the rating
    assert refused(call(lambda ratings, rows: {ratings[0].pk: B.Assessment([{"item": 0, "score": "1"}])})).rule == \
        R.R_SET
    # nothing of a refused year is saved
    assert not StarRating.objects.filter(year=YEAR).exists() and not ItemScore.objects.exists()
    assert not Evidence.objects.exists()
