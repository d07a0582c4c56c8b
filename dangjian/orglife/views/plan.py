"""The annual plan pages: the plan of an organization and year (generated from the rules on
request), editing one item, and the xlsx export (audited; a plan to print, not counted against the bulk-export limit)."""

from __future__ import annotations

import tempfile

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from dangjian.core import audit
from dangjian.core.errors import RuleViolation
from dangjian.core.exports import ExportFile
from dangjian.core.roles import Action
from dangjian.core.scoping import get_visible_or_404, scope_of
from dangjian.orglife import rules as R
from dangjian.orglife import services
from dangjian.orglife.forms import PlanItemForm
from dangjian.orglife.models import PlanItem
from dangjian.orglife.views.meetings import _int, orglife_org, require


def plan(request):
    raw = request.POST.get("org") if request.method == "POST" else request.GET.get("org")
    action = Action.ORGLIFE_MANAGE if request.method == "POST" else Action.ORGLIFE_VIEW
    org = orglife_org(request, raw, action)
    today = timezone.localdate()
    year = _int(request.POST.get("year") or request.GET.get("year"), today.year, 2000, 2100)
    if request.method == "POST":
        try:
            added = services.generate_plan(org, year, acting_user=request.user)
        except RuleViolation as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, f"已按现行规定生成 {added} 项" if added else "计划已完整，没有需要新增的事项")
        return redirect(f"{request.path}?org={org.pk}&year={year}")
    items = services.plan_with_progress(org, year)
    return render(request, "orglife/plan.html", {
        "org": org, "year": year, "items": items, "held": sum(1 for i in items if i.held),
        "can_manage": scope_of(request.user).allows(Action.ORGLIFE_MANAGE, org.path),
        "owes": org.kind in R.ACTIVITIES_BY_ORG_KIND, "years": range(today.year + 1, today.year - 5, -1), "tab": "plan",
    })


def plan_item(request, pk):
    item = get_visible_or_404(PlanItem.objects.visible_to(request.user).select_related("org"), pk=pk)
    require(request, Action.ORGLIFE_MANAGE, item.org.path)
    form = PlanItemForm(request.POST or None, initial={"planned_on": item.planned_on, "topic": item.topic,
                                                       "lecturer_name": item.lecturer_name, "note": item.note})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_plan_item(item, acting_user=request.user, **form.cleaned_data)
            except RuleViolation as refusal:
                form.add_violation(refusal)
            else:
                messages.success(request, "已保存计划事项")
                return redirect(f"{reverse('orglife:plan')}?org={item.org_id}&year={item.year}")
        status = 422
    return render(request, "orglife/plan_item.html", {"item": item, "org": item.org, "form": form,
                                                       "kind_label": R.Kind(item.kind).label}, status=status)


def plan_xlsx(request):
    org = orglife_org(request, request.GET.get("org"))
    today = timezone.localdate()
    year = _int(request.GET.get("year"), today.year, 2000, 2100)
    # A document to print, not a bulk export of personal data: not counted (core.exports.throttle).
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - the FileResponse closes (and so deletes) it
    rows = services.plan_xlsx(handle, org, year, made_on=today)
    handle.seek(0)
    audit.record("orglife.export", org_path=org.path, changes={"kind": "plan", "rows": rows, "year": year,
                                                               "format": "xlsx"})
    return ExportFile(f"{org.name}_{year}年度组织生活计划.xlsx", f"orglife-plan-{year}.xlsx", handle, rows).response()


def calendar(request):
    """活动日历: a month of an organization — held meetings and planned items, by day."""
    import calendar as cal
    import datetime

    from dangjian.orglife.models import Meeting
    from dangjian.orglife.rules import add_months

    org = orglife_org(request, request.GET.get("org"))
    today = timezone.localdate()
    try:
        first = datetime.date.fromisoformat(f"{request.GET.get('month', '')}-01")
    except ValueError:
        first = today.replace(day=1)
    last = add_months(first, 1) - datetime.timedelta(days=1)
    held: dict = {}
    for m in (Meeting.objects.visible_to(request.user).filter(org__path__startswith=org.path, held_on__range=(first, last))
              .select_related("org").order_by("held_on", "id")[:500]):
        held.setdefault(m.held_on, []).append(m)
    planned: dict = {}
    for item in (PlanItem.objects.visible_to(request.user).filter(org__path__startswith=org.path,
                                                                   planned_on__range=(first, last))
                 .order_by("planned_on", "kind")[:500]):
        planned.setdefault(item.planned_on, []).append(item)
    weeks = [[{"day": d, "in_month": d.month == first.month, "held": held.get(d, []), "planned": planned.get(d, []),
               "today": d == today} for d in week]
             for week in cal.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)]
    return render(request, "orglife/calendar.html", {
        "org": org, "first": first, "weeks": weeks, "previous": add_months(first, -1), "next": add_months(first, 1),
        "tab": "calendar", "weekdays": "一二三四五六日",
    })
