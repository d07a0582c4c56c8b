"""师德师风's pages and endpoints in the matrix (issue 17), and the world objects they need.

One line per URL pattern of the ethics part of dangjian/staff/urls.py and per endpoint of
dangjian/staff/api/ethics.py (see the comment at the top of tests/test_permission_matrix.py).

Who may read and keep the ethics records, written by hand from dangjian.core.roles: the committee
administrators (city_admin over the city, county_admin over county A), the secretaries and the
principal on their own school; the organization member (陈静) holds no ethics right, nor does a
plain member. A school or teacher out of sight, or in sight without the right, is 404: the
records are read through visible_to(ethics.view)."""

from __future__ import annotations

from matrix.spec import API, PAGE, SEES, Route

_ETHICS_A = {"city_admin", "county_admin", "secretary_a", "principal_a"}
_ETHICS_C = {"city_admin"}
ETHICS_ON = {"school_a": _ETHICS_A, "school_c": _ETHICS_C, "ethics_staff_a": _ETHICS_A, "ethics_staff_c": _ETHICS_C}
SEES.update({"ethics_staff_a": SEES["school_a"], "ethics_staff_c": SEES["school_c"]})
SCHOOLS = ("school_a", "school_c")
STAFF = ("ethics_staff_a", "ethics_staff_c")
# one school in sight: the index goes straight to its ledger
_ONE_SCHOOL = {"secretary_a", "secretary_b", "principal_a"}


def add_ethics(w) -> None:
    """A teacher of school A and one of school C (county B), through the register's service."""
    import datetime

    from dangjian.staff.services import create_staff_member
    from dangjian.testing.world import make_id_number

    def teacher(school, name, serial):
        return create_staff_member(school, name=name, gender="male", post="teacher",
                                   id_number=make_id_number(datetime.date(1984, 5, 6), 880 + serial),
                                   employed_from=datetime.date(2016, 9, 1), acting_user=None)

    w.ethics_staff_a = teacher(w.school_a, "韩冬", 1)
    w.ethics_staff_c = teacher(w.school_c, "邵峰", 2)


def INDEX(persona, obj):
    if persona in _ONE_SCHOOL:
        return 302
    return 200 if persona in {"city_admin", "county_admin"} else 403


def ON(ok):
    return lambda persona, obj: ok if persona in ETHICS_ON[obj] else 404


_BAD_VIOLATION = {"occurred_on": "2099-01-01", "standard": 9, "description": "收受礼品", "handling": "warning",
                  "decided_on": "2099-01-02", "decided_by": "学校"}

ETHICS_ROUTES: list = [
    Route("staff:ethics", PAGE, INDEX, leaks=("school",)),
    Route("staff:ethics_ledger", PAGE, ON(200), objects=SCHOOLS, kwarg="school"),
    Route("staff:ethics_assess", PAGE, ON(200), objects=SCHOOLS, kwarg="school"),
    Route("staff:ethics_assess", PAGE, ON(422), objects=SCHOOLS, kwarg="school", method="post", data={"year": "2026"}),
    Route("staff:ethics_violation_new", PAGE, ON(200), objects=SCHOOLS, kwarg="school"),
    Route("staff:ethics_violation_new", PAGE, ON(422), objects=SCHOOLS, kwarg="school", method="post", data={}),
    Route("staff:ethics_history", PAGE, ON(200), objects=STAFF),
    Route("api:ethics_violations", API, ON(200), objects=SCHOOLS, kwarg="school"),
    Route("api:ethics_assessments", API, ON(200), objects=SCHOOLS, kwarg="school"),
    # a grade for someone not on the school's staff: refused with its rule where one may write
    Route("api:ethics_assessments_create", API, ON(422), objects=SCHOOLS, kwarg="school", method="post",
          data={"year": 2026, "grades": [{"staff": 2**30, "grade": "qualified"}]}),
    # a violation dated in the future: refused with its rule where one may write, 404 elsewhere
    Route("api:ethics_violation_create", API, ON(422), objects=STAFF, kwarg="staff", param="body", method="post",
          data=_BAD_VIOLATION),
]
