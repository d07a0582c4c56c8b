"""Reads of 评星定级 for the pages, the API and the dashboard: one filter per list (pattern 5),
each starting from the user's scoped queryset; the star distribution in one grouped query."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q

from dangjian.appraisal.models import Publicity, Revocation, SamplingDraw, StandardSet, StarRating, WeakOrg
from dangjian.appraisal.rules import rating as R
from dangjian.orgs.models import PartyOrg

State = R.State
ZERO = Decimal("0.0")


def ratings_in(user, org: PartyOrg, *, year: int | None = None, state: str = "", stars: int | None = None, q: str = ""):
    """Ratings of `org`'s subtree the user may see (rating.view), by year, state, star and name."""
    qs = (StarRating.objects.visible_to(user).filter(org__path__startswith=org.path)
          .select_related("org", "standard"))
    if year:
        qs = qs.filter(year=year)
    if state:
        qs = qs.filter(state=state)
    if stars is not None:
        qs = qs.filter(stars=stars, state__in=(State.PUBLICITY, State.GRANTED))
    if q:
        qs = qs.filter(org__name__icontains=q[:60])
    return qs.order_by("org__path")


def state_counts(user, org: PartyOrg, year: int) -> dict[str, int]:
    counts = dict.fromkeys(State.values, 0)
    counts.update(dict(StarRating.objects.visible_to(user).filter(org__path__startswith=org.path, year=year)
                       .values_list("state").annotate(n=Count("pk")).order_by()))
    return counts


def star_distribution(user, org: PartyOrg, year: int) -> dict:
    """Granted stars of a year in the subtree (0–5), the stripped ones and the titles: one query.
    Only ratings the user may see are counted (rating.view)."""
    rows = (StarRating.objects.visible_to(user).filter(org__path__startswith=org.path, year=year,
                                                       state__in=(State.GRANTED, State.REVOKED))
            .values("stars", "state").annotate(n=Count("pk"), titles=Count("pk", filter=Q(title_awarded=True)))
            .order_by())
    stars = dict.fromkeys(range(R.MAX_STARS + 1), 0)
    revoked = titles = 0
    for row in rows:
        if row["state"] == State.REVOKED:
            revoked += row["n"]
        else:
            stars[row["stars"] or 0] += row["n"]
            titles += row["titles"]
    return {"year": year, "stars": stars, "revoked": revoked, "titles": titles,
            "rated": sum(stars.values()) + revoked}


def latest_rated_year(user, org: PartyOrg) -> int | None:
    return (StarRating.objects.visible_to(user).filter(org__path__startswith=org.path, state__in=(
        State.GRANTED, State.REVOKED)).order_by("-year").values_list("year", flat=True).first())


def reaches(user, owner: PartyOrg) -> bool:
    """A committee's standard, draw or 公示 is seen by whoever sees ratings under it or above it
    (the schools it applies to read it; its own and higher committees manage it)."""
    from dangjian.core.roles import Action
    from dangjian.core.scoping import scope_of

    scope = scope_of(user)
    return scope.is_superuser or any(root.startswith(owner.path) or owner.path.startswith(root)
                                     for root in scope.paths_for(Action.RATING_VIEW))


def standards_visible(user, org: PartyOrg):
    """The sets a page about `org` shows: issued by `org`'s own committees above it, by itself,
    or within its subtree, and visible to the user (scoped by the issuing committee, or because
    the set applies to the user's organization)."""
    step = PartyOrg.steplen
    above = [org.path[:i] for i in range(step, len(org.path) + 1, step)]
    return (StandardSet.objects.filter(Q(owner__path__in=above) | Q(owner__path__startswith=org.path))
            .select_related("owner").order_by("-year", "owner__path", "code"))


def draws_in(org: PartyOrg, year: int):
    return SamplingDraw.objects.filter(owner__path__startswith=org.path, year=year).select_related("standard", "owner")


def publicities_in(org: PartyOrg, year: int | None = None):
    qs = Publicity.objects.filter(owner__path__startswith=org.path).select_related("standard", "owner")
    if year:
        qs = qs.filter(year=year)
    return qs.annotate(n=Count("ratings")).order_by("-start", "-id")


def publicities_applying_to(org: PartyOrg, year: int | None = None):
    """公示 of the committees above `org` (a school reads the notice its city published)."""
    step = PartyOrg.steplen
    above = [org.path[:i] for i in range(step, len(org.path) + 1, step)]
    qs = Publicity.objects.filter(Q(owner__path__in=above) | Q(owner__path__startswith=org.path))
    if year:
        qs = qs.filter(year=year)
    return qs.select_related("standard", "owner").annotate(n=Count("ratings")).order_by("-start", "-id")


def revocations_in(user, org: PartyOrg, year: int | None = None):
    qs = (Revocation.objects.visible_to(user).filter(org__path__startswith=org.path)
          .select_related("org", "rating", "rating__standard"))
    if year:
        qs = qs.filter(decided_on__year=year)
    return qs.order_by("-decided_on", "-id")


def weak_in(user, org: PartyOrg, *, state: str = ""):
    qs = (WeakOrg.objects.visible_to(user).filter(org__path__startswith=org.path).select_related("org", "revocation")
          .annotate(task_count=Count("tasks"), open_count=Count("tasks", filter=Q(tasks__done_on__isnull=True))))
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("state", "-listed_on", "-id")


def area_totals(rating: StarRating) -> list[dict]:
    """Per area of the rating's standard: points, self-score and the score it ended with."""
    areas: dict[int, dict] = {}
    for row in rating.scores.select_related("item__area"):
        area = areas.setdefault(row.item.area_id, {"order": row.item.area.order, "name": row.item.area.name,
                                                   "points": ZERO, "self": ZERO, "final": ZERO})
        area["points"] += row.item.points
        area["self"] += row.self_score or 0
        area["final"] += row.final or 0
    return sorted(areas.values(), key=lambda a: a["order"])
