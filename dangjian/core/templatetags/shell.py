"""The shell's per-request pieces: the current organization (the top bar and the dashboard)
and the sidebar entries. Kept here rather than in the context processor so that only pages
extending base.html pay for the query."""

from __future__ import annotations

from django import template

from dangjian.core.roles import Action
from dangjian.core.scoping import scope_of

register = template.Library()

SESSION_KEY = "current_org_id"


def positions_of(request) -> list:
    """The organizations the user holds a position on, highest level first (one query, cached
    on the request). The current organization is chosen among these."""
    cached = getattr(request, "_dangjian_position_orgs", None)
    if cached is not None:
        return cached
    from dangjian.orgs.models import PartyOrg

    scope = scope_of(request.user)
    orgs = list(PartyOrg.objects.filter(pk__in=scope.org_ids).only("id", "name", "path", "depth", "kind"))
    orgs.sort(key=lambda o: (o.depth, o.path))
    posts: dict[int, list[str]] = {}
    for post, _, org_id in scope.grants:
        posts.setdefault(org_id, []).append(post)
    from dangjian.core.roles import Post

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


@register.simple_tag(takes_context=True)
def shell_state(context):
    """Everything the top bar and sidebar need, in one object."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return {"authenticated": False}
    scope = scope_of(request.user)
    return {
        "authenticated": True,
        "current_org": current_org(request),
        "position_orgs": positions_of(request),
        "can_view_orgs": scope.allows(Action.ORG_VIEW),
        "can_view_audit": scope.allows(Action.AUDIT_VIEW),
        "can_view_members": scope.allows(Action.MEMBER_VIEW),
        "can_edit_members": scope.allows(Action.MEMBER_EDIT),
        "can_view_dues": scope.allows(Action.DUES_VIEW),
        "can_manage_dues": scope.allows(Action.DUES_MANAGE),
        "can_view_recruitment": scope.allows(Action.RECRUITMENT_VIEW),
        "can_manage_recruitment": scope.allows(Action.RECRUITMENT_MANAGE),
        "can_view_orglife": scope.allows(Action.ORGLIFE_VIEW),
        "can_view_decisions": scope.allows(Action.DECISIONS_VIEW),
        "can_oversee_decisions": scope.allows(Action.DECISIONS_OVERSEE),
        "has_member_record": hasattr(request.user, "member"),
    }
