"""The decisions app's pages and endpoints (issue 7) in the matrix.

decisions.view is held by every post of the world (the principal too); member_a has none.
Proposing: the secretaries and the principal; convening a meeting and recording its votes: the
secretaries only — the principal of branch A, who is not on its committee, gets 403 on the votes
(PUT and the page) while creating a matter answers 201 and executing the passed one 200. The
organization committee member reads. The committee admins oversee and set the threshold.
World objects: a passed 三重一大 matter, its meeting and a 小微权力 in branch A, branch B and
county B's branch (tests/matrix/world.py)."""

from __future__ import annotations

from matrix.spec import API, PAGE, SEES, VIEW, Route, everyone

VIEWERS = {"city_admin", "county_admin", "secretary_a", "secretary_b", "org_member_a", "principal_a"}
PROPOSE_ON = {"branch_a": {"secretary_a", "principal_a"}, "branch_b": {"secretary_b"}, "county_a": set(),
              "branch_c1": set()}
CONVENE_ON = {"branch_a": {"secretary_a"}, "branch_b": {"secretary_b"}, "county_a": set(), "branch_c1": set()}
OVERSEE_ON = {"branch_a": {"city_admin", "county_admin"}, "branch_b": {"city_admin", "county_admin"},
              "county_a": {"city_admin", "county_admin"}, "branch_c1": {"city_admin"}}
OVERSEERS = {"city_admin", "county_admin"}
CONVENERS = {"secretary_a", "secretary_b"}
PROPOSERS = {"secretary_a", "secretary_b", "principal_a"}
# per world object (a matter, a meeting, a power): who holds the right on its organization
_OF = {"a": "branch_a", "b": "branch_b", "c": "branch_c1"}
ORGS = ("branch_a", "branch_b", "county_a", "branch_c1")
MATTERS = ("matter_a", "matter_b", "matter_c")
MEETINGS = ("meeting_decision_a", "meeting_decision_b", "meeting_decision_c")
POWERS = ("power_a", "power_b", "power_c")


def _on(table):
    return lambda obj: table[_OF[obj[-1]]] if obj not in table else table[obj]


def SOMEWHERE(holders, ok=200):
    """A page with no object: the right somewhere gives `ok`, else 403."""
    return lambda persona, obj: ok if persona in holders else 403


def ORG_PAGE(table=None, ok=200):
    """?org= chosen among the organizations the persona sees (else 404), then the right on it
    (else 403). Without a table the right is decisions.view, held by whoever sees the org."""
    def rule(persona, obj):
        if persona not in SEES[obj]:
            return 404
        return ok if table is None or persona in table[obj] else 403
    return rule


def ON_OBJECT(table, ok):
    """An object of the world: out of sight 404, in sight without the right 403, else `ok`."""
    def rule(persona, obj):
        if persona not in SEES[obj]:
            return 404
        return ok if persona in _on(table)(obj) else 403
    return rule


def RIGHT_FIRST(holders, table, ok=200):
    """The right checked first (403 without it anywhere), then the object in its scope (404)."""
    def rule(persona, obj):
        if persona not in holders:
            return 403
        return ok if persona in table[obj] else 404
    return rule


def IN_RIGHT_SCOPE(table, ok):
    """API writes that look the organization up in the right's own scope: 404 for the rest."""
    return lambda persona, obj: ok if persona in table[obj] else 404


EXECUTE_ON = PROPOSE_ON   # the principal and the secretary execute; the same holders in the world
ACT_ON = PROPOSE_ON       # any right to move a matter
NEW_MATTER = {"title": "矩阵测试议题", "category": "routine", "amount": "100"}
EXECUTE = {"to": "executing", "owner": "矩阵", "unit": "总务处", "deadline": "2099-12-31"}
NO_SUCH_MATTER = 2**62


def _pages(name, **kwargs):
    return [Route(name, PAGE, SOMEWHERE(VIEWERS), leaks=("org", "matter"), **kwargs),
            Route(name, PAGE, ORG_PAGE(), objects=ORGS, kwarg="org", param="query", leaks=("org", "matter"), **kwargs)]


DECISION_ROUTES = [
    *_pages("decisions:matters"),
    *_pages("decisions:execution"),
    *_pages("decisions:meetings"),
    *_pages("decisions:powers"),
    *_pages("decisions:rules"),
    Route("decisions:mine", PAGE, SOMEWHERE(VIEWERS), leaks=("org", "matter")),
    Route("decisions:powers_published", PAGE, everyone(200), leaks=("matter",)),
    Route("decisions:matter_new", PAGE, SOMEWHERE(PROPOSERS)),
    Route("decisions:matter_new", PAGE, SOMEWHERE(PROPOSERS, ok=422), method="post", data={"title": ""}),
    Route("decisions:matter", PAGE, VIEW, objects=MATTERS),
    # executing the passed matter without its date: the form answers 422 to who may execute
    Route("decisions:transition", PAGE, ON_OBJECT(EXECUTE_ON, 422), objects=MATTERS, method="post",
          data={"to": "executing"}),
    Route("decisions:report", PAGE, ON_OBJECT(EXECUTE_ON, 422), objects=MATTERS, method="post", data={}),
    Route("decisions:task_add", PAGE, ON_OBJECT(EXECUTE_ON, 422), objects=MATTERS, method="post", data={}),
    # an upload without its file: 422 with the reason for whoever may act on the matter
    Route("decisions:attachment_add", PAGE, ON_OBJECT(ACT_ON, 422), objects=MATTERS, method="post", data={}),
    Route("decisions:attachment", PAGE, VIEW, objects=("attachment_matter_a", "attachment_matter_c")),
    Route("decisions:meeting_new", PAGE, SOMEWHERE(CONVENERS)),
    Route("decisions:meeting_new", PAGE, ORG_PAGE(CONVENE_ON), objects=ORGS, kwarg="org", param="query"),
    Route("decisions:meeting_new", PAGE, ORG_PAGE(CONVENE_ON, ok=422), objects=ORGS, kwarg="org", param="query",
          method="post", data={"host_name": ""}),
    Route("decisions:meeting", PAGE, VIEW, objects=MEETINGS),
    # the item is already decided: the form answers 422 to the secretary; the principal 403
    Route("decisions:vote", PAGE, ON_OBJECT(CONVENE_ON, 422), objects=MEETINGS, method="post", data={"item": "1"}),
    Route("decisions:document_docx", PAGE, VIEW, objects=MEETINGS),
    Route("decisions:document_docx", PAGE, VIEW, objects=MEETINGS, query="kind=resolution"),
    Route("decisions:document_pdf", PAGE, VIEW, objects=MEETINGS, query="kind=resolution"),
    Route("decisions:oversight", PAGE, SOMEWHERE(OVERSEERS), leaks=("org", "matter")),
    Route("decisions:oversight", PAGE, ORG_PAGE(OVERSEE_ON), objects=ORGS, kwarg="org", param="query",
          leaks=("org", "matter")),
    Route("decisions:oversight_school", PAGE, RIGHT_FIRST(OVERSEERS, OVERSEE_ON), objects=("branch_a", "branch_c1"),
          leaks=("matter",)),
    Route("decisions:rules", PAGE, ORG_PAGE(OVERSEE_ON, ok=422), objects=ORGS, kwarg="org", param="query",
          method="post", data={"amount": ""}),
    *_pages("decisions:seats"),
    # a seat without its name: 422 for the school's secretary or principal, 403 for other viewers
    Route("decisions:seats", PAGE, ORG_PAGE(PROPOSE_ON, ok=422), objects=ORGS, kwarg="org", param="query",
          method="post", data={"person_name": ""}),
    Route("decisions:power_new", PAGE, SOMEWHERE(CONVENERS)),
    Route("decisions:power_new", PAGE, SOMEWHERE(CONVENERS, ok=422), method="post", data={"name": ""}),
    Route("decisions:power_edit", PAGE, ON_OBJECT(CONVENE_ON, 200), objects=POWERS),
    Route("decisions:powers_publish", PAGE, SOMEWHERE(CONVENERS, ok=302), method="post"),
    # API
    Route("api:decision_matters", API, SOMEWHERE(VIEWERS), leaks=("matter",)),
    Route("api:decision_matters", API, RIGHT_FIRST(VIEWERS, {o: SEES[o] for o in ORGS}), objects=ORGS,
          kwarg="org", param="query", leaks=("matter",)),
    Route("api:decision_matter_create", API, IN_RIGHT_SCOPE(PROPOSE_ON, 201), objects=ORGS, kwarg="org",
          param="body", method="post", data=NEW_MATTER),
    Route("api:decision_matter", API, VIEW, objects=MATTERS, kwarg="id"),
    Route("api:decision_matter_transition", API, ON_OBJECT(EXECUTE_ON, 200), objects=MATTERS, kwarg="id",
          method="post", data=EXECUTE),
    # a matter that is not on the organization's list: 422 once the secretary may convene there
    Route("api:decision_meeting_create", API, ORG_PAGE(CONVENE_ON, ok=422), objects=ORGS, kwarg="org", param="body",
          method="post", data={"held_on": "2026-01-05", "host_name": "矩阵", "present": [],
                               "matters": [NO_SUCH_MATTER]}),
    # the item is already decided: 422 for the secretary; 403 for the principal, who may not vote
    Route("api:decision_meeting_votes", API, ON_OBJECT(CONVENE_ON, 422), objects=MEETINGS, kwarg="id", method="put",
          data={"items": [{"matter": NO_SUCH_MATTER, "verdict": "passed", "for": 1}]}),
]
