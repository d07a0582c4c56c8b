"""Pages that read organizational life across records: compliance (one organization, and the
higher committee's table over its subtree), members' participation with the 自行脱党 flags,
the rules in force with the stricter local ones, and a member's own attendance."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone

from dangjian.core.errors import RuleViolation
from dangjian.core.roles import Action
from dangjian.core.scoping import scope_of
from dangjian.orglife import compliance as C
from dangjian.orglife import rules as R
from dangjian.orglife import services, summaries
from dangjian.orglife.forms import OverrideForm, QuorumSettingForm
from dangjian.orglife.local_rules import LOCAL_KINDS, LOCAL_RULES
from dangjian.orglife.models import Attendance, FrequencyOverride, QuorumSetting
from dangjian.orglife.participation import participation as participation_of
from dangjian.orglife.views.meetings import _int, orglife_org, parent_of, querystring
from dangjian.orgs.models import OrgKind
from dangjian.orgs.services.local_documents import local_rule_rows

TABLE_PAGE_SIZE = 100


def _period(request, today):
    raw = request.GET.get("period") or R.period_of(today, R.Frequency.QUARTERLY).code
    try:
        return R.parse_period(raw), ""
    except RuleViolation as bad:
        return R.period_of(today, R.Frequency.QUARTERLY), bad.message


def compliance(request):
    """落实情况: the organization's own activities in the period, and its subtree's table. A higher
    committee's table (a county's hundreds of organizations, a city's thousands) comes from the
    summary when the worker has judged the period today (数据截至 its time); a school's few
    organizations are judged live, cheaper than reading the summary and always current."""
    org = orglife_org(request, request.GET.get("org"))
    today = timezone.localdate()
    period, problem = _period(request, today)
    sort = request.GET.get("sort") if request.GET.get("sort") in C.SORTS else "rate"
    snapshot = summaries.current(period, today) if org.kind == OrgKind.EDUCATION_COMMITTEE else None
    if snapshot is not None:
        own = C.org_compliance(org, period, today)
        page, counts, total = summaries.table(org, period, sort, request.GET.get("page"), TABLE_PAGE_SIZE)
    else:
        rows = C.subtree_compliance(org, period, today)
        own = next((r for r in rows if r.org_id == org.pk), None)
        others = [r for r in rows if r.org_id != org.pk]
        others.sort(key=C.SORTS[sort])
        counts = {colour: sum(1 for r in others if r.colour == colour) for colour in ("ok", "warning", "danger", "na")}
        page, total = Paginator(others, TABLE_PAGE_SIZE).get_page(request.GET.get("page")), len(others)
    return render(request, "orglife/compliance.html", {
        "org": org, "period": period, "problem": problem, "own": own, "checks": _checks_with_names(own),
        "page": page, "others": page.object_list, "snapshot": snapshot, "refresh_minutes": summaries.REFRESH_MINUTES,
        "sort": sort, "counts": counts, "total": total, "green_from": R.GREEN_FROM, "yellow_from": R.YELLOW_FROM,
        "previous": _shift(period, -1), "next": _shift(period, 1), "tab": "compliance",
        "parent": parent_of(org, request.user), "querystring": querystring(request),
    })


def _checks_with_names(own) -> list[tuple]:
    """The organization's person checks with the names they lack (one query for all of them)."""
    if own is None or not own.checks:
        return []
    from dangjian.members.models import Member

    ids = {i for c in own.checks for i in c.lacking}
    names = dict(Member.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}
    return [(c, "、".join(names.get(i, "") for i in c.lacking)) for c in own.checks]


def _shift(period: R.Period, step: int) -> R.Period:
    return R.period_of(R.add_months(period.start, step * R.MONTHS_IN[period.unit]), period.unit)


def participation(request):
    """党员参加组织生活情况: attendance rate, and months absent without reason (党章 第九条)."""
    org = orglife_org(request, request.GET.get("org"))
    today = timezone.localdate()
    year = _int(request.GET.get("year"), today.year, 2000, 2100)
    period = R.period_of(today.replace(year=year, month=1, day=1), R.Frequency.YEARLY)
    attendance = Attendance.objects.visible_to(request.user, Action.ORGLIFE_VIEW).filter(
        meeting__org__path__startswith=org.path)
    rows = participation_of(attendance, period.start, period.end, today)
    rows.sort(key=lambda p: (-p.run, p.rate if p.rate is not None else 101, p.name))
    at_risk = [p for p in rows if p.level != "ok"]
    page = Paginator(rows, TABLE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "orglife/participation.html", {
        "org": org, "year": year, "page": page, "rows": page.object_list, "at_risk": len(at_risk),
        "lapse_rule": R.LAPSE_RULES_TEXT, "years": range(today.year, today.year - 6, -1), "tab": "participation",
        "querystring": querystring(request),
    })


def rules_page(request):
    """The rules in force for an organization: the national table and the stricter local ones
    (on its ancestors and in its subtree); forms to add a stricter frequency or the stricter
    quorum of the 党员大会 for those who manage it (`action=quorum` tells the second one)."""
    org = orglife_org(request, request.POST.get("org") if request.method == "POST" else request.GET.get("org"))
    today = timezone.localdate()
    can_manage = scope_of(request.user).allows(Action.ORGLIFE_MANAGE, org.path)
    form, quorum_form = OverrideForm(today=today), QuorumSettingForm(today=today)
    status = 200
    if request.method == "POST":
        if not can_manage:
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied("您的职务不含“登记和管理组织生活”的权限")
        is_quorum = request.POST.get("action") == "quorum"
        bound = QuorumSettingForm(request.POST, today=today) if is_quorum else OverrideForm(request.POST, today=today)
        if bound.is_valid():
            try:
                if is_quorum:
                    services.set_quorum_setting(org, acting_user=request.user, **bound.cleaned_data)
                else:
                    services.set_override(org, acting_user=request.user, **bound.cleaned_data)
            except RuleViolation as refusal:
                bound.add_violation(refusal)
            else:
                messages.success(request, "已发布本辖区的党员大会法定人数规定" if is_quorum else "已发布本辖区的组织生活频次规定")
                return redirect(f"{request.path}?org={org.pk}")
        if is_quorum:
            quorum_form = bound
        else:
            form = bound
        status = 422
    overrides = C.override_rows(org)
    quorum_rows = services.quorum_rows(org)
    in_force = [R.rule_in_force(kind, org.path, today, overrides, quorum_rows) for kind in R.Kind.values]
    rows = FrequencyOverride.objects.filter(
        org__path__in=[o.path for o in overrides]).select_related("org").order_by("org__path", "kind", "effective_from")
    # The quorum settings that reach this organization, and those it or its subtree made.
    quorum_settings = (QuorumSetting.objects.filter(org__path__in=[q.path for q in quorum_rows])
                       | QuorumSetting.objects.filter(org__path__startswith=org.path))
    return render(request, "orglife/rules.html", {
        "org": org, "rules": list(zip(R.NATIONAL.values(), in_force, strict=True)), "overrides": rows,
        "form": form, "quorum_form": quorum_form, "can_manage": can_manage, "tab": "rules",
        "grace_rule": R.R_LOCKED, "lapse_rule": R.LAPSE_RULES_TEXT, "quorum_rule": R.R_QUORUM_SETTING,
        "quorum_settings": quorum_settings.select_related("org").order_by("org__path", "effective_from"),
        "strict_label": R.Quorum.VOTING_MAJORITY.label,
        # (quorum, whose setting) of a 党员大会 here today: "national" unless a committee asked for more
        "quorum_now": R.quorum_in_force(R.Kind.GENERAL_MEETING, org.path, today, quorum_rows),
        # 思想政治课 is local: owed only where a committee above switched it on (its document, since when, by whom)
        **_local(org, today),
    }, status=status)


def _local(org, today) -> dict:
    """The local rules of organizational life for `org` today: each with its document, since when
    and by whom (or not switched on), and the activities not owed here for want of a switch."""
    rows = local_rule_rows(org, [rule.code for rule in LOCAL_RULES], today)
    off = {row["rule"].code for row in rows if row["switch"] is None}
    return {"local_rules": rows, "local_off": {kind for kind, rule in LOCAL_KINDS.items() if rule.code in off}}


def mine(request):
    """我的组织生活: a member's own attendance this year and their figures."""
    member = getattr(request.user, "member", None)
    today = timezone.localdate()
    year = _int(request.GET.get("year"), today.year, 2000, 2100)
    period = R.period_of(today.replace(year=year, month=1, day=1), R.Frequency.YEARLY)
    rows, figures = [], None
    if member is not None:
        own = Attendance.objects.filter(member=member)
        rows = list(own.filter(held_on__gte=period.start, held_on__lte=period.end)
                    .select_related("meeting").order_by("-held_on"))
        figures = next(iter(participation_of(own, period.start, period.end, today)), None)
    return render(request, "orglife/mine.html", {"member": member, "rows": rows, "figures": figures, "year": year,
                                                 "years": range(today.year, today.year - 6, -1),
                                                 "lapse_rule": R.LAPSE_RULES_TEXT})
