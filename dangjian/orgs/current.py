"""The organization a user works as: their positions are the source of their scope (registered
with dangjian.core.scoping), the top bar's current organization and switcher (registered with
the shell), and the organization a domain page is about (`org_for`).

These need PartyOrg and Position, so they live here rather than in core; core hears of them
through the hooks that OrgsConfig.ready() fills.
"""

from __future__ import annotations

import datetime

from django.db import router
from django.http import Http404
from django.utils import timezone

from dangjian.core.pages import require
from dangjian.core.roles import Post
from dangjian.core.scoping import get_visible_or_404, scope_of
from dangjian.orgs.models import PartyOrg, Position

SESSION_KEY = "current_org_id"


# What the top bar shows of each organization a user holds a position on; the scope's query
# reads them with the grants, so the shell needs no query of its own for them. In the order of
# PartyOrg's columns: Model.from_db takes a subset of values in that order.
_ORG_FIELDS = ("id", "path", "depth", "kind", "name")


def position_grants(user, day: datetime.date):
    """The scope source: (post, org path, org id) of each position `user` holds on `day` in an
    active organization — one query, which also reads the organizations' names and levels for
    the top bar (positions_of), kept on the user object beside the scope."""
    rows = list(
        Position.objects.active_on(day)
        .filter(user=user, org__is_active=True)
        .values_list("post", "org_id", "org__path", "org__depth", "org__kind", "org__name")
    )
    orgs = getattr(user, "_dangjian_position_org_rows", None)
    if orgs is None:
        orgs = user._dangjian_position_org_rows = {}
    orgs[day] = {row[1]: row[1:] for row in rows}
    return [(post, path, org_id) for post, org_id, path, *_ in rows]


def _position_orgs(user, org_ids: list[int]) -> list[PartyOrg]:
    """The organizations `org_ids` as read with the scope's grants today (the other fields
    deferred, as `.only()` leaves them), or from the database if the scope came from elsewhere."""
    rows = getattr(user, "_dangjian_position_org_rows", {}).get(timezone.localdate(), {})
    if all(org_id in rows for org_id in org_ids):
        db = router.db_for_read(PartyOrg)
        return [PartyOrg.from_db(db, _ORG_FIELDS, rows[org_id]) for org_id in org_ids]
    return list(PartyOrg.objects.filter(pk__in=org_ids).only(*_ORG_FIELDS))


def positions_of(request) -> list:
    """The organizations the user holds a position on, highest level first (cached on the
    request). The current organization is chosen among these."""
    cached = getattr(request, "_dangjian_position_orgs", None)
    if cached is not None:
        return cached
    scope = scope_of(request.user)
    orgs = _position_orgs(request.user, scope.org_ids)
    orgs.sort(key=lambda o: (o.depth, o.path))
    posts: dict[int, list[str]] = {}
    for post, _, org_id in scope.grants:
        posts.setdefault(org_id, []).append(post)
    for org in orgs:
        org.post_labels = "、".join(sorted({Post(p).label for p in posts.get(org.id, [])}))
    request._dangjian_position_orgs = orgs
    return orgs


def current_org(request):
    """The organization the user works as right now: the one stored in the session if the user
    still holds a position there, else their highest one; None for a member without a post."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return None
    orgs = positions_of(request)
    wanted = request.session.get(SESSION_KEY)
    for org in orgs:
        if org.id == wanted:
            return org
    return orgs[0] if orgs else None


def shell_part(request) -> dict:
    """What the top bar's organization switcher needs (dangjian/templates/partials/org_switcher.html)."""
    return {"current_org": current_org(request), "position_orgs": positions_of(request)}


def org_for(request, raw, action: str) -> PartyOrg:
    """The organization a page is about, from its `org` parameter (`raw`). Given: one the user
    can see (else 404), then `action` on it (else 403). Not given: the top bar's organization
    when the action holds there, else the highest one where it does (403 if nowhere).

    The order of checks is the same on every domain page: an organization outside the user's
    scope is a 404 (like one that does not exist); in scope but without the page's action a 403
    naming the missing right."""
    scope = scope_of(request.user)
    if raw in (None, ""):
        require(request, action)
        here = current_org(request)
        if here is not None and scope.allows(action, here.path):
            return PartyOrg.objects.get(pk=here.pk)
        if scope.is_superuser:
            return PartyOrg.get_root_nodes().first()
        return PartyOrg.objects.filter(path__in=scope.paths_for(action)).order_by("depth", "path").first()
    try:
        pk = int(str(raw))
    except ValueError:
        raise Http404("未找到该组织") from None
    if not 0 < pk < 2**63:  # beyond a bigint: no such row, and the database must not see it
        raise Http404("未找到该组织")
    org = get_visible_or_404(PartyOrg.objects.visible_to(request.user), pk=pk)
    require(request, action, org.path)
    return org
