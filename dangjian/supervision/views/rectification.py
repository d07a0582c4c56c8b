"""Pages of the 整改台账 about items: the ledger (and its .xlsx), the subtree overview, the to-do
list, an item with its timeline and the forms of its next step, and an evidence file.

Thin views: reads through selectors, writes through services; the order of checks is the
platform's — out of scope 404, in scope without the right 403, a refused rule 422 with the form.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangjian.core import audit
from dangjian.core.errors import RuleViolation
from dangjian.core.roles import Action
from dangjian.core.scoping import get_visible_or_404, scope_of
from dangjian.orgs.current import org_for
from dangjian.supervision import rectification_documents as documents
from dangjian.supervision.forms.rectification import DecisionForm, ProgressForm, RequestForm
from dangjian.supervision.models import Evidence, RectificationItem
from dangjian.supervision.rules import rectification as R
from dangjian.supervision.selectors import rectification as selectors
from dangjian.supervision.services import rectification_flow as flow
from dangjian.supervision.services.rectification import may_approve, may_work_on

PAGE_SIZE = 50
REACHED = {R.EventKind.PROGRESS: R.ItemState.IN_PROGRESS, R.EventKind.REQUESTED: R.ItemState.REQUESTED,
           R.EventKind.APPROVED: R.ItemState.CLOSED}
PATH = [(R.ItemState.OPEN, "待整改"), (R.ItemState.IN_PROGRESS, "整改中"), (R.ItemState.REQUESTED, "申请销号"),
        (R.ItemState.CLOSED, "已销号")]


def rectification_org(request, action: str = Action.RECTIFICATION_VIEW):
    return org_for(request, request.GET.get("org"), action)


def visible_item(request, pk: int) -> RectificationItem:
    return get_visible_or_404(selectors.visible_items(request.user).select_related("org", "batch", "batch__issuer"), pk=pk)


def refusal_text(violation: RuleViolation) -> str:
    return f"{violation.message}。依据：{violation.rule}" if violation.rule else violation.message


def ledger(request):
    """整改台账: the items of the subtree, filtered by state, source and words."""
    org = rectification_org(request)
    item_filter = selectors.ItemFilter.from_query(request.GET)
    if item_filter is None:
        raise Http404("没有这个筛选条件")
    today = timezone.localdate()
    qs = selectors.ledger(request.user, org, item_filter, today)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = item_filter.querystring()
    scope = scope_of(request.user)
    return render(request, "supervision/ledger.html", {
        "org": org, "page_obj": page, "items": [selectors.mark(i, today) for i in page.object_list],
        "filters": item_filter, "states": selectors.STATE_FILTERS, "sources": R.Source.choices,
        "querystring": f"org={org.pk}&{query}&" if query else f"org={org.pk}&", "export_query": f"org={org.pk}&{query}",
        "can_issue": scope.allows(Action.RECTIFICATION_ISSUE, org.path),
        "can_manage": scope.allows(Action.RECTIFICATION_MANAGE, org.path),
    })


def ledger_xlsx(request):
    """整改工作台账 (.xlsx): exactly the filtered ledger; audited (a ledger to print, not counted against the bulk-export limit)."""
    org = rectification_org(request)
    item_filter = selectors.ItemFilter.from_query(request.GET)
    if item_filter is None:
        raise Http404("没有这个筛选条件")
    today = timezone.localdate()
    # A document to print, not a bulk export of personal data: not counted (core.exports.throttle).
    export = documents.ledger_xlsx(selectors.ledger(request.user, org, item_filter, today), org_name=org.name,
                                   today=today)
    audit.record("rectification.export", org_path=org.path, changes={"kind": "ledger", "rows": export.rows,
                                                                     "filters": item_filter.querystring()})
    return export.response()


def overview(request):
    """整改情况总览: per school of the subtree, open, overdue, waiting for 销号 and closed items."""
    org = rectification_org(request)
    today = timezone.localdate()
    result = selectors.overview(org, today)
    page = Paginator(result.rows, 100).get_page(request.GET.get("page"))
    return render(request, "supervision/overview.html", {
        "org": org, "page_obj": page, "rows": page.object_list, "total": result.total, "today": today,
        "querystring": f"org={org.pk}&",
    })


def todo(request):
    """整改待办: 销号 requests to decide, overdue items (escalated first), returned requests, and the
    items the user answers for."""
    org = rectification_org(request)
    today = timezone.localdate()
    marked = lambda qs: [selectors.mark(i, today) for i in qs[:200]]  # noqa: E731
    return render(request, "supervision/todo.html", {
        "org": org, "awaiting": marked(selectors.awaiting_decision(request.user, org)),
        "overdue": marked(selectors.overdue_in(request.user, org, today)),
        "returned": marked(selectors.returned_in(request.user, org)), "mine": marked(selectors.mine(request.user)),
    })


def item_detail(request, pk: int, forms: dict | None = None, status: int = 200):
    item = visible_item(request, pk)
    today = timezone.localdate()
    forms = forms or {}
    can_work = may_work_on(request.user, item) and item.state != R.ItemState.CLOSED
    can_decide = item.state == R.ItemState.REQUESTED and may_approve(request.user, item)
    initial = {"occurred_on": today.isoformat()}
    if can_work and item.state != R.ItemState.REQUESTED:
        forms.setdefault("progress", ProgressForm(initial={**initial, "progress": item.progress}, prefix="progress"))
        forms.setdefault("request", RequestForm(initial=initial, prefix="request"))
    if can_decide:
        forms.setdefault("decision", DecisionForm(prefix="decision"))
    # the states the item has been through, read from its timeline (a report means 整改中 …)
    reached = {R.ItemState.OPEN} | {REACHED[e.kind] for e in item.events.all() if e.kind in REACHED}
    path = [{"label": label, "css": "now" if state == item.state else "done" if state in reached else ""}
            for state, label in PATH]
    if item.state == R.ItemState.RETURNED:
        path.append({"label": "退回", "css": "now"})
    return render(request, "supervision/item.html", {
        "item": selectors.mark(item, today), "batch": item.batch, "timeline": list(item.events.prefetch_related("evidence").order_by("occurred_on", "id")), "path": path,
        "forms": forms, "close_rule": R.R_CLOSE_BY_ISSUER, "evidence_rule": R.R_EVIDENCE,
        "decider": "下达整改任务的上级党组织", "can_decide": can_decide,
    }, status=status)


def _school_step(request, pk: int, form_class, prefix: str, run, done: str):
    """A step of the school's side (报告进展, 申请销号): the form, the service, the page again with the
    refusal next to its field (422), or back to the item."""
    item = visible_item(request, pk)
    if not may_work_on(request.user, item):
        raise PermissionDenied("只有本组织落实整改的人员或本事项责任人、责任领导可以办理")
    form = form_class(request.POST, request.FILES, prefix=prefix)
    if form.is_valid():
        try:
            run(item, form.cleaned_data, request.FILES.getlist(f"{prefix}-files"))
        except RuleViolation as violation:
            form.add_violation(violation)
        else:
            messages.success(request, done)
            return redirect("supervision:item", pk=pk)
    return item_detail(request, pk, forms={prefix: form}, status=422)


@require_POST
def item_progress(request, pk: int):
    return _school_step(request, pk, ProgressForm, "progress", lambda item, data, files: flow.report_progress(
        item, progress=data["progress"], text=data["text"], files=files, occurred_on=data["occurred_on"],
        acting_user=request.user), "已报告整改进展。")


@require_POST
def item_request(request, pk: int):
    return _school_step(request, pk, RequestForm, "request", lambda item, data, files: flow.request_closure(
        item, text=data["text"], files=files, occurred_on=data["occurred_on"], acting_user=request.user),
        "已申请销号，等待上级党组织审核。")


@require_POST
def item_decide(request, pk: int):
    """同意销号 or 退回, by the level that raised the item (or the committee above it)."""
    item = visible_item(request, pk)
    if not may_approve(request.user, item):
        raise PermissionDenied(f"销号须由下达整改任务的上级党组织审核。依据：{R.R_CLOSE_BY_ISSUER}")
    form = DecisionForm(request.POST, prefix="decision")
    decision = request.POST.get("decision")
    if form.is_valid() and decision in ("approve", "return"):
        note = form.cleaned_data["note"]
        try:
            if decision == "approve":
                flow.approve_closure(item, note=note, acting_user=request.user)
            else:
                flow.return_closure(item, reason=note, acting_user=request.user)
        except RuleViolation as violation:
            form.add_violation(violation)
        else:
            messages.success(request, "已同意销号。" if decision == "approve" else "已退回，学校将继续整改。")
            return redirect("supervision:item", pk=pk)
    elif decision not in ("approve", "return"):
        form.add_error(None, "请选择“同意销号”或“退回”")
    return item_detail(request, pk, forms={"decision": form}, status=422)


def evidence(request, pk: int):
    """An evidence file, for whoever may open its item (404 otherwise, like a missing one)."""
    from dangjian.core.exports import content_disposition
    from dangjian.core.uploads import KIND_MIME, upload_root

    row = get_visible_or_404(Evidence.objects.filter(event__item__in=selectors.visible_items(request.user)), pk=pk)
    path = Path(row.path)
    if upload_root().resolve() not in path.resolve().parents or not path.exists():
        raise Http404("未找到该记录")
    response = FileResponse(open(path, "rb"), content_type=KIND_MIME[row.file_kind])  # noqa: SIM115 - closed by Django
    response["Content-Disposition"] = content_disposition(row.name, f"evidence-{row.pk}{path.suffix}")
    response["X-Content-Type-Options"] = "nosniff"
    return response
