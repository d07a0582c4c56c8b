"""Pages of 巡回督导: opening a round, the round's results by school with totals, one school's
result (its scores per checklist entry and findings; a finding put on the school's 整改台账), and
closing the round. Recording is the committee administrator's (liaison.manage); the school reads
its own result (liaison.view on the school)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangjian.core.errors import RuleViolation
from dangjian.core.pages import require
from dangjian.core.roles import Action
from dangjian.core.scoping import get_visible_or_404, path_filter, scope_of
from dangjian.orgs.models import School
from dangjian.supervision.forms.liaison import FindingForm, ResultForm, RoundForm
from dangjian.supervision.models import InspectionResult
from dangjian.supervision.rules import liaison as R
from dangjian.supervision.selectors import liaison as S
from dangjian.supervision.services import inspection as services
from dangjian.supervision.views.liaison import LIMIT, managed_committees


def round_new(request):
    committees = managed_committees(request.user)
    if not committees:
        require(request, Action.LIAISON_MANAGE)
    schools = list(School.objects.filter(path_filter([c.path for c in committees], "party_org__path", "supervisor__path"))
                   .order_by("name")[:LIMIT * 4])
    today = timezone.localdate()
    form = RoundForm(request.POST or None, committees=committees, schools=schools,
                     initial={"starts_on": today, "title": f"{today.year}年中小学校党建工作巡回督导"})
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                rnd = services.open_round(
                    next(c for c in committees if str(c.pk) == data["committee"]), title=data["title"],
                    starts_on=data["starts_on"], ends_on=data["ends_on"],
                    schools=[s for s in schools if str(s.pk) in set(data["schools"])],
                    checklist=form.checklist_rows(), acting_user=request.user)
            except RuleViolation as violation:
                form.add_violation(violation)
            else:
                messages.success(request, f"已开展巡回督导“{rnd.title}”。")
                return redirect("supervision:inspection_round", pk=rnd.pk)
        return render(request, "supervision/liaison/round_new.html", {"form": form}, status=422)
    return render(request, "supervision/liaison/round_new.html", {"form": form})


def _round(request, pk: int):
    return get_visible_or_404(S.rounds(request.user), pk=pk)


def round_detail(request, pk: int):
    rnd = _round(request, pk)
    entries = list(rnd.checklist.all())
    results = list(rnd.results.select_related("school").prefetch_related("scores"))
    table = []
    for r in results:
        by_entry = {s.entry_id: s.score for s in r.scores.all()}
        table.append((r, [by_entry.get(e.pk) for e in entries]))
    table.sort(key=lambda row: (row[0].total is None, -(row[0].total or 0), row[0].school.name))
    return render(request, "supervision/liaison/round.html", {
        "round": rnd, "entries": entries, "table": table, "full": sum(e.max_score for e in entries),
        "done": sum(1 for r in results if r.inspected_on), "rule": R.R_ROUND,
        "can_manage": scope_of(request.user).allows(Action.LIAISON_MANAGE, rnd.committee.path)})


@require_POST
def round_close(request, pk: int):
    rnd = _round(request, pk)
    services.close_round(rnd, acting_user=request.user)
    messages.success(request, "巡回督导已结束。")
    return redirect("supervision:inspection_round", pk=rnd.pk)


def _result(request, pk: int) -> InspectionResult:
    return get_visible_or_404(InspectionResult.objects.visible_to(request.user)
                              .select_related("round__committee", "school__party_org"), pk=pk)


def _result_page(request, result, *, form=None, finding=None, status=200):
    manage = scope_of(request.user).allows(Action.LIAISON_MANAGE, result.round.committee.path)
    entries = list(result.round.checklist.all())
    open_ = result.round.state == R.RoundState.OPEN
    if form is None and manage and open_:
        initial = {"inspected_on": result.inspected_on or timezone.localdate(), "inspectors": result.inspectors,
                   "findings": result.findings, **{f"score_{s.entry_id}": s.score for s in result.scores.all()}}
        form = ResultForm(initial=initial, entries=entries)
    if finding is None and manage and result.inspected_on and result.school.party_org_id:
        finding = FindingForm(initial={"problem": result.findings[:500]})
    scores = {s.entry_id: s.score for s in result.scores.all()}
    return render(request, "supervision/liaison/result.html", {
        "result": result, "rows": [(e, scores.get(e.pk)) for e in entries], "form": form, "finding": finding,
        "items": S.items_from(request.user, S.INSPECTION_ORIGIN, [result.pk])[result.pk]}, status=status)


def result_detail(request, pk: int):
    result = _result(request, pk)
    if request.method != "POST":
        return _result_page(request, result)
    require(request, Action.LIAISON_MANAGE, result.round.committee.path)
    form = ResultForm(request.POST, entries=list(result.round.checklist.all()))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.record_inspection(result, inspected_on=data["inspected_on"], inspectors=data["inspectors"],
                                       scores=form.scores(), findings=data["findings"], acting_user=request.user)
        except RuleViolation as violation:
            form.add_violation(violation)
        else:
            messages.success(request, f"已登记{result.school.name}的督导考评结果。")
            return redirect("supervision:inspection_result", pk=result.pk)
    return _result_page(request, result, form=form, status=422)


@require_POST
def result_finding(request, pk: int):
    result = _result(request, pk)
    form = FindingForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            item = services.raise_inspection_finding(
                result, problem=data["problem"], owner_name=data["owner_name"], deadline=data["deadline"] or "",
                measures=data["measures"], acting_user=request.user)
        except RuleViolation as violation:
            form.add_violation(violation)
        else:
            messages.success(request, f"已列入{result.school.name}的整改台账：{item.problem[:30]}")
            return redirect("supervision:inspection_result", pk=result.pk)
    return _result_page(request, result, finding=form, status=422)
