"""The shell's per-request pieces: the sidebar entries and what the apps registered (the
orgs app's current organization and switcher, dangjian.core.shell). Kept here rather than in
the context processor so that only pages extending base.html pay for the query."""

from __future__ import annotations

from django import template

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
        **shell_parts(request),
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
        "can_issue_rectification": scope.allows(Action.RECTIFICATION_ISSUE),
        "can_view_disclosure": scope.allows(Action.DISCLOSURE_VIEW),
        "can_view_reports": scope.allows(Action.REPORT_VIEW),
        "can_view_panorama": scope.allows(Action.REPORT_PANORAMA),
        "has_member_record": hasattr(request.user, "member"),
    }
