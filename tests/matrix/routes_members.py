"""The members app's pages and endpoints (issue 3) in the matrix.

Member objects span every distance: member_a's own record (branch A), branch A's secretary and
a branch A member on her way to branch B, branch B's secretary, the county's joint branch and
county B. Bodies are chosen so that an allowed persona reaches the real work (a form with its
errors, or the service itself) — the answer then shows the check passed, not a short cut.
"""

from __future__ import annotations

from matrix.spec import (
    API,
    IMPORT_JOB,
    MEMBER_LIST_API,
    MEMBER_WORK_ON,
    ORG_THEN_RIGHT,
    PAGE,
    PARTY_WORK,
    TRANSFER,
    VIEW,
    WORKS_ON,
    WORKS_SOMEWHERE,
    Route,
    _guarded,
    everyone,
)

MEMBERS = ("m_member_a", "m_secretary_a", "m_moving_a", "m_secretary_b", "m_joint", "m_c")
TRANSFERS = ("transfer_a_to_b", "transfer_c_to_joint")
CORRECTIONS = ("correction_of_member_a", "correction_of_secretary_b")
MEMBER_ORGS = ("branch_a", "group_a1", "branch_b", "joint", "county_a", "branch_c1")
TODAY = "2026-11-23"

# The receiving side of a pending transfer sees whom it is about and where the letter comes from.
TRANSFER_NAMES = {"secretary_b": {"m_moving_a", "branch_a", "school_a"},
                  # and the sending side sees where its member is going
                  "secretary_a": {"branch_b", "school_b"}, "org_member_a": {"branch_b", "school_b"},
                  "county_admin": {"m_c", "branch_c1", "committee_c", "county_b", "school_c"}}

EDIT_MEMBER = _guarded(WORKS_SOMEWHERE)           # member.edit / member.reveal on the member's org


def LIST_PAGE(persona, obj):
    # A member without a post has one record to see, her own: sent to 我的党员信息.
    return 302 if persona == "member_a" else PARTY_WORK()(persona, obj)


def CORRECTION_REQUEST(persona, obj):
    # member_a and secretary_b already have one pending (the world's): refused with the reason on
    # the page, 200. The others with a record file theirs, and those without one are sent to the
    # page that says so: 302 either way.
    return 200 if persona in ("member_a", "secretary_b") else 302


def IMPORT_TARGET(persona, obj):
    """API import into an organization given by code: member.edit somewhere first (403), then
    the organization among those the persona edits members of (404), then a dry run (200)."""
    if persona not in WORKS_SOMEWHERE:
        return 403
    return 200 if persona in WORKS_ON[obj] else 404


def IMPORT_ROWS_OF_COUNTY_B(persona, obj):
    if persona not in WORKS_SOMEWHERE:
        return 403
    return 200 if persona == "city_admin" else 422

MEMBER_ROUTES = [
    # records
    Route("members:list", PAGE, LIST_PAGE, leaks=("member", "org")),
    Route("members:list", PAGE, LIST_PAGE, query="q=yf", leaks=("member", "org")),
    Route("members:create", PAGE, PARTY_WORK()),
    Route("members:create", PAGE, PARTY_WORK(), method="post", data={"name": ""}),
    Route("members:receive", PAGE, PARTY_WORK()),
    Route("members:receive", PAGE, PARTY_WORK(), method="post", data={"name": ""}),
    Route("members:detail", PAGE, VIEW, objects=MEMBERS),
    Route("members:reveal", PAGE, EDIT_MEMBER, objects=MEMBERS),
    Route("members:reveal", PAGE, EDIT_MEMBER, objects=MEMBERS, method="post", data={"reason": "核对党员档案"}),
    Route("members:edit", PAGE, EDIT_MEMBER, objects=MEMBERS, method="post", data={"name": ""}),
    Route("members:edit", PAGE, everyone(405), objects=("m_member_a",)),
    Route("members:record_event", PAGE, EDIT_MEMBER, objects=MEMBERS, method="post", data={"event-kind": ""}),
    Route("members:transfer_start", PAGE, EDIT_MEMBER, objects=MEMBERS),
    Route("members:transfer_start", PAGE, EDIT_MEMBER, objects=MEMBERS, method="post", data={"letter_number": ""}),
    Route("members:transfers", PAGE, PARTY_WORK(), leaks=("member", "org"), named=TRANSFER_NAMES),
    # The lookup lists every organization of the system by name and code on purpose: a transfer
    # may go anywhere, so no out-of-scope check applies to it.
    Route("members:org_lookup", PAGE, PARTY_WORK(), query="q=党支部"),
    Route("members:transfer_accept", PAGE, TRANSFER("receiver"), objects=TRANSFERS, method="post",
          data={"decided_on": TODAY}),
    Route("members:transfer_reject", PAGE, TRANSFER("receiver"), objects=TRANSFERS, method="post",
          data={"reason": "介绍信信息不全"}),
    Route("members:transfer_cancel", PAGE, TRANSFER("sender"), objects=TRANSFERS, method="post",
          data={"reason": "撤回"}),
    Route("members:transfer_accept", PAGE, everyone(405), objects=("transfer_a_to_b",)),
    Route("members:corrections", PAGE, PARTY_WORK(), leaks=("member",)),
    Route("members:correction_decide", PAGE, _guarded(WORKS_SOMEWHERE, ok=302), objects=CORRECTIONS,
          method="post", data={"decision": "approve"}),
    Route("members:me", PAGE, everyone(200), leaks=("member",)),
    # A member asks for her own correction; anyone else has no record and is sent to the page
    # that says so. (member_a already has one pending: refused with the reason, 200.)
    Route("members:correction_request", PAGE, CORRECTION_REQUEST, method="post", data={"phone": "13900003333"}),
    # import
    Route("members:import", PAGE, PARTY_WORK()),
    Route("members:import", PAGE, PARTY_WORK(), method="post", data={"org": ""}),
    Route("members:import_template", PAGE, PARTY_WORK()),
    Route("members:import_job", PAGE, IMPORT_JOB(), objects=("import_job_a",)),
    Route("members:import_progress", PAGE, IMPORT_JOB(), objects=("import_job_a",)),
    Route("members:import_commit", PAGE, IMPORT_JOB(302), objects=("import_job_a",), method="post"),
    # statistics and exports (xlsx bodies are read for names too)
    Route("members:stats", PAGE, PARTY_WORK(), leaks=("org",)),
    Route("members:stats", PAGE, MEMBER_WORK_ON(), objects=MEMBER_ORGS, kwarg="within", param="query"),
    Route("members:stats_export", PAGE, PARTY_WORK()),
    Route("members:stats_export", PAGE, MEMBER_WORK_ON(), objects=MEMBER_ORGS, kwarg="within", param="query"),
    Route("members:export", PAGE, PARTY_WORK(), leaks=("member",)),
    Route("members:export", PAGE, MEMBER_WORK_ON(), objects=MEMBER_ORGS, kwarg="org", param="query",
          leaks=("member",)),
    Route("members:roster", PAGE, PARTY_WORK(), leaks=("member",)),
    Route("members:roster", PAGE, ORG_THEN_RIGHT(), objects=MEMBER_ORGS, kwarg="org", param="query",
          leaks=("member",)),
    Route("members:new_roster", PAGE, ORG_THEN_RIGHT(), objects=MEMBER_ORGS, kwarg="org", param="query",
          query="year=2026", leaks=("member",)),
    # API
    Route("api:member_list", API, MEMBER_LIST_API, leaks=("member",)),
    Route("api:member_list", API, MEMBER_LIST_API, query="q=yf", leaks=("member",)),
    Route("api:member_detail", API, VIEW, objects=MEMBERS, kwarg="id"),
    Route("api:member_events", API, VIEW, objects=MEMBERS, kwarg="id"),
    Route("api:member_event_create", API, _guarded(WORKS_SOMEWHERE, ok=201), objects=MEMBERS, kwarg="id",
          method="post", data={"kind": "mobile_registered", "occurred_on": TODAY}),
    Route("api:member_stats", API, MEMBER_WORK_ON(), objects=MEMBER_ORGS, kwarg="within", param="query"),
    Route("api:member_stats", API, PARTY_WORK()),
    Route("api:member_export", API, MEMBER_WORK_ON(), objects=MEMBER_ORGS, kwarg="org", param="query",
          leaks=("member",)),
    Route("api:member_import", API, IMPORT_TARGET,
          objects=("branch_a", "branch_b", "joint"), kwarg="org", param="body", attr="code", method="post",
          data={"dry_run": "true"}, upload="row_for_target"),
    Route("api:member_import", API, IMPORT_ROWS_OF_COUNTY_B,
          method="post", data={"dry_run": "true"}, upload="row_of_branch_c1"),
]
