"""Pages of the organization tree, organizations and schools.

Reads start from `visible_to(user)` (an object out of scope is a 404, like one that does not
exist); a user without the action a page needs gets a 403; every write goes through the
service functions in `dangjian.orgs.services`, whose RuleViolation is shown on the form.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone

from dangjian.core.errors import RuleViolation
from dangjian.core.roles import Action
from dangjian.core.scoping import get_visible_or_404, scope_of
from dangjian.core.views import PAGE_SIZE, querystring_without_page
from dangjian.orgs import hooks, selectors, services
from dangjian.orgs.filters import FindingFilter, OrgFilter, SchoolFilter
from dangjian.orgs.forms import AppointForm, EndPositionForm, OrgForm, SchoolForm
from dangjian.orgs.hooks import appointable_members, school_sections
from dangjian.orgs.models import OrgKind, PartyOrg, Position, School
from dangjian.orgs.rules import R_ORG_STATUS, term_status

TREE_CHILDREN_LIMIT = 300  # a county has ~150 schools; beyond this the list page is the tool


# --- helpers --------------------------------------------------------------------------

def _require(request, action: str = Action.ORG_VIEW, path: str | None = None) -> None:
    """403 for a user whose posts do not include `action` (on `path`, when given)."""
    if not scope_of(request.user).allows(action, path):
        raise PermissionDenied("您的职务不含此项权限")


def term_state(org: PartyOrg, today: datetime.date) -> tuple[str, str]:
    """(status, word) of an organization's term: the same colours everywhere, always a word."""
    term = term_status(org.kind, org.term_end, today)
    return term.state, term.label


def _mark_terms(orgs, today):
    for org in orgs:
        org.term_status, org.term_label = term_state(org, today)
    return orgs


def _ancestors(request, org: PartyOrg) -> list[PartyOrg]:
    """The ancestors the user may see, for the breadcrumbs (one query)."""
    paths = [org.path[:i] for i in range(PartyOrg.steplen, len(org.path), PartyOrg.steplen)]
    return list(PartyOrg.objects.visible_to(request.user).filter(path__in=paths).only("id", "name", "path"))


def _sort_links(request, form) -> dict[str, dict]:
    """For each sortable column: the query string that sorts by it (toggling the direction)
    and an arrow when it is the current sort."""
    params = request.GET.copy()
    params.pop("page", None)
    current = form.sort
    links = {}
    for key in form.sort_fields:
        params["sort"] = f"-{key}" if current == key else key
        arrow = "↑" if current == key else "↓" if current == f"-{key}" else ""
        links[key] = {"query": params.urlencode(), "arrow": arrow}
    return links


def _visible_org(request, pk: int) -> PartyOrg:
    return get_visible_or_404(PartyOrg.objects.visible_to(request.user), pk=pk)


# --- tree -----------------------------------------------------------------------------

def tree(request):
    """The tree starts at the user's scope roots; children load on demand (htmx), because
    the city tree has thousands of nodes."""
    _require(request)
    scope = scope_of(request.user)
    if scope.is_superuser:
        roots = PartyOrg.get_root_nodes()
    else:
        paths = [p for p in scope.paths if scope.allows(Action.ORG_VIEW, p)]
        roots = PartyOrg.objects.filter(path__in=paths, is_active=True)
    return render(request, "orgs/tree.html", {"nodes": list(roots)})


def tree_children(request, pk: int):
    """The partial with one node's children and their child counts."""
    parent = _visible_org(request, pk)
    children = list(
        PartyOrg.objects.visible_to(request.user)
        .filter(path__startswith=parent.path, depth=parent.depth + 1, is_active=True)[:TREE_CHILDREN_LIMIT + 1]
    )
    more = len(children) > TREE_CHILDREN_LIMIT
    return render(request, "orgs/_tree_nodes.html", {
        "nodes": children[:TREE_CHILDREN_LIMIT], "parent": parent, "more": more,
    })


# --- organizations --------------------------------------------------------------------

def org_list(request):
    _require(request)
    form = OrgFilter(request.GET, user=request.user)
    orgs = form.filter(PartyOrg.objects.visible_to(request.user).filter(is_active=True))
    page = Paginator(orgs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = _mark_terms(list(page.object_list), timezone.localdate())
    # Parent names for the page's rows in one query.
    parent_paths = {o.path[:-PartyOrg.steplen] for o in rows if o.depth > 1}
    parents = dict(PartyOrg.objects.filter(path__in=parent_paths).values_list("path", "name"))
    for org in rows:
        org.parent_name = parents.get(org.path[:-PartyOrg.steplen], "")
    return render(request, "orgs/org_list.html", {
        "form": form, "page_obj": page, "rows": rows, "sort": _sort_links(request, form),
        "querystring": querystring_without_page(request),
    })


def org_detail(request, pk: int):
    # An object page answers 404 for anything outside the user's scope (nothing, for a member
    # without a post), exactly as for an id that does not exist.
    org = _visible_org(request, pk)
    today = timezone.localdate()
    scope = scope_of(request.user)
    positions = list(Position.objects.visible_to(request.user).filter(org=org).select_related("member")
                     .order_by("post", "-started_on"))
    current = [p for p in positions if p.started_on <= today and (p.ended_on is None or p.ended_on >= today)]
    past = [p for p in positions if p not in current]
    children = list(PartyOrg.objects.visible_to(request.user)
                    .filter(path__startswith=org.path, depth=org.depth + 1)[:TREE_CHILDREN_LIMIT])
    members = None
    if scope.allows(Action.MEMBER_VIEW, org.path):
        total, full = selectors.member_counts_by_path(org.path).get(org.path, (0, 0))
        members = {"total": total, "full": full, "probationary": total - full}
    context = {
        "org": org,
        "ancestors": _ancestors(request, org),
        "term": term_state(org, today),
        "members": members,
        "current_positions": current,
        "past_positions": past,
        "children": _mark_terms(children, today),
        "schools": list(School.objects.visible_to(request.user).filter(party_org=org)),
        "findings": selectors.findings_for([org], today).get(org.id, []),
        "can_edit": scope.allows(Action.ORG_EDIT, org.path),
        "can_appoint": scope.allows(Action.POSITION_MANAGE, org.path),
    }
    if org.kind == OrgKind.EDUCATION_COMMITTEE:
        context["coverage"] = selectors.coverage_for(org)
    return render(request, "orgs/org_detail.html", context)


def org_edit(request, pk: int):
    org = _visible_org(request, pk)
    _require(request, Action.ORG_EDIT, org.path)
    can_change_status = services.may_change_status(request.user, org)
    initial = {name: getattr(org, name) for name in services.ORG_FIELDS}
    form = OrgForm(request.POST or None, initial=initial, can_change_status=can_change_status)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("status_reason", "")
        changes = {k: v for k, v in data.items() if v != initial[k]}
        try:
            services.update_org(org, acting_user=request.user, reason=reason, **changes)
        except RuleViolation as violation:
            form.add_violation(violation)
        else:
            messages.success(request, _saved_message(org, changes))
            return redirect("orgs:detail", pk=org.pk)
    return render(request, "orgs/org_form.html", {
        "org": org, "ancestors": _ancestors(request, org), "form": form, "title": "编辑组织信息",
        # Said on the page, so nobody looks for the missing checkbox: who switches an org off.
        "status_rule": None if can_change_status else R_ORG_STATUS,
    })


def _saved_message(org: PartyOrg, changes: dict) -> str:
    if "is_active" in changes:
        return f"已{'恢复' if changes['is_active'] else '撤销'}“{org.name}”，原因已记入审计日志。"
    return f"已保存“{org.name}”的组织信息。" if changes else "没有修改任何内容。"


def org_appoint(request, pk: int):
    org = _visible_org(request, pk)
    _require(request, Action.POSITION_MANAGE, org.path)
    # Only members the user may see, and only this organization's own (not a whole county's).
    members = appointable_members(request.user, org)
    form = AppointForm(request.POST or None, org=org, members=members,
                       initial={"started_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        member = data.get("member")
        try:
            services.appoint(org=org, post=data["post"], person_name=data["person_name"],
                             started_on=data["started_on"], member=member,
                             user=member.user if member is not None else None,
                             note=data["note"], acting_user=request.user)
        except RuleViolation as violation:
            form.add_violation(violation)
        else:
            messages.success(request, f"已任命{data['person_name']}。")
            return redirect("orgs:detail", pk=org.pk)
    return render(request, "orgs/org_form.html", {
        "org": org, "ancestors": _ancestors(request, org), "form": form, "title": "任职",
    })


def position_end(request, pk: int, position_pk: int):
    org = _visible_org(request, pk)
    _require(request, Action.POSITION_MANAGE, org.path)
    position = get_visible_or_404(Position.objects.visible_to(request.user).filter(org=org), pk=position_pk)
    form = EndPositionForm(request.POST or None, initial={"ended_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.end_position(position, ended_on=form.cleaned_data["ended_on"],
                                  reason=form.cleaned_data["reason"], acting_user=request.user)
        except RuleViolation as violation:
            form.add_violation(violation)
        else:
            messages.success(request, f"已办理{position.person_name}的离任（{position.get_post_display()}）。")
            return redirect("orgs:detail", pk=org.pk)
    return render(request, "orgs/org_form.html", {
        "org": org, "ancestors": _ancestors(request, org), "form": form,
        "title": f"离任：{position.get_post_display()} {position.person_name}", "position": position,
    })


def findings(request):
    """组织设置问题: the structure findings of every school-level organization in a subtree."""
    _require(request)
    form = FindingFilter(request.GET, user=request.user)
    rows = []
    if form.is_valid():
        if form.within_org is not None:
            roots = [form.within_org]
        else:
            scope = scope_of(request.user)
            roots = (list(PartyOrg.get_root_nodes()) if scope.is_superuser
                     else list(PartyOrg.objects.filter(path__in=scope.paths_for(Action.ORG_VIEW))))
            roots = [r for r in roots if not any(r.path.startswith(o.path) and r != o for o in roots)]
        today = timezone.localdate()
        for root in roots:
            orgs = selectors.school_orgs_within(root)
            found = selectors.findings_for(orgs, today)
            for org in orgs:
                kept = form.keep(org, found.get(org.id, []))
                if kept:
                    rows.append((org, kept))
    rows.sort(key=lambda row: (-sum(f.level == "danger" for f in row[1]), row[0].path))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "orgs/findings.html", {
        "form": form, "page_obj": page, "querystring": querystring_without_page(request),
        "finding_count": sum(len(f) for _, f in rows),
    })


# --- schools --------------------------------------------------------------------------

def school_list(request):
    _require(request)
    visible = School.objects.visible_to(request.user)
    counties = list(visible.order_by("county").values_list("county", flat=True).distinct())
    form = SchoolFilter(request.GET, user=request.user, counties=counties)
    schools = form.filter(visible.select_related("party_org"))
    page = Paginator(schools, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "orgs/school_list.html", {
        "form": form, "page_obj": page, "sort": _sort_links(request, form),
        "querystring": querystring_without_page(request),
    })


def _visible_school(request, pk: int) -> School:
    return get_visible_or_404(School.objects.visible_to(request.user).select_related("party_org", "supervisor"), pk=pk)


def school_detail(request, pk: int):
    school = _visible_school(request, pk)
    scope = scope_of(request.user)
    org = school.party_org
    context = {"school": school, "can_edit": scope.allows(Action.SCHOOL_EDIT, school.supervisor.path)}
    if org is not None:
        today = timezone.localdate()
        context.update(
            term=term_state(org, today),
            findings=selectors.findings_for([org], today).get(org.id, []),
            # A joint branch covers several schools: show the others it covers.
            sibling_schools=list(School.objects.visible_to(request.user).filter(party_org=org).exclude(pk=school.pk)),
            secretary=Position.objects.active_on(today).filter(org=org, post="secretary").first(),
        )
        if scope.allows(Action.MEMBER_VIEW, org.path):
            total, full = selectors.member_counts_by_path(org.path).get(org.path, (0, 0))
            context["members"] = {"total": total, "full": full, "probationary": total - full}
    supervisor_visible = PartyOrg.objects.visible_to(request.user).filter(pk=school.supervisor_id).exists()
    context["supervisor_visible"] = supervisor_visible
    # The register's figures where the school keeps one (dangjian.staff), else the declared ones.
    context["register_counts"] = hooks.staff_counts([school.pk]).get(school.pk)
    context["can_view_staff"] = scope.allows(Action.STAFF_VIEW, school.audit_org_path)
    context["sections"] = school_sections(request, school)
    return render(request, "orgs/school_detail.html", context)


def school_edit(request, pk: int):
    school = _visible_school(request, pk)
    _require(request, Action.SCHOOL_EDIT, school.supervisor.path)
    initial = {name: getattr(school, name) for name in services.SCHOOL_FIELDS}
    form = SchoolForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = {k: v for k, v in form.cleaned_data.items() if v != initial[k]}
        try:
            services.update_school(school, acting_user=request.user, **changes)
        except RuleViolation as violation:
            form.add_violation(violation)
        else:
            messages.success(request, f"已保存“{school.name}”的学校信息。" if changes else "没有修改任何内容。")
            return redirect("orgs:school_detail", pk=school.pk)
    return render(request, "orgs/school_form.html", {"school": school, "form": form})
