"""Pages of 书记抓党建述职评议: the rounds (and, for a school, its own entries), opening a round,
a round with its secretaries, the results by county and school, and a committee's weights and
grade lines. The order of checks is the platform's: out of scope 404, in scope without the right
403, a refused rule 422 with the form and the rule."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone

from dangjian.appraisal.forms.duty_review import DutyRoundForm, SettingForm
from dangjian.appraisal.models import DutyEntry, DutyRound, DutySetting
from dangjian.appraisal.rules import duty_review as R
from dangjian.appraisal.selectors.duty_review import results_by_county, rounds_summary, weights_for, weights_of_round
from dangjian.appraisal.services import duty_review as services
from dangjian.appraisal.services import duty_review_assessment as assessment
from dangjian.appraisal.views.review import _year
from dangjian.core.errors import RuleViolation
from dangjian.core.pages import require
from dangjian.core.roles import Action
from dangjian.core.scoping import get_visible_or_404, scope_of
from dangjian.orgs.current import org_for
from dangjian.orgs.models import OrgKind, PartyOrg


def committees_of(request) -> list[PartyOrg]:
    """The education committees where the user may open a round (市、区县教育工委)."""
    return list(PartyOrg.objects.visible_to(request.user, Action.APPRAISAL_MANAGE)
                .filter(kind=OrgKind.EDUCATION_COMMITTEE, is_active=True).order_by("path")[:200])


def may_assess(request, round_: DutyRound) -> bool:
    return (round_.org.kind == OrgKind.EDUCATION_COMMITTEE
            and scope_of(request.user).allows(Action.APPRAISAL_MANAGE, round_.org.path))


def _kind(raw) -> str:
    return raw if raw in R.Kind.values else ""


def rounds(request):
    """The rounds of the committees in the subtree; for a school, its secretary's entries."""
    org = org_for(request, request.GET.get("org"), Action.APPRAISAL_VIEW)
    year = _year(request.GET.get("year"), None)
    qs = DutyRound.objects.visible_to(request.user).filter(org__path__startswith=org.path).select_related("org")
    if year:
        qs = qs.filter(year=year)
    round_list = list(qs.order_by("-year", "org__path", "kind")[:200])
    summary = rounds_summary(round_list)
    entries = []
    if org.kind != OrgKind.EDUCATION_COMMITTEE:
        entries = list(DutyEntry.objects.visible_to(request.user).filter(org__path__startswith=org.path)
                       .select_related("org", "round__org").order_by("-round__year", "round__kind")[:200])
    today = timezone.localdate()
    return render(request, "appraisal/duty_review/rounds.html", {
        "org": org, "rounds": [(r, summary[r.pk]) for r in round_list], "entries": entries, "year": year,
        "years": range(today.year, today.year - 6, -1), "can_open": bool(committees_of(request)), "today": today,
        "rule_two_way": R.R_TWO_WAY,
    })


def round_new(request):
    """开展述职评议: a committee of the user's, the kind, the year, the deadline."""
    require(request, Action.APPRAISAL_MANAGE)
    orgs = committees_of(request)
    if not orgs:
        raise PermissionDenied(f"开展述职评议由上级教育党组织办理。依据：{R.R_OPENER}")
    today = timezone.localdate()
    initial = {"year": today.year, "kind": R.Kind.PARTY_MONTH,
               "deadline": (today + datetime.timedelta(days=14)).isoformat()}
    form = DutyRoundForm(request.POST or None, orgs=orgs, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            org = next(o for o in orgs if str(o.pk) == data["org"])
            try:
                round_ = services.open_round(org, kind=data["kind"], year=data["year"], deadline=data["deadline"],
                                             meeting_on=data["meeting_on"], note=data["note"],
                                             acting_user=request.user)
            except RuleViolation as violation:
                form.add_violation(violation)
            else:
                messages.success(request, f"已开展述职评议：{round_.entries.count()} 个学校党组织的书记应在 "
                                          f"{round_.deadline:%Y-%m-%d} 前提交述职报告")
                return redirect("appraisal:duty_review", pk=round_.pk)
        return render(request, "appraisal/duty_review/round_new.html", {"form": form, "rule": R.R_TWO_WAY},
                      status=422)
    return render(request, "appraisal/duty_review/round_new.html", {"form": form, "rule": R.R_TWO_WAY})


def round_detail(request, pk: int):
    round_ = get_visible_or_404(DutyRound.objects.visible_to(request.user).select_related("org"), pk=pk)
    entries = list(DutyEntry.objects.visible_to(request.user).filter(round=round_).select_related("org")
                   .order_by("org__path"))
    today = timezone.localdate()
    return render(request, "appraisal/duty_review/round.html", {
        "round": round_, "entries": entries, "weights": weights_of_round(round_), "today": today,
        "overdue": today > round_.deadline, "can_assess": may_assess(request, round_),
        "submitted": sum(1 for e in entries if e.submitted_on), "late": sum(1 for e in entries if e.late),
        "rule_deadline": R.R_DEADLINE, "rule_composite": R.R_COMPOSITE,
    })


def results(request):
    """结果：by county (the committees below the page's organization), then school by school."""
    org = org_for(request, request.GET.get("org"), Action.APPRAISAL_VIEW)
    today = timezone.localdate()
    year = _year(request.GET.get("year"), today.year)
    kind = _kind(request.GET.get("kind"))
    groups = results_by_county(request.user, org, year=year, kind=kind)
    return render(request, "appraisal/duty_review/results.html", {
        "org": org, "year": year, "kind": kind, "kinds": R.Kind.choices, "groups": groups,
        "years": range(today.year, today.year - 6, -1), "grade_labels": [R.Grade(g).label for g in R.GRADES],
        "rule_composite": R.R_COMPOSITE,
    })


def settings_page(request):
    """权重和分数线: those in force for the organization, its own settings, and (a committee) a new one."""
    org = org_for(request, request.GET.get("org"), Action.APPRAISAL_VIEW)
    today = timezone.localdate()
    can_set = org.kind == OrgKind.EDUCATION_COMMITTEE and scope_of(request.user).allows(Action.APPRAISAL_MANAGE,
                                                                                         org.path)
    current = weights_for(org, today)
    form, status = None, 200
    if request.method == "POST":
        form = SettingForm(request.POST)
        if form.is_valid():
            try:
                assessment.set_weights(org, acting_user=request.user, **form.cleaned_data)
            except RuleViolation as violation:
                form.add_violation(violation)
            else:
                messages.success(request, "已保存述职评议的权重和分数线")
                return redirect(f"{request.path}?org={org.pk}")
        status = 422
    elif can_set:
        form = SettingForm(initial={"meeting": current.meeting, "supervision": current.supervision,
                                    "poll": current.poll, "good_min": current.good_min,
                                    "fairly_good_min": current.fairly_good_min, "average_min": current.average_min,
                                    "effective_from": today.isoformat()})
    own = DutySetting.objects.visible_to(request.user).filter(org=org).order_by("-effective_from")
    return render(request, "appraisal/duty_review/settings.html", {
        "org": org, "current": current, "form": form if (can_set or request.method == "POST") else None,
        "own": own, "rules": R.rules_table(), "points": [(R.Grade(g).label, p) for g, p in R.GRADE_POINTS.items()],
    }, status=status)
