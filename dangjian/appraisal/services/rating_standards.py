"""The standards of 评星定级 as data: a committee writes a set (areas, items with points and
evidence kind, star thresholds, 摘星 situations) and copies it to the next year. A set some
school has already reported against is frozen (R_SET_IN_USE): its points and items stay what
the schools were scored on; the situations stay editable (摘星 is dynamic management)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import transaction

from dangjian.appraisal import automatic
from dangjian.appraisal.models import Situation, StandardArea, StandardItem, StandardSet, StarLevel, StarRating
from dangjian.appraisal.rules import rating as R
from dangjian.appraisal.services.rating_common import parse_score
from dangjian.core import audit
from dangjian.core.errors import RuleViolation
from dangjian.core.roles import Action
from dangjian.core.scoping import scope_of
from dangjian.orgs.models import OrgKind, PartyOrg

SET_FIELDS = ("name", "note", "title_name", "title_min_score", "five_star_cap", "sample_percent", "publicity_days")


def require_configure(user, owner: PartyOrg) -> None:
    if user is not None and not scope_of(user).allows(Action.RATING_CONFIGURE, owner.path):
        raise PermissionDenied(f"您的职务不含“{Action.RATING_CONFIGURE.label}”的权限")


def in_use(standard: StandardSet) -> bool:
    return StarRating.objects.filter(standard=standard).exclude(state=R.State.DRAFT).exists()


def _not_in_use(standard: StandardSet) -> None:
    if in_use(standard):
        raise RuleViolation(f"“{standard}”已有党组织上报自评，不能再修改；可复制为下一年度的标准后修改",
                            rule=R.R_SET_IN_USE, field="standard")


def _percent(raw, field: str, *, allow_none: bool = False) -> Decimal | None:
    if raw in (None, "") and allow_none:
        return None
    try:
        value = Decimal(str(raw))
    except InvalidOperation:
        raise RuleViolation("请填写 0 至 100 之间的百分比", rule=R.R_SET, field=field) from None
    if not value.is_finite() or not 0 <= value <= 100:
        raise RuleViolation("请填写 0 至 100 之间的百分比", rule=R.R_SET, field=field)
    return value.quantize(Decimal("0.01"))


def _clean_set(data: dict) -> dict:
    clean = {k: data[k] for k in SET_FIELDS if k in data}
    if "name" in clean:
        clean["name"] = str(clean["name"] or "").strip()[:120]
        if not clean["name"]:
            raise RuleViolation("请填写标准名称", rule=R.R_SET, field="name")
    if "five_star_cap" in clean:
        clean["five_star_cap"] = _percent(clean["five_star_cap"], "five_star_cap", allow_none=True)
    if "sample_percent" in clean:
        clean["sample_percent"] = _percent(clean["sample_percent"], "sample_percent")
        if clean["sample_percent"] <= 0:
            raise RuleViolation("抽查比例须大于 0", rule=R.R_SAMPLING, field="sample_percent")
    if "publicity_days" in clean:
        days = clean["publicity_days"]
        if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 30:
            raise RuleViolation("公示天数为 1 至 30 个工作日", rule=R.R_PUBLICITY, field="publicity_days")
    if clean.get("title_min_score") in ("", None):
        clean["title_min_score"] = None
    elif "title_min_score" in clean:
        clean["title_min_score"] = parse_score(clean["title_min_score"], Decimal("999.9"), field="title_min_score")
    return clean


@transaction.atomic
def create_set(owner: PartyOrg, *, year: int, code: str, acting_user=None, is_example: bool = False,
               **data) -> StandardSet:
    """A new, empty set of a committee for a year (areas, items and levels are added after)."""
    require_configure(acting_user, owner)
    if owner.kind != OrgKind.EDUCATION_COMMITTEE:
        raise RuleViolation("评星定级标准由上级党组织（教育工委、教育党工委）制定", rule=R.R_SET, field="owner")
    if StandardSet.objects.filter(owner=owner, year=year, code=code).exists():
        raise RuleViolation(f"{year}年度已有代号为“{code}”的标准", rule=R.R_SET, field="code", code="duplicate")
    standard = StandardSet.objects.create(owner=owner, year=year, code=code, is_example=is_example,
                                          created_by=acting_user, **_clean_set({"name": "", **data}))
    audit.record("appraisal.standard_create", target=standard, actor=acting_user,
                 changes={"year": year, "code": code, "name": standard.name})
    return standard


@transaction.atomic
def update_set(standard: StandardSet, data: dict, *, acting_user=None) -> StandardSet:
    """The set's own settings. The thresholds that decide stars (cap, title score) change only
    while no school has reported against it."""
    require_configure(acting_user, standard.owner)
    clean = _clean_set(data)
    before = {k: getattr(standard, k) for k in clean}
    if any(k in clean and clean[k] != before[k] for k in ("five_star_cap", "title_min_score")):
        _not_in_use(standard)
    for k, v in clean.items():
        setattr(standard, k, v)
    standard.save()
    audit.record("appraisal.standard_update", target=standard, actor=acting_user,
                 changes=audit.diff({k: str(v) for k, v in before.items()}, {k: str(v) for k, v in clean.items()}))
    return standard


@transaction.atomic
def add_area(standard: StandardSet, *, name: str, acting_user=None) -> StandardArea:
    require_configure(acting_user, standard.owner)
    _not_in_use(standard)
    name = (name or "").strip()[:60]
    if not name:
        raise RuleViolation("请填写方面名称", rule=R.R_SET, field="name")
    order = (standard.areas.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    area = StandardArea.objects.create(standard=standard, order=order, name=name)
    audit.record("appraisal.standard_area", target=standard, actor=acting_user, changes={"area": name})
    return area


def _clean_item(standard: StandardSet, data: dict) -> dict:
    text = str(data.get("text") or "").strip()[:300]
    if not text:
        raise RuleViolation("请填写标准内容", rule=R.R_SET, field="text")
    points = parse_score(data.get("points"), Decimal("100"), field="points")
    if points <= 0:
        raise RuleViolation("分值须大于 0", rule=R.R_SCORE_RANGE, field="points")
    evidence = data.get("evidence")
    if evidence not in R.EvidenceKind.values:
        raise RuleViolation("请选择佐证方式", rule=R.R_SET, field="evidence")
    check = str(data.get("check_code") or "")
    if evidence == R.EvidenceKind.AUTOMATIC and automatic.get(check) is None:
        raise RuleViolation("自动计算的项目须选择一项系统计算内容", rule=R.R_AUTOMATIC, field="check_code")
    return {"text": text, "points": points, "evidence": evidence,
            "check_code": check if evidence == R.EvidenceKind.AUTOMATIC else "",
            "guidance": str(data.get("guidance") or "").strip()[:300]}


@transaction.atomic
def save_item(standard: StandardSet, data: dict, *, area: StandardArea | None = None, item: StandardItem | None = None,
              acting_user=None) -> StandardItem:
    """Add an item to an area, or change one: text, points, evidence kind and check."""
    require_configure(acting_user, standard.owner)
    _not_in_use(standard)
    clean = _clean_item(standard, data)
    if item is None:
        if area is None or area.standard_id != standard.pk:
            raise RuleViolation("请选择所属方面", rule=R.R_SET, field="area")
        order = (area.items.order_by("-order").values_list("order", flat=True).first() or 0) + 1
        item = StandardItem.objects.create(standard=standard, area=area, order=order, **clean)
        before: dict = {}
    else:
        before = {k: str(getattr(item, k)) for k in clean}
        for k, v in clean.items():
            setattr(item, k, v)
        item.save()
    audit.record("appraisal.standard_item", target=standard, actor=acting_user,
                 changes={"item": item.number, **audit.diff(before, {k: str(v) for k, v in clean.items()})})
    return item


def total_points(standard: StandardSet) -> Decimal:
    return sum((i.points for i in standard.items.all()), Decimal("0"))


@transaction.atomic
def set_levels(standard: StandardSet, minimums: dict[int, object], *, acting_user=None) -> list[StarLevel]:
    """The minimum score of each star (1–5): increasing with the stars, within the total points."""
    require_configure(acting_user, standard.owner)
    _not_in_use(standard)
    total = total_points(standard)
    parsed: dict[int, Decimal] = {}
    for stars in sorted(minimums):
        if not 1 <= stars <= R.MAX_STARS:
            raise RuleViolation("星级为一至五星", rule=R.R_LEVELS, field=f"level_{stars}")
        parsed[stars] = parse_score(minimums[stars], total or Decimal("999.9"), field=f"level_{stars}")
    previous = None
    for stars, minimum in sorted(parsed.items()):
        if previous is not None and minimum <= previous[1]:
            raise RuleViolation(f"{R.STAR_LABELS[stars]}的最低分须高于{R.STAR_LABELS[previous[0]]}（{previous[1]} 分）",
                                rule=R.R_LEVELS, field=f"level_{stars}")
        previous = (stars, minimum)
    StarLevel.objects.filter(standard=standard).delete()
    levels = StarLevel.objects.bulk_create([StarLevel(standard=standard, stars=s, min_score=m) for s, m in parsed.items()])
    audit.record("appraisal.standard_levels", target=standard, actor=acting_user,
                 changes={str(s): str(m) for s, m in parsed.items()})
    return levels


@transaction.atomic
def save_situation(standard: StandardSet, *, text: str, situation: Situation | None = None,
                   acting_user=None) -> Situation:
    """A 摘星 situation: added or reworded at any time (a revocation keeps the words it was decided on)."""
    require_configure(acting_user, standard.owner)
    text = (text or "").strip()[:300]
    if not text:
        raise RuleViolation("请填写摘星情形", rule=R.R_SITUATION, field="text")
    if situation is None:
        order = (standard.situations.order_by("-order").values_list("order", flat=True).first() or 0) + 1
        situation = Situation.objects.create(standard=standard, order=order, text=text)
    else:
        situation.text = text
        situation.save(update_fields=["text"])
    audit.record("appraisal.standard_situation", target=standard, actor=acting_user,
                 changes={"order": situation.order, "text": text})
    return situation


@transaction.atomic
def copy_set(source: StandardSet, *, year: int, acting_user=None) -> StandardSet:
    """The set for another year: the same settings, areas, items, thresholds and situations,
    editable until a school reports against it."""
    require_configure(acting_user, source.owner)
    if StandardSet.objects.filter(owner=source.owner, year=year, code=source.code).exists():
        raise RuleViolation(f"{year}年度已有“{source.name}”", rule=R.R_SET, field="year", code="duplicate")
    copy = StandardSet.objects.create(
        owner=source.owner, year=year, code=source.code, is_example=source.is_example, copied_from=source,
        created_by=acting_user, **{k: getattr(source, k) for k in SET_FIELDS})
    areas = {a.pk: StandardArea.objects.create(standard=copy, order=a.order, name=a.name) for a in source.areas.all()}
    StandardItem.objects.bulk_create([
        StandardItem(standard=copy, area=areas[i.area_id], order=i.order, text=i.text, points=i.points,
                     evidence=i.evidence, check_code=i.check_code, guidance=i.guidance) for i in source.items.all()])
    StarLevel.objects.bulk_create([StarLevel(standard=copy, stars=v.stars, min_score=v.min_score)
                                   for v in source.levels.all()])
    Situation.objects.bulk_create([Situation(standard=copy, order=s.order, text=s.text) for s in source.situations.all()])
    audit.record("appraisal.standard_copy", target=copy, actor=acting_user,
                 changes={"from": source.pk, "from_year": source.year, "year": year})
    return copy


def standards_for(org: PartyOrg, year: int) -> list[StandardSet]:
    """The sets that apply to `org` in `year`: those of the nearest committee above it (or
    itself) that issued any for that year."""
    step = PartyOrg.steplen
    ancestors = [org.path[:i] for i in range(step, len(org.path) + 1, step)]
    sets = list(StandardSet.objects.filter(owner__path__in=ancestors, year=year).select_related("owner")
                .order_by("-owner__depth", "code"))
    if not sets:
        return []
    nearest = sets[0].owner_id
    return [s for s in sets if s.owner_id == nearest]


def launch_standard(org: PartyOrg, year: int) -> StandardSet:
    """The set a launch for `org` uses when none is chosen: the only one that applies to it in
    `year` (the rating page's launch button and the API's share this)."""
    options = standards_for(org, year)
    if len(options) != 1:
        raise RuleViolation(f"上级党组织尚未制定{year}年度的评星定级标准，或有多套标准须选择", rule=R.R_SET,
                            field="standard")
    return options[0]
