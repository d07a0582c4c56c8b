"""Pages of the platform: the dashboard, global search, the audit log, notifications, the
organization switcher and the error pages. Reads go through scoped querysets and the orgs
selectors; nothing here changes domain data except marking one's own notifications read."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Q
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from dangjian.core.filters import ACTION_LABELS, AuditFilter
from dangjian.core.models import AuditEntry
from dangjian.core.roles import Action
from dangjian.core.scoping import scope_of
from dangjian.core.templatetags.shell import SESSION_KEY, current_org

SEARCH_MAX_LENGTH = 100
SEARCH_LIMIT = 20
PAGE_SIZE = 50


def querystring_without_page(request) -> str:
    """The current filters as "a=1&b=2&" for pagination and sorting links."""
    params = request.GET.copy()
    params.pop("page", None)
    encoded = params.urlencode()
    return f"{encoded}&" if encoded else ""


def dashboard_figures(org, user, today: datetime.date) -> dict:
    """The dashboard's figures for `org`'s subtree, in a fixed number of queries."""
    from dangjian.members.models import Member, MemberStatus
    from dangjian.orgs import selectors
    from dangjian.orgs.models import OrgKind

    coverage = selectors.coverage_for(org)
    kinds = selectors.kind_counts(org)
    school_orgs = selectors.school_orgs_within(org)
    findings = selectors.findings_for(school_orgs, today)
    danger = sum(1 for items in findings.values() for f in items if f.level == "danger")
    warning = sum(1 for items in findings.values() for f in items if f.level == "warning")
    horizon = today + datetime.timedelta(days=settings.TERM_WARNING_DAYS)
    members = None
    # Member counts are shown only to those who may see members (a principal sees the school,
    # not its members).
    if scope_of(user).allows(Action.MEMBER_VIEW, org.path):
        members = Member.objects.active().filter(org__path__startswith=org.path).aggregate(
            total=Count("id"),
            full=Count("id", filter=Q(status=MemberStatus.FULL)),
            probationary=Count("id", filter=Q(status=MemberStatus.PROBATIONARY)),
        )
    # A city compares its counties; a county, which has no sub-committees, its school types.
    by_child = selectors.coverage_by_child(org)
    chart_title = "各区县学校党组织覆盖率"
    if not by_child:
        by_child = selectors.coverage_by_school_type(org)
        chart_title = "各类学校党组织覆盖率"
    return {
        "org": org,
        "coverage": coverage,
        "schools_total": coverage.public_schools + coverage.private_schools,
        "kinds": kinds,
        "kind_values": {value: kinds[label] for value, label in OrgKind.choices},
        "members": members,
        "school_org_count": len(school_orgs),
        "orgs_with_findings": sum(1 for items in findings.values() if items),
        "danger_findings": danger,
        "warning_findings": warning,
        "terms_overdue": sum(1 for o in school_orgs if o.term_end and o.term_end < today),
        "terms_expiring": sum(1 for o in school_orgs if o.term_end and today <= o.term_end <= horizon),
        "term_warning_days": settings.TERM_WARNING_DAYS,
        "chart_kinds": {"labels": [k for k, n in kinds.items() if n], "values": [n for n in kinds.values() if n]},
        "chart_coverage_title": chart_title,
        "chart_coverage": {
            # "宾阳县教育党工委" → "宾阳县": long rotated labels get clipped on the axis.
            "labels": [name.removesuffix("教育党工委").removesuffix("教育工委") or name for name, _ in by_child],
            "public": [cov.public_rate for _, cov in by_child],
            "private": [cov.private_rate for _, cov in by_child],
        } if by_child else None,
    }


def home(request):
    org = current_org(request)
    scope = scope_of(request.user)
    if org is None and scope.is_superuser:
        from dangjian.orgs.models import PartyOrg

        org = PartyOrg.get_first_root_node()
    if org is None:
        # A member without a post sees their own record, not an organization's figures.
        from dangjian.members.models import Member

        member = (Member.objects.visible_to(request.user).filter(user=request.user)
                  .select_related("org", "group").first())
        return render(request, "core/home_member.html", {"member": member})
    context = dashboard_figures(org, request.user, timezone.localdate())
    return render(request, "core/home.html", context)


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
    from dangjian.orgs.models import PartyOrg, School

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
    return render(request, "core/search.html", context)


def audit_log(request):
    scope = scope_of(request.user)
    if not scope.allows(Action.AUDIT_VIEW):
        raise PermissionDenied("只有上级党组织管理员可以查看审计日志")
    form = AuditFilter(request.GET or None)
    entries = form.apply(AuditEntry.objects.visible_to(request.user, Action.AUDIT_VIEW))
    page = Paginator(entries.order_by("-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    for entry in page.object_list:
        entry.action_label = ACTION_LABELS.get(entry.action, entry.action)
    return render(request, "core/audit.html", {
        "form": form, "page_obj": page, "querystring": querystring_without_page(request),
    })


def notifications(request):
    items = request.user.notifications.order_by("read_at", "-created_at")
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "core/notifications.html", {"page_obj": page, "querystring": ""})


@require_POST
def notification_read(request, pk: int):
    # Looked up among the user's own notifications only: someone else's is a 404.
    notification = get_object_or_404(request.user.notifications, pk=pk)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    if request.POST.get("open") and notification.url.startswith("/") and not notification.url.startswith("//"):
        return redirect(notification.url)
    return redirect("core:notifications")


@require_POST
def notifications_read_all(request):
    count = request.user.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
    messages.success(request, f"已将 {count} 条消息标为已读。")
    return redirect("core:notifications")


def healthz(request):
    """Liveness for the load balancer: answers without a session, reveals nothing."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"}) if request.GET.get("format") == "json" else HttpResponse("ok")


def permission_denied(request, exception=None):
    message = str(exception) if exception and str(exception) else ""
    return render(request, "403.html", {"message": message}, status=403)


def page_not_found(request, exception=None):
    # Never echo the exception: "not yours" and "not there" must read the same.
    if request.path.startswith("/api/"):
        # Paths ninja does not route at all still answer in the API's one error shape.
        return JsonResponse({"code": "not_found", "message": "未找到该记录", "rule": None, "field": None}, status=404)
    return render(request, "404.html", {}, status=404)
