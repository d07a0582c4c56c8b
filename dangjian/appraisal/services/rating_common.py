"""What the 评星定级 services share: who may act (the school on its own rating; the higher
committee — strictly above the organization — on everything else), parsing a score, and writing
a timeline event with its audit entry."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from dangjian.appraisal.models import RatingEvent, StarRating
from dangjian.appraisal.rules import rating as R
from dangjian.core import audit
from dangjian.core.bulk import insert_rows
from dangjian.core.errors import RuleViolation
from dangjian.core.roles import Action
from dangjian.core.scoping import scope_of
from dangjian.orgs.models import PartyOrg

TENTH = Decimal("0.1")


def require_self(user, org: PartyOrg) -> None:
    """The school's own work (自评, its 整顿 tasks): rating.self on the organization. None is the
    system itself (demo data, commands)."""
    if user is not None and not scope_of(user).allows(Action.RATING_SELF, org.path):
        raise PermissionDenied(f"您的职务不含“{Action.RATING_SELF.label}”的权限")


def is_above(user, path: str) -> bool:
    """rating.review held on an organization strictly above `path` (or a superuser)."""
    scope = scope_of(user)
    if scope.is_superuser:
        return True
    return any(path.startswith(root) and path != root for root in scope.paths_for(Action.RATING_REVIEW))


def require_higher(user, org: PartyOrg, what: str) -> None:
    """The higher committee's steps. A user of the organization itself (or inside it) is refused
    with the rule — a school never reviews, samples or grants its own star — anyone else without
    the right gets the plain 403."""
    if user is None or is_above(user, org.path):
        return
    scope = scope_of(user)
    if any(org.path.startswith(root) for root in scope.paths_for(Action.RATING_VIEW)) or any(
            root.startswith(org.path) for root in scope.paths):
        raise RuleViolation(f"{what}由上级党组织办理，{org.name}不能{what}自己的评星定级", rule=R.R_HIGHER_DECIDES,
                            field="state")
    raise PermissionDenied(f"您的职务不含“{Action.RATING_REVIEW.label}”的权限")


def require_owner(user, owner: PartyOrg, what: str = "评定星级") -> None:
    """Sampling, 公示, the star and the standards are the issuing committee's own acts:
    rating.review on the committee itself. A school inside its subtree asking for one is refused
    with the rule (a school never grants itself a star); anyone else gets the plain 403."""
    if user is None:
        return
    scope = scope_of(user)
    if scope.allows(Action.RATING_REVIEW, owner.path):
        return
    if any(root.startswith(owner.path) for root in scope.paths):
        raise RuleViolation(f"{what}由上级党组织（{owner.name}）办理，下级和学校党组织不能自行{what}", rule=R.R_HIGHER_DECIDES,
                            field="state")
    raise PermissionDenied(f"您的职务不含“{Action.RATING_REVIEW.label}”的权限")


def parse_score(raw, points: Decimal, *, field: str) -> Decimal:
    """A score of one item: a number from 0 to the item's points with at most one decimal."""
    if isinstance(raw, bool) or raw is None or (isinstance(raw, str) and not raw.strip()):
        raise RuleViolation("请填写得分", rule=R.R_SCORE_RANGE, field=field)
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        raise RuleViolation("得分须为数字", rule=R.R_SCORE_RANGE, field=field) from None
    if not value.is_finite() or value < 0 or value > points:
        raise RuleViolation(f"得分须在 0 至 {points} 分之间", rule=R.R_SCORE_RANGE, field=field)
    if value != value.quantize(TENTH):
        raise RuleViolation("得分最多一位小数", rule=R.R_SCORE_RANGE, field=field)
    return value.quantize(TENTH)


def bulk_set(model, rows: list, fields: list[str], chunk: int = 2000) -> None:
    """Save `fields` of many rows: one UPDATE per distinct set of values (a year's self-scores of a
    city take a few dozen: the same points and notes recur), where bulk_update's CASE of thousands
    of ids made PostgreSQL compare every row with every id (minutes at city scale)."""
    groups: dict[tuple, list[int]] = {}
    for row in rows:
        groups.setdefault(tuple(getattr(row, f) for f in fields), []).append(row.pk)
    for values, ids in groups.items():
        for start in range(0, len(ids), chunk):
            model.objects.filter(pk__in=ids[start:start + chunk]).update(**dict(zip(fields, values, strict=True)))


EVENT_COLUMNS = ["rating_id", "source", "target", "occurred_on", "facts", "actor_id", "created_at"]


def write_events(events: list[RatingEvent]) -> int:
    """Save many new timeline events (unsaved RatingEvent instances) as plain rows: a city's step
    writes some 2,000, where bulk_create spent more preparing them than the write. The facts are
    the JSON the field itself writes (json.dumps with its encoder)."""
    encoder = RatingEvent._meta.get_field("facts").encoder
    now = timezone.now()
    return insert_rows(RatingEvent, EVENT_COLUMNS, ((e.rating_id, e.source, e.target, e.occurred_on,
                                                     json.dumps(e.facts, cls=encoder), e.actor_id, now)
                                                    for e in events))


def lock(rating: StarRating) -> StarRating:
    return StarRating.objects.select_for_update(of=("self",)).select_related("org", "standard").get(pk=rating.pk)


def expect(rating: StarRating, *states: str) -> None:
    if rating.state not in states:
        wanted = "、".join(R.State(s).label for s in states)
        raise RuleViolation(f"{rating.org.name}的评星定级当前为“{rating.get_state_display()}”，此操作只能在“{wanted}”时办理",
                            rule=R.R_ORDER, field="state")


def move(rating: StarRating, target: str, day: datetime.date, *, acting_user, facts: dict | None = None,
         reason: str = "") -> None:
    """Save the new state, its timeline event and the audit entry (inside the caller's transaction)."""
    source = rating.state
    rating.state = target
    rating.save()
    RatingEvent.objects.create(rating=rating, source=source, target=target, occurred_on=day, facts=facts or {},
                               actor=acting_user)
    audit.record("appraisal.rating_transition", target=rating, actor=acting_user, reason=reason,
                 changes={"state": [source, target], **(facts or {})})
