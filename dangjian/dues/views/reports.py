"""Dues reports: the arrears list, the monthly collection sheet over a subtree, the yearly
summary, remittances with their reconciliation, and the two workbooks (党费收缴情况表 and the
党务公开 党费交纳情况公示表). Figures come from dangjian.dues.selectors only; the files from
dangjian.dues.exports, audited; tables to print, not counted against the bulk-export limit
(core.exports.throttle)."""

from __future__ import annotations

import tempfile

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from dangjian.core import audit
from dangjian.core import exports as shared_exports
from dangjian.core.errors import RuleViolation
from dangjian.core.exports import ExportFile
from dangjian.core.roles import Action
from dangjian.core.scoping import scope_of
from dangjian.dues import exports, selectors, services
from dangjian.dues import rules as R
from dangjian.dues.forms import RemittanceForm
from dangjian.dues.models import Remittance
from dangjian.dues.views.ledger import BadParameter, dues_org, month_of, problem, require

ARREARS_PAGE_SIZE = 100


def year_of(raw, today) -> int:
    year = shared_exports.parse_year(raw, today)
    if year is None:
        raise BadParameter(shared_exports.year_error(today))
    return year


def arrears(request):
    """欠缴名单: consecutive unpaid months per member, longest first; each row's colour and
    words are its `status` (dues.rules.arrears_status), as in the API and the reminders."""
    org = dues_org(request, request.GET.get("org"))
    rows = selectors.arrears(org)
    page = Paginator(rows, ARREARS_PAGE_SIZE).get_page(request.GET.get("page"))
    can_see_records = scope_of(request.user).allows(Action.MEMBER_VIEW, org.path)
    return render(request, "dues/arrears.html", {
        "org": org, "page_obj": page, "count": len(rows), "querystring": f"org={org.pk}&",
        "lapse_count": sum(1 for r in rows if r.level == R.ArrearsLevel.LAPSE),
        "warning_count": sum(1 for r in rows if r.level == R.ArrearsLevel.WARNING),
        "amount": sum((r.amount for r in rows), selectors.ZERO), "rule": R.R_ARREARS,
        "last_closed": selectors.last_closed_month(timezone.localdate()), "can_see_records": can_see_records,
    })


def collection(request):
    """党费收缴情况: 应缴/实缴 人数和金额 and arrears of a month, one row per child organization
    (summing its subtree) with drill-down; the xlsx lists every billing organization."""
    org = dues_org(request, request.GET.get("org"))
    today = timezone.localdate()
    try:
        month = month_of(request.GET.get("month"), today)
    except BadParameter as bad:
        return problem(request, "月份有误", [str(bad)])
    rows, total = selectors.collection_by_child(org, month)
    return render(request, "dues/collection.html", {
        "org": org, "month": month, "rows": rows, "total": total, "today": today,
        "rolled_up": any(row.drill_down for row in rows),
        "previous_month": R.add_months(month, -1), "next_month": R.add_months(month, 1),
        "has_next": month < R.first_of_month(today),
        "can_export_names": scope_of(request.user).allows(Action.EXPORT, org.path),
    })


def yearly(request):
    """年度党费收缴汇总: the collection sheet's figures per month of a year."""
    org = dues_org(request, request.GET.get("org"))
    today = timezone.localdate()
    try:
        year = year_of(request.GET.get("year"), today)
    except BadParameter as bad:
        return problem(request, "年份有误", [str(bad)])
    rows, total = selectors.yearly_summary(org, year)
    return render(request, "dues/yearly.html", {"org": org, "year": year, "rows": rows, "total": total,
                                                "years": range(today.year, today.year - 5, -1)})


def remittances(request):
    """上缴记录 and reconciliation (collected vs remitted per quarter); the form records one."""
    org = dues_org(request, request.POST.get("org") if request.method == "POST" else request.GET.get("org"))
    today = timezone.localdate()
    try:
        year = year_of(request.GET.get("year"), today)
    except BadParameter as bad:
        return problem(request, "年份有误", [str(bad)])
    can_manage = scope_of(request.user).allows(Action.DUES_MANAGE, org.path)
    form = None
    status = 200
    if can_manage or request.method == "POST":
        form = RemittanceForm(request.POST or None, initial={"remitted_on": today.isoformat(),
                                                             "period_start": f"{R.add_months(today, -1):%Y-%m}",
                                                             "period_end": f"{R.add_months(today, -1):%Y-%m}"})
    if request.method == "POST":
        require(request, Action.DUES_MANAGE, org.path)
        if form.is_valid():
            data = form.cleaned_data
            try:
                row = services.record_remittance(org, period_start=data["period_start"], period_end=data["period_end"],
                                                 amount=data["amount"], remitted_on=data["remitted_on"],
                                                 reference=data["reference"], note=data["note"],
                                                 acting_user=request.user)
            except RuleViolation as violation:
                form.add_violation(violation)
            else:
                messages.success(request, f"已登记上缴 {row.amount:.2f} 元（{row.period_start:%Y年%m月}至"
                                          f"{row.period_end:%Y年%m月}，接收组织：{row.to_org_name or '—'}）。")
                return redirect(f"{reverse('dues:remittances')}?org={org.pk}&year={row.period_end.year}")
        status = 422
    records = list(Remittance.objects.visible_to(request.user).filter(org__path__startswith=org.path,
                                                                      period_end__year=year)
                   .select_related("org").order_by("-period_end", "-id"))
    return render(request, "dues/remittances.html", {
        "org": org, "year": year, "records": records, "reconciliation": selectors.reconciliation(org, year),
        "form": form, "can_manage": can_manage, "years": range(today.year, today.year - 5, -1),
    }, status=status)


# --- workbooks --------------------------------------------------------------------------------

def _workbook(request, *, kind: str, org, filename: str, fallback: str, write, filters: dict):
    # A document to print, not a bulk export of personal data: not counted (core.exports.throttle).
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - the FileResponse closes (and so deletes) it
    rows = write(handle)
    handle.seek(0)
    audit.record("dues.export", org_path=org.path, changes={"kind": kind, "rows": rows, "filters": filters,
                                                            "format": "xlsx"})
    return ExportFile(filename, fallback, handle, rows).response()


def collection_xlsx(request):
    """党费收缴情况表 (xlsx) of a month: figures only, so dues.view is enough."""
    org = dues_org(request, request.GET.get("org"))
    today = timezone.localdate()
    try:
        month = month_of(request.GET.get("month"), today)
    except BadParameter as bad:
        return problem(request, "月份有误", [str(bad)])
    return _workbook(request, kind="collection_sheet", org=org,
                     filename=f"{org.name}_{month:%Y年%m月}党费收缴情况表.xlsx", fallback=f"dues-{month:%Y-%m}.xlsx",
                     write=lambda out: exports.collection_sheet_xlsx(out, org, month, made_on=today),
                     filters={"org": org.code, "month": f"{month:%Y-%m}"})


def disclosure_xlsx(request):
    """党费交纳情况公示表 (党务公开) of a year: names and amounts, so it also needs the export right."""
    org = dues_org(request, request.GET.get("org"))
    require(request, Action.EXPORT, org.path)
    today = timezone.localdate()
    try:
        year = year_of(request.GET.get("year"), today)
    except BadParameter as bad:
        return problem(request, "年份有误", [str(bad)])
    return _workbook(request, kind="disclosure", org=org, filename=f"{org.name}_{year}年度党费交纳情况公示表.xlsx",
                     fallback=f"dues-disclosure-{year}.xlsx",
                     write=lambda out: exports.disclosure_xlsx(out, org, year, made_on=today),
                     filters={"org": org.code, "year": year})
