"""Pages of the 整改台账 about batches: a batch entered by hand or imported from its feedback list
(.xlsx, all rows or none), a batch with its items, adding an item, recording that the 整改情况报告
went up, the report as .docx / PDF, the import template, and a committee's escalation setting."""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangjian.core import audit
from dangjian.core.errors import RuleViolation
from dangjian.core.exports import XLSX, content_disposition
from dangjian.core.pages import require
from dangjian.core.roles import Action
from dangjian.core.scoping import get_visible_or_404, path_filter, scope_of
from dangjian.orgs.models import SCHOOL_ORG_KINDS, PartyOrg
from dangjian.supervision import rectification_documents as documents
from dangjian.supervision.forms.rectification import BatchForm, EscalationForm, ImportForm, ItemForm, ReportedForm
from dangjian.supervision.models import EscalationSetting, RectificationBatch
from dangjian.supervision.rules import rectification as R
from dangjian.supervision.selectors import rectification as selectors
from dangjian.supervision.services import rectification as services
from dangjian.supervision.services import rectification_import as importer
from dangjian.supervision.services.rectification_overdue import escalation_days, set_escalation
from dangjian.supervision.views.rectification import rectification_org

ORG_LIMIT = 3000


def _may_create(request) -> None:
    scope = scope_of(request.user)
    if not (scope.allows(Action.RECTIFICATION_ISSUE) or scope.allows(Action.RECTIFICATION_MANAGE)):
        raise PermissionDenied("您的职务不含“下达整改任务”或“落实整改”的权限")


def _choices(request) -> tuple[list[PartyOrg], list[PartyOrg]]:
    """(organizations a batch may be for, organizations that may raise it) for this user: under a
    rectification.issue post its subtree's school organizations, raised by that post's level; under a
    rectification.manage post the organization itself, raising its own problems."""
    scope = scope_of(request.user)
    issue, manage = scope.paths_for(Action.RECTIFICATION_ISSUE), scope.paths_for(Action.RECTIFICATION_MANAGE)
    orgs = list(PartyOrg.objects.filter(path_filter(issue, "path") | Q(path__in=manage), kind__in=SCHOOL_ORG_KINDS,
                                        is_active=True).order_by("path")[:ORG_LIMIT])
    issuers = list(PartyOrg.objects.filter(path__in=set(issue) | set(manage)).order_by("depth", "path"))
    return orgs, issuers


def _head(form, orgs, issuers) -> dict:
    data = form.cleaned_data
    org = next(o for o in orgs if str(o.pk) == data["org"])
    issuer = next(o for o in issuers if str(o.pk) == data["issuer"])
    return {"org": org, "source": data["source"], "issued_on": data["issued_on"], "issuer": issuer,
            "issuer_detail": data["issuer_detail"], "title": data["title"], "reference": data["reference"]}


def batch_new(request):
    """录入整改批次 by hand: the head first; its items are added on the batch's page."""
    _may_create(request)
    orgs, issuers = _choices(request)
    form = BatchForm(request.POST or None, orgs=orgs, issuers=issuers,
                     initial={"issued_on": timezone.localdate().isoformat()})
    if request.method == "POST":
        if form.is_valid():
            try:
                batch = services.create_rectification_batch(**_head(form, orgs, issuers), acting_user=request.user)
            except RuleViolation as violation:
                form.add_violation(violation)
            else:
                messages.success(request, f"已建立整改批次“{batch.title}”。下一步：逐项录入整改任务。")
                return redirect("supervision:batch", pk=batch.pk)
        return render(request, "supervision/batch_new.html", {"form": form}, status=422)
    return render(request, "supervision/batch_new.html", {"form": form})


def batch_import(request):
    """导入整改问题清单 (.xlsx): every row or none; the bad rows are listed."""
    _may_create(request)
    orgs, issuers = _choices(request)
    form = ImportForm(request.POST or None, request.FILES or None, orgs=orgs, issuers=issuers,
                      initial={"issued_on": timezone.localdate().isoformat()})
    problems: list = []
    if request.method == "POST":
        if form.is_valid():
            try:
                batch = importer.import_batch(form.cleaned_data["file"], **_head(form, orgs, issuers),
                                              acting_user=request.user)
            except importer.ImportRefused as refused:
                problems = refused.problems
                form.add_error(None, str(refused))
            except RuleViolation as violation:
                form.add_violation(violation)
            else:
                audit.record("rectification.import", target=batch, changes={"items": batch.items.count()})
                messages.success(request, f"已导入“{batch.title}”，共 {batch.items.count()} 项整改任务。")
                return redirect("supervision:batch", pk=batch.pk)
        return render(request, "supervision/batch_import.html", {"form": form, "problems": problems}, status=422)
    return render(request, "supervision/batch_import.html", {"form": form, "problems": problems})


def import_template(request):
    require(request, Action.RECTIFICATION_VIEW)
    out = io.BytesIO()
    importer.template(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition("整改问题清单导入模板.xlsx", "rectification-template.xlsx")
    return response


def visible_batch(request, pk: int) -> RectificationBatch:
    return get_visible_or_404(RectificationBatch.objects.visible_to(request.user).select_related("org", "issuer"), pk=pk)


def batch_detail(request, pk: int, item_form=None, reported_form=None, status: int = 200):
    batch = visible_batch(request, pk)
    today = timezone.localdate()
    scope = scope_of(request.user)
    may_add = (scope.allows(Action.RECTIFICATION_MANAGE, batch.org.path) if batch.issuer_id == batch.org_id
               else scope.allows(Action.RECTIFICATION_ISSUE, batch.issuer.path))
    may_report = scope.allows(Action.RECTIFICATION_MANAGE, batch.org.path)
    items = [selectors.mark(i, today) for i in batch.items.select_related("org").order_by("number")]
    return render(request, "supervision/batch.html", {
        "batch": batch, "items": items, "today": today,
        "closed": sum(i.state == R.ItemState.CLOSED for i in items), "overdue": sum(i.overdue for i in items),
        "item_form": item_form or (ItemForm(prefix="item") if may_add else None),
        "reported_form": reported_form or (ReportedForm(initial={"reported_on": today.isoformat()}, prefix="reported")
                                           if may_report and not batch.reported_on else None),
        "report_rule": R.SOURCES[batch.source].report_rule,
        "report_late": bool(batch.report_due and not batch.reported_on and batch.report_due < today),
    }, status=status)


@require_POST
def batch_item_add(request, pk: int):
    batch = visible_batch(request, pk)
    form = ItemForm(request.POST, prefix="item")
    if form.is_valid():
        try:
            item = services.create_rectification_item(batch, **form.cleaned_data, acting_user=request.user)
        except RuleViolation as violation:
            form.add_violation(violation)
        else:
            messages.success(request, f"已录入第 {item.number} 项整改任务。")
            return redirect("supervision:batch", pk=pk)
    return batch_detail(request, pk, item_form=form, status=422)


@require_POST
def batch_reported(request, pk: int):
    batch = visible_batch(request, pk)
    require(request, Action.RECTIFICATION_MANAGE, batch.org.path)
    form = ReportedForm(request.POST, prefix="reported")
    if form.is_valid():
        try:
            services.mark_report_submitted(batch, reported_on=form.cleaned_data["reported_on"], acting_user=request.user)
        except RuleViolation as violation:
            form.add_violation(violation)
        else:
            messages.success(request, "已登记整改情况报告的报送日期。")
            return redirect("supervision:batch", pk=pk)
    return batch_detail(request, pk, reported_form=form, status=422)


def report_document(request, pk: int, fmt: str):
    """整改情况报告 of a batch, as an editable .docx or a PDF."""
    batch = visible_batch(request, pk)
    if fmt not in ("docx", "pdf"):
        raise Http404("没有这种文书")
    today = timezone.localdate()
    name = f"{batch.org.name}关于{batch.title}情况的报告"
    audit.record("rectification.report_document", target=batch, changes={"format": fmt})
    if fmt == "pdf":
        from dangjian.core.pdf import pdf_response

        return pdf_response(documents.report_pdf(batch, today), f"{name}.pdf", f"rectification-report-{batch.pk}.pdf")
    response = HttpResponse(documents.report_docx(batch, today), content_type=documents.DOCX)
    response["Content-Disposition"] = content_disposition(f"{name}.docx", f"rectification-report-{batch.pk}.docx")
    response["Cache-Control"] = "no-store"
    return response


def escalation(request):
    """逾期上报天数: the days in force for the committee's subtree, and a stricter one with its document."""
    org = rectification_org(request, Action.RECTIFICATION_ISSUE)
    today = timezone.localdate()
    form = EscalationForm(request.POST or None, initial={"effective_on": today.isoformat()})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                set_escalation(org, **form.cleaned_data, acting_user=request.user)
            except RuleViolation as violation:
                form.add_violation(violation)
            else:
                messages.success(request, "已设定逾期上报天数。")
                return redirect(f"{reverse('supervision:escalation')}?org={org.pk}")
        status = 422
    days, citation = escalation_days(org.path, today)
    history = EscalationSetting.objects.filter(org__path__in=services.ancestor_paths(org.path)).select_related("org")
    return render(request, "supervision/escalation.html", {
        "org": org, "form": form, "days": days, "citation": citation, "history": history,
        "default_rule": R.R_ESCALATE, "setting_rule": R.R_ESCALATE_SETTING, "report_rule": R.R_REPORT_INSPECTION,
    }, status=status)

