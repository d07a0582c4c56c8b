"""The staff register's pages and endpoints in the matrix (issue 17), and the world objects they need.

One line per URL pattern of the register part of dangjian/staff/urls.py and per endpoint of
dangjian/staff/api/register.py (see the comment at the top of tests/test_permission_matrix.py).

Who may read and keep the register, written by hand from dangjian.core.roles: the committee
administrators (city_admin over the city, county_admin over county A), the secretary, the
organization member (陈静) and the principal on school A; secretary_b on school B only; the plain
member (杨帆) holds no staff right anywhere (403 on the lists, 404 on an entry). The full ID
number and phone (staff.reveal): the administrators, the secretary and the organization member —
not the principal. An entry out of sight is 404, as a missing one."""

from __future__ import annotations

from matrix.spec import API, PAGE, SEES, Route

_ON_A = {"city_admin", "county_admin", "secretary_a", "org_member_a", "principal_a"}
_ON_C = {"city_admin"}
_REVEAL_A = _ON_A - {"principal_a"}
_WITH_RIGHT = {"city_admin", "county_admin", "secretary_a", "secretary_b", "org_member_a", "principal_a"}
STAFF_ON = {"staff_a": _ON_A, "staff_c": _ON_C, "term_a": _ON_A, "term_c": _ON_C, "school_a": _ON_A, "school_c": _ON_C}
SEES.update({"staff_a": _ON_A, "staff_c": _ON_C, "term_a": _ON_A, "term_c": _ON_C})
STAFF = ("staff_a", "staff_c")
TERMS = ("term_a", "term_c")
SCHOOLS = ("school_a", "school_c")


def add_staff(w) -> None:
    """A teacher of school A and one of school C (county B), each with a leadership seat, through
    the register's services as the system."""
    import datetime

    from dangjian.staff.services import create_staff_member, start_leadership_term
    from dangjian.testing.world import make_id_number

    def entry(school, name, serial):
        staff = create_staff_member(school, name=name, gender="female", post="middle", phone="13700001234",
                                    id_number=make_id_number(datetime.date(1979, 11, 2), 770 + serial, male=False),
                                    employed_from=datetime.date(2010, 9, 1), acting_user=None)
        return staff, start_leadership_term(staff, role="vice_principal", started_on=datetime.date(2020, 9, 1),
                                            acting_user=None)

    w.staff_a, w.term_a = entry(w.school_a, "许岚", 1)
    w.staff_c, w.term_c = entry(w.school_c, "钟敏", 2)


def ANY_RIGHT(ok):
    return lambda persona, obj: ok if persona in _WITH_RIGHT else 403


def ON(ok):
    return lambda persona, obj: ok if persona in STAFF_ON[obj] else 404


def ON_OR_NO_RIGHT(ok):
    """Pages that ask for the right first (403 without it anywhere), then the school (404)."""
    return lambda persona, obj: 403 if persona not in _WITH_RIGHT else ok if persona in STAFF_ON[obj] else 404


def REVEAL(persona, obj):
    if persona not in STAFF_ON[obj]:
        return 404
    return 200 if obj == "staff_c" or persona in _REVEAL_A else 403


STAFF_ROUTES: list = [
    Route("staff:list", PAGE, ANY_RIGHT(200), leaks=("school",)),
    Route("staff:export", PAGE, ANY_RIGHT(200), leaks=("school",)),
    Route("staff:import", PAGE, ANY_RIGHT(200)),
    Route("staff:import", PAGE, ANY_RIGHT(422), method="post", data={}),
    Route("staff:import_template", PAGE, ANY_RIGHT(200)),
    Route("staff:create", PAGE, ON_OR_NO_RIGHT(200), objects=SCHOOLS, kwarg="school"),
    Route("staff:create", PAGE, ON_OR_NO_RIGHT(422), objects=SCHOOLS, kwarg="school", method="post", data={"name": ""}),
    Route("staff:leadership", PAGE, ON_OR_NO_RIGHT(200), objects=SCHOOLS, kwarg="school"),
    Route("staff:detail", PAGE, ON(200), objects=STAFF),
    Route("staff:edit", PAGE, ON(200), objects=STAFF),
    Route("staff:edit", PAGE, ON(422), objects=STAFF, method="post", data={"name": ""}),
    Route("staff:end", PAGE, ON(422), objects=STAFF, method="post", data={"on": "2099-01-01"}),
    Route("staff:reveal", PAGE, REVEAL, objects=STAFF),
    Route("staff:term_add", PAGE, ON(422), objects=STAFF, method="post", data={"role": "principal", "started_on": "1990-01-01"}),
    Route("staff:term_end", PAGE, ON(422), objects=TERMS, method="post", data={"on": "1990-01-01"}),
    Route("api:staff_list", API, ANY_RIGHT(200)),
    Route("api:staff_detail", API, ON(200), objects=STAFF, kwarg="id"),
    # a post category that does not exist: refused with its rule where one may write, 404 elsewhere
    Route("api:staff_create", API, ON(422), objects=SCHOOLS, kwarg="school", param="body", method="post",
          data={"name": "测试", "id_number": "110105199001010010", "post": "门卫", "employed_from": "2020-09-01"}),
    Route("api:staff_update", API, ON(422), objects=STAFF, kwarg="id", method="patch", data={"post": "门卫"}),
]
