"""The cycle of 评星定级, one service per step (ARCHITECTURE.md pattern 1):

    open / launch  a rating per organization and year, automatic items pre-filled (automatic.compute)
    self-score     the school scores the other items (草稿), attaches evidence, and submits
    review         the higher committee (strictly above) passes or returns it; a changed score needs its reason
    draw           the issuing committee draws a share of the passed ratings for its own check, recorded
    check          the drawn ones (or any waiting for 公示) are checked, a changed score with its reason
    publicity      a batch goes on notice for N working days (the five-star cap is checked here)
    grant          after the last working day the stars are granted

Every service runs in one transaction, checks the right and the rule, writes the timeline and
the audit entry; a refusal is a RuleViolation naming its rule and nothing of the request is saved.
摘星 and the 软弱涣散 list are in services.rating_revocation.
"""

from __future__ import annotations

import datetime
import random
import secrets
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from dangjian.appraisal import automatic
from dangjian.appraisal.models import (
    Evidence,
    ItemScore,
    Publicity,
    RatingEvent,
    SamplingDraw,
    StandardItem,
    StandardSet,
    StarRating,
)
from dangjian.appraisal.rules import rating as R
from dangjian.appraisal.services.rating_common import (
    bulk_set,
    expect,
    lock,
    move,
    parse_score,
    require_higher,
    require_owner,
    require_self,
    write_events,
)
from dangjian.appraisal.services.rating_standards import standards_for
from dangjian.core import audit
from dangjian.core.bulk import insert_rows, update_rows
from dangjian.core.errors import RuleViolation
from dangjian.core.workdays import add_working_days
from dangjian.orgs.models import BRANCH_KINDS, SCHOOL_ORG_KINDS, PartyOrg

State = R.State
ZERO = Decimal("0")
EVIDENCE_KINDS = {"pdf", "png", "jpeg", "docx", "xlsx"}
EVIDENCE_MAX_BYTES = 20 * 1024 * 1024
FILES_PER_ITEM = 10


def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


# --- opening a rating, the automatic items ----------------------------------------------------

def _choose_standard(org: PartyOrg, year: int, standard: StandardSet | None) -> StandardSet:
    options = standards_for(org, year)
    if standard is not None:
        if standard.pk not in {s.pk for s in options}:
            raise RuleViolation(f"“{standard}”不适用于{org.name}", rule=R.R_SET, field="standard")
        return standard
    if not options:
        raise RuleViolation(f"上级党组织尚未制定{year}年度的评星定级标准", rule=R.R_SET, field="year")
    if len(options) > 1:
        raise RuleViolation(f"{year}年度有 {len(options)} 套标准，请选择适用的一套", rule=R.R_SET, field="standard")
    return options[0]


# The columns of a new item row: the automatic result, then the self note and the reasons.
SCORE_COLUMNS = ["rating_id", "item_id", "self_score", "auto_finding", "auto_url", "auto_state", "self_note",
                 "review_reason", "check_reason"]


@dataclass(slots=True)
class Row:
    """An item row before it is written: the automatic result computed at the launch; the batch
    path (rating_batch.launch_assessed) applies the school's entries to it before the one write.
    Plain objects rather than instances: a city's launch builds some 100,000 rows, and the ORM's
    bulk_create spent more preparing them than the write."""

    rating_id: int
    item_id: int
    item: StandardItem
    self_score: Decimal | None
    auto_finding: str = ""
    auto_url: str = ""
    auto_state: str = ""
    self_note: str = ""
    n_files: int = 0

    def values(self) -> tuple:
        """In the order of SCORE_COLUMNS (no review or check yet)."""
        return (self.rating_id, self.item_id, self.self_score, self.auto_finding, self.auto_url, self.auto_state,
                self.self_note, "", "")


def _prefill_rows(ratings: list[StarRating], today: datetime.date) -> list[Row]:
    """Every rating's item rows (in the items' order), the automatic ones scored from the live
    data: one computation for all the ratings (automatic.compute is bulk). Sets computed_at."""
    if not ratings:
        return []
    by_standard: dict[int, list[StandardItem]] = {}
    for rating in ratings:
        if rating.standard_id not in by_standard:
            by_standard[rating.standard_id] = list(StandardItem.objects.filter(standard_id=rating.standard_id)
                                                   .select_related("area"))
    codes = sorted({i.check_code for items in by_standard.values() for i in items if i.check_code})
    year = ratings[0].year
    outcomes = automatic.compute([r.org for r in ratings], year, today=today, codes=codes)
    rows = []
    now = timezone.now()
    for rating in ratings:
        found = outcomes.get(rating.org_id, {})
        for item in by_standard[rating.standard_id]:
            outcome = found.get(item.check_code) if item.check_code else None
            if outcome is not None:
                rows.append(Row(rating.pk, item.pk, item, outcome.points(item.points), outcome.finding[:500],
                                outcome.evidence_url, outcome.state))
            elif item.evidence == R.EvidenceKind.AUTOMATIC:
                rows.append(Row(rating.pk, item.pk, item, None, "本系统尚无该项的计算（待相关模块建成），请上级审核时评定",
                                "", "na"))
            else:
                rows.append(Row(rating.pk, item.pk, item, None))
        rating.computed_at = now
    return rows


def _write_rows(rows: list[Row]) -> None:
    insert_rows(ItemScore, SCORE_COLUMNS, (row.values() for row in rows))


def _prefill(ratings: list[StarRating], today: datetime.date) -> list[Row]:
    """Write every rating's item rows as _prefill_rows computes them (the rows returned)."""
    rows = _prefill_rows(ratings, today)
    if rows:
        _write_rows(rows)
        StarRating.objects.filter(pk__in=[r.pk for r in ratings]).update(computed_at=ratings[0].computed_at)
    return rows


@transaction.atomic
def open_rating(org: PartyOrg, year: int, *, standard: StandardSet | None = None, acting_user=None,
                today: datetime.date | None = None) -> StarRating:
    """A school starts its self-assessment of a year (once a year, R_ONE_PER_YEAR)."""
    today = _today(today)
    require_self(acting_user, org)
    if org.kind not in SCHOOL_ORG_KINDS or not org.is_active:
        raise RuleViolation("评星定级的对象是学校党组织（党委、党总支、党支部）", rule=R.R_SET, field="org")
    if StarRating.objects.filter(org=org, year=year).exists():
        raise RuleViolation(f"{org.name}{year}年度已开始评星定级", rule=R.R_ONE_PER_YEAR, field="year", code="duplicate")
    rating = StarRating.objects.create(org=org, year=year, standard=_choose_standard(org, year, standard))
    _prefill([rating], today)
    _total(rating)
    RatingEvent.objects.create(rating=rating, target=State.DRAFT, occurred_on=today, actor=acting_user,
                               facts={"note": "开始自评，自动计算项目已按日常记录预填"})
    audit.record("appraisal.rating_open", target=rating, actor=acting_user, changes={"year": year,
                                                                                      "standard": rating.standard_id})
    return rating


def _open_ratings(root: PartyOrg, standard: StandardSet, year: int, *, acting_user) -> list[StarRating]:
    """The launch's judging and its new ratings (in the order of their ids, `org` set): one per
    school organization of the subtree that has none for the year yet."""
    require_owner(acting_user, root, "启动评星定级")
    if standard.year != year or not root.path.startswith(standard.owner.path):
        raise RuleViolation(f"“{standard}”不适用于{root.name}{year}年度", rule=R.R_SET, field="standard")
    taken = set(StarRating.objects.filter(org__path__startswith=root.path, year=year).values_list("org_id", flat=True))
    orgs = [o for o in PartyOrg.objects.filter(path__startswith=root.path, kind__in=SCHOOL_ORG_KINDS, is_active=True)
            if o.pk not in taken]
    # plain rows, their ids read back by organization (one rating a year each): a city's 2,000
    # ratings of nineteen fields cost bulk_create more than the write
    now = timezone.now()
    insert_rows(StarRating, ["org_id", "standard_id", "year", "state", "title_awarded", "drawn", "created_at",
                             "updated_at"],
                ((o.pk, standard.pk, year, State.DRAFT, False, False, now, now) for o in orgs))
    ids = dict(StarRating.objects.filter(year=year, org_id__in=[o.pk for o in orgs]).values_list("org_id", "pk"))
    ratings = []
    for org in orgs:
        rating = StarRating(pk=ids[org.pk], org=org, year=year, standard=standard, created_at=now, updated_at=now)
        rating._state.adding, rating._state.db = False, StarRating.objects.db   # as read from the table
        ratings.append(rating)
    return sorted(ratings, key=lambda r: r.pk)


def _launched(root: PartyOrg, standard: StandardSet, year: int, ratings: list[StarRating], day: datetime.date,
              acting_user) -> None:
    """The launch's timeline events and its audit entry."""
    write_events([RatingEvent(rating=r, target=State.DRAFT, occurred_on=day, actor=acting_user,
                              facts={"note": "上级党组织启动评星定级，自动计算项目已按日常记录预填"}) for r in ratings])
    audit.record("appraisal.rating_launch", target=root, actor=acting_user,
                 changes={"year": year, "standard": standard.pk, "opened": len(ratings)})


@transaction.atomic
def launch(root: PartyOrg, standard: StandardSet, year: int, *, acting_user=None,
           today: datetime.date | None = None) -> int:
    """The committee opens the year's rating for every school organization of its subtree that
    has none yet (a batch: the automatic items of all of them in one computation)."""
    today = _today(today)
    ratings = _open_ratings(root, standard, year, acting_user=acting_user)
    rows = _prefill(ratings, today)
    totals: dict[int, Decimal] = {}
    for row in rows:
        totals[row.rating_id] = totals.get(row.rating_id, ZERO) + (row.self_score or ZERO)
    for rating in ratings:
        rating.self_score = totals.get(rating.pk, ZERO)
    update_rows(ratings, ["self_score"])
    _launched(root, standard, year, ratings, today, acting_user)
    return len(ratings)


@transaction.atomic
def refresh_automatic(rating: StarRating, *, acting_user=None, today: datetime.date | None = None) -> StarRating:
    """Compute the automatic items again from today's data (while the school still edits)."""
    rating = lock(rating)
    require_self(acting_user, rating.org)
    expect(rating, State.DRAFT)
    items = {i.pk: i for i in StandardItem.objects.filter(standard=rating.standard).exclude(check_code="")}
    found = automatic.compute([rating.org], rating.year, today=_today(today),
                              codes=sorted({i.check_code for i in items.values()}))[rating.org_id]
    rows = list(rating.scores.filter(item_id__in=items))
    for row in rows:
        outcome = found.get(items[row.item_id].check_code)
        if outcome is not None:
            row.self_score = outcome.points(items[row.item_id].points)
            row.auto_finding, row.auto_url, row.auto_state = outcome.finding[:500], outcome.evidence_url, outcome.state
    ItemScore.objects.bulk_update(rows, ["self_score", "auto_finding", "auto_url", "auto_state"])
    rating.computed_at = timezone.now()
    _total(rating)
    audit.record("appraisal.rating_refresh", target=rating, actor=acting_user, changes={"items": len(rows)})
    return rating


# --- the totals -------------------------------------------------------------------------------

def _totals(ids: list[int], field: str = "self") -> dict[int, Decimal]:
    """Per rating, the sum of its item scores at a stage: "self", or "final" (抽查, else 审核,
    else 自评 — the score each item ended with)."""
    totals: dict[int, Decimal] = {}
    rows = ItemScore.objects.filter(rating_id__in=ids).values_list("rating_id", "self_score", "review_score",
                                                                   "check_score")
    for rating_id, own, reviewed, checked in rows:
        if field == "self":
            value = own
        else:
            value = checked if checked is not None else reviewed if reviewed is not None else own
        totals[rating_id] = totals.get(rating_id, ZERO) + (value or ZERO)
    return totals


def _total(rating: StarRating) -> None:
    rating.self_score = _totals([rating.pk]).get(rating.pk, ZERO)
    rating.save()


# --- the school's self-assessment -----------------------------------------------------------

def _entries(rating: StarRating, entries: list[dict]) -> list[tuple[ItemScore, dict]]:
    """The rows an entry list names ({"item": id, …}), every one checked to belong to the rating."""
    rows = {row.item_id: row for row in rating.scores.select_related("item", "item__area")}
    found = []
    for entry in entries:
        try:
            row = rows[int(entry.get("item") or 0)]
        except (KeyError, TypeError, ValueError):
            raise RuleViolation(f"没有编号为 {entry.get('item')} 的评分项目", rule=R.R_SET, field="item") from None
        found.append((row, entry))
    return found


def _check_entry(row: ItemScore, entry: dict) -> None:
    """Apply one school entry to its row, or refuse it: the automatic items keep their computed
    score (a note may explain it), the others take a score within the item's points."""
    field = f"item_{row.item_id}"
    raw = entry.get("score")
    if row.item.evidence == R.EvidenceKind.AUTOMATIC:
        if raw not in (None, "") and row.self_score is not None and parse_score(raw, row.item.points,
                                                                               field=field) != row.self_score:
            raise RuleViolation(f"第 {row.item.number} 项由系统自动计算（{row.self_score} 分），学校不能修改",
                                rule=R.R_AUTOMATIC, field=field)
    elif raw not in (None, ""):
        row.self_score = parse_score(raw, row.item.points, field=field)
    row.self_note = str(entry.get("note") or "").strip()[:500]


@transaction.atomic
def save_self_scores(rating: StarRating, entries: list[dict], *, acting_user=None) -> StarRating:
    """The school's scores of its items ({"item", "score", "note"} each): all or nothing."""
    rating = lock(rating)
    require_self(acting_user, rating.org)
    expect(rating, State.DRAFT)
    changed = []
    for row, entry in _entries(rating, entries):
        _check_entry(row, entry)
        changed.append(row)
    ItemScore.objects.bulk_update(changed, ["self_score", "self_note"])
    _total(rating)
    audit.record("appraisal.rating_self_scores", target=rating, actor=acting_user,
                 changes={"items": len(changed), "self_score": str(rating.self_score)})
    return rating


@transaction.atomic
def add_evidence(rating: StarRating, item_id: int, file, *, acting_user=None) -> Evidence:
    """A supporting file for an item of the self-assessment (PDF, image, .docx or .xlsx)."""
    from dangjian.core.uploads import check_upload, store_upload

    rating = lock(rating)
    require_self(acting_user, rating.org)
    expect(rating, State.DRAFT)
    row = _entries(rating, [{"item": item_id}])[0][0]
    if row.files.count() >= FILES_PER_ITEM:
        raise RuleViolation(f"每项最多 {FILES_PER_ITEM} 个佐证材料", rule=R.R_EVIDENCE, field="file")
    checked = check_upload(file, kinds=EVIDENCE_KINDS, max_bytes=EVIDENCE_MAX_BYTES)
    path = store_upload(checked)
    try:
        evidence = Evidence.objects.create(score=row, name=(checked.name or f"佐证材料{checked.extension}")[:200],
                                           file_kind=checked.kind, size=checked.size, sha256=checked.sha256,
                                           path=str(path), uploaded_by=acting_user)
        audit.record("appraisal.rating_evidence", target=rating, actor=acting_user,
                     changes={"item": row.item.number, "name": evidence.name, "size": checked.size})
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return evidence


def _submit_problem(row) -> None:
    """Refuse the submission over this row (`row.n_files`: its evidence files) if it is not ready."""
    field = f"item_{row.item_id}"
    if row.self_score is None and row.item.evidence != R.EvidenceKind.AUTOMATIC:
        raise RuleViolation(f"第 {row.item.number} 项尚未自评打分", rule=R.R_SELF, field=field)
    if row.item.evidence == R.EvidenceKind.UPLOAD and row.self_score and not row.n_files:
        raise RuleViolation(f"第 {row.item.number} 项须上传佐证材料", rule=R.R_EVIDENCE, field=field)
    if row.item.evidence == R.EvidenceKind.ATTESTATION and row.self_score and not row.self_note:
        raise RuleViolation(f"第 {row.item.number} 项须填写书面说明", rule=R.R_EVIDENCE, field=field)


@transaction.atomic
def submit(rating: StarRating, *, acting_user=None, today: datetime.date | None = None) -> StarRating:
    """上报: every item scored; an upload item that earns points has its file, an attestation item its words."""
    rating = lock(rating)
    require_self(acting_user, rating.org)
    expect(rating, State.DRAFT)
    for row in rating.scores.select_related("item", "item__area").annotate(n_files=Count("files")):
        _submit_problem(row)
    _total(rating)
    rating.submitted_on = _today(today)
    move(rating, State.SUBMITTED, rating.submitted_on, acting_user=acting_user,
         facts={"self_score": str(rating.self_score)})
    return rating


# --- the higher committee: review, sampling, check ----------------------------------------------

def _adjust_rows(rows: dict[int, ItemScore], changes: list[dict], *, score_field: str,
                 reason_field: str) -> tuple[list[ItemScore], list[dict]]:
    """Apply changed scores to a rating's rows ({item id: row}): each differs from the score it
    replaces and carries its reason (R_REASON), or the whole request is refused."""
    applied, touched = [], []
    for entry in changes:
        try:
            row = rows[int(entry.get("item") or 0)]
        except (KeyError, TypeError, ValueError):
            raise RuleViolation(f"没有编号为 {entry.get('item')} 的评分项目", rule=R.R_SET, field="item") from None
        field = f"item_{row.item_id}"
        value = parse_score(entry.get("score"), row.item.points, field=field)
        current = row.final
        if value == current:
            continue
        reason = str(entry.get("reason") or "").strip()[:500]
        if not reason:
            raise RuleViolation(f"第 {row.item.number} 项由 {current} 分调整为 {value} 分，须写明调整理由", rule=R.R_REASON,
                                field=field)
        setattr(row, score_field, value)
        setattr(row, reason_field, reason)
        touched.append(row)
        applied.append({"item": row.item.number, "from": str(current), "to": str(value), "reason": reason})
    return touched, applied


def _adjust(rating: StarRating, changes: list[dict], *, score_field: str, reason_field: str) -> list[dict]:
    rows = {row.item_id: row for row in rating.scores.select_related("item", "item__area")}
    touched, applied = _adjust_rows(rows, changes, score_field=score_field, reason_field=reason_field)
    ItemScore.objects.bulk_update(touched, [score_field, reason_field])
    return applied


def _levels(standard: StandardSet) -> list[tuple[int, Decimal]]:
    return list(standard.levels.values_list("stars", "min_score"))


@transaction.atomic
def review(rating: StarRating, *, decision: str, changes: list[dict] | None = None, reason: str = "",
           acting_user=None, today: datetime.date | None = None) -> StarRating:
    """The county's review of a submitted rating: "pass" (with any changed scores, each with its
    reason) or "return" to the school with the reason."""
    rating = lock(rating)
    require_higher(acting_user, rating.org, "审核")
    expect(rating, State.SUBMITTED)
    day = _today(today)
    reason = (reason or "").strip()[:500]
    if decision == "return":
        if not reason:
            raise RuleViolation("退回修改须写明理由", rule=R.R_REASON, field="reason")
        move(rating, State.DRAFT, day, acting_user=acting_user, facts={"returned": reason}, reason=reason)
        return rating
    if decision != "pass":
        raise RuleViolation("审核结果为“通过”或“退回修改”", rule=R.R_ORDER, field="decision")
    applied = _adjust(rating, changes or [], score_field="review_score", reason_field="review_reason")
    rating.reviewed_score = _totals([rating.pk], "final")[rating.pk]
    rating.stars = R.stars_for(rating.reviewed_score, _levels(rating.standard))
    rating.reviewed_on = day
    move(rating, State.REVIEWED, day, acting_user=acting_user, reason=reason,
         facts={"reviewed_score": str(rating.reviewed_score), "stars": rating.stars, "changes": applied})
    return rating


@transaction.atomic
def draw(owner: PartyOrg, standard: StandardSet, year: int, *, percent=None, seed: str = "", acting_user=None,
         today: datetime.date | None = None) -> SamplingDraw:
    """The issuing committee draws its share of the ratings reviewed and not yet drawn; the
    others go straight on to wait for the 公示. The seed is kept: the draw can be repeated."""
    require_owner(acting_user, owner, "抽查")
    if standard.owner_id != owner.pk or standard.year != year:
        raise RuleViolation("抽查由制定该标准的上级党组织按年度进行", rule=R.R_SAMPLING, field="standard")
    day = _today(today)
    share = Decimal(str(percent)) if percent not in (None, "") else standard.sample_percent
    if not 0 < share <= 100:
        raise RuleViolation("抽查比例须在 0 至 100% 之间", rule=R.R_SAMPLING, field="percent")
    pool = list(StarRating.objects.select_for_update().filter(
        standard=standard, year=year, state=State.REVIEWED, sampling__isnull=True).order_by("pk"))
    if not pool:
        raise RuleViolation("没有待抽查的党组织（县级审核通过、尚未抽取的）", rule=R.R_SAMPLING, field="standard")
    seed = seed or secrets.token_hex(8)
    size = R.sample_size(share, len(pool))
    chosen = {r.pk for r in random.Random(seed).sample(pool, size)}
    sampling = SamplingDraw.objects.create(owner=owner, standard=standard, year=year, percent=share,
                                           population=len(pool), drawn=size, seed=seed, drawn_on=day,
                                           drawn_by=acting_user)
    events = []
    for rating in pool:
        rating.sampling, rating.drawn = sampling, rating.pk in chosen
        target = State.SAMPLED if rating.drawn else State.CHECKED
        events.append(RatingEvent(rating=rating, source=rating.state, target=target, occurred_on=day,
                                  actor=acting_user, facts={"draw": sampling.pk, "drawn": rating.drawn}))
        rating.state = target
    bulk_set(StarRating, pool, ["sampling_id", "drawn", "state"])
    write_events(events)
    audit.record("appraisal.rating_draw", target=sampling, actor=acting_user,
                 changes={"percent": str(share), "population": len(pool), "drawn": size, "seed": seed,
                          "ratings": sorted(chosen)})
    return sampling


@transaction.atomic
def check(rating: StarRating, *, changes: list[dict] | None = None, reason: str = "", acting_user=None,
          today: datetime.date | None = None) -> StarRating:
    """The issuing committee's check of a drawn rating (or a further adjustment of one waiting
    for the 公示, e.g. to keep within the five-star cap): changed scores with their reasons."""
    rating = lock(rating)
    require_higher(acting_user, rating.org, "抽查")
    require_owner(acting_user, rating.standard.owner, "抽查")
    expect(rating, State.SAMPLED, State.CHECKED)
    day = _today(today)
    applied = _adjust(rating, changes or [], score_field="check_score", reason_field="check_reason")
    rating.reviewed_score = _totals([rating.pk], "final")[rating.pk]
    rating.stars = R.stars_for(rating.reviewed_score, _levels(rating.standard))
    if rating.state == State.SAMPLED:
        move(rating, State.CHECKED, day, acting_user=acting_user, reason=reason,
             facts={"checked_score": str(rating.reviewed_score), "stars": rating.stars, "changes": applied})
    else:
        rating.save()
        RatingEvent.objects.create(rating=rating, source=rating.state, target=rating.state, occurred_on=day,
                                   actor=acting_user, facts={"changes": applied, "stars": rating.stars})
        audit.record("appraisal.rating_adjust", target=rating, actor=acting_user, reason=reason,
                     changes={"changes": applied, "stars": rating.stars})
    return rating


# --- 公示 and the star ----------------------------------------------------------------------------

RATED_STATES = (State.CHECKED, State.PUBLICITY, State.GRANTED, State.REVOKED)


@transaction.atomic
def start_publicity(owner: PartyOrg, standard: StandardSet, year: int, *, start: datetime.date | None = None,
                    acting_user=None, today: datetime.date | None = None) -> Publicity:
    """Put every rating waiting for it on notice from `start` for the set's number of working
    days, with its final score and star — refused if five stars would exceed the set's cap."""
    require_owner(acting_user, owner, "公示评定结果")
    if standard.owner_id != owner.pk or standard.year != year:
        raise RuleViolation("评定结果由制定该标准的上级党组织公示", rule=R.R_PUBLICITY, field="standard")
    day = _today(today)
    start = start or day
    if start < day:
        raise RuleViolation("公示开始日期不能早于今天", rule=R.R_PUBLICITY, field="start")
    batch = list(StarRating.objects.select_for_update().select_related("org").filter(
        standard=standard, year=year, state=State.CHECKED).order_by("pk"))
    if not batch:
        raise RuleViolation("没有待公示的评定结果（须经审核、抽查）", rule=R.R_ORDER, field="standard")
    totals = _totals([r.pk for r in batch], "final")
    levels = _levels(standard)
    for rating in batch:
        rating.final_score = totals.get(rating.pk, ZERO)
        rating.stars = R.stars_for(rating.final_score, levels)
        rating.title_awarded = bool(standard.title_name and standard.title_min_score is not None
                                    and rating.org.kind in BRANCH_KINDS and rating.final_score >= standard.title_min_score)
    _five_star_cap(standard, year, batch)
    publicity = Publicity.objects.create(owner=owner, standard=standard, year=year, start=start,
                                         working_days=standard.publicity_days,
                                         end=add_working_days(start, standard.publicity_days), started_by=acting_user)
    events = []
    for rating in batch:
        rating.publicity, rating.state = publicity, State.PUBLICITY
        events.append(RatingEvent(rating=rating, source=State.CHECKED, target=State.PUBLICITY, occurred_on=day,
                                  actor=acting_user, facts={"publicity": publicity.pk, "final_score": str(rating.final_score),
                                                            "stars": rating.stars, "end": publicity.end.isoformat()}))
    update_rows(batch, ["final_score", "stars", "title_awarded", "publicity", "state"])
    write_events(events)
    audit.record("appraisal.rating_publicity", target=publicity, actor=acting_user,
                 changes={"ratings": len(batch), "start": start.isoformat(), "end": publicity.end.isoformat(),
                          "working_days": publicity.working_days})
    return publicity


def _five_star_cap(standard: StandardSet, year: int, batch: list[StarRating]) -> None:
    limit_percent = standard.five_star_cap
    if limit_percent is None:
        return
    others = StarRating.objects.filter(standard=standard, year=year, state__in=RATED_STATES).exclude(
        pk__in=[r.pk for r in batch]).aggregate(n=Count("pk"), five=Count("pk", filter=Q(
            stars=R.MAX_STARS, state__in=(State.PUBLICITY, State.GRANTED))))
    rated = others["n"] + len(batch)
    five = others["five"] + sum(1 for r in batch if r.stars == R.MAX_STARS)
    limit = R.five_star_limit(limit_percent, rated)
    if limit is not None and five > limit:
        raise RuleViolation(
            f"五星级 {five} 个，占参评党组织 {rated} 个的 {100 * five / rated:.1f}%，超过上限 {limit_percent}%"
            f"（最多 {limit} 个）；请复核得分后再公示", rule=R.R_FIVE_STAR_CAP, field="standard")


@transaction.atomic
def grant(publicity: Publicity, *, acting_user=None, today: datetime.date | None = None) -> int:
    """评定: after the 公示's last working day, every rating still on it gets its star."""
    publicity = Publicity.objects.select_for_update().select_related("owner").get(pk=publicity.pk)
    require_owner(acting_user, publicity.owner)
    day = _today(today)
    if publicity.closed_on is not None:
        raise RuleViolation("该批公示已评定", rule=R.R_ORDER, field="publicity", code="duplicate")
    if day <= publicity.end:
        raise RuleViolation(f"公示期为 {publicity.start:%Y-%m-%d} 至 {publicity.end:%Y-%m-%d}（{publicity.working_days} 个工作日），"
                            "期满后方可评定", rule=R.R_PUBLICITY, field="publicity")
    ratings = list(StarRating.objects.select_for_update().filter(publicity=publicity, state=State.PUBLICITY))
    for rating in ratings:
        rating.state, rating.granted_on = State.GRANTED, day
    bulk_set(StarRating, ratings, ["state", "granted_on"])
    write_events([RatingEvent(rating=r, source=State.PUBLICITY, target=State.GRANTED, occurred_on=day,
                              actor=acting_user, facts={"stars": r.stars, "final_score": str(r.final_score)})
                  for r in ratings])
    publicity.closed_on = day
    publicity.save(update_fields=["closed_on"])
    audit.record("appraisal.rating_grant", target=publicity, actor=acting_user,
                 changes={"granted": len(ratings), "five_star": sum(1 for r in ratings if r.stars == R.MAX_STARS)})
    return len(ratings)


@transaction.atomic
def object_during_publicity(rating: StarRating, *, reason: str, acting_user=None,
                            today: datetime.date | None = None) -> StarRating:
    """An objection (异议) received during the 公示: the rating leaves the batch and waits for a
    new check and a new 公示."""
    rating = lock(rating)
    require_owner(acting_user, rating.standard.owner, "登记公示异议")
    expect(rating, State.PUBLICITY)
    reason = (reason or "").strip()[:500]
    if not reason:
        raise RuleViolation("请写明异议内容", rule=R.R_PUBLICITY, field="reason")
    rating.publicity = None
    move(rating, State.CHECKED, _today(today), acting_user=acting_user, facts={"objection": reason}, reason=reason)
    return rating
