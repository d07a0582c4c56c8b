"""The 整改台账 and 党务公开 pages and endpoints (issue 14) in the matrix; the objects and who sees
each are in matrix/supervision.py.

整改台账: rectification.view for the committee admins, the secretaries, the organization committee
member and the principal (member_a none); the school's side (progress, 销号 request, the report's
date) is rectification.manage — the committee admins 403 there; the county's side (adding items to
its batch, deciding a 销号, the escalation setting) is rectification.issue from the issuing level
or above — the school 403. 党务公开 work is disclosure.view (the member-work holders; the
principal 403); a published item is read by its organization's members too. Forms posted empty
answer 422 with the reason.
"""

from __future__ import annotations

from matrix.spec import API, ORG_THEN_RIGHT, PAGE, SEES, VIEW, WORKS_SOMEWHERE, Route, everyone
from matrix.supervision import DECIDERS, DISCLOSURE_WORK, ISSUERS, KEEPERS, REVIEWERS, WORKERS

VIEWERS = {"city_admin", "county_admin", "secretary_a", "secretary_b", "org_member_a", "principal_a"}
CREATORS = {"city_admin", "county_admin", "secretary_a", "secretary_b", "org_member_a"}   # issue or manage somewhere
ISSUING = {"city_admin", "county_admin"}
ORGS = ("branch_a", "branch_b", "county_a", "branch_c1")
# rectification.view / .issue on each organization (a post on it or above)
VIEW_ON = {"branch_a": VIEWERS - {"secretary_b"}, "branch_b": {"city_admin", "county_admin", "secretary_b"},
           "county_a": ISSUING, "branch_c1": {"city_admin"}}
ISSUE_ON = {"branch_a": ISSUING, "branch_b": ISSUING, "county_a": ISSUING, "branch_c1": {"city_admin"}}
# a 巡察 batch for an organization is raised by the committee above it: for county A itself, the city
RAISE_FOR = {**ISSUE_ON, "county_a": {"city_admin"}}
ITEMS = ("item_a", "item_b", "item_c")
REQUESTED = ("item_requested_a", "item_requested_c")
BATCHES = ("batch_a", "batch_b", "batch_c")
EVIDENCE = ("evidence_a", "evidence_c")
DISCLOSURES = ("disclosure_draft_a", "disclosure_a", "disclosure_b", "disclosure_c")
NEW_BATCH = {"source": "inspection", "issued_on": "2026-01-05",
             "items": [{"problem": "矩阵测试问题", "owner_name": "矩阵", "deadline": "2099-12-31"}]}


def SOMEWHERE(holders, ok=200):
    return lambda persona, obj: ok if persona in holders else 403


def ORG_PAGE(table, ok=200):
    """?org= among the organizations the persona sees (else 404), then the right on it (else 403)."""
    return lambda persona, obj: 404 if persona not in SEES[obj] else ok if persona in table[obj] else 403


def ON(table, ok):
    """An object in sight: `ok` for those the table names, 403 for the others; out of sight 404."""
    return lambda persona, obj: 404 if persona not in SEES[obj] else ok if persona in table[obj] else 403


def IN_RIGHT_SCOPE(table, ok=200):
    """API reads that look the organization up in the right's own scope: 404 for everyone else."""
    return lambda persona, obj: ok if persona in table[obj] else 404


def _pages(name, **kwargs):
    return [Route(name, PAGE, SOMEWHERE(VIEWERS), leaks=("org",), **kwargs),
            Route(name, PAGE, ORG_PAGE(VIEW_ON), objects=ORGS, kwarg="org", param="query", leaks=("org",), **kwargs)]


SUPERVISION_ROUTES = [
    # 整改台账 pages
    *_pages("supervision:ledger"),
    *_pages("supervision:ledger_xlsx"),
    *_pages("supervision:overview"),
    Route("supervision:todo", PAGE, SOMEWHERE(VIEWERS), leaks=("org",)),
    Route("supervision:item", PAGE, VIEW, objects=ITEMS + REQUESTED),
    Route("supervision:item_progress", PAGE, ON(WORKERS, 422), objects=ITEMS, method="post", data={}),
    Route("supervision:item_request", PAGE, ON(WORKERS, 422), objects=ITEMS, method="post", data={}),
    # without the decision pressed: 422 for the issuing level, 403 (naming the rule) for the school
    Route("supervision:item_decide", PAGE, ON(DECIDERS, 422), objects=REQUESTED, method="post", data={}),
    Route("supervision:evidence", PAGE, VIEW, objects=EVIDENCE),
    Route("supervision:batch_new", PAGE, SOMEWHERE(CREATORS)),
    Route("supervision:batch_new", PAGE, SOMEWHERE(CREATORS, ok=422), method="post", data={}),
    Route("supervision:batch_import", PAGE, SOMEWHERE(CREATORS)),
    Route("supervision:batch_import", PAGE, SOMEWHERE(CREATORS, ok=422), method="post", data={}),
    Route("supervision:import_template", PAGE, SOMEWHERE(VIEWERS)),
    Route("supervision:batch", PAGE, VIEW, objects=BATCHES),
    # an item without its problem: 422 (the rule named) for the issuing level; the school 403
    Route("supervision:batch_item_add", PAGE, ON(ISSUERS, 422), objects=BATCHES, method="post", data={}),
    Route("supervision:batch_reported", PAGE, ON(KEEPERS, 422), objects=BATCHES, method="post", data={}),
    Route("supervision:report_docx", PAGE, VIEW, objects=BATCHES),
    Route("supervision:report_pdf", PAGE, VIEW, objects=BATCHES),
    Route("supervision:escalation", PAGE, SOMEWHERE(ISSUING)),
    Route("supervision:escalation", PAGE, ORG_PAGE(ISSUE_ON), objects=ORGS, kwarg="org", param="query"),
    Route("supervision:escalation", PAGE, SOMEWHERE(ISSUING, ok=422), method="post", data={}),
    # 党务公开 pages
    Route("supervision:disclosures", PAGE, SOMEWHERE(WORKS_SOMEWHERE), leaks=("org",)),
    Route("supervision:disclosures", PAGE, ORG_THEN_RIGHT(), objects=ORGS, kwarg="org", param="query",
          leaks=("org",)),
    Route("supervision:disclosure_new", PAGE, SOMEWHERE(WORKS_SOMEWHERE)),
    Route("supervision:disclosure_new", PAGE, SOMEWHERE(WORKS_SOMEWHERE, ok=422), method="post", data={}),
    Route("supervision:disclosure", PAGE, VIEW, objects=DISCLOSURES),
    Route("supervision:disclosure_edit", PAGE, lambda p, o: 200 if p in DISCLOSURE_WORK[o] else 404,
          objects=DISCLOSURES),
    # 保密审查 of branch A's draft: passed (302) by a reviewer who did not draft it; its drafter 422
    Route("supervision:disclosure_step", PAGE,
          lambda p, o: 404 if p not in DISCLOSURE_WORK[o] else 302 if p in REVIEWERS[o] else 422,
          objects=("disclosure_draft_a",), method="post", data={"step": "review"}),
    Route("supervision:disclosure_pdf", PAGE, VIEW, objects=DISCLOSURES),
    Route("supervision:published", PAGE, everyone(200), leaks=("org",)),
    Route("supervision:disclosure_history_xlsx", PAGE, SOMEWHERE(WORKS_SOMEWHERE), leaks=("org",)),
    Route("supervision:catalogue", PAGE, SOMEWHERE(WORKS_SOMEWHERE), leaks=("org",)),
    # the county (or city) adopts the default catalogue as its own; nobody else writes it
    Route("supervision:catalogue", PAGE, SOMEWHERE(ISSUING, ok=302), method="post", data={"adopt": "1"}),
    # API
    Route("api:rectification_items", API, IN_RIGHT_SCOPE(VIEW_ON), objects=ORGS, kwarg="org", param="query"),
    Route("api:rectification_item", API, VIEW, objects=ITEMS + REQUESTED, kwarg="id"),
    Route("api:rectification_batch_create", API,
          lambda p, o: 404 if p not in SEES[o] else 201 if p in RAISE_FOR[o] else 403,
          objects=ORGS, kwarg="org", param="body", method="post", data=NEW_BATCH),
    Route("api:rectification_progress", API, ON(WORKERS, 200), objects=ITEMS, kwarg="id", method="post",
          data={"progress": 10, "text": "矩阵测试进展"}),
    Route("api:rectification_decision", API, ON(DECIDERS, 200), objects=REQUESTED, kwarg="id", method="post",
          data={"decision": "approve"}),
    Route("api:rectification_overview", API, IN_RIGHT_SCOPE(VIEW_ON), objects=ORGS, kwarg="org", param="query"),
    Route("api:disclosures_published", API, everyone(200)),
]
