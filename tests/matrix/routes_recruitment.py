"""The recruitment app's pages and endpoints (issue 6) in the matrix.

Files belong to branch A, branch B and county B's branch (tests/matrix/world.py); they are seen
with recruitment.view on their organization, which in the world is held exactly by those who do
member work there (WORKS_ON). The principal sees branch A but not its files: 403 on a page about
the organization, 404 on the file itself (a file is found only in the recruitment scope).
"""

from __future__ import annotations

import datetime

from dangjian.testing import make_id_number
from matrix.spec import (
    API,
    MEMBER_WORK_ON,
    ORG_THEN_RIGHT,
    PAGE,
    PARTY_WORK,
    VIEW,
    WORK_ONLY_ON,
    WORKS_SOMEWHERE,
    Route,
    _guarded,
)

RECRUITMENT_ORGS = ("branch_a", "branch_b", "joint", "county_a", "branch_c1")
FILES = ("file_a", "file_b", "file_c")
CONFIGURES = {"city_admin", "county_admin"}   # recruitment.configure: the committee admins
# An applicant of eleven: the application is refused (422, 年满十八岁) after scope and rights, so
# nothing is created whoever sends it.
TOO_YOUNG = {"name": "矩阵测试", "id_number": make_id_number(datetime.date(2015, 1, 1), 899),
             "applied_on": datetime.date.today().isoformat()}


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
    *_org_pages("recruitment:rules"),
    # rosters: recruitment.view and export on the organization (the same holders in the world)
    *_org_pages("recruitment:roster_xlsx"),
    # a stricter limit without its rule: 422 for the committee admins who may set one, 403 for
    # others who see the organization, 404 for the rest
    Route("recruitment:rules", PAGE, _guarded(CONFIGURES, ok=422), objects=RECRUITMENT_ORGS, kwarg="org",
          param="query", method="post", data={"rule_code": ""}),
    # 年度发展计划: an empty plan is refused with the form (422) for whoever does the organization's
    # recruitment work; 403 for others who see it, 404 for the rest
    *_org_pages("recruitment:plan"),
    Route("recruitment:plan", PAGE, ORG_THEN_RIGHT(ok=422), objects=RECRUITMENT_ORGS, kwarg="org", param="query",
          method="post", data={"year": "2026", "admitted": ""}),
    Route("recruitment:open", PAGE, PARTY_WORK()),
    # an empty application: refused with the form (422) for whoever may open files
    Route("recruitment:open", PAGE, PARTY_WORK(ok=422), method="post", data={"name": ""}),
    Route("recruitment:file", PAGE, VIEW, objects=FILES),
    Route("recruitment:material", PAGE, VIEW, objects=FILES, query="kind=checklist"),
    Route("recruitment:material_pdf", PAGE, VIEW, objects=FILES, query="kind=checklist"),
    # step 02 without its date: the form answers 422 to whoever may record it, 404 to the rest
    Route("recruitment:record", PAGE, _guarded(WORKS_SOMEWHERE, ok=422), objects=FILES, method="post",
          data={"step": "02"}),
    # API
    Route("api:recruitment_files", API, PARTY_WORK(), leaks=("file",)),
    Route("api:recruitment_files", API, MEMBER_WORK_ON(), objects=RECRUITMENT_ORGS, kwarg="org", param="query",
          leaks=("file",)),
    Route("api:recruitment_file_create", API, WORK_ONLY_ON(ok=422), objects=RECRUITMENT_ORGS, kwarg="org",
          param="body", method="post", data=TOO_YOUNG),
    Route("api:recruitment_file", API, VIEW, objects=FILES, kwarg="id"),
    # a date before the application: 422 for whoever may record the step, 404 for whoever cannot see it
    Route("api:recruitment_step_create", API, _guarded(WORKS_SOMEWHERE, ok=422), objects=FILES, kwarg="id",
          method="post", data={"step": "02", "date": "2000-01-01", "talker": "矩阵"}),
    Route("api:recruitment_plan", API, WORK_ONLY_ON(), objects=RECRUITMENT_ORGS, kwarg="org", param="query"),
    Route("api:recruitment_due", API, WORK_ONLY_ON(), objects=RECRUITMENT_ORGS, kwarg="org", param="query",
          leaks=("file",)),
]
