"""What every domain's pages need to find the organization a page is about, in one place.

The order of checks is the same on every page: an organization outside the user's scope is a
404 (like one that does not exist); in scope but without the page's action a 403 naming the
missing right; no organization given means the top bar's one, or the highest where the
action holds.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from dangjian.core.roles import Action
from dangjian.core.scoping import get_visible_or_404, scope_of
from dangjian.core.templatetags.shell import current_org
from dangjian.orgs.models import PartyOrg


def require(request, action: str, path: str | None = None) -> None:
    """403 unless the user holds `action` (on `path`, or anywhere when no path is given)."""
    if not scope_of(request.user).allows(action, path):
        raise PermissionDenied(f"您的职务不含“{Action(action).label}”的权限")


def org_for(request, raw, action: str) -> PartyOrg:
    """The organization a page is about, from its `org` parameter (`raw`). Given: one the user
    can see (else 404), then `action` on it (else 403). Not given: the top bar's organization
    when the action holds there, else the highest one where it does (403 if nowhere)."""
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
