"""Pages of 党建工作联系点: the overview (one's own liaison schools, the committee's assignments,
the 巡回督导 rounds), assigning a liaison, a school's record (visits and inspections concerning it,
with the rectification items they raised), recording and planning a visit, a visit's page where a
finding is put on the school's 整改台账."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangjian.core.errors import RuleViolation
from dangjian.core.pages import require
from dangjian.core.roles import Action
from dangjian.core.scoping import get_visible_or_404, path_filter, scope_of
from dangjian.orgs.models import OrgKind, PartyOrg, Position, School
from dangjian.supervision.forms.liaison import AssignForm, FindingForm, PlanForm, VisitForm
from dangjian.supervision.models import LiaisonAssignment
from dangjian.supervision.rules import liaison as R
from dangjian.supervision.selectors import liaison as S
from dangjian.supervision.services import liaison as services

LIMIT = 500


def _may_enter(request) -> None:
    """The overview is for whoever holds liaison.view somewhere or is someone's liaison."""
    if scope_of(request.user).allows(Action.LIAISON_VIEW):
        return
    if not LiaisonAssignment.objects.filter(liaison=request.user).exists():
        require(request, Action.LIAISON_VIEW)


def managed_committees(user) -> list[PartyOrg]:
    paths = scope_of(user).paths_for(Action.LIAISON_MANAGE)
    return list(PartyOrg.objects.filter(path_filter(paths, "path"), kind=OrgKind.EDUCATION_COMMITTEE, is_active=True)
                .order_by("path")[:LIMIT])


def overview(request):
    _may_enter(request)
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        year = today.year
    mine = S.assignment_rows(LiaisonAssignment.objects.filter(liaison=request.user, year=year)
                             .select_related("school").prefetch_related("visits"), today)
    visible = (LiaisonAssignment.objects.visible_to(request.user).filter(year=year)
               .select_related("school", "committee").prefetch_related("visits").order_by("committee__path", "school__name"))
    return render(request, "supervision/liaison/overview.html", {
        "year": year, "years": [today.year + 1, today.year, today.year - 1], "mine": mine,
        "rows": S.assignment_rows(visible[:LIMIT], today), "half": R.half_label(today),
        "rounds": S.rounds(request.user)[:50], "can_manage": bool(managed_committees(request.user)),
        "rule": R.R_VISITS})


def assign(request):
    committees = managed_committees(request.user)
    if not committees:
        require(request, Action.LIAISON_MANAGE)
    today = timezone.localdate()
    liaisons = list(Position.objects.active_on(today).filter(org__in=committees, user__isnull=False)
                    .select_related("org").order_by("org__path", "post", "person_name"))
    schools = list(School.objects.filter(path_filter([c.path for c in committees], "party_org__path", "supervisor__path"))
                   .order_by("name")[:LIMIT * 4])
    form = AssignForm(request.POST or None, committees=committees, liaisons=liaisons, schools=schools)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            committee = next(c for c in committees if str(c.pk) == data["committee"])
            user_id = int(data["liaison"].split(":")[1])
            liaison = next(p.user for p in liaisons if p.user_id == user_id)
            school = next(s for s in schools if str(s.pk) == data["school"])
            try:
                a = services.assign_liaison(committee, year=data["year"], liaison=liaison, school=school,
                                            visits_required=data["visits_required"], acting_user=request.user)
            except RuleViolation as violation:
                form.add_violation(violation)
            else:
                messages.success(request, f"已安排{a.liaison_name}联系{a.school.name}（{a.year}年）。")
                return redirect(f"{reverse('supervision:liaison')}?year={a.year}")
        return render(request, "supervision/liaison/assign.html", {"form": form}, status=422)
    return render(request, "supervision/liaison/assign.html", {"form": form})


def school_for(request, pk: int) -> School:
    return S.school_for(request.user, pk)


def _school_page(request, school, *, visit_form=None, plan_form=None, status=200):
    today = timezone.localdate()
    visits = list(S.visits(request.user).filter(school=school).order_by("-visited_on", "-planned_on")[:200])
    results = list(S.results_of_school(request.user, school).exclude(inspected_on__isnull=True)[:50])
    mine = LiaisonAssignment.objects.filter(school=school, liaison=request.user, year=today.year).exists()
    visit_items = S.items_from(request.user, S.VISIT_ORIGIN, [v.pk for v in visits])
    result_items = S.items_from(request.user, S.INSPECTION_ORIGIN, [r.pk for r in results])
    return render(request, "supervision/liaison/school.html", {
        "school": school, "assignments": S.assignment_rows(
            S.assignments(request.user).filter(school=school).prefetch_related("visits")[:20], today),
        "visits": [(v, visit_items[v.pk]) for v in visits], "results": [(r, result_items[r.pk]) for r in results],
        "mine": mine, "visit_form": visit_form or (VisitForm(initial={"visited_on": today}) if mine else None),
        "plan_form": plan_form or (PlanForm() if mine else None), "half": R.half_label(today), "rule": R.R_VISITS},
        status=status)


def school_record(request, pk: int):
    return _school_page(request, school_for(request, pk))


@require_POST
def visit_new(request, pk: int):
    """Record a visit (or, with action=plan, plan one): the service refuses anyone but the liaison."""
    school = school_for(request, pk)
    if request.POST.get("action") == "plan":
        plan = PlanForm(request.POST)
        if plan.is_valid():
            try:
                services.plan_visit(school, planned_on=plan.cleaned_data["planned_on"], acting_user=request.user)
            except RuleViolation as violation:
                plan.add_violation(violation)
            else:
                messages.success(request, "已登记走访计划。")
                return redirect("supervision:liaison_school", pk=school.pk)
        return _school_page(request, school, plan_form=plan, visit_form=VisitForm(), status=422)
    form = VisitForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        planned = (S.visits(request.user).filter(school=school, state=R.VisitState.PLANNED, assignment__liaison=request.user,
                                                 assignment__year=data["visited_on"].year).order_by("planned_on").first())
        try:
            visit = services.record_visit(school, visited_on=data["visited_on"], visitors=data["visitors"],
                                          findings=data["findings"], visit=planned, acting_user=request.user)
        except RuleViolation as violation:
            form.add_violation(violation)
        else:
            messages.success(request, "已登记走访。发现的问题可在走访记录中列入整改台账。")
            return redirect("supervision:liaison_visit", pk=visit.pk)
    return _school_page(request, school, visit_form=form, plan_form=PlanForm(), status=422)


def _visit(request, pk: int):
    return get_visible_or_404(S.visits(request.user).select_related("assignment__committee", "school__party_org"), pk=pk)


def _visit_page(request, visit, form=None, status=200):
    items = S.items_from(request.user, S.VISIT_ORIGIN, [visit.pk])[visit.pk]
    may_raise = (visit.state == R.VisitState.DONE and visit.school.party_org_id is not None
                 and scope_of(request.user).allows(Action.RECTIFICATION_ISSUE, visit.assignment.committee.path))
    if form is None and may_raise:
        form = FindingForm(initial={"problem": visit.findings[:500]})
    return render(request, "supervision/liaison/visit.html", {"visit": visit, "items": items, "form": form},
                  status=status)


def visit_detail(request, pk: int):
    return _visit_page(request, _visit(request, pk))


@require_POST
def visit_finding(request, pk: int):
    visit = _visit(request, pk)
    form = FindingForm(request.POST)
    if not form.is_valid():
        return _visit_page(request, visit, form, status=422)
    data = form.cleaned_data
    try:
        item = services.raise_visit_finding(visit, problem=data["problem"], owner_name=data["owner_name"],
                                            deadline=data["deadline"] or "", measures=data["measures"],
                                            acting_user=request.user)
    except RuleViolation as violation:
        form.add_violation(violation)
        return _visit_page(request, visit, form, status=422)
    messages.success(request, f"已列入{visit.school.name}的整改台账：{item.problem[:30]}")
    return redirect("supervision:liaison_visit", pk=visit.pk)


def school_card(request, school) -> str:
    """The school's page (orgs) shows the visits and inspections concerning it (registered in
    SupervisionConfig.ready()): whoever may read the school's record here sees the card."""
    user = request.user
    mine = LiaisonAssignment.objects.filter(liaison=user, school=school).exists()
    if not mine and not scope_of(user).allows(Action.LIAISON_VIEW, school.audit_org_path):
        return ""
    visits = list(S.visits(user).filter(school=school, state=R.VisitState.DONE).order_by("-visited_on")[:3])
    results = list(S.results_of_school(user, school).exclude(inspected_on__isnull=True)[:3])
    items = [i for found in S.items_from(user, S.VISIT_ORIGIN, [v.pk for v in visits]).values() for i in found]
    items += [i for found in S.items_from(user, S.INSPECTION_ORIGIN, [r.pk for r in results]).values() for i in found]
    return render_to_string("supervision/liaison/_school_card.html",
                            {"school": school, "visits": visits, "results": results, "items": items}, request=request)
