"""The shell's per-request pieces: the sidebar entries and what the apps registered (the
orgs app's current organization and switcher, dangjian.core.shell). Kept here rather than in
the context processor so that only pages extending base.html pay for the query."""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.conf import settings
from django.template.loader import get_template
from django.urls import get_script_prefix, get_urlconf

from dangjian.core.roles import Action
from dangjian.core.scoping import scope_of
from dangjian.core.shell import shell_parts

register = template.Library()

@register.simple_tag(takes_context=True)
def shell_state(context):
    """Everything the top bar and sidebar need, in one object."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return {"authenticated": False}
    scope = scope_of(request.user)
    return {
        "authenticated": True,
        "can_view_orgs": scope.allows(Action.ORG_VIEW),
        "can_view_audit": scope.allows(Action.AUDIT_VIEW),
        "can_view_members": scope.allows(Action.MEMBER_VIEW),
        "can_edit_members": scope.allows(Action.MEMBER_EDIT),
        "can_view_dues": scope.allows(Action.DUES_VIEW),
        "can_manage_dues": scope.allows(Action.DUES_MANAGE),
        "can_view_recruitment": scope.allows(Action.RECRUITMENT_VIEW),
        "can_manage_recruitment": scope.allows(Action.RECRUITMENT_MANAGE),
        "can_view_orglife": scope.allows(Action.ORGLIFE_VIEW),
        "can_view_decisions": scope.allows(Action.DECISIONS_VIEW),
        "can_oversee_decisions": scope.allows(Action.DECISIONS_OVERSEE),
        "can_view_appraisal": scope.allows(Action.APPRAISAL_VIEW),
        "can_view_rating": scope.allows(Action.RATING_VIEW),
        "can_view_rectification": scope.allows(Action.RECTIFICATION_VIEW),
        "can_view_liaison": scope.allows(Action.LIAISON_VIEW),
        "can_issue_rectification": scope.allows(Action.RECTIFICATION_ISSUE),
        "can_view_disclosure": scope.allows(Action.DISCLOSURE_VIEW),
        "can_view_risk": scope.allows(Action.RISK_VIEW),
        "can_view_pledge": scope.allows(Action.PLEDGE_VIEW),
        "can_view_staff": scope.allows(Action.STAFF_VIEW),
        "can_edit_staff": scope.allows(Action.STAFF_EDIT),
        "can_view_ethics": scope.allows(Action.ETHICS_VIEW),
        "can_view_reports": scope.allows(Action.REPORT_VIEW),
        "can_view_panorama": scope.allows(Action.REPORT_PANORAMA),
        "has_member_record": False,  # the members app's shell part says whether there is one
        **shell_parts(request),
    }


@register.simple_tag(takes_context=True)
def sidebar(context, shell):
    """The sidebar menu. It depends only on the shell's yes/no flags and the current view's name,
    so each combination is rendered once per process and reused: its ~40 links cost 1.5 ms of
    URL reversing and comparisons on every page otherwise. With DEBUG on it is rendered afresh,
    so an edited template shows at once."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    flags = tuple(sorted((key, bool(value)) for key, value in shell.items()
                         if key.startswith(("can_", "has_"))))
    view_name = match.view_name if match else ""
    if settings.DEBUG:
        return _render_sidebar(flags, view_name)
    return _cached_sidebar(flags, view_name, get_script_prefix(), get_urlconf())


def _render_sidebar(flags: tuple, view_name: str) -> str:
    return get_template("partials/sidebar.html").render({"shell": dict(flags), "view_name": view_name})


@lru_cache(maxsize=2048)
def _cached_sidebar(flags: tuple, view_name: str, script_prefix: str, urlconf) -> str:
    # The prefix and URLconf are part of the key: the links are reversed under them.
    return _render_sidebar(flags, view_name)
