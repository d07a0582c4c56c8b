"""The 民主评议党员 pages and endpoints (issue 13) in the matrix.

appraisal.view and appraisal.manage are held by the committee admins, the secretaries and branch
A's organization committee member — in this world the same holders as member work (WORKS_ON);
the principal and member_a hold neither. appraisal.configure (stricter rules): the committee
admins and the secretaries, not the organization committee member. A member's own side — the
ballot, the self-reports — is for whoever has a member record (OWN_RECORD), and the ballot only
for the members of the round's roster. World objects: a reported round with one 改进措施 task in
branch A, branch B and county B's branch; last year's round of branch A open at an online poll
(tests/matrix/world.py)."""

from __future__ import annotations

from matrix.spec import API, OWN_RECORD, PAGE, SEES, VIEW, WORKS_ON, WORKS_SOMEWHERE, Route, everyone

ORGS = ("branch_a", "branch_b", "county_a", "branch_c1")
ROUNDS = ("review_a", "review_b", "review_c")
TASKS = ("follow_up_a", "follow_up_b", "follow_up_c")
CONFIGURERS = {"city_admin", "county_admin", "secretary_a", "secretary_b"}
# Branch A's roster: the personas with a record in it hold a ballot of its online round.
BALLOT_HOLDERS = {"review_a_online": {"member_a", "secretary_a", "org_member_a"}, "review_b": set()}
HAS_RECORD = set(OWN_RECORD)


def SOMEWHERE(holders, ok=200):
    return lambda persona, obj: ok if persona in holders else 403


def ORG_THEN(holders_on, ok=200):
    """?org= among the organizations the persona sees (else 404), then the right on it (else 403)."""
    def rule(persona, obj):
        if persona not in SEES[obj]:
            return 404
        return ok if persona in holders_on(obj) else 403
    return rule


def ON_ROUND(ok):
    """A round or task of the world: out of sight 404; those who see it manage it (this world)."""
    return lambda persona, obj: ok if persona in SEES[obj] else 404


def IN_MANAGE_SCOPE(ok):
    """API writes that look the organization up in appraisal.manage's own scope: 404 otherwise."""
    return lambda persona, obj: ok if persona in WORKS_ON[obj] else 404


def OWN_SIDE(ok=200):
    """The member's own pages: a member record gives `ok`, none is a 404 (nothing to show)."""
    return lambda persona, obj: ok if persona in HAS_RECORD else 404


def BALLOT(ok):
    return lambda persona, obj: ok if persona in BALLOT_HOLDERS[obj] else 404


def RIGHT_THEN_SCOPE(ok=200):
    """The right checked first (403 without it anywhere), then the organization in its scope."""
    def rule(persona, obj):
        if persona not in WORKS_SOMEWHERE:
            return 403
        return ok if persona in WORKS_ON[obj] else 404
    return rule


def _org_pages(name, **kwargs):
    return [Route(name, PAGE, SOMEWHERE(WORKS_SOMEWHERE), leaks=("org", "review"), **kwargs),
            Route(name, PAGE, ORG_THEN(lambda o: WORKS_ON[o]), objects=ORGS, kwarg="org", param="query",
                  leaks=("org", "review"), **kwargs)]


REVIEW_ROUTES = [
    *_org_pages("appraisal:reviews"),
    *_org_pages("appraisal:review_statistics"),
    *_org_pages("appraisal:review_rules"),
    # a stricter rule without its reason: 422 for whoever may configure there, 403 for other viewers
    Route("appraisal:review_rules", PAGE, ORG_THEN(lambda o: WORKS_ON[o] & CONFIGURERS, ok=422), objects=ORGS,
          kwarg="org", param="query", method="post", data={"excellent_percent": "20", "reason": ""}),
    Route("appraisal:review_new", PAGE, SOMEWHERE(WORKS_SOMEWHERE)),
    Route("appraisal:review_new", PAGE, SOMEWHERE(WORKS_SOMEWHERE, ok=422), method="post", data={"org": ""}),
    Route("appraisal:review", PAGE, VIEW, objects=(*ROUNDS, "review_a_online")),
    # the reported rounds' 改进措施 are empty, so 结果运用 is refused (and the form lacks its date)
    Route("appraisal:review_step", PAGE, ON_ROUND(422), objects=ROUNDS, method="post", data={}),
    Route("appraisal:review_counts", PAGE, VIEW, objects=ROUNDS),
    Route("appraisal:review_counts", PAGE, ON_ROUND(422), objects=ROUNDS, method="post", data={"present": "1"}),
    Route("appraisal:review_grades", PAGE, VIEW, objects=ROUNDS),
    Route("appraisal:review_grades", PAGE, ON_ROUND(422), objects=ROUNDS, method="post", data={}),
    Route("appraisal:review_report_docx", PAGE, VIEW, objects=ROUNDS),
    Route("appraisal:review_report_pdf", PAGE, VIEW, objects=("review_a", "review_c")),
    # a task update without its owner or deadline: refused with the rule, the round shown again
    Route("appraisal:review_follow_up", PAGE, ON_ROUND(422), objects=TASKS, method="post", data={}),
    Route("appraisal:review_ballots", PAGE, everyone(200)),
    Route("appraisal:review_ballot", PAGE, BALLOT(200), objects=("review_a_online", "review_b")),
    Route("appraisal:self_reports", PAGE, OWN_SIDE()),
    Route("appraisal:self_reports", PAGE, OWN_SIDE(422), method="post", data={"year": "2026", "period": "zz"}),
    Route("appraisal:self_reports", PAGE, VIEW, objects=("m_member_a", "m_secretary_b"), kwarg="member",
          param="query"),
    # API
    Route("api:review_list", API, SOMEWHERE(WORKS_SOMEWHERE), leaks=("review",)),
    Route("api:review_list", API, RIGHT_THEN_SCOPE(), objects=ORGS, kwarg="within", param="query",
          leaks=("review",)),
    # the year 2000 finds nobody on the roster (county A is no branch): 422 where one may open a round
    Route("api:review_create", API, IN_MANAGE_SCOPE(422), objects=ORGS, kwarg="org", param="body", method="post",
          data={"year": 2000, "as_of": "2000-01-01"}),
    Route("api:review_detail", API, VIEW, objects=(*ROUNDS, "review_a_online"), kwarg="id"),
    Route("api:review_transition", API, ON_ROUND(422), objects=ROUNDS, kwarg="id", method="post",
          data={"to": "applied"}),
    Route("api:review_counts", API, ON_ROUND(422), objects=ROUNDS, kwarg="id", method="put",
          data={"present": 1, "rows": []}),
    Route("api:review_grades", API, ON_ROUND(422), objects=ROUNDS, kwarg="id", method="put",
          data={"rows": [{"member_id": 2**62, "grade": "qualified"}]}),
    Route("api:review_ballot", API, BALLOT(200), objects=("review_a_online", "review_b"), kwarg="id", method="post",
          data={"choices": {}}),
    Route("api:review_follow_up", API, ON_ROUND(422), objects=TASKS, kwarg="id", method="patch",
          data={"deadline": "2000-01-01"}),
    Route("api:review_follow_up_close", API, ON_ROUND(422), objects=TASKS, kwarg="id", method="post",
          data={"outcome": "done"}),
    Route("api:self_report_list", API, OWN_SIDE()),
    Route("api:self_report_save", API, OWN_SIDE(422), method="put", data={"year": 2000, "period": "q1"}),
    Route("api:review_statistics", API, SOMEWHERE(WORKS_SOMEWHERE), query="year=2026"),
    Route("api:review_statistics", API, RIGHT_THEN_SCOPE(), objects=ORGS, kwarg="within", param="query",
          query="year=2026"),
    Route("api:review_results", API, VIEW, objects=("m_member_a", "m_secretary_b"), kwarg="id"),
]
