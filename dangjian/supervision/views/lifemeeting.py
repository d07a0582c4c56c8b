"""Pages of the 组织生活会 / 民主生活会 process: the list of an organization's subtree (the higher
committee sees its branches' meetings and their 情况报告 against the due day), opening one, the
local rules, and the process page with every step. The forms of the steps post to
views/lifemeeting_steps.py; the documents are in views/lifemeeting_documents.py.

Thin views: reads through the scoped querysets and selectors, writes through the services. Out of
the user's scope 404 (like missing); in scope without the right 403; a refused rule 422 with the
page shown again and the reason next to the form."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone

from dangjian.core.errors import RuleViolation
from dangjian.core.roles import Action
from dangjian.core.scoping import get_visible_or_404, scope_of
from dangjian.orgs.current import org_for
from dangjian.orgs.models import PartyOrg
from dangjian.supervision.forms.lifemeeting import (
    LocalRuleForm,
    OpenForm,
    OpinionForm,
    ReportForm,
    StudyForm,
    SummaryForm,
    TalkHeldForm,
    TalkPlanForm,
)
from dangjian.supervision.models.lifemeeting import Criticism, LifeMeeting, LifeMeetingRule, ReviewMaterial
from dangjian.supervision.models.rectification import RectificationItem
from dangjian.supervision.rules import lifemeeting as R
from dangjian.supervision.selectors import lifemeeting as S
from dangjian.supervision.services import lifemeeting as services
from dangjian.supervision.services.lifemeeting_meeting import open_problems


def _int(raw, default: int, low: int, high: int) -> int:
    try:
        value = int(raw)
    except (TypeError, ValueError):
        return default
    return value if low <= value <= high else default


def life_of(request, pk) -> LifeMeeting:
    return get_visible_or_404(LifeMeeting.objects.visible_to(request.user).select_related("org", "meeting",
                                                                                          "observer_org"), pk=pk)


# --- the list ------------------------------------------------------------------------------------

def processes(request):
    """组织生活会 of an organization's subtree in a year: each one's stage and its 情况报告 against
    the due day, and the organizations that have not opened one yet."""
    org = org_for(request, request.GET.get("org"), Action.ORGLIFE_VIEW)
    today = timezone.localdate()
    year = _int(request.GET.get("year"), today.year, 2000, 2100)
    rows = list(S.processes_within(request.user, org, year))
    seen = {(life.org_id, life.kind) for life in rows}
    missing = [(o, kind) for kind in R.Kind.values for o in S.orgs_owing(org, kind).order_by("path")
               if (o.pk, kind) not in seen]
    statuses = [life.report_status(today) for life in rows]
    counts = {key: statuses.count(key) for key in ("overdue", "late", "on_time", "pending")}
    can_open = org.kind in {k for kinds in R.ORG_KINDS.values() for k in kinds} and \
        scope_of(request.user).allows(Action.ORGLIFE_MANAGE, org.path)
    return render(request, "supervision/lifemeeting/list.html", {
        "org": org, "year": year, "rows": rows, "missing": missing, "counts": counts, "can_open": can_open,
        "years": range(today.year + 1, today.year - 5, -1),
    })


def open_process(request):
    raw = request.POST.get("org") if request.method == "POST" else request.GET.get("org")
    org = org_for(request, raw, Action.ORGLIFE_MANAGE)
    kinds = [(k, R.Kind(k).label) for k, org_kinds in R.ORG_KINDS.items() if org.kind in org_kinds]
    if request.method == "POST":
        form = OpenForm(request.POST)
        form.fields["kind"].choices = kinds
        if form.is_valid():
            try:
                life = services.open_process(org, acting_user=request.user, **form.cleaned_data)
            except RuleViolation as refusal:
                form.add_violation(refusal)
            else:
                messages.success(request, f"已开始准备：{life}")
                return redirect("supervision:life_detail", pk=life.pk)
        return render(request, "supervision/lifemeeting/open.html", {"org": org, "form": form, "kinds": kinds},
                      status=422)
    today = timezone.localdate()
    default = kinds[0][0] if kinds else R.Kind.LIFE_MEETING
    form = OpenForm(initial={"kind": default, "planned_on": today,
                             "topic": f"{today.year}年度{R.Kind(default).label}"})
    form.fields["kind"].choices = kinds
    return render(request, "supervision/lifemeeting/open.html", {"org": org, "form": form, "kinds": kinds})


def local_rules(request):
    """The rules in force for an organization (defaults and local rules above it, each with its
    document), and for a higher committee the form to make them stricter."""
    raw = request.POST.get("org") if request.method == "POST" else request.GET.get("org")
    org = org_for(request, raw, Action.ORGLIFE_VIEW)
    today = timezone.localdate()
    can_set = scope_of(request.user).allows(Action.ORGLIFE_MANAGE, org.path) and \
        org.kind not in {k for kinds in R.ORG_KINDS.values() for k in kinds}
    form = LocalRuleForm(initial={"effective_from": today, "kind": R.Kind.LIFE_MEETING})
    status = 200
    if request.method == "POST":
        org = org_for(request, raw, Action.ORGLIFE_MANAGE)
        form = LocalRuleForm(request.POST)
        if form.is_valid():
            try:
                services.set_local_rule(org, acting_user=request.user, **form.cleaned_data)
            except RuleViolation as refusal:
                form.add_violation(refusal)
            else:
                messages.success(request, "已保存本地规定")
                return redirect(f"{request.path}?org={org.pk}")
        status = 422
    prefixes = [org.path[:i] for i in range(PartyOrg.steplen, len(org.path) + 1, PartyOrg.steplen)]
    rows = LifeMeetingRule.objects.filter(org__path__in=prefixes).select_related("org").order_by("org__path",
                                                                                                  "effective_from")
    in_force = [S.rules_for(org, kind, today) for kind in R.Kind.values]
    return render(request, "supervision/lifemeeting/rules.html", {
        "org": org, "rows": rows, "in_force": in_force, "defaults": R.DEFAULTS, "form": form, "can_set": can_set,
        "local_rule": R.R_LOCAL,
    }, status=status)


# --- the process page ----------------------------------------------------------------------------

def page_context(request, life: LifeMeeting, **extra) -> dict:
    """Everything the process page shows. The step views pass their refused form back through
    `extra` (e.g. study_form=form) so that the reason shows next to it."""
    today = timezone.localdate()
    people = [e.member for e in S.participants(life)]
    can_manage = scope_of(request.user).allows(Action.ORGLIFE_MANAGE, life.org.path)
    preparing = life.stage == R.Stage.PREPARING
    materials = {m.member_id: m for m in ReviewMaterial.objects.filter(life=life).prefetch_related("problems")}
    material_rows = [(None, materials.get(None))] if (life.kind == R.Kind.LEADERSHIP_LIFE_MEETING
                                                      or None in materials) else []
    material_rows += [(person, materials.get(person.pk)) for person in people]
    context = {
        "life": life, "org": life.org, "today": today, "people": people, "can_manage": can_manage,
        "preparing": preparing, "checks": S.readiness(life, today) if preparing else [],
        "studies": life.studies.all(), "opinions": life.opinions.select_related("addressed_to"),
        "talks": life.talks.select_related("talker", "talkee"), "material_rows": material_rows,
        "study_form": StudyForm(initial={"held_on": today, "form": R.StudyForm.COLLECTIVE, "participants": len(people)}),
        "opinion_form": OpinionForm(initial={"collected_on": today}, people=people),
        "summary_form": SummaryForm(initial={"summary": life.opinion_summary}),
        "talk_form": TalkPlanForm(people=people), "talk_held_form": TalkHeldForm(initial={"held_on": today}),
        "stages": R.Stage.choices, "stage_index": R.STAGE_ORDER.index(life.stage),
        "in_force": S.rules_for(life.org, life.kind, S.meeting_day(life)),
    }
    if life.meeting_id:
        attendance = list(life.meeting.attendance.select_related("member").order_by("-present", "member__name"))
        recorded = set(Criticism.objects.filter(life=life, kind=R.CriticismKind.SELF)
                       .values_list("subject_id", flat=True))
        context.update({
            "attendance": attendance, "criticised": recorded,
            "leaders": S.leaders_with_attendance(life) if life.kind == R.Kind.LIFE_MEETING else [],
            "own_branches": S.own_branches(life) if life.kind == R.Kind.LEADERSHIP_LIFE_MEETING else [],
            "dual_life": list(life.dual_life.order_by("name")), "open_problems": list(open_problems(life)),
            "items": RectificationItem.objects.filter(life_problem__material__life=life).order_by("number"),
            "report_form": ReportForm(initial={"reported_on": today}),
        })
    context.update(extra)
    return context


def detail(request, pk):
    life = life_of(request, pk)
    return render(request, "supervision/lifemeeting/detail.html", page_context(request, life))


def meeting_card(request, meeting) -> str | None:
    """The card on an orglife meeting's page (registered through orglife's hook): the whole
    process of the 组织生活会 this record belongs to, for whoever may see it."""
    life = LifeMeeting.objects.visible_to(request.user).filter(meeting=meeting).first()
    if life is None:
        return None
    return render_to_string("supervision/lifemeeting/card.html", {"life": life}, request=request)
