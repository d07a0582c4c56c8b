"""The top bar's organization pages: the switcher (which of one's positions the shell works as)
and the global search over organizations and schools. Mounted under the `core` URL namespace
by config/urls.py, where the shell's templates have always found them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from dangjian.core.scoping import scope_of
from dangjian.orgs.current import SESSION_KEY
from dangjian.orgs.models import PartyOrg, School

SEARCH_MAX_LENGTH = 100
SEARCH_LIMIT = 20


@require_POST
def switch_org(request):
    """Choose which of one's positions the top bar and dashboard work as. Only an organization
    the user holds a position on can be chosen; it changes the view, never the permissions."""
    try:
        org_id = int(request.POST.get("org_id", ""))
    except ValueError:
        org_id = None
    if org_id not in scope_of(request.user).org_ids:
        raise PermissionDenied("只能切换到您任职的组织")
    request.session[SESSION_KEY] = org_id
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = "core:home"
    return redirect(target)


def search(request):
    q = request.GET.get("q", "").strip()
    context = {"search_query": q[:SEARCH_MAX_LENGTH], "orgs": [], "schools": [], "searched": False}
    if len(q) > SEARCH_MAX_LENGTH:
        messages.warning(request, f"搜索词过长（最多 {SEARCH_MAX_LENGTH} 个字符），请缩短后重试。")
        context["search_query"] = ""
    elif q:
        match = Q(name__icontains=q) | Q(code__icontains=q)
        orgs = PartyOrg.objects.visible_to(request.user).filter(match, is_active=True)
        schools = School.objects.visible_to(request.user).filter(match).select_related("party_org")
        context.update(
            searched=True,
            org_count=orgs.count(),
            orgs=list(orgs[:SEARCH_LIMIT]),
            school_count=schools.count(),
            schools=list(schools[:SEARCH_LIMIT]),
            limit=SEARCH_LIMIT,
        )
    return render(request, "orgs/search.html", context)
