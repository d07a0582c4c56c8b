"""The organizational-life app's pages and endpoints (issue 4) in the matrix.

orglife.view / orglife.manage sit on the same posts here as member and dues work (committee
admins, secretaries, the organization committee member); the principal has neither (403 on
branch A, which she sees), a member without a post only her own page. Organizations come by
`?org=` (or in the POST body); meetings are a 主题党日 of branch A, branch B and branch C1.
"""

from __future__ import annotations

from matrix.spec import (
    API,
    ORG_THEN_RIGHT,
    OWN,
    OWN_RECORD,
    PAGE,
    PARTY_WORK,
    VIEW,
    WORK_ONLY_ON,
    WORKS_SOMEWHERE,
    Route,
    _guarded,
    everyone,
)

ORGS = ("branch_a", "branch_b", "joint", "county_a", "branch_c1")
BRANCHES = ("branch_a", "branch_b", "joint", "branch_c1")   # organizations that record meetings
MEETINGS = ("meeting_a", "meeting_b", "meeting_c")
PLAN_ITEMS = ("plan_item_a", "plan_item_b", "plan_item_c")
MANAGE = _guarded(WORKS_SOMEWHERE)


def _org_pages(name, query="", leaks=("org", "member")):
    """A page with the persona's own organization by default, and with ?org= chosen."""
    return [
        Route(name, PAGE, PARTY_WORK(), query=query, leaks=leaks),
        Route(name, PAGE, ORG_THEN_RIGHT(), objects=ORGS, kwarg="org", param="query", query=query, leaks=leaks),
    ]


ORGLIFE_ROUTES = [
    *_org_pages("orglife:records", query="year=2026"),
    *_org_pages("orglife:compliance", query="period=2026-Q4"),
    *_org_pages("orglife:participation"),
    *_org_pages("orglife:rules"),
    # recording: the form and its htmx attendance table need orglife.manage on the organization
    Route("orglife:create", PAGE, ORG_THEN_RIGHT(), objects=BRANCHES, kwarg="org", param="query", leaks=("member",)),
    Route("orglife:create", PAGE, ORG_THEN_RIGHT(422), objects=BRANCHES, kwarg="org", param="body", method="post",
          data={"kind": "theme_day", "topic": ""}),
    Route("orglife:attendance", PAGE, ORG_THEN_RIGHT(), objects=BRANCHES, kwarg="org", param="query",
          query="kind=theme_day", leaks=("member",)),
    Route("orglife:rules", PAGE, ORG_THEN_RIGHT(422), objects=ORGS, kwarg="org", param="body", method="post",
          data={"kind": "theme_day", "reason": ""}),
    Route("orglife:detail", PAGE, VIEW, objects=MEETINGS),
    Route("orglife:edit", PAGE, MANAGE, objects=MEETINGS),
    Route("orglife:edit", PAGE, _guarded(WORKS_SOMEWHERE, ok=422), objects=MEETINGS, method="post", data={"topic": ""}),
    Route("orglife:mine", PAGE, everyone(200), leaks=("member",)),
    # 扫码签到: the secretary's code (orglife.manage); a member's page from it (her school only)
    Route("orglife:sign_in_code", PAGE, MANAGE, objects=MEETINGS, leaks=("member",)),
    Route("orglife:sign_in", PAGE, OWN(200), objects=("sign_in_a", "sign_in_b", "sign_in_c")),
    Route("orglife:sign_in", PAGE, OWN(403), objects=("sign_in_a", "sign_in_b", "sign_in_c"), method="post"),
    # attachments: upload to a meeting (no file: 422 with the reason), download with its meeting's scope
    Route("orglife:attachment_add", PAGE, _guarded(WORKS_SOMEWHERE, ok=422), objects=MEETINGS, method="post",
          data={"kind": "photo"}),
    Route("orglife:attachment", PAGE, VIEW, objects=("attachment_a", "attachment_c")),
    # 会议记录 (.docx): one record with orglife.view on it; a year's records of an organization
    Route("orglife:minutes_docx", PAGE, VIEW, objects=MEETINGS),
    *_org_pages("orglife:minutes_period_docx", leaks=()),
    Route("orglife:minutes_pdf", PAGE, VIEW, objects=MEETINGS),
    *_org_pages("orglife:minutes_period_pdf", leaks=()),
    # a year's records written by the worker: its progress page and its file, for the user who asked alone
    Route("orglife:minutes_export", PAGE, OWN(200), objects=("minutes_export_a",)),
    Route("orglife:minutes_export_file", PAGE, OWN(200), objects=("minutes_export_a",)),
    # study: my notes (writing needs one's own member record: 422 for an empty form, else 403),
    # and the 学习园地 of an organization (orglife.view)
    Route("orglife:study", PAGE, everyone(200), leaks=("member",)),
    Route("orglife:study", PAGE, lambda persona, obj: 422 if persona in OWN_RECORD else 403, method="post",
          data={"title": ""}),
    *_org_pages("orglife:study_board"),
    # the annual plan: read with orglife.view, generated and edited with orglife.manage
    *_org_pages("orglife:calendar"),
    *_org_pages("orglife:plan"),
    *_org_pages("orglife:plan_xlsx"),
    Route("orglife:plan", PAGE, ORG_THEN_RIGHT(302), objects=ORGS, kwarg="org", param="body", method="post"),
    Route("orglife:plan_item", PAGE, MANAGE, objects=PLAN_ITEMS),
    Route("orglife:plan_item", PAGE, _guarded(WORKS_SOMEWHERE, ok=422), objects=PLAN_ITEMS, method="post",
          data={"planned_on": "not-a-date"}),
    # API: the organization looked up in orglife.view scope (404 otherwise), meetings likewise
    Route("api:orglife_meetings", API, WORK_ONLY_ON(), objects=ORGS, kwarg="org", param="query"),
    Route("api:orglife_meeting", API, VIEW, objects=MEETINGS, kwarg="id"),
    # writes: a meeting dated in the future is refused (422) for those who manage the organization
    Route("api:orglife_meeting_create", API, WORK_ONLY_ON(422), objects=ORGS, kwarg="org", param="body",
          method="post", data={"kind": "theme_day", "held_on": "2999-01-01", "place": "会议室", "topic": "主题党日"}),
    Route("api:orglife_attendance", API, _guarded(WORKS_SOMEWHERE, ok=422), objects=MEETINGS, kwarg="id",
          method="put", data={"attendance": [{"member_id": 1, "present": False}]}),
    Route("api:orglife_compliance", API, WORK_ONLY_ON(), objects=ORGS, kwarg="org", param="query",
          query="period=2026-Q4&subtree=true"),
]
