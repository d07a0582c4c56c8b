"""The 廉政风险台账 pages and endpoints (issue 17) in the matrix, and the world objects they need.

One line per URL pattern of dangjian/supervision/integrity_risk_urls.py and each endpoint of
dangjian/supervision/api/integrity_risk.py (see the comment at the top of
tests/test_permission_matrix.py). Written by hand from core.roles: risk.view is held by the
committee admins, the secretaries and the principal (not branch A's organization committee member,
not member_a); risk.manage by the secretaries and the principal on their own school only. A risk
out of the persona's risk.view is 404 (its queryset is scoped by the right), in sight without
risk.manage 403; forms posted empty 422 with the rule named.

The risks risk_a (school A's, owned by a staff member of school A) and risk_c (school C's) are made
inside each case (RISK_FILLERS) through the service as the system, so the savepoint takes them away."""

from __future__ import annotations

import datetime

from matrix.spec import API, PAGE, SEES, Route

VIEWERS = {"city_admin", "county_admin", "secretary_a", "secretary_b", "principal_a"}   # risk.view somewhere
MANAGERS = {"secretary_a", "secretary_b", "principal_a"}                                # risk.manage somewhere
VIEW_ON = {"branch_a": {"city_admin", "county_admin", "secretary_a", "principal_a"}, "committee_c": {"city_admin"}}
MANAGE_ON = {"branch_a": {"secretary_a", "principal_a"}, "committee_c": set()}
RISK_ORG = {"risk_a": "branch_a", "risk_c": "committee_c"}
SEES.update({"risk_a": VIEW_ON["branch_a"], "risk_c": VIEW_ON["committee_c"]})
RISKS = tuple(RISK_ORG)
ORGS = tuple(VIEW_ON)


def risk_of(world, name: str):
    from dangjian.orgs.models import School
    from dangjian.staff.models import StaffMember, StaffPost
    from dangjian.staff.services.register import create_staff_member
    from dangjian.supervision.services.integrity_risk import create_risk
    from dangjian.testing.world import make_id_number

    org = getattr(world, RISK_ORG[name])
    school = School.objects.filter(party_org=org).order_by("code").first()
    # one owner per school, whichever case (or second request of a case) asks first
    owner = StaffMember.objects.filter(school=school, name="矩阵主任").first() or create_staff_member(school, name="矩阵主任", gender="male", id_number=make_id_number(
        datetime.date(1980, 1, 1), 811), post=StaffPost.MIDDLE, employed_from=datetime.date(2010, 9, 1), acting_user=None)
    return create_risk(org, post="总务处主任", description="矩阵测试风险点", level="high", measures="三家以上询价",
                       owner=owner.pk, acting_user=None)


RISK_FILLERS = {name: (lambda w, route, name=name: {"pk": risk_of(w, name).pk}) for name in RISKS}
API_RISK_FILLERS = {f"api_{name}": (lambda w, route, name=name: {"id": risk_of(w, name).pk}) for name in RISKS}
SEES.update({f"api_{name}": SEES[name] for name in RISKS})


def SOMEWHERE(holders, ok=200):
    return lambda persona, obj: ok if persona in holders else 403


def ORG_PAGE(persona, obj):
    """?org= among the organizations the persona sees (else 404), then risk.view on it (else 403)."""
    return 404 if persona not in SEES[obj] else 200 if persona in VIEW_ON[obj] else 403


def RISK(ok_view=200, ok_manage=None):
    """A risk: out of risk.view 404; in sight `ok_view`, or for a form of the keepers `ok_manage` (others 403)."""
    def rule(persona, obj):
        if persona not in SEES[obj]:
            return 404
        if ok_manage is None:
            return ok_view
        return ok_manage if persona in MANAGE_ON[RISK_ORG[obj.removeprefix("api_")]] else 403
    return rule


def API_ORG(ok_view=200, ok_manage=None):
    """The API looks the organization up in risk.view's own scope: 404 for everyone else."""
    def rule(persona, obj):
        if persona not in VIEW_ON[obj]:
            return 404
        if ok_manage is None:
            return ok_view
        return ok_manage if persona in MANAGE_ON[obj] else 403
    return rule


API_RISKS = tuple(f"api_{name}" for name in RISKS)

INTEGRITY_RISK_ROUTES = [
    Route("supervision:integrity_risks", PAGE, SOMEWHERE(VIEWERS), leaks=("org",)),
    Route("supervision:integrity_risks", PAGE, ORG_PAGE, objects=ORGS, kwarg="org", param="query", leaks=("org",)),
    Route("supervision:integrity_risk_new", PAGE, SOMEWHERE(MANAGERS)),
    # posted empty: no post, description, level, measures or owner — refused naming the rule
    Route("supervision:integrity_risk_new", PAGE, SOMEWHERE(MANAGERS, ok=422), method="post", data={}),
    Route("supervision:integrity_risk", PAGE, RISK(), objects=RISKS),
    Route("supervision:integrity_risk_review", PAGE, RISK(ok_manage=422), objects=RISKS, method="post", data={}),
    # the keepers publish what is in the ledger and are sent back to it
    Route("supervision:integrity_risks_publish", PAGE, SOMEWHERE(MANAGERS, ok=302), method="post"),
    Route("supervision:integrity_risks_pdf", PAGE, SOMEWHERE(VIEWERS)),
    Route("supervision:integrity_risks_docx", PAGE, SOMEWHERE(VIEWERS)),
    Route("api:integrity_risks", API, API_ORG(), objects=ORGS, kwarg="org", param="query"),
    Route("api:integrity_risk", API, RISK(), objects=API_RISKS, kwarg="id"),
    Route("api:integrity_risk_create", API, API_ORG(ok_manage=422), objects=ORGS, kwarg="org", param="body",
          method="post", data={"description": ""}),
    Route("api:integrity_risk_review", API, RISK(ok_manage=422), objects=API_RISKS, kwarg="id", method="post",
          data={"outcome": ""}),
]
