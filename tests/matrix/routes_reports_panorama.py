"""The reports app's panorama pages and endpoints in the matrix (issue 16), and the world objects they need.

One line per URL pattern of dangjian/reports/panorama_urls.py (see the comment at the top of
tests/test_permission_matrix.py); who sees which object is written in matrix.spec SEES.

全景 is the committees' (report.panorama, held by the committee administrators of the city and
of county A): without the right anywhere 403; with ?org= an organization out of sight is 404, in
sight without the right 403, and a school-level organization (no 全景 of its own) 404 even to
those who oversee it. Nothing of the world beyond one's own subtree may be named."""

from __future__ import annotations

from matrix.spec import PAGE, SEES, Route

OVERSEERS = {"city_admin", "county_admin"}
COMMITTEES = {"city", "county_a", "county_b"}
OVERSEE_ON = {"city": {"city_admin"}, "county_a": {"city_admin", "county_admin"}, "county_b": {"city_admin"},
              "branch_a": {"city_admin", "county_admin"}}


def SOMEWHERE(persona, obj):
    return 200 if persona in OVERSEERS else 403


def ORG_PAGE(persona, obj):
    if persona not in SEES[obj]:
        return 404
    if persona not in OVERSEE_ON[obj]:
        return 403
    return 200 if obj in COMMITTEES else 404


def _routes(name: str) -> list[Route]:
    return [Route(name, PAGE, SOMEWHERE, leaks=("org", "school", "member")),
            Route(name, PAGE, ORG_PAGE, objects=tuple(OVERSEE_ON), kwarg="org", param="query",
                  leaks=("org", "school", "member"))]


# the summary's .docx and PDF: the same right and the same organizations as the page
PANORAMA_ROUTES: list = [*_routes("reports:panorama"), *_routes("reports:panorama_summary_docx"),
                         *_routes("reports:panorama_summary_pdf")]
