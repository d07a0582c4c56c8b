"""Entering a round's results: the 民主测评 counts from the paper 测评表, the grades decided by
the 支委会 / 党员大会, and the follow-up tasks. The tables post one row per member of the roster;
the services judge the whole submission and a refusal saves nothing — the page comes back with
what was typed and the rule that refused it."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from dangjian.appraisal.forms.review import CloseForm, FollowUpForm
from dangjian.appraisal.models import FollowUp, MemberGrade, PollCount
from dangjian.appraisal.rules import review as R
from dangjian.appraisal.selectors.review import roster, rules_for
from dangjian.appraisal.services import review_followups, review_grades, review_poll
from dangjian.appraisal.views.review import round_detail, visible_round
from dangjian.core.errors import RuleViolation
from dangjian.core.pages import require
from dangjian.core.roles import Action
from dangjian.core.scoping import get_visible_or_404
from dangjian.members.models import Member


def _refusal_text(violation: RuleViolation) -> str:
    return f"{violation.message}。依据：{violation.rule}" if violation.rule else violation.message


def counts(request, pk: int):
    """录入民主测评结果: the number present and, per member, the votes for each grade."""
    round_ = visible_round(request, pk)
    require(request, Action.APPRAISAL_MANAGE, round_.org.path)
    entries = roster(round_)
    saved = {c.member_id: c.as_dict() for c in PollCount.objects.filter(round=round_)}
    error, status = None, 200
    if request.method == "POST":
        present = request.POST.get("present", "")
        rows = [{"member_id": e.member.pk, **{g: request.POST.get(f"c{e.member.pk}-{g}", "").strip() or 0
                                              for g in R.POLL_GRADES}} for e in entries]
        try:
            review_poll.record_counts(round_, present=present, rows=rows, acting_user=request.user)
        except RuleViolation as violation:
            error, status = _refusal_text(violation), 422
            saved = {row["member_id"]: {g: row[g] for g in R.POLL_GRADES} for row in rows}
        else:
            messages.success(request, "已保存民主测评结果")
            return redirect("appraisal:review", pk=round_.pk)
    else:
        present = round_.present or ""
    table = [{"entry": e, "values": [(g, R.Grade(g).label, saved.get(e.member.pk, {}).get(g, 0))
                                     for g in R.POLL_GRADES]} for e in entries]
    return render(request, "appraisal/review/counts.html", {
        "round": round_, "table": table, "present": present, "error": error, "roster_size": len(entries),
        "editable": round_.state == R.Step.POLL and round_.poll_mode == R.PollMode.ENTERED,
        "rule_counts": R.R_COUNTS,
    }, status=status)


def grades(request, pk: int):
    """登记评定等次: the grade of each member, with the 测评 counts beside it and the cap shown."""
    round_ = visible_round(request, pk)
    require(request, Action.APPRAISAL_MANAGE, round_.org.path)
    entries = roster(round_)
    rules = rules_for(round_.org, round_.as_of)
    full = sum(1 for e in entries if not e.probationary)
    counts_by_member = {c.member_id: c for c in PollCount.objects.filter(round=round_)}
    chosen = {g.member_id: (g.grade, g.note) for g in MemberGrade.objects.filter(round=round_)}
    error, status = None, 200
    if request.method == "POST":
        rows = [{"member_id": e.member.pk, "grade": request.POST.get(f"g{e.member.pk}", ""),
                 "note": request.POST.get(f"n{e.member.pk}", "")} for e in entries
                if request.POST.get(f"g{e.member.pk}")]
        try:
            review_grades.record_grades(round_, rows, acting_user=request.user)
        except RuleViolation as violation:
            error, status = _refusal_text(violation), 422
            chosen.update({row["member_id"]: (row["grade"], row["note"]) for row in rows})
        else:
            messages.success(request, f"已保存 {len(rows)} 名党员的评定等次")
            return redirect("appraisal:review", pk=round_.pk)
    table = [{"entry": e, "counts": counts_by_member.get(e.member.pk),
              "options": [(g, R.Grade(g).label) for g in R.allowed_grades(e.probationary, rules)],
              "grade": chosen.get(e.member.pk, ("", ""))[0], "note": chosen.get(e.member.pk, ("", ""))[1]}
             for e in entries]
    return render(request, "appraisal/review/grades.html", {
        "round": round_, "table": table, "error": error, "rules": rules, "full": full,
        "cap": R.excellent_cap(full, rules), "editable": round_.state == R.Step.DECISION, "present": round_.present,
        "rule_cap": R.R_EXCELLENT_CAP, "rule_probationary": R.R_PROBATIONARY,
    }, status=status)


@require_POST
def follow_up(request, pk: int):
    """Update an open task (owner, deadline, measures) or close it with an outcome."""
    task = get_visible_or_404(FollowUp.objects.visible_to(request.user).select_related("grade__round__org"), pk=pk)
    round_ = task.grade.round
    require(request, Action.APPRAISAL_MANAGE, round_.org.path)
    try:
        if request.POST.get("action") == "close":
            form = CloseForm(request.POST, kind=task.kind, prefix=f"close{task.pk}")
            if not form.is_valid():
                raise RuleViolation("；".join(f"{form.fields[f].label}：{e[0]}" if f in form.fields else e[0]
                                             for f, e in form.errors.items()), rule=R.R_FOLLOW_UP)
            data = form.cleaned_data
            review_followups.close_follow_up(task, outcome=data["outcome"], closed_on=data["closed_on"],
                                             decision_org=data.get("decision_org", ""), months=data.get("months"),
                                             acting_user=request.user)
            messages.success(request, f"已办结“{task.get_kind_display()}”")
        else:
            owners = Member.objects.active().filter(org__path__startswith=round_.org.path)
            form = FollowUpForm(request.POST, owners=owners, prefix=f"fu{task.pk}")
            if not form.is_valid():
                raise RuleViolation("；".join(f"{form.fields[f].label}：{e[0]}" if f in form.fields else e[0]
                                             for f, e in form.errors.items()), rule=R.R_FOLLOW_UP)
            data = form.cleaned_data
            review_followups.update_follow_up(task, owner_id=data["owner"], deadline=data["deadline"],
                                              measures=data["measures"], acting_user=request.user)
            messages.success(request, f"已保存“{task.get_kind_display()}”")
    except RuleViolation as violation:
        messages.error(request, _refusal_text(violation))
        return round_detail(request, round_.pk, status=422)
    return redirect(f"{reverse('appraisal:review', args=[round_.pk])}#follow-up-{task.pk}")
