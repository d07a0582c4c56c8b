"""The recruitment app's pages and endpoints (issue 6) in the matrix.

Files belong to branch A, branch B and county B's branch (tests/matrix/world.py); they are seen
with recruitment.view on their organization, which in the world is held exactly by those who do
member work there (WORKS_ON). The principal sees branch A but not its files: 403 on a page about
the organization, 404 on the file itself (a file is found only in the recruitment scope).
"""

from __future__ import annotations

from matrix.spec import ORG_THEN_RIGHT, PAGE, PARTY_WORK, VIEW, WORKS_SOMEWHERE, Route, _guarded

RECRUITMENT_ORGS = ("branch_a", "branch_b", "joint", "county_a", "branch_c1")
FILES = ("file_a", "file_b", "file_c")


def _org_pages(name):
    """A page of an organization's subtree: the persona's own by default, or ?org= chosen."""
    return [
        Route(name, PAGE, PARTY_WORK(), leaks=("org", "file")),
        Route(name, PAGE, ORG_THEN_RIGHT(), objects=RECRUITMENT_ORGS, kwarg="org", param="query",
              leaks=("org", "file")),
    ]


RECRUITMENT_ROUTES = [
    *_org_pages("recruitment:board"),
    *_org_pages("recruitment:due"),
    Route("recruitment:open", PAGE, PARTY_WORK()),
    # an empty application: refused with the form (422) for whoever may open files
    Route("recruitment:open", PAGE, PARTY_WORK(ok=422), method="post", data={"name": ""}),
    Route("recruitment:file", PAGE, VIEW, objects=FILES),
    # step 02 without its date: the form answers 422 to whoever may record it, 404 to the rest
    Route("recruitment:record", PAGE, _guarded(WORKS_SOMEWHERE, ok=422), objects=FILES, method="post",
          data={"step": "02"}),
]
