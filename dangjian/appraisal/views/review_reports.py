"""The branch's 民主评议党员结果 report (.docx to edit, PDF to print), the subtree's statistics
(grades per school) and the rules page, where a higher committee makes the rules stricter."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone

from dangjian.appraisal.forms.review import OverrideForm
from dangjian.appraisal.models import ReviewOverride
from dangjian.appraisal.review_documents import review_docx, review_pdf, review_report_data
from dangjian.appraisal.rules import review as R
from dangjian.appraisal.selectors.review import override_rows, rules_for, subtree_statistics
from dangjian.appraisal.services import review_reports
from dangjian.appraisal.views.review import _year, visible_round
from dangjian.core import audit
from dangjian.core.docx import docx_response
from dangjian.core.errors import RuleViolation
from dangjian.core.pdf import pdf_response
from dangjian.core.roles import Action
from dangjian.core.scoping import scope_of
from dangjian.orgs.current import org_for


def round_report(request, pk: int, fmt: str = "docx"):
    """民主评议党员结果报告 of one round: the figures, each member's counts and grade, the tasks."""
    round_ = visible_round(request, pk)
    # A document to print, not a bulk export of personal data: not counted (core.exports.throttle).
    data = review_report_data(round_)
    name = f"{round_.org.name}_{round_.year}年度民主评议党员结果"
    fallback = f"appraisal-{round_.pk}"
    response: HttpResponseBase
    if fmt == "pdf":
        response = pdf_response(review_pdf(data), f"{name}.pdf", f"{fallback}.pdf")
    else:
        response = docx_response(lambda handle: review_docx(handle, data), f"{name}.docx", f"{fallback}.docx")
    audit.record("appraisal.export", target=round_, actor=request.user,
                 changes={"kind": "review_result", "format": fmt, "rows": len(data.rows)})
    return response


def statistics(request):
    """民主评议党员统计: grades per school of the subtree for a year, and the totals."""
    org = org_for(request, request.GET.get("org"), Action.APPRAISAL_VIEW)
    today = timezone.localdate()
    year = _year(request.GET.get("year"), today.year if today.month == 12 else today.year - 1)
    rows, totals = subtree_statistics(org, year)
    graded = sum(totals.values())
    return render(request, "appraisal/review/statistics.html", {
        "org": org, "year": year, "years": range(today.year, today.year - 6, -1), "rows": rows,
        "totals": [(g, R.Grade(g).label, totals.get(g, 0),
                    round(totals.get(g, 0) * 100 / graded, 1) if graded else None) for g in R.Grade.values],
        "graded": graded, "grades": [(g, R.Grade(g).label) for g in R.Grade.values],
        "rounds": sum(r.rounds for r in rows), "reported": sum(r.reported for r in rows),
    })


def rules_page(request):
    """民主评议规定: the rules with their sources, those in force here, and a stricter local rule."""
    org = org_for(request, request.GET.get("org"), Action.APPRAISAL_VIEW)
    today = timezone.localdate()
    can_configure = scope_of(request.user).allows(Action.APPRAISAL_CONFIGURE, org.path)
    form = OverrideForm(request.POST or None, initial={"effective_from": today.isoformat()})
    status = 200
    if request.method == "POST":
        if not can_configure:
            raise PermissionDenied(f"您的职务不含“{Action.APPRAISAL_CONFIGURE.label}”的权限")
        if form.is_valid():
            try:
                review_reports.set_override(org, acting_user=request.user, **form.cleaned_data)
            except RuleViolation as violation:
                form.add_violation(violation)
            else:
                messages.success(request, "已发布本辖区的民主评议规定")
                return redirect(f"{request.path}?org={org.pk}")
        status = 422
    overrides = override_rows(org)
    rows = (ReviewOverride.objects.filter(org__path__in=[o.path for o in overrides]).select_related("org")
            .order_by("org__path", "effective_from"))
    return render(request, "appraisal/review/rules.html", {
        "org": org, "rules": R.rules_table(), "in_force": rules_for(org, today), "overrides": rows,
        "form": form, "can_configure": can_configure, "national": R.NATIONAL,
        "deadlines": [(R.FollowUpKind(k).label, d) for k, d in R.FOLLOW_UP_DAYS.items()],
    }, status=status)

