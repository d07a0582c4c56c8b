"""Five years of 评星定级 for every school party organization of the demo, and the current year in
progress — every step through dangjian.appraisal.services (the same rules a county meets):

    the city enters its example standard (8 areas, 52 items, labelled as an example) and copies it
    yearly; the year is launched for all organizations (automatic items computed from the demo's
    organizational life, dues, recruitment and decisions); each school scores the other items,
    attaches its archive scan and submits; the county passes them — a few with a score corrected,
    each with its reason; the city draws 10 %, checks them, puts the results on notice for five
    working days and grants the stars; through the following year 1–2 % are stripped on one of the
    eight situations, with a 黑榜通报 and a 整顿 plan (lifted for the earlier years, still open for
    the last one).

The last full year shows seed 001's figures at city scale: 102 五星级党组织 and 100 六好党支部
(branches of 90 points or more), whatever the number of organizations; smaller scales get the
shares they would have among CITY_ORGS. The schools' manual scores are
drawn so that each organization's total lands in the band drawn for it, whatever its automatic items
earned (where those earn too little for its band, the county's review raises one with its reason).
"""

from __future__ import annotations

import datetime
import random
import struct
import zlib
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from dangjian.appraisal.models import StarRating
from dangjian.appraisal.rules import rating as R
from dangjian.appraisal.services import rating as S
from dangjian.appraisal.services import rating_batch as B
from dangjian.appraisal.services import rating_revocation as V
from dangjian.appraisal.services import rating_standards as ST
from dangjian.appraisal.standard_examples import enter_example
from dangjian.orgs.models import BRANCH_KINDS, PartyOrg

YEARS = 5
CITY_ORGS = 2108                                 # organizations rated at the city scale: the smaller scales' reference
FIVE_STARS = [40, 58, 73, 88, 102]               # per year, the last is seed 001's
TITLES = [60, 72, 84, 92, 100]                   # 六好党支部 per year, the last is seed 001's
NON_BRANCH_FIVE = 22 / 102                       # share of 党委/党总支 among the five-star
REVOKED_SHARE = 0.015                            # 1–2 % stripped
OTHER_BANDS = [(4, 0.25), (3, 0.40), (2, 0.20), (1, 0.10), (0, 0.05)]
CURRENT_SUBMITTED, CURRENT_REVIEWED = 0.35, 0.5  # of the current year: submitted, and of those reviewed
TENTH = Decimal("0.1")

TASKS = [("召开专题组织生活会，查摆问题、制定整改措施", 30), ("补齐“三会一课”记录，规范组织生活", 60),
         ("书记向上级党组织作专题说明", 20), ("完善党组织议事规则并报备", 90), ("开展全体党员警示教育", 45)]
FACTS = {
    1: "学校党组织书记因违规发放津补贴受到党内警告处分。",
    2: "一名党员教师有偿补课被家长举报，经查属实，造成不良影响。",
    3: "学校发生学生食物中毒事件，安全管理责任落实不到位。",
    4: "采购教学设备 12 万元，未经党组织会议研究决定。",
    5: "连续 4 个月未召开支委会和党小组会。",
    6: "巡察反馈的 5 个问题中有 3 个逾期未整改。",
    7: "自评材料中的活动照片与记录不符，存在弄虚作假。",
    8: "民办学校擅自使用未经审定的境外教材。",
}


@dataclass
class RatingCounts:
    years: int = 0
    ratings: int = 0
    five_star_last_year: int = 0
    titles_last_year: int = 0
    revoked: int = 0
    weak_open: int = 0
    current_submitted: int = 0


def _png() -> bytes:
    """A one-pixel PNG standing for the scanned 台账 archive each school attaches."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff")) + chunk(b"IEND", b""))


def write_ratings(scale: str, today: datetime.date, seed: int) -> RatingCounts:
    rng = random.Random(f"{seed}:ratings")
    counts = RatingCounts()
    city = PartyOrg.objects.get_first_root_node()
    last = today.year - 1 if today.month >= 4 else today.year - 2   # the last year whose stars are granted
    first = last - YEARS + 1
    standards = {first: enter_example(city, first)}
    for year in range(first + 1, today.year + 1):
        standards[year] = ST.copy_set(standards[year - 1], year=year)
    reference = None if scale == "city" else CITY_ORGS   # the city: seed 001's figures themselves
    for index, year in enumerate(range(first, last + 1)):
        _full_year(standards[year], year, index, rng, today, counts, last=year == last, reference=reference)
        counts.years += 1
    if last + 1 <= today.year:
        _current_year(standards[last + 1], last + 1, rng, today, counts, reference)
    counts.ratings = StarRating.objects.count()
    return counts


def _scaled(figure: int, n: int, reference: int | None) -> int:
    """`figure` (the city's) for `n` organizations: its share among `reference`; None: as it is."""
    if reference is None:
        return min(n, figure)
    return max(1 if n >= 3 else 0, round(figure * n / reference))


def _plan(ratings, autos, year_index: int, rng: random.Random,
          reference: int | None = CITY_ORGS) -> dict[int, tuple[Decimal, Decimal]]:
    """{rating id: (low, high)} — the band of final points each organization is to land in."""
    n = len(ratings)
    cap = R.five_star_limit(ratings[0].standard.five_star_cap, n) if ratings else 0
    five = min(n, _scaled(FIVE_STARS[year_index], n, reference), n if cap is None else cap)
    titles = _scaled(TITLES[year_index], n, reference)
    by_auto = sorted(ratings, key=lambda r: (-autos[r.pk], r.pk))
    branches = [r for r in by_auto if r.org.kind in BRANCH_KINDS]
    others = [r for r in by_auto if r.org.kind not in BRANCH_KINDS]
    five_others = others[:min(len(others), round(five * NON_BRANCH_FIVE))]
    five_branches = branches[:five - len(five_others)]
    title_only = branches[len(five_branches):len(five_branches) + max(0, titles - len(five_branches))]
    bands: dict[int, tuple[Decimal, Decimal]] = {}
    for r in five_others + five_branches:
        bands[r.pk] = (Decimal("95"), Decimal("100.1"))
    for r in title_only:
        bands[r.pk] = (Decimal("90"), Decimal("95"))
    stars, weights = zip(*OTHER_BANDS, strict=True)
    edges = {4: ("85", "90"), 3: ("75", "85"), 2: ("65", "75"), 1: ("60", "65"), 0: ("50", "60")}
    for r in ratings:
        if r.pk not in bands:
            star = rng.choices(stars, weights)[0]
            low, high = edges[star]
            if star == 4 and r.org.kind not in BRANCH_KINDS:
                high = "95"   # a 党委 or 党总支 has no 六好党支部 title to keep below
            bands[r.pk] = (Decimal(low), Decimal(high))
    return bands


def _scores(rating, rows: list[S.Row], band, rng: random.Random) -> tuple[list[dict], list[dict], list[int]]:
    """The school's entries, the county's changes (with reasons) and the upload items scored:
    the school's manual items add up so that the total lands in `band`."""
    auto = [r for r in rows if r.item.evidence == R.EvidenceKind.AUTOMATIC]
    manual = [r for r in rows if r.item.evidence != R.EvidenceKind.AUTOMATIC]
    earned = sum((r.self_score or Decimal(0) for r in auto), Decimal(0))
    low, high = band
    steps = int((high - low) * 2) or 1
    target = min(low + Decimal(rng.randrange(steps)) / 2, Decimal("100"))
    room = sum((r.item.points for r in manual), Decimal(0))
    changes: list[dict] = []
    lift = target - earned - room
    for row in sorted(auto, key=lambda r: r.self_score or 0):
        if lift <= 0:
            break
        up = min(row.item.points - (row.self_score or 0), lift)
        if up > 0:
            changes.append({"item": row.item_id, "score": str(((row.self_score or 0) + up).quantize(TENTH)),
                            "reason": "县级复核：查阅纸质台账，该项实际落实情况好于系统记录"})
            lift -= up
    cut = max(Decimal(0), room - max(Decimal(0), target - earned)).quantize(TENTH)
    entries, uploads = [], []
    for row in manual:
        take = min(cut, row.item.points)
        cut -= take
        score = row.item.points - take
        note = "已落实，有会议记录和照片" if score else "本年度未落实"
        entries.append({"item": row.item_id, "score": str(score), "note": note})
        if row.item.evidence == R.EvidenceKind.UPLOAD and score > 0:
            uploads.append(row.item_id)
    # now and then a school scores one item too high and the county corrects it, with the reason
    high_items = [e for e in entries if Decimal(e["score"]) > 0]
    if not changes and high_items and rng.random() < 0.05:
        entry = rng.choice(high_items)
        entry_score = Decimal(entry["score"])
        points = next(r.item.points for r in manual if r.item_id == entry["item"])
        if entry_score < points:
            entry["score"] = str(min(points, entry_score + Decimal("0.5")))
            changes.append({"item": entry["item"], "score": str(entry_score),
                            "reason": "自评偏高：佐证材料只能证明部分落实，按实际核减"})
    return entries, changes, uploads


def _assessments(ratings, rows_by, bands, rng, *, submit_ids) -> tuple[dict[int, B.Assessment], dict[int, list]]:
    """Each school's self-assessment (its archive scan supporting the upload items it scores) and
    the county's changes to come, drawn rating by rating in the order of their ids."""
    plans, changes = {}, {}
    for rating in ratings:
        entries, changes[rating.pk], uploads = _scores(rating, rows_by[rating.pk], bands[rating.pk], rng)
        plans[rating.pk] = B.Assessment(entries, uploads, submit=rating.pk in submit_ids)
    return plans, changes


def _archive() -> SimpleUploadedFile:
    return SimpleUploadedFile("党建工作台账扫描件.png", _png())


def _autos(ratings, rows_by) -> dict[int, Decimal]:
    return {r.pk: sum((x.self_score or Decimal(0) for x in rows_by[r.pk] if x.item.evidence == R.EvidenceKind.AUTOMATIC),
                      Decimal(0)) for r in ratings}


def _full_year(standard, year: int, index: int, rng: random.Random, today: datetime.date, counts: RatingCounts,
               *, last: bool, reference: int | None) -> None:
    city = standard.owner
    changes: dict[int, list] = {}

    def assess(ratings, rows_by):
        # launched on 8 January, every school's self-assessment submitted on the 20th
        bands = _plan(ratings, _autos(ratings, rows_by), index, rng, reference)
        plans, drawn_changes = _assessments(ratings, rows_by, bands, rng, submit_ids={r.pk for r in ratings})
        changes.update(drawn_changes)
        return plans

    B.launch_assessed(city, standard, year, assess, file=_archive(), launched_on=datetime.date(year + 1, 1, 8),
                      assessed_on=datetime.date(year + 1, 1, 20))
    B.pass_many(changes, today=datetime.date(year + 1, 2, 24))
    draw = S.draw(city, standard, year, percent=standard.sample_percent, seed=f"demo-{year}",
                  today=datetime.date(year + 1, 3, 2))
    drawn = StarRating.objects.filter(sampling=draw, drawn=True).values_list("pk", flat=True)
    B.check_many(dict.fromkeys(drawn, []), reason="抽查核实，与县级审核结果一致", today=datetime.date(year + 1, 3, 5))
    start = datetime.date(year + 1, 3, 9)
    publicity = S.start_publicity(city, standard, year, start=start, today=start)
    granted_on = publicity.end + datetime.timedelta(days=3)
    S.grant(publicity, today=granted_on)
    _revoke(standard, year, rng, granted_on, today, counts, last=last)
    if last:
        granted = StarRating.objects.filter(year=year, state=R.State.GRANTED)
        counts.five_star_last_year = granted.filter(stars=R.MAX_STARS).count()
        counts.titles_last_year = granted.filter(title_awarded=True).count()


def _revoke(standard, year: int, rng: random.Random, granted_on: datetime.date, today: datetime.date,
            counts: RatingCounts, *, last: bool) -> None:
    """1–2 % of the starred, never a five-star or a 六好 one (the year's figures stay seed 001's),
    stripped some weeks after the grant; the earlier years' 整顿 done and lifted, the last one's open."""
    pool = list(StarRating.objects.filter(year=year, state=R.State.GRANTED, stars__gte=1, stars__lt=R.MAX_STARS,
                                          title_awarded=False).select_related("org", "standard").order_by("pk"))
    n = min(len(pool), max(1 if len(pool) >= 3 else 0, round(REVOKED_SHARE * len(pool))))
    situations = {s.order: s for s in standard.situations.all()}
    latest = today - datetime.timedelta(days=20)
    done: list[tuple] = []    # the tasks reported done, recorded together once the year's plans stand
    lifts: list[tuple] = []   # each 整顿 lifted when its last task is done
    for rating in rng.sample(pool, n):
        span = max(1, (latest - granted_on).days - 30) if last else 200
        day = granted_on + datetime.timedelta(days=30 + rng.randrange(span))
        order = rng.randrange(1, 9)
        tasks = [{"title": t, "owner_name": "党组织书记", "deadline": day + datetime.timedelta(days=d + rng.randrange(60))}
                 for t, d in rng.sample(TASKS, 3)]
        revocation = V.revoke(rating, situation=situations[order], facts=FACTS[order],
                              occurred_on=day - datetime.timedelta(days=rng.randrange(5, 40)), tasks=tasks, today=day)
        counts.revoked += 1
        weak = revocation.weak
        days = []
        for task in weak.tasks.order_by("deadline"):
            finished = task.deadline - datetime.timedelta(days=rng.randrange(0, 10))
            if last and (finished > today or rng.random() < 0.4):
                continue   # the last year's plans are still being worked through
            done.append((task, max(finished, day), "已完成，材料报上级党组织备案"))
            days.append(max(finished, day))
        if not last:
            lifts.append((weak, max(days)))
        else:
            counts.weak_open += 1
    if done:
        V.complete_tasks(done, today=max(d for _, d, _ in done))
    for weak, day in lifts:
        V.lift(weak, note="整顿到位，验收合格，同意销号", today=day)


def _current_year(standard, year: int, rng: random.Random, today: datetime.date, counts: RatingCounts,
                  reference: int | None) -> None:
    """The year under way: launched for everyone, a third submitted, half of those passed."""
    day = min(today, datetime.date(year, 12, 1))
    changes: dict[int, list] = {}
    submit_ids: set[int] = set()

    def assess(ratings, rows_by):
        bands = _plan(ratings, {r.pk: Decimal(0) for r in ratings}, YEARS - 1, rng, reference)
        submit_ids.update(r.pk for r in ratings if rng.random() < CURRENT_SUBMITTED)
        if len(ratings) >= 2 and not submit_ids:
            submit_ids.add(ratings[-1].pk)   # a small demo still has one in the county's queue
        plans, drawn_changes = _assessments(ratings, rows_by, bands, rng, submit_ids=submit_ids)
        changes.update(drawn_changes)
        return plans

    B.launch_assessed(standard.owner, standard, year, assess, file=_archive(), launched_on=day, assessed_on=day)
    reviewed = {pk: changes[pk] for pk in sorted(submit_ids) if rng.random() < CURRENT_REVIEWED}
    if reviewed:
        B.pass_many(reviewed, today=day)
    counts.current_submitted = len(submit_ids)
