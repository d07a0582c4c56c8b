"""The same steps as services.rating for many ratings at once: a county that passes its whole
queue, the demo data of a city (about 2,000 organizations a year). Every rating is judged by the
same rules as one at a time (`rating._check_entry`, `rating._submit_problem`, `rating._adjust_rows`
are shared), then written in bulk with one audit step of the chain (`audit.record_many`) — so a
rule is never written twice and a batch is still all or nothing. `launch_assessed` takes a year
from its launch through the schools' self-assessments in one call, so that each item row is
written once with the score it ends with rather than inserted and then updated."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from dangjian.appraisal.models import Evidence, ItemScore, RatingEvent, StandardItem, StarRating
from dangjian.appraisal.rules import rating as R
from dangjian.appraisal.services import rating as one
from dangjian.appraisal.services.rating import Row
from dangjian.appraisal.services.rating_common import (
    bulk_set,
    require_higher,
    require_owner,
    require_self,
    write_events,
)
from dangjian.core import audit
from dangjian.core.bulk import insert_rows, update_rows
from dangjian.core.errors import RuleViolation

State = R.State
ZERO = Decimal("0")


def _locked(ratings: list[StarRating]) -> list[StarRating]:
    return list(StarRating.objects.select_for_update(of=("self",)).select_related("org", "standard")
                .filter(pk__in=[r.pk for r in ratings]).order_by("pk"))


def _rows_by_rating(ids: list[int], *, files: bool = False) -> dict[int, list[ItemScore]]:
    """The ratings' rows with their items; with `files`, each row's number of evidence files
    (`n_files`, counted in a query of its own: a join of every row with its files cost more
    than the rows themselves)."""
    counts: dict[int, int] = {}
    if files:
        counts = dict(Evidence.objects.filter(score__rating_id__in=ids).values("score_id").annotate(n=Count("id"))
                      .order_by().values_list("score_id", "n"))
    rows: dict[int, list[ItemScore]] = defaultdict(list)
    scores = list(ItemScore.objects.filter(rating_id__in=ids))
    # a standard has some fifty items: read them once, not joined to each of thousands of rows
    items = {i.pk: i for i in StandardItem.objects.filter(pk__in={r.item_id for r in scores}).select_related("area")}
    for row in scores:
        row.item = items[row.item_id]
        row.n_files = counts.get(row.pk, 0)  # type: ignore[attr-defined]  # an annotation carried for the batch
        rows[row.rating_id].append(row)
    return rows


@transaction.atomic
def add_archive_evidence(pairs: list[tuple[StarRating, int]], file, *, acting_user=None) -> int:
    """One file (a scanned 台账 archive) as the evidence of many items: checked and stored once,
    linked to every (rating, item) given; the ratings must still be in 自评."""
    ratings = {r.pk: r for r in _locked([r for r, _ in pairs])}
    for rating in ratings.values():
        require_self(acting_user, rating.org)
        one.expect(rating, State.DRAFT)
    wanted = {(r.pk, item_id) for r, item_id in pairs}
    rows = [row for row in ItemScore.objects.filter(rating_id__in=ratings, item_id__in={i for _, i in wanted})
            .only("id", "rating_id", "item_id") if (row.rating_id, row.item_id) in wanted]
    if len(rows) != len(wanted):
        raise RuleViolation("有评分项目不属于所选的评星定级", rule=R.R_SET, field="item")
    _link_archive(file, [(row.pk, ratings[row.rating_id]) for row in rows], acting_user)
    return len(rows)


def _link_archive(file, links: list[tuple[int, StarRating]], acting_user) -> None:
    """Check and store `file` once, link it to every (item row id, its rating) and audit one
    entry per rating, in one step of the chain; the stored file removed if anything fails."""
    from dangjian.core.uploads import check_upload, store_upload

    checked = check_upload(file, kinds=one.EVIDENCE_KINDS, max_bytes=one.EVIDENCE_MAX_BYTES)
    path = store_upload(checked)
    try:
        # plain rows: a city's year links one archive to some 40,000 items
        name, now, user_id = (checked.name or "佐证材料")[:200], timezone.now(), getattr(acting_user, "pk", None)
        insert_rows(Evidence, ["score_id", "name", "file_kind", "size", "sha256", "path", "uploaded_by_id", "uploaded_at"],
                    ((score_id, name, checked.kind, checked.size, checked.sha256, str(path), user_id, now)
                     for score_id, _ in links))
        per_rating: dict[int, int] = defaultdict(int)
        ratings: dict[int, StarRating] = {}
        for _, rating in links:
            per_rating[rating.pk] += 1
            ratings[rating.pk] = rating
        audit.record_many("appraisal.rating_evidence", [(ratings[pk], {"items": n, "name": checked.name})
                                                        for pk, n in per_rating.items()], actor=acting_user)
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def _judge_entries(rating: StarRating, rows: list, entries: list[dict], *, submit: bool, day: datetime.date,
                   acting_user, changed: list) -> None:
    """A school's entries applied to its rows as `save_self_scores` judges them and, with
    `submit`, the rows judged ready as `submit` judges them (`n_files` on each row); the rows
    entered added to `changed`, the rating's self score (and submission day) set, unsaved."""
    require_self(acting_user, rating.org)
    one.expect(rating, State.DRAFT)
    by_item = {row.item_id: row for row in rows}
    for entry in entries:
        row = by_item.get(int(entry["item"]))
        if row is None:
            raise RuleViolation(f"没有编号为 {entry['item']} 的评分项目", rule=R.R_SET, field="item")
        one._check_entry(row, entry)
        changed.append(row)
    if submit:
        for row in rows:
            one._submit_problem(row)
        rating.submitted_on, rating.state = day, State.SUBMITTED
    rating.self_score = sum((row.self_score or ZERO for row in rows), ZERO)


def _record_assessed(ratings: list[StarRating], *, submit: bool, day: datetime.date, acting_user) -> None:
    """The timeline events of the ratings submitted and one audit entry each."""
    source = State.DRAFT
    if submit:
        write_events([RatingEvent(rating=r, source=source, target=State.SUBMITTED, occurred_on=day,
                                  actor=acting_user, facts={"self_score": str(r.self_score)}) for r in ratings])
    audit.record_many("appraisal.rating_transition" if submit else "appraisal.rating_self_scores",
                      [(r, {"state": [source, r.state], "self_score": str(r.self_score)}) for r in ratings],
                      actor=acting_user)


@transaction.atomic
def self_assess_many(scores: dict[int, list[dict]], *, submit: bool = True, acting_user=None,
                     today: datetime.date | None = None) -> int:
    """The schools' scores ({rating id: [{"item", "score", "note"}]}) and, with `submit`, their
    submission — each judged like `save_self_scores` and `submit`; one refusal refuses the batch."""
    day = one._today(today)
    ratings = _locked([StarRating(pk=pk) for pk in scores])
    rows = _rows_by_rating([r.pk for r in ratings], files=submit)
    changed: list[ItemScore] = []
    for rating in ratings:
        _judge_entries(rating, rows[rating.pk], scores[rating.pk], submit=submit, day=day, acting_user=acting_user,
                       changed=changed)
    bulk_set(ItemScore, changed, ["self_score", "self_note"])
    update_rows(ratings, ["self_score", "submitted_on", "state"])
    _record_assessed(ratings, submit=submit, day=day, acting_user=acting_user)
    return len(ratings)


@dataclass
class Assessment:
    """A school's self-assessment for launch_assessed: its entries ({"item", "score", "note"}),
    the items its archive scan supports, and whether it is submitted (else kept as 草稿)."""

    entries: list[dict]
    uploads: list[int] = field(default_factory=list)
    submit: bool = True


@transaction.atomic
def launch_assessed(root, standard, year: int, assess, *, file=None, launched_on: datetime.date,
                    assessed_on: datetime.date, acting_user=None) -> list[StarRating]:
    """A year's launch and the schools' self-assessments at once (a county taking over a year kept
    on paper; the demo's years): launched as `launch` launches (the same organizations, the same
    automatic items), then `assess(ratings, rows)` gives the Assessment of each rating it names
    from its computed rows ({rating id: [row]}, in the items' order; not to be changed), judged
    as add_archive_evidence, save_self_scores and submit judge them — one refusal refuses all.
    The item rows are written once with the scores they end with, where the steps one by one
    write them and then update them (a city's year: some 100,000 rows); the same events and
    audit entries as those steps. `acting_user` holds both rights (None: the system)."""
    ratings = one._open_ratings(root, standard, year, acting_user=acting_user)
    rows = one._prefill_rows(ratings, launched_on)
    by_rating: dict[int, list] = defaultdict(list)
    for row in rows:
        by_rating[row.rating_id].append(row)
    for rating in ratings:
        rating.self_score = sum((row.self_score or ZERO for row in by_rating[rating.pk]), ZERO)
    one._launched(root, standard, year, ratings, launched_on, acting_user)
    plans: dict[int, Assessment] = assess(ratings, by_rating)
    if not set(plans) <= {r.pk for r in ratings}:
        raise RuleViolation("自评的评星定级不在本次启动之列", rule=R.R_SET, field="rating")
    assessed = [r for r in ratings if r.pk in plans]
    uploads: list[tuple[Row, StarRating]] = []
    for rating in assessed:
        require_self(acting_user, rating.org)
        by_item = {row.item_id: row for row in by_rating[rating.pk]}
        for item_id in plans[rating.pk].uploads:
            if item_id not in by_item:
                raise RuleViolation("有评分项目不属于所选的评星定级", rule=R.R_SET, field="item")
            by_item[item_id].n_files += 1
            uploads.append((by_item[item_id], rating))
    for rating in assessed:
        _judge_entries(rating, by_rating[rating.pk], plans[rating.pk].entries, submit=plans[rating.pk].submit,
                       day=assessed_on, acting_user=acting_user, changed=[])
    if uploads and file is None:
        raise RuleViolation("请上传佐证材料", rule=R.R_EVIDENCE, field="file")
    one._write_rows(rows)
    update_rows(ratings, ["self_score", "computed_at", "submitted_on", "state"])
    if uploads:
        ids = {(rating_id, item_id): pk for pk, rating_id, item_id in ItemScore.objects.filter(
            rating_id__in={r.pk for _, r in uploads}, item_id__in={row.item_id for row, _ in uploads})
            .values_list("pk", "rating_id", "item_id")}
        _link_archive(file, [(ids[row.rating_id, row.item_id], rating) for row, rating in uploads], acting_user)
    _record_assessed([r for r in assessed if r.state == State.SUBMITTED], submit=True, day=assessed_on,
                     acting_user=acting_user)
    _record_assessed([r for r in assessed if r.state != State.SUBMITTED], submit=False, day=assessed_on,
                     acting_user=acting_user)
    return ratings


def _scored(changes: dict[int, list[dict]]) -> tuple[dict[int, list[ItemScore]], dict[int, Decimal]]:
    """The rows of the ratings with changes to judge, and the final total of the others (the same
    sum of each item's final score, read as plain values: most of a batch changes nothing)."""
    rows = _rows_by_rating([pk for pk, entries in changes.items() if entries])
    return rows, one._totals([pk for pk, entries in changes.items() if not entries], "final")


def _rescore(rating: StarRating, scored: tuple, changes: list[dict], stage: str, levels: dict,
             changed: list[ItemScore]) -> list[dict]:
    """A higher committee's changed scores at `stage` ("review", "check") applied to the rating's
    rows as `_adjust_rows` judges them (the rows changed added to `changed`), the score every item
    ended with summed and the star it earns set; the changes applied, for the timeline.
    `scored`: what _scored read."""
    rows, totals = scored
    applied: list[dict] = []
    if changes:
        by_item = {row.item_id: row for row in rows[rating.pk]}
        touched, applied = one._adjust_rows(by_item, changes, score_field=f"{stage}_score",
                                            reason_field=f"{stage}_reason")
        changed += touched
        rating.reviewed_score = sum((row.final or ZERO for row in rows[rating.pk]), ZERO)
    else:
        rating.reviewed_score = totals.get(rating.pk, ZERO)
    if rating.standard_id not in levels:
        levels[rating.standard_id] = one._levels(rating.standard)
    rating.stars = R.stars_for(rating.reviewed_score, levels[rating.standard_id])
    return applied


@transaction.atomic
def pass_many(changes: dict[int, list[dict]], *, acting_user=None, today: datetime.date | None = None) -> int:
    """The county passes many submitted ratings ({rating id: changed scores with reasons}), each
    judged like `review(decision="pass")`: a changed score without its reason refuses the batch."""
    day = one._today(today)
    ratings = _locked([StarRating(pk=pk) for pk in changes])
    scored = _scored(changes)
    levels: dict[int, list] = {}
    changed: list[ItemScore] = []
    events, entries = [], []
    for rating in ratings:
        require_higher(acting_user, rating.org, "审核")
        one.expect(rating, State.SUBMITTED)
        applied = _rescore(rating, scored, changes[rating.pk], "review", levels, changed)
        rating.reviewed_on, rating.state = day, State.REVIEWED
        facts = {"reviewed_score": str(rating.reviewed_score), "stars": rating.stars, "changes": applied}
        events.append(RatingEvent(rating=rating, source=State.SUBMITTED, target=State.REVIEWED, occurred_on=day,
                                  actor=acting_user, facts=facts))
        entries.append((rating, {"state": [State.SUBMITTED, State.REVIEWED], **facts}))
    bulk_set(ItemScore, changed, ["review_score", "review_reason"])
    update_rows(ratings, ["reviewed_score", "stars", "reviewed_on", "state"])
    write_events(events)
    audit.record_many("appraisal.rating_transition", entries, actor=acting_user)
    return len(ratings)


@transaction.atomic
def check_many(checks: dict[int, list[dict]], *, reason: str = "", acting_user=None,
               today: datetime.date | None = None) -> int:
    """The issuing committee's check of many drawn ratings ({rating id: changed scores}, one
    `reason` for the batch), each judged like `check` on a drawn one (抽查): the committee above it
    and owning its standard, the rating drawn and not yet checked, a changed score with its reason."""
    day = one._today(today)
    ratings = _locked([StarRating(pk=pk) for pk in checks])
    scored = _scored(checks)
    levels: dict[int, list] = {}
    owners_checked: set[int] = set()
    changed: list[ItemScore] = []
    events, entries = [], []
    for rating in ratings:
        require_higher(acting_user, rating.org, "抽查")
        if rating.standard.owner_id not in owners_checked:
            require_owner(acting_user, rating.standard.owner, "抽查")
            owners_checked.add(rating.standard.owner_id)
        one.expect(rating, State.SAMPLED)
        applied = _rescore(rating, scored, checks[rating.pk], "check", levels, changed)
        rating.state = State.CHECKED
        facts = {"checked_score": str(rating.reviewed_score), "stars": rating.stars, "changes": applied}
        events.append(RatingEvent(rating=rating, source=State.SAMPLED, target=State.CHECKED, occurred_on=day,
                                  actor=acting_user, facts=facts))
        entries.append((rating, {"state": [State.SAMPLED, State.CHECKED], **facts}))
    bulk_set(ItemScore, changed, ["check_score", "check_reason"])
    bulk_set(StarRating, ratings, ["reviewed_score", "stars", "state"])
    write_events(events)
    audit.record_many("appraisal.rating_transition", entries, actor=acting_user, reason=(reason or "").strip()[:500])
    return len(ratings)
