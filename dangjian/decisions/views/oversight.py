"""The higher committee's oversight of its schools' decisions (with drill-down), the rules page
with the local money threshold, and the 小微权力清单 (list, edit, publish; the published list
for members)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangjian.core.errors import RuleViolation
from dangjian.core.pages import require
from dangjian.core.roles import Action
from dangjian.core.scoping import get_visible_or_404, scope_of
from dangjian.decisions import local_rules as LR
from dangjian.decisions import rules as R
from dangjian.decisions import selectors, services
from dangjian.decisions.forms import PowerForm, QuorumSettingForm, SeatForm, ThresholdForm
from dangjian.decisions.models import Body, BodySeat, DecisionMeeting, Power, QuorumSetting, ThresholdSetting
from dangjian.decisions.power_risks import power_risks
from dangjian.decisions.rules import State
from dangjian.decisions.services import add_seat, end_seat, may_keep_seats, party_seats, seats
from dangjian.decisions.views.matters import PAGE_SIZE, decisions_org
from dangjian.orgs.models import SCHOOL_ORG_KINDS
from dangjian.orgs.services.local_documents import local_rule_rows

YEARS_BACK = 5


def _period(request, today):
    raw = request.GET.get("year") or str(today.year)
    if raw == "all":
        return raw, None
    if not raw.isdigit() or not today.year - YEARS_BACK <= int(raw) <= today.year:
        raise Http404("没有这个年度")
    return raw, datetime.date(int(raw), 1, 1)


def oversight(request):
    """议事决策监督: per school, decisions taken, large expenditures no decision covers,
    execution delays and meetings without a quorum — the schools with most problems first."""
    org = decisions_org(request, Action.DECISIONS_OVERSEE)
    today = timezone.localdate()
    year, start = _period(request, today)
    rows = selectors.oversight(org.path, today, start)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    totals = {k: sum(getattr(r, k) for r in rows) for k in
              ("decided", "meetings", "non_quorate", "overdue", "closed_late", "large", "undecided_large")}
    return render(request, "decisions/oversight.html", {
        "org": org, "page_obj": page, "rows": page.object_list, "totals": totals, "schools": len(rows),
        "with_problems": sum(1 for r in rows if r.problems), "year": year,
        "years": [str(y) for y in range(today.year, today.year - YEARS_BACK, -1)],
        "querystring": f"org={org.pk}&year={year}&", "threshold": services.threshold_for(org, today),
    })


def oversight_school(request, pk: int):
    """Drill-down: one school's large expenditures without a decision, overdue and late
    executions, meetings without a quorum."""
    org = decisions_org(request, Action.DECISIONS_OVERSEE)
    from dangjian.orgs.models import PartyOrg

    school = get_visible_or_404(PartyOrg.objects.visible_to(request.user, Action.DECISIONS_OVERSEE)
                                .filter(path__startswith=org.path), pk=pk)
    today = timezone.localdate()
    year, start = _period(request, today)
    matters = selectors.matters_in(request.user, school)
    meetings = DecisionMeeting.objects.filter(org=school, quorate=False)
    if start:
        matters, meetings = matters.filter(raised_on__gte=start), meetings.filter(held_on__gte=start)
    overdue = [selectors.mark(m, today) for m in matters.filter(state=State.EXECUTING, deadline__lt=today)]
    late = [selectors.mark(m, today) for m in matters.filter(closed_on__isnull=False, deadline__isnull=False)
            if m.closed_on > m.deadline]
    return render(request, "decisions/oversight_school.html", {
        "org": org, "school": school, "year": year, "overdue": overdue, "late": late,
        "expenditures": selectors.uncovered_expenditures(school.path, start)[:200],
        "meetings": meetings.order_by("-held_on")[:200],
        "threshold": services.threshold_for(school, today),
    })


def rules_page(request):
    """议事规则 with their sources; the threshold in force here, and its history above; the quorum
    reading in force, and for a higher committee the stricter one to set (`action=quorum`)."""
    org = decisions_org(request)
    today = timezone.localdate()
    can_set = scope_of(request.user).allows(Action.DECISIONS_OVERSEE, org.path)
    is_quorum = request.method == "POST" and request.POST.get("action") == "quorum"
    initial = {"effective_on": today.isoformat()}
    form = ThresholdForm(None if is_quorum else request.POST or None, initial=initial) if can_set else None
    quorum_form = QuorumSettingForm(request.POST if is_quorum else None, initial=initial) if can_set else None
    status = 200
    if is_quorum:
        require(request, Action.DECISIONS_OVERSEE, org.path)
        if quorum_form.is_valid():
            try:
                services.set_strict_quorum(org, acting_user=request.user, **quorum_form.cleaned_data)
            except RuleViolation as violation:
                quorum_form.add_violation(violation)
            else:
                messages.success(request, "已规定本辖区党组织会议须超过半数委员到会。")
                return redirect(f"{request.path}?org={org.pk}")
        status = 422
    elif request.method == "POST":
        require(request, Action.DECISIONS_OVERSEE, org.path)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.set_threshold(org, data["amount"], citation=data["citation"],
                                       effective_on=data["effective_on"], acting_user=request.user)
            except RuleViolation as violation:
                form.add_violation(violation)
            else:
                messages.success(request, "已设定本辖区的大额经费标准。")
                return redirect(f"{request.path}?org={org.pk}")
        status = 422
    bodies = []
    if org.kind in SCHOOL_ORG_KINDS:
        bodies = [("党组织会议（有表决权）", [f"{p.person_name}（{p.get_post_display()}）" for p in party_seats(org, today)]),
                  ("校长办公会", [f"{s['name']}（{s['role']}）" for s in seats(org, Body.PRINCIPAL_OFFICE, today)]),
                  ("教代会（负责人）", [f"{s['name']}（{s['role']}）" for s in seats(org, Body.STAFF_CONGRESS, today)])]
    settings = (ThresholdSetting.objects.filter(org__path__in=services.ancestor_paths(org.path))
                .select_related("org").order_by("org__depth", "-effective_on"))
    return render(request, "decisions/rules.html", {
        "org": org, "rules": R.rules_table(), "categories": R.CATEGORIES.values(), "form": form,
        "threshold": services.threshold_for(org, today), "settings": settings, "bodies": bodies, "transitions": [(State(t.source).label, t.label) for t in R.TRANSITIONS],
        "quorum_form": quorum_form, "strict_quorum": services.strict_quorum_for(org, today),
        "quorum_settings": QuorumSetting.objects.filter(org__path__in=services.ancestor_paths(org.path))
        .select_related("org").order_by("org__depth", "effective_on"),
        **_local(org, today),
    }, status=status)


def _local(org, today: datetime.date) -> dict:
    """The local rules of 议事决策 for `org` today: which categories are local, and whether the
    list that makes them 三重一大 applies here (a listed category is 三重一大 only where it does)."""
    rows = local_rule_rows(org, [rule.code for rule in LR.LOCAL_RULES], today)
    applies = any(row["switch"] is not None for row in rows if row["rule"] == LR.MATTERS_LIST)
    return {"local_rules": rows, "from_the_list": {str(c) for c in LR.FROM_THE_LIST},
            "listed": {str(c) for c in LR.LISTED_CATEGORIES}, "list_applies": applies}


# --- 小微权力清单 -----------------------------------------------------------------------------

def powers(request):
    org = decisions_org(request)
    rows = Power.objects.visible_to(request.user).filter(org__path__startswith=org.path).select_related("org")
    page = Paginator(rows.order_by("org__path", "id"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "decisions/powers.html", {
        "org": org, "page_obj": page, "powers": _with_risks(request, page.object_list), "querystring": f"org={org.pk}&",
        "can_edit": scope_of(request.user).allows(Action.DECISIONS_CONVENE, org.path), "published_view": False,
    })


def _with_risks(request, powers) -> list[Power]:
    """The powers, each with `risks` = (count, link) of its 廉政风险点 when the user may read them
    (counted by the app that keeps the ledger, through dangjian.decisions.power_risks)."""
    powers = list(powers)
    found = power_risks(request.user, powers)
    for power in powers:
        power.risks = found.get(power.pk)
    return powers


def power_edit(request, pk: int | None = None):
    """Add (?org=) or edit an entry; the school's committee keeps its list."""
    if pk is None:
        org = decisions_org(request, Action.DECISIONS_CONVENE)
        power = None
    else:
        power = get_visible_or_404(Power.objects.visible_to(request.user).select_related("org"), pk=pk)
        org = power.org
    require(request, Action.DECISIONS_CONVENE, org.path)
    initial = {k: getattr(power, k) for k in services.POWER_FIELDS} if power else {}
    if power is not None:
        _with_risks(request, [power])
    form = PowerForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.save_power(org, form.cleaned_data, power=power, acting_user=request.user)
            except RuleViolation as violation:
                form.add_violation(violation)
            else:
                messages.success(request, "已保存。修改后请重新公开清单。")
                return redirect(f"{reverse('decisions:powers')}?org={org.pk}")
        return render(request, "decisions/power_edit.html", {"form": form, "org": org, "power": power}, status=422)
    return render(request, "decisions/power_edit.html", {"form": form, "org": org, "power": power})


@require_POST
def powers_publish(request):
    org = decisions_org(request, Action.DECISIONS_CONVENE)
    try:
        count = services.publish_powers(org, acting_user=request.user)
    except RuleViolation as violation:
        messages.error(request, f"{violation.message}。依据：{violation.rule}")
    else:
        messages.success(request, f"已向党员公开 {count} 项小微权力。")
    return redirect(f"{reverse('decisions:powers')}?org={org.pk}")


def powers_published(request):
    """The published 小微权力清单 of the member's own school (what a member may read)."""
    member = getattr(request.user, "member", None)
    if member is None:
        require(request, Action.DECISIONS_VIEW)
        rows = Power.objects.none()
    else:
        rows = (Power.objects.filter(org__path__in=services.ancestor_paths(member.org.path), published_on__isnull=False)
                .select_related("org").order_by("org__path", "id"))
    return render(request, "decisions/powers.html", {"powers": _with_risks(request, rows), "published_view": True,
                                                     "can_edit": False})


def seats_page(request):
    """议事机构成员: who sits on the school's 校长办公会 and 教代会 over time, kept by its secretary
    or principal (the party organization meeting comes from positions and is shown beside)."""
    org = decisions_org(request)
    today = timezone.localdate()
    keeper = may_keep_seats(request.user, org)
    form = SeatForm(request.POST or None, initial={"started_on": today.isoformat()}) if keeper else None
    status = 200
    if request.method == "POST":
        if not keeper:
            raise PermissionDenied("只有本校党组织书记或校长可以维护议事机构成员")
        try:
            if "end" in request.POST:
                seat = get_object_or_404(BodySeat, org=org, pk=_positive(request.POST["end"]))
                ended = _date(request.POST.get("ended_on"))
                end_seat(seat, ended_on=ended, acting_user=request.user)
                messages.success(request, f"已登记{seat.person_name}的{seat.get_body_display()}任期终止。")
                return redirect(f"{request.path}?org={org.pk}")
            if form.is_valid():
                seat = add_seat(org, acting_user=request.user, **form.cleaned_data)
                messages.success(request, f"已登记：{seat.person_name}（{seat.get_body_display()}）。")
                return redirect(f"{request.path}?org={org.pk}")
        except RuleViolation as violation:
            if "end" in request.POST:
                messages.error(request, f"未登记：{violation.message}")
            else:
                form.add_violation(violation)
        status = 422
    rows = BodySeat.objects.filter(org=org).order_by("body", F("ended_on").desc(nulls_first=True), "started_on", "id")
    return render(request, "decisions/seats.html", {
        "org": org, "form": form, "is_school": org.kind in SCHOOL_ORG_KINDS, "today": today,
        "party": party_seats(org, today) if org.kind in SCHOOL_ORG_KINDS else [],
        "rows": [(s, s.ended_on is None or s.ended_on >= today) for s in rows],
    }, status=status)


def _positive(raw) -> int:
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise Http404("没有这个席位") from None
    if not 0 < value < 2**62:
        raise Http404("没有这个席位")
    return value


def _date(raw) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat((raw or "").strip())
    except ValueError:
        return None
