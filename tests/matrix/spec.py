"""Who sees what, written by hand, and the expectation rules built on it.

Nothing here asks the code under test: every set restates, per persona, what the posts of
dangjian/testing build_world() give them (core.roles) over the world's objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from matrix.lifemeeting import SEES as LIFE_SEES
from matrix.supervision import SEES as SUPERVISION_SEES

PERSONAS = ["city_admin", "county_admin", "secretary_a", "secretary_b", "org_member_a", "member_a", "principal_a"]
ANONYMOUS = "anonymous"

# --- organizations and schools (org.view) ----------------------------------------------------
_BRANCH_A = {"city_admin", "county_admin", "secretary_a", "org_member_a", "principal_a"}
_BRANCH_B = {"city_admin", "county_admin", "secretary_b"}
_COUNTY_A = {"city_admin", "county_admin"}
_CITY = {"city_admin"}

# --- party work on members and dues ----------------------------------------------------------
# Posts: committee_admin (city, county_a), secretary (branch_a, branch_b), organization_member
# and principal (branch_a). The committee admin, the secretary and the organization committee
# member all hold member.view / member.edit / member.reveal / export / dues.view / dues.manage on
# their subtree; the principal holds none of them (org.view only); member_a holds no post.
_WORK_A = {"city_admin", "county_admin", "secretary_a", "org_member_a"}
WORKS_ON = {
    "city": _CITY, "county_a": _COUNTY_A, "county_b": _CITY, "branch_a": _WORK_A, "group_a1": _WORK_A,
    "group_a2": _WORK_A, "branch_b": _BRANCH_B, "joint": _COUNTY_A, "committee_c": _CITY, "branch_c1": _CITY,
}
WORKS_SOMEWHERE = {"city_admin", "county_admin", "secretary_a", "secretary_b", "org_member_a"}
# Whose member record each persona is (member_a and the secretaries have one; the others not).
OWN_RECORD = {"member_a": "m_member_a", "secretary_a": "m_secretary_a", "secretary_b": "m_secretary_b",
              "org_member_a": "m_org_member_a"}

SEES = {
    "city": _CITY, "county_a": _COUNTY_A, "county_b": _CITY, "branch_a": _BRANCH_A, "group_a1": _BRANCH_A,
    "group_a2": _BRANCH_A, "branch_b": _BRANCH_B, "joint": _COUNTY_A, "committee_c": _CITY, "branch_c1": _CITY,
    "school_a": _BRANCH_A, "school_b": _BRANCH_B, "school_d1": _COUNTY_A, "school_d2": _COUNTY_A,
    "school_p": _COUNTY_A, "school_c": _CITY,
    # positions sit on an organization: visible with it
    "position_secretary_a": _BRANCH_A, "position_secretary_b": _BRANCH_B,
    # a notification belongs to its user alone
    "notification_of_secretary_a": {"secretary_a"},
    # an API token belongs to its user alone (the token page lists and revokes only one's own)
    "token_of_secretary_a": {"secretary_a"},
    # members: member.view on their organization, plus the member themself
    "m_member_a": _WORK_A | {"member_a"}, "m_secretary_a": _WORK_A, "m_org_member_a": _WORK_A,
    "m_moving_a": _WORK_A, "m_secretary_b": _BRANCH_B, "m_joint": _COUNTY_A, "m_c": _CITY,
    # pending transfers: both sides see them (member.view on the sending or the receiving org)
    "transfer_a_to_b": _WORK_A | _BRANCH_B, "transfer_c_to_joint": _CITY | _COUNTY_A,
    # contact corrections: with the member's organization (member.view)
    "correction_of_member_a": _WORK_A, "correction_of_secretary_b": _BRANCH_B,
    # branch A's import job (created by secretary_a): editors of branch A
    "import_job_a": _WORK_A,
    # dues lines and payments: dues.view on the line's organization, plus the member's own
    "line_of_member_a": _WORK_A | {"member_a"}, "line_of_secretary_b": _BRANCH_B, "line_of_c": _CITY,
    "payment_of_member_a": _WORK_A | {"member_a"}, "payment_of_secretary_b": _BRANCH_B, "payment_of_c": _CITY,
    # recruitment files: recruitment.view on the file's organization (the same holders as member work)
    "file_a": _WORK_A, "file_b": _BRANCH_B, "file_c": _CITY,
    # organizational life: a meeting is seen with orglife.view on its organization (the same holders)
    "meeting_a": _WORK_A, "meeting_b": _BRANCH_B, "meeting_c": _CITY,
    "plan_item_a": _WORK_A, "plan_item_b": _BRANCH_B, "plan_item_c": _CITY,
    "attachment_a": _WORK_A, "attachment_c": _CITY,
    # 议事决策 (decisions.view on the organization: every post of the world but member_a, who has none)
    "matter_a": _BRANCH_A, "matter_b": _BRANCH_B, "matter_c": _CITY,
    "meeting_decision_a": _BRANCH_A, "meeting_decision_b": _BRANCH_B, "meeting_decision_c": _CITY,
    "power_a": _BRANCH_A, "power_b": _BRANCH_B, "power_c": _CITY,
    "attachment_matter_a": _BRANCH_A, "attachment_matter_c": _CITY,
    # 民主评议党员 (appraisal.view on the round's branch: the same holders as member work — the
    # principal and member_a hold none) and the follow-up tasks of its grades
    "review_a": _WORK_A, "review_b": _BRANCH_B, "review_c": _CITY, "review_a_online": _WORK_A,
    "follow_up_a": _WORK_A, "follow_up_b": _BRANCH_B, "follow_up_c": _CITY,
}
_NOT_RECORDS = ("position", "notification", "token", "transfer", "correction", "import", "line", "payment", "meeting", "plan_item",
                "attachment", "power", "follow_up")
RECORD_KIND = {name: ("school" if name.startswith("school") else "member" if name.startswith("m_")
                      else "file" if name.startswith("file_") else "matter" if name.startswith("matter_")
                      else "review" if name.startswith("review_") else "org")
               for name in SEES if not name.startswith(_NOT_RECORDS)}
# 组织生活会 objects (issue 14), written down in matrix/lifemeeting.py: added after RECORD_KIND, as
# they are not records with a name of their own that a list could leak.
SEES.update(LIFE_SEES)
# 整改台账 and 党务公开 objects (issue 14), written down in matrix/supervision.py, the same way.
SEES.update(SUPERVISION_SEES)
# 扫码签到 (issue 15): the code of meeting A, B and C, opened by a member of the meeting's school
# (one's own member record decides, not a post); no one else finds it — added here, as a code is
# not a record with a name of its own.
SEES.update({"sign_in_a": {"member_a", "secretary_a", "org_member_a"}, "sign_in_b": {"secretary_b"},
             "sign_in_c": set()})
# A year's 会议记录 written by the worker (issue 15): found only by the user who asked for it.
SEES.update({"minutes_export_a": {"secretary_a"}})
EDITS_ORGS = {"city_admin", "county_admin", "secretary_a", "secretary_b"}      # org.edit, position.manage
EDITS_SCHOOLS = {"city_admin", "county_admin"}                                  # school.edit
READS_AUDIT = {"city_admin", "county_admin"}                                    # audit.view
HAS_A_POST = set(PERSONAS) - {"member_a"}                                       # org.view somewhere
# Names a persona may meet outside their scope, as plain references — never as rows, links or
# figures: the organizations above their own (breadcrumbs, "隶属"), and for a member without a
# post the organizations of their own membership (their own record). Any other out-of-scope
# name in a list is a leak. (A route may add its own, justified, in Route.named.)
ALSO_NAMED = {
    "city_admin": set(), "county_admin": {"city"},
    "secretary_a": {"city", "county_a"}, "org_member_a": {"city", "county_a"}, "principal_a": {"city", "county_a"},
    "secretary_b": {"city", "county_a"}, "member_a": {"branch_a", "group_a2", "school_a"},
}
HOLDS_POST_ON = {"city": {"city_admin"}, "county_a": {"county_admin"}, "branch_b": {"secretary_b"},
                 "branch_a": {"secretary_a", "org_member_a", "principal_a"}}
# The two pending transfers: who may act on each side (member.edit on the org of that side).
TRANSFER_SIDES = {
    "transfer_a_to_b": {"sender": WORKS_ON["branch_a"], "receiver": WORKS_ON["branch_b"]},
    "transfer_c_to_joint": {"sender": WORKS_ON["branch_c1"], "receiver": WORKS_ON["joint"]},
}


# --- expectation rules: (persona, object name or None) -> status ------------------------
def VIEW(persona, obj):
    return 200 if persona in SEES[obj] else 404


def _guarded(allowed, ok=200):
    def rule(persona, obj):
        if persona not in SEES[obj]:
            return 404  # out of scope: as if it did not exist
        return ok if persona in allowed else 403
    return rule


EDIT_ORG = _guarded(EDITS_ORGS)
EDIT_ORG_THEN_BACK = _guarded(EDITS_ORGS, 302)   # a form of the org's keepers that redirects when done
MANAGE_POSITIONS = _guarded(EDITS_ORGS)
EDIT_SCHOOL = _guarded(EDITS_SCHOOLS)


def HAS_POST(persona, obj):
    return 200 if persona in HAS_A_POST else 403


def AUDIT(persona, obj):
    return 200 if persona in READS_AUDIT else 403


def SWITCH_TO(persona, obj):
    return 302 if persona in HOLDS_POST_ON[obj] else 403


def OWN(status):
    def rule(persona, obj):
        return status if persona in SEES[obj] else 404
    return rule


def everyone(*statuses):
    def rule(persona, obj):
        return statuses
    return rule


def PARTY_WORK(ok=200, without=403):
    """Pages of member or dues work with no object: those with the post's party-work rights
    somewhere get `ok`; the principal and a member without a post `without`."""
    def rule(persona, obj):
        return ok if persona in WORKS_SOMEWHERE else without
    return rule


def MEMBER_WORK_ON(ok=200):
    """An organization chosen for member or dues work where the right is checked first: no
    such right anywhere → 403; outside the persona's subtree → 404 (like a missing org)."""
    def rule(persona, obj):
        if persona not in WORKS_SOMEWHERE:
            return 403
        return ok if persona in WORKS_ON[obj] else 404
    return rule


def ORG_THEN_RIGHT(ok=200):
    """An organization chosen among those the persona can see (org.view; else 404), then the
    right on it (else 403): the principal sees branch A but may not export or read its dues."""
    def rule(persona, obj):
        if persona in WORKS_ON[obj]:
            return ok
        return 403 if persona in SEES[obj] else 404
    return rule


def WORK_ONLY_ON(ok=200):
    """API reads that look the organization up in the right's own scope: 404 for anything else."""
    def rule(persona, obj):
        return ok if persona in WORKS_ON[obj] else 404
    return rule


def TRANSFER(side, ok=302):
    """A transfer's action of one side: that side's editors `ok`; the other side's 403; 404 for
    whoever sees neither side."""
    def rule(persona, obj):
        if persona not in SEES[obj]:
            return 404
        return ok if persona in TRANSFER_SIDES[obj][side] else 403
    return rule


def IMPORT_JOB(ok=200):
    """An import job: without member.edit anywhere 403 (checked first); an editor outside the
    job's organization 404; its organization's editors `ok`."""
    def rule(persona, obj):
        if persona not in WORKS_SOMEWHERE:
            return 403
        return ok if persona in SEES[obj] else 404
    return rule


def OWN_DUES(ok=200, own=302):
    """A member's dues page: dues.view on the member's organization `ok`; the member themself,
    without that right, is sent to 我的党费 (`own`); anyone else 404."""
    def rule(persona, obj):
        if persona not in SEES[obj]:
            return 404
        return ok if persona in WORKS_SOMEWHERE else own
    return rule


def MEMBER_LIST_API(persona, obj):
    # A post without member.view (the principal) is refused; a member without a post lists herself.
    return 403 if persona == "principal_a" else 200


PAGE, API, PUBLIC = "page", "api", "public"


@dataclass(frozen=True)
class Route:
    name: str
    kind: str
    expect: object
    objects: tuple[str, ...] = ()
    kwarg: str = "pk"
    param: str = "url"          # where the object goes: "url" kwargs, "query" string or POST "body"
    attr: str = "pk"            # which attribute of the object is sent (an org's "code" for the import)
    method: str = "get"
    data: dict | None = None
    query: str = ""
    headers: dict | None = None
    upload: str = ""            # a multipart file built by matrix.world.UPLOADS[upload]
    leaks: tuple[str, ...] = ()
    rows: tuple[str, str] = ("items", "id")   # for API lists: where the rows are and their id field
    named: dict | None = None   # persona -> objects this route may name out of scope (justified where used)
    anonymous: tuple[int, ...] = field(default=())  # override for the anonymous outcome

    @property
    def anonymous_expected(self):
        if self.anonymous:
            return self.anonymous
        return {PAGE: (302,), API: (401,), PUBLIC: (200,)}[self.kind]
