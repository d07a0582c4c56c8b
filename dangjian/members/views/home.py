"""The home page (工作台): first the user's to-do — what is theirs to do now, from every module
through dangjian.core.todo — then the current organization's figures (coverage, structure
findings, terms, member counts), or, for a member without a post, their own record.

It lives in members, the lowest app that holds all of its data (the orgs selectors and the
member counts); it keeps its URL name `core:home` (config/urls.py composes the namespace)."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from dangjian.core.dashboard import dashboard_panels
from dangjian.core.roles import Action
from dangjian.core.scoping import scope_of
from dangjian.core.snapshots import snapshot
from dangjian.core.todo import OVERDUE, todo_items
from dangjian.members.models import Member, MemberStatus
from dangjian.orgs import selectors
from dangjian.orgs.current import current_org
from dangjian.orgs.models import OrgKind, PartyOrg
from dangjian.orgs.rules import R_TERM, term_warning_days


def dashboard_figures(org, user, today: datetime.date) -> dict:
    """The dashboard's figures for `org`'s subtree, in a fixed number of queries."""
    coverage = selectors.coverage_for(org)
    kinds = selectors.kind_counts(org)
    school_orgs = selectors.school_orgs_within(org)
    findings = selectors.findings_for(school_orgs, today)
    danger = sum(1 for items in findings.values() for f in items if f.level == "danger")
    warning = sum(1 for items in findings.values() for f in items if f.level == "warning")
    terms_overdue, terms_expiring = selectors.term_counts(school_orgs, today)
    members = None
    # Member counts are shown only to those who may see members (a principal sees the school,
    # not its members).
    if scope_of(user).allows(Action.MEMBER_VIEW, org.path):
        members = Member.objects.active().filter(org__path__startswith=org.path).aggregate(
            total=Count("id"),
            full=Count("id", filter=Q(status=MemberStatus.FULL)),
            probationary=Count("id", filter=Q(status=MemberStatus.PROBATIONARY)),
        )
    # A city compares its counties; a county, which has no sub-committees, its school types.
    by_child = selectors.coverage_by_child(org)
    chart_title = "各区县学校党组织覆盖率"
    if not by_child:
        by_child = selectors.coverage_by_school_type(org)
        chart_title = "各类学校党组织覆盖率"
    return {
        "org": org,
        "coverage": coverage,
        "schools_total": coverage.public_schools + coverage.private_schools,
        "kinds": kinds,
        "kind_values": {value: kinds[label] for value, label in OrgKind.choices},
        "members": members,
        "school_org_count": len(school_orgs),
        "orgs_with_findings": sum(1 for items in findings.values() if items),
        "danger_findings": danger,
        "warning_findings": warning,
        "terms_overdue": terms_overdue,
        "terms_expiring": terms_expiring,
        "term_warning_days": term_warning_days(),
        "term_rule": str(R_TERM),
        "chart_kinds": {"labels": [k for k, n in kinds.items() if n], "values": [n for n in kinds.values() if n]},
        "chart_coverage_title": chart_title,
        "chart_coverage": {
            # "宾阳县教育党工委" → "宾阳县": long rotated labels get clipped on the axis.
            "labels": [name.removesuffix("教育党工委").removesuffix("教育工委") or name for name, _ in by_child],
            "public": [cov.public_rate for _, cov in by_child],
            "private": [cov.private_rate for _, cov in by_child],
        } if by_child else None,
    }


def todo_context(user, org, today: datetime.date) -> dict:
    items = todo_items(user, org, today)
    return {"todo": items, "todo_overdue": sum(1 for i in items if i.level == OVERDUE)}


def home(request):
    org = current_org(request)
    scope = scope_of(request.user)
    if org is None and scope.is_superuser:
        org = PartyOrg.get_first_root_node()
    if org is None:
        # A member without a post sees their own record, not an organization's figures.
        member = (Member.objects.visible_to(request.user).filter(user=request.user)
                  .select_related("org", "group").first())
        # the panels that speak to the person rather than to an organization (e.g. 党务公开)
        today = timezone.localdate()
        panels = dashboard_panels(request, None, today)
        return render(request, "members/home_member.html", {"member": member, "panels": panels,
                                                            **todo_context(request.user, None, today)})
    today = timezone.localdate()

    def compute() -> dict:
        context = dashboard_figures(org, request.user, today)
        context.update(todo_context(request.user, org, today), committee=org.kind == OrgKind.EDUCATION_COMMITTEE)
        # what the domain apps above members add (dangjian.core.dashboard): e.g. the stars of 评星定级
        context["panels"] = dashboard_panels(request, org, today)
        # Rendered without the request: the body is the user's and the organization's, not the page's.
        context["body"] = render_to_string("members/home_body.html", context)
        return context

    # The figures and the to-do read a dozen modules over the whole subtree (41 queries for a city,
    # 54 for a school's secretary): computed once, then reused until an audited write reaches the
    # subtree (dangjian.core.snapshots); the page says when they were computed.
    found = snapshot("home", user=request.user, path=org.path, day=today, compute=compute)
    return render(request, "members/home.html", {**found.value, "body": mark_safe(found.value["body"]),  # noqa: S308
                                                  "as_of": found.as_of})
