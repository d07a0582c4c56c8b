"""党建工作联系点 and 巡回督导 in the matrix (issue 17): one line per URL pattern of
dangjian/supervision/liaison_urls.py and per endpoint of dangjian/supervision/api/liaison.py.

Objects (made inside each case by LIAISON_FILLERS, through the services): school A's and school C's
record (the world's schools); a visit to school A by county A's administrator as its liaison, and
one to school C by county B's; a 巡回督导 round of county A (schools A and B) and of county B
(school C), and each round's result for school A / school C.

Who, by hand (core.roles): liaison.view is held by the committee administrators, the secretaries
and the principal — not by the organization committee member (org_member_a), who sees school A
(403 on its record) but none of its visits or results (404, they are scoped by liaison.view), nor
by member_a. liaison.manage (assigning, rounds, scores) by the committee administrators only.
Putting a finding on the ledger needs rectification.issue on the committee (the administrators).
A visit is recorded only by the school's assigned liaison: no persona is assigned to the schools
themselves, so recording one is refused (422, naming the rule) to everyone who may open the school.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from matrix.spec import API, PAGE, SEES, Route

_VIEW_A = {"city_admin", "county_admin", "secretary_a", "principal_a"}
_MANAGE = {"city_admin", "county_admin"}
LIAISON_SEES = {
    "liaison_visit_a": _VIEW_A, "liaison_visit_c": {"city_admin"},
    "inspection_round_a": _MANAGE, "inspection_round_c": {"city_admin"},
    "inspection_result_a": _VIEW_A, "inspection_result_c": {"city_admin"},
}
# Written here, beside the objects (as spec.py adds matrix/supervision.py's): they are not records a list could leak.
SEES.update(LIAISON_SEES)
MANAGES = {"liaison_visit_a": _MANAGE, "liaison_visit_c": {"city_admin"}, "inspection_round_a": _MANAGE,
           "inspection_round_c": {"city_admin"}, "inspection_result_a": _MANAGE, "inspection_result_c": {"city_admin"}}
# the school's record: liaison.view on the school; seeing the school without the right is 403
LIAISON_ON_SCHOOL = {"school_a": _VIEW_A, "school_c": {"city_admin"}}
SCHOOLS = ("school_a", "school_c")
VISITS = ("liaison_visit_a", "liaison_visit_c")
ROUNDS = ("inspection_round_a", "inspection_round_c")
RESULTS = ("inspection_result_a", "inspection_result_c")


def ENTER(persona, obj):
    return 200 if persona in _VIEW_A | {"secretary_b"} else 403


def MANAGER(ok):
    def rule(persona, obj):
        return ok if persona in _MANAGE else 403
    return rule


def SCHOOL(ok):
    def rule(persona, obj):
        if persona not in SEES[obj]:
            return 404
        return ok if persona in LIAISON_ON_SCHOOL[obj] else 403
    return rule


def SEEN(ok=200):
    def rule(persona, obj):
        return ok if persona in SEES[obj] else 404
    return rule


def MANAGED(ok):
    """Seen (else 404), then liaison.manage / rectification.issue on the committee (else 403)."""
    def rule(persona, obj):
        if persona not in SEES[obj]:
            return 404
        return ok if persona in MANAGES[obj] else 403
    return rule


def _today():
    return timezone.localdate()


def _visit(w, side):
    from dangjian.supervision.services import liaison

    school, committee, admin = ((w.school_a, w.county_a, w.county_admin) if side == "a"
                                else (w.school_c, w.county_b, w.county_b_admin))
    liaison.assign_liaison(committee, year=_today().year, liaison=admin, school=school, acting_user=admin)
    return liaison.record_visit(school, visited_on=_today(), visitors="矩阵", findings="矩阵测试走访", acting_user=admin)


def _round(w, side):
    from dangjian.supervision.services import inspection

    today = _today()
    committee, schools = (w.county_a, [w.school_a, w.school_b]) if side == "a" else (w.county_b, [w.school_c])
    return inspection.open_round(committee, title=f"矩阵测试督导{side}", starts_on=today - datetime.timedelta(days=10),
                                 ends_on=today + datetime.timedelta(days=10), schools=schools,
                                 checklist=[{"text": "台账", "max_score": "50"}, {"text": "活动", "max_score": "50"}])


def _result(w, side):
    return _round(w, side).results.get(school=w.school_a if side == "a" else w.school_c)


LIAISON_FILLERS = {
    **{f"liaison_visit_{s}": (lambda w, route, s=s: {route.kwarg: _visit(w, s).pk}) for s in "ac"},
    **{f"inspection_round_{s}": (lambda w, route, s=s: {route.kwarg: _round(w, s).pk}) for s in "ac"},
    **{f"inspection_result_{s}": (lambda w, route, s=s: {route.kwarg: _result(w, s).pk}) for s in "ac"},
}

VISIT = {"visited_on": "2026-01-05", "visitors": "矩阵", "findings": "矩阵测试走访"}
FINDING = {"problem": "矩阵测试问题", "owner_name": "陈静", "deadline": "2099-12-31"}

LIAISON_ROUTES: list = [
    Route("supervision:liaison", PAGE, ENTER, leaks=("school",)),
    Route("supervision:liaison_assign", PAGE, MANAGER(200)),
    Route("supervision:liaison_assign", PAGE, MANAGER(422), method="post", data={"year": ""}),
    Route("supervision:liaison_school", PAGE, SCHOOL(200), objects=SCHOOLS),
    # refused by the service: nobody here is the school's liaison (the rule named on the page)
    Route("supervision:liaison_visit_new", PAGE, SCHOOL(422), objects=SCHOOLS, method="post", data=VISIT),
    Route("supervision:liaison_visit", PAGE, SEEN(), objects=VISITS),
    Route("supervision:liaison_visit_finding", PAGE, MANAGED(422), objects=VISITS, method="post", data={}),
    Route("supervision:inspection_new", PAGE, MANAGER(200)),
    Route("supervision:inspection_round", PAGE, SEEN(), objects=ROUNDS),
    Route("supervision:inspection_close", PAGE, MANAGED(302), objects=ROUNDS, method="post"),
    Route("supervision:inspection_result", PAGE, SEEN(), objects=RESULTS),
    Route("supervision:inspection_result", PAGE, MANAGED(422), objects=RESULTS, method="post", data={}),
    Route("supervision:inspection_finding", PAGE, MANAGED(422), objects=RESULTS, method="post", data={}),
    Route("api:liaison_school_visits", API, SCHOOL(200), objects=SCHOOLS, kwarg="id"),
    Route("api:liaison_visit_record", API, SCHOOL(422), objects=SCHOOLS, kwarg="id", method="post", data=VISIT),
    Route("api:liaison_visit_finding", API, MANAGED(201), objects=VISITS, kwarg="id", method="post", data=FINDING),
    Route("api:inspection_round", API, SEEN(), objects=ROUNDS, kwarg="id"),
    Route("api:inspection_result_record", API, MANAGED(200), objects=RESULTS, kwarg="id", method="post",
          data={"inspected_on": timezone.localdate().isoformat(), "inspectors": "矩阵", "scores": {"n1": "40", "n2": "45"}}),
]
