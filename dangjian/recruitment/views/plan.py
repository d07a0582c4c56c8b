"""年度发展计划: an organization's plan for a year against what its subtree did, with the
next-level organizations' rows, and the form to set or change the plan (services.set_plan,
audited with the old and new numbers)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from dangjian.core.errors import RuleViolation
from dangjian.core.roles import Action
from dangjian.core.scoping import scope_of
from dangjian.recruitment import selectors, services
from dangjian.recruitment.forms import PlanForm
from dangjian.recruitment.views.files import recruitment_org, require


def plan_year(raw, today) -> int:
    if raw in (None, ""):
        return today.year
    try:
        year = int(raw)
    except ValueError:
        raise Http404("没有这个年度") from None
    if not services.PLAN_YEARS[0] <= year <= services.PLAN_YEARS[1]:
        raise Http404("没有这个年度")
    return year


def plan_page(request):
    org = recruitment_org(request, request.GET.get("org"))
    today = timezone.localdate()
    year = plan_year(request.GET.get("year"), today)
    can_edit = scope_of(request.user).allows(Action.RECRUITMENT_MANAGE, org.path)
    summary = selectors.plan_vs_actual(request.user, org, year)
    own = summary["own"] or {}
    form = PlanForm(request.POST or None, initial={"year": year, **{k: own.get(k) for k in services.PLAN_FIELDS},
                                                   "basis": own.get("basis", "")})
    status = 200
    if request.method == "POST":
        require(request, Action.RECRUITMENT_MANAGE, org.path)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.set_plan(org, data["year"], admitted=data["admitted"], activists=data["activists"],
                                  candidates=data["candidates"], basis=data["basis"], acting_user=request.user)
            except RuleViolation as violation:
                form.add_violation(violation)
            else:
                messages.success(request, f"已保存{org.name}{data['year']}年发展计划：发展党员{data['admitted']}名。")
                return redirect(f"{reverse('recruitment:plan')}?org={org.pk}&year={data['year']}")
        status = 422
    rows = [{**row, "progress": selectors.progress_rows({**row, "measures": summary["measures"]})} for row in summary["rows"]]
    return render(request, "recruitment/plan.html", {
        "org": org, "year": year, "years": range(today.year - 4, today.year + 2), "summary": summary,
        "progress": selectors.progress_rows(summary), "rows": rows, "can_edit": can_edit, "form": form if can_edit else None,
    }, status=status)
