"""The 组织生活会 / 民主生活会 pages and endpoints (issue 14) in the matrix.

A process is organizational life: seen with orglife.view on its organization and worked on with
orglife.manage (the same holders as member work here: the committee admins, the secretaries, the
organization committee member); the principal and a member without a post see none (404). Two
rights are the rules': approving a material (the branch's secretary, or a committee above it:
R_APPROVAL — the organization committee member 403) and putting the problems on the 整改台账
(rectification.manage on the branch: the committee admins 403). Forms posted empty answer 422
with the reason; the objects are in matrix/lifemeeting.py.
"""

from __future__ import annotations

from matrix.lifemeeting import RECTIFIERS, REVIEWERS
from matrix.spec import (
    API,
    ORG_THEN_RIGHT,
    PAGE,
    PARTY_WORK,
    SEES,
    VIEW,
    WORK_ONLY_ON,
    WORKS_SOMEWHERE,
    Route,
    _guarded,
)

ORGS = ("branch_a", "branch_b", "joint", "county_a", "branch_c1")
BRANCHES = ("branch_a", "branch_b", "joint", "branch_c1")
LIVES = ("life_a", "life_b", "life_c")
HELD = ("life_held_a", "life_held_c")
TALKS = ("talk_a", "talk_b")
MATERIALS = ("material_a", "material_c")
MANAGE = _guarded(WORKS_SOMEWHERE)
REFUSED = _guarded(WORKS_SOMEWHERE, ok=422)


def _by_table(table, ok=302):
    """In scope: `ok` for those the table names, 403 for the others; out of scope 404."""
    def rule(persona, obj):
        if persona not in SEES[obj]:
            return 404
        return ok if persona in table[obj] else 403
    return rule


def _org_pages(name, query="", leaks=("org",)):
    return [
        Route(name, PAGE, PARTY_WORK(), query=query, leaks=leaks),
        Route(name, PAGE, ORG_THEN_RIGHT(), objects=ORGS, kwarg="org", param="query", query=query, leaks=leaks),
    ]


LIFE_ROUTES = [
    *_org_pages("supervision:life_list", query="year=2026"),
    *_org_pages("supervision:life_rules"),
    Route("supervision:life_rules", PAGE, ORG_THEN_RIGHT(422), objects=ORGS, kwarg="org", param="body", method="post",
          data={"kind": "life_meeting", "document": ""}),
    Route("supervision:life_open", PAGE, ORG_THEN_RIGHT(), objects=BRANCHES, kwarg="org", param="query"),
    Route("supervision:life_open", PAGE, ORG_THEN_RIGHT(422), objects=BRANCHES, kwarg="org", param="body",
          method="post", data={"kind": "life_meeting", "topic": ""}),
    Route("supervision:life_detail", PAGE, VIEW, objects=LIVES + HELD, leaks=("member",)),
    # the preparation's forms, posted empty
    Route("supervision:life_study", PAGE, REFUSED, objects=LIVES, method="post", data={"topic": ""}),
    Route("supervision:life_opinion", PAGE, REFUSED, objects=LIVES, method="post", data={"content": ""}),
    Route("supervision:life_summary", PAGE, REFUSED, objects=LIVES, method="post", data={"summary": ""}),
    Route("supervision:life_talk", PAGE, REFUSED, objects=LIVES, method="post", data={"talker": ""}),
    Route("supervision:life_talk_held", PAGE, REFUSED, objects=TALKS, method="post", data={"summary": ""}),
    Route("supervision:life_material", PAGE, MANAGE, objects=LIVES),
    Route("supervision:life_material", PAGE, REFUSED, objects=LIVES, method="post", data={"causes": ""}),
    # a submitted material: submitting again is refused (422); approving is the reviewer's
    Route("supervision:life_material_submit", PAGE, REFUSED, objects=MATERIALS, method="post"),
    Route("supervision:life_material_review", PAGE, _by_table(REVIEWERS), objects=MATERIALS, method="post",
          data={"decision": "approve"}),
    # the meeting and afterwards
    Route("supervision:life_hold", PAGE, MANAGE, objects=LIVES, leaks=("member",)),
    Route("supervision:life_hold", PAGE, REFUSED, objects=LIVES, method="post", data={"place": ""}),
    Route("supervision:life_criticism", PAGE, MANAGE, objects=HELD),
    Route("supervision:life_criticism", PAGE, REFUSED, objects=HELD, method="post", data={"self_criticism": ""}),
    Route("supervision:life_rectify", PAGE, REFUSED, objects=LIVES, method="post"),   # not held yet
    Route("supervision:life_rectify", PAGE, _by_table(RECTIFIERS), objects=HELD, method="post"),
    Route("supervision:life_report", PAGE, REFUSED, objects=HELD, method="post", data={"reported_on": ""}),
    # documents
    Route("supervision:life_material_docx", PAGE, VIEW, objects=MATERIALS),
    Route("supervision:life_material_pdf", PAGE, VIEW, objects=MATERIALS),
    Route("supervision:life_minutes_docx", PAGE, VIEW, objects=HELD),
    Route("supervision:life_minutes_pdf", PAGE, VIEW, objects=HELD),
    Route("supervision:life_report_docx", PAGE, VIEW, objects=HELD),
    Route("supervision:life_report_pdf", PAGE, VIEW, objects=HELD),
    # API
    Route("api:life_meetings", API, WORK_ONLY_ON(), objects=ORGS, kwarg="org", param="query"),
    Route("api:life_meeting", API, VIEW, objects=LIVES + HELD, kwarg="id"),
    Route("api:life_meeting_create", API, WORK_ONLY_ON(422), objects=ORGS, kwarg="org", param="body", method="post",
          data={"kind": "life_meeting", "topic": "组织生活会", "planned_on": "2999-12-01"}),
    Route("api:life_material_write", API, REFUSED, objects=LIVES, kwarg="id", method="post",
          data={"member": 2**61, "causes": "原因", "problems": [{"problem": "学习不够", "measures": "加强学习"}]}),
]
