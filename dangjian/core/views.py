"""Pages of the platform: the audit log, notifications, the health check and the error pages.
Nothing here changes data except marking one's own notifications read. The dashboard, the
global search and the organization switcher need domain data: they live in the apps that hold
it (members.views.home, orgs.views.shell) and keep their `core:` URL names (config/urls.py)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import F
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from dangjian.core.audit_changes import describe_changes
from dangjian.core.audit_labels import action_label, role_label
from dangjian.core.filters import AuditFilter
from dangjian.core.models import AuditEntry
from dangjian.core.notify import mark_read
from dangjian.core.request_context import note_denial
from dangjian.core.roles import Action
from dangjian.core.scoping import scope_of

PAGE_SIZE = 50


def querystring_without_page(request) -> str:
    """The current filters as "a=1&b=2&" for pagination and sorting links."""
    params = request.GET.copy()
    params.pop("page", None)
    encoded = params.urlencode()
    return f"{encoded}&" if encoded else ""


def audit_log(request):
    scope = scope_of(request.user)
    if not scope.allows(Action.AUDIT_VIEW):
        raise PermissionDenied("只有上级党组织管理员可以查看审计日志")
    form = AuditFilter(request.GET or None)
    entries = form.apply(AuditEntry.objects.visible_to(request.user, Action.AUDIT_VIEW))
    page = Paginator(entries.order_by("-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    for entry in page.object_list:
        # Only words reach the page: the event's name, the actor's posts and the changes' keys
        # and coded values, never their codes.
        entry.action_label = action_label(entry.action)
        entry.role_label = role_label(entry.role)
        entry.change_items = describe_changes(entry.action, entry.object_type, entry.changes)
    return render(request, "core/audit.html", {
        "form": form, "page_obj": page, "querystring": querystring_without_page(request),
    })


def notifications(request):
    # Unread first, on every engine: PostgreSQL sorts NULLs last in ascending order, SQLite first.
    items = request.user.notifications.order_by(F("read_at").asc(nulls_first=True), "-created_at")
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "core/notifications.html", {"page_obj": page, "querystring": ""})


@require_POST
def notification_read(request, pk: int):
    # Looked up among the user's own notifications only: someone else's is a 404.
    mark_read(request.user, pk)
    notification = request.user.notifications.get(pk=pk)
    if request.POST.get("open") and notification.url.startswith("/") and not notification.url.startswith("//"):
        return redirect(notification.url)
    return redirect("core:notifications")


@require_POST
def notifications_read_all(request):
    count = mark_read(request.user)
    messages.success(request, f"已将 {count} 条消息标为已读。")
    return redirect("core:notifications")


def healthz(request):
    """Liveness for the load balancer: answers without a session, reveals nothing."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"}) if request.GET.get("format") == "json" else HttpResponse("ok")


def permission_denied(request, exception=None):
    message = str(exception) if exception and str(exception) else ""
    note_denial(request, message)  # the audit entry of the refusal repeats the reason (core.middleware.audit_refusal)
    return render(request, "403.html", {"message": message}, status=403)


def page_not_found(request, exception=None):
    # Never echo the exception: "not yours" and "not there" must read the same.
    if request.path.startswith("/api/"):
        # Paths ninja does not route at all still answer in the API's one error shape.
        return JsonResponse({"code": "not_found", "message": "未找到该记录", "rule": None, "field": None}, status=404)
    return render(request, "404.html", {}, status=404)
