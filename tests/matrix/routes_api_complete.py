"""The endpoints of issue 18 that let a client do what the pages do, in the matrix: setting up an
organization and its posts, a school's record, 建档 / 系统外转入 / 修改 of a member and 组织关系转接,
a month's dues ledger, a member's base and hardship, a reversal and a remittance, the members'
side of organizational life, correcting a record, the annual plan, reading notes, 联系方式更正, a
staff entry's leaving and leadership terms, the register's import, the report drafts, a decision's tasks and reports, the 整改台账's 申请销号 / 追加事项 /
报送日期, 党务公开 work, the 小微权力清单, the 组织生活会's steps (its holding and 批评与自我批评 too), the 廉政风险台账's
公示, 补充列入 of a pledge campaign and a letter's scan, a rating's refresh and
objection, the local settings of the rules pages (organizational life, decisions and its seats, recruitment,
the 组织生活会, 逾期上报天数, the 党务公开目录, 民主评议), 联系点 and 巡回督导 arranged, the rating standards'
edits and the launch of a year's ratings, 述职评议's writes,
and one's own notifications.

Who may, written by hand from dangjian.core.roles over the world (tests/matrix/spec.py):
- organizations and schools are looked up among those the persona sees (org.view: SEES, else
  404); the right on them is then org.edit / position.manage (EDITS_ORGS), school.edit
  (EDITS_SCHOOLS) or member.edit (WORKS_ON), else 403 — the principal sees branch A and holds none;
- a member is looked up among those the persona may read (member.view, or her own record), then
  member.edit decides (member_a on her own record: 403);
- dues and organizational life look the organization up in the right's own scope: 404 for
  anything else (as their other endpoints do).
Ending one's own post is refused (422: the higher committee records it), as on the page. A
transfer: the receiving side accepts or returns, the sending side withdraws (TRANSFER). A
notification belongs to its user alone.
"""

from __future__ import annotations

from django.utils import timezone

from matrix.lifemeeting import RECTIFIERS
from matrix.lifemeeting import REVIEWERS as MATERIAL_REVIEWERS
from matrix.routes_appraisal_review import CONFIGURERS as REVIEW_CONFIGURERS
from matrix.routes_decisions import (
    ACT_ON,
    CONVENE_ON,
    EXECUTE_ON,
    MATTERS,
    ON_OBJECT,
    ORG_PAGE,
    OVERSEE_ON,
    POWERS,
    PROPOSE_ON,
)
from matrix.routes_decisions import ORGS as DECISION_ORGS
from matrix.routes_duty_review import ASSESSES, COMMENTS, ENTRIES, REPORTS, THEN
from matrix.routes_duty_review import ORGS as DUTY_ORGS
from matrix.routes_integrity_risks import API_ORG
from matrix.routes_integrity_risks import ORGS as RISK_ORGS
from matrix.routes_liaison import _MANAGE as LIAISON_MANAGERS
from matrix.routes_liaison import FINDING, MANAGED, RESULTS, ROUNDS
from matrix.routes_lifemeeting import HELD, LIVES, MATERIALS, TALKS, _by_table
from matrix.routes_pledges import CAMPAIGNS, LETTERS, SEEN_THEN
from matrix.routes_pledges import MANAGERS as PLEDGE_MANAGERS
from matrix.routes_rating import RATINGS, REVIEW_RIGHT, SELF_FIRST
from matrix.routes_rating import REVIEWERS as RATING_REVIEWERS
from matrix.routes_rating import VIEW_ON as RATING_VIEW_ON
from matrix.routes_rating import VIEWERS as RATING_VIEWERS
from matrix.routes_rating import YEAR as RATING_YEAR
from matrix.routes_recruitment import CONFIGURES as RECRUITMENT_CONFIGURES
from matrix.routes_recruitment import RECRUITMENT_ORGS
from matrix.routes_reports_drafts import DRAFT_ORG, DRAFT_READ, DRAFT_WRITE, ORG_WRITE, draft_of
from matrix.routes_staff import ON as ON_STAFF
from matrix.routes_staff import ON_OR_NO_RIGHT
from matrix.routes_supervision import BATCHES, DISCLOSURES, ISSUE_ON, ITEMS, VIEW_ON
from matrix.routes_supervision import ON as ON_TABLE
from matrix.routes_supervision import ORGS as SUPERVISION_ORGS
from matrix.spec import (
    API,
    EDIT_SCHOOL,
    EDITS_ORGS,
    ORG_THEN_RIGHT,
    OWN,
    OWN_RECORD,
    PARTY_WORK,
    SEES,
    TRANSFER,
    VIEW,
    WORK_ONLY_ON,
    WORKS_ON,
    WORKS_SOMEWHERE,
    Route,
    _guarded,
    everyone,
)
from matrix.supervision import DISCLOSURE_WORK, ISSUERS, KEEPERS, REVIEWERS, WORKERS
from matrix.world import MONTHS

ORGS = ("branch_a", "branch_b", "committee_c")
ORGS_WIDE = ("city", "county_a", "branch_a", "group_a1", "branch_b", "committee_c")
PARENTS = ("branch_a", "branch_b")            # a party group may be set up under either
SCHOOLS = ("school_a", "school_b", "school_p", "school_c")
MEMBER_ORGS = ("branch_a", "branch_b", "joint", "branch_c1")
MEMBERS = ("m_member_a", "m_secretary_a", "m_secretary_b", "m_joint", "m_c")
DUES_ORGS = ("branch_a", "branch_b", "joint", "county_a", "branch_c1")
DUES_MEMBERS = ("m_member_a", "m_secretary_a", "m_secretary_b", "m_joint", "m_c")
PAYMENTS = ("payment_of_member_a", "payment_of_secretary_b", "payment_of_c")
TRANSFERS = ("transfer_a_to_b", "transfer_c_to_joint")
# Members without a pending letter (m_moving_a and m_c have one in the world), none of them in
# committee_c, where the new letters go.
MOVABLE = ("m_member_a", "m_secretary_a", "m_secretary_b", "m_joint")
TODAY = timezone.localdate().isoformat()  # the world's letters are dated the day it is built
ORGLIFE_ORGS = ("branch_a", "branch_b", "joint", "county_a", "branch_c1")
BRANCHES = ("branch_a", "branch_b", "joint", "branch_c1")   # organizations that plan their own year
MEETINGS = ("meeting_a", "meeting_b", "meeting_c")
PLAN_ITEMS = ("plan_item_a", "plan_item_b", "plan_item_c")
CORRECTIONS = ("correction_of_member_a", "correction_of_secretary_b")


# 党务公开 is drafted by the officers of the organization's own posts (committee admin, secretary,
# organization committee member), not by a committee above it.
DRAFTS_OWN = {"branch_a": {"secretary_a", "org_member_a"}, "branch_b": {"secretary_b"}, "county_a": {"county_admin"},
              "branch_c1": set()}


def DRAFT_FOR(persona, obj):
    if persona not in SEES[obj]:
        return 404
    return 201 if persona in DRAFTS_OWN[obj] else 403


def DISCLOSURE_ON(ok, then=None):
    """An item in the persona's 党务公开 work (else 404): `ok`, or for `then`'s table its own rule."""
    def rule(persona, obj):
        if persona not in DISCLOSURE_WORK[obj]:
            return 404
        return ok if then is None else then(persona, obj)
    return rule


def CONFIGURE_ON(ok):
    """Recruitment looked up in recruitment.view's scope (404), then recruitment.configure (403)."""
    def rule(persona, obj):
        if persona not in WORKS_ON[obj]:
            return 404
        return ok if persona in RECRUITMENT_CONFIGURES else 403
    return rule


def SCOPE_THEN(scope, right, ok):
    """An organization looked up in a view right's scope (`scope`, else 404), then the right to
    set (`right`, else 403)."""
    def rule(persona, obj):
        if persona not in scope[obj]:
            return 404
        return ok if persona in right[obj] else 403
    return rule


# 联系点 and 巡回督导 are arranged by the committee administrators: county A's, and the city's over
# county B. The committee is looked up among the organizations one sees.
ARRANGES = {"county_a": LIAISON_MANAGERS, "county_b": {"city_admin"}}


def CITY_STANDARD(persona, obj):
    """The city's standard: reached by the rating viewers (else 404), edited by the city alone
    (403), and in use in the world (schools reported against it), so a change is refused (422)."""
    if persona not in RATING_VIEWERS:
        return 404
    return 422 if persona == "city_admin" else 403


def LAUNCH(persona, obj):
    """The organization in rating.view's scope (404); the committees' reviewers launch (200), a
    school's own officers are told a higher committee does (422)."""
    if persona not in RATING_VIEW_ON[obj]:
        return 404
    return 200 if persona in RATING_REVIEWERS else 422


def SEEN_THEN_RULE(persona, obj):
    return 422 if persona in SEES[obj] else 404


def OPEN_DUTY_ROUND(persona, obj):
    """A round of next year: county A's admins open it (201); a school organization is not an
    education committee — refused with the rule (422) to whoever sees it."""
    if persona not in SEES[obj]:
        return 404
    return 201 if obj == "county_a" else 422


def OWN_RECORD_ONLY(ok, pending=()):
    """Something one does for one's own member record: `ok`, or 409 where the world already has
    one pending (`pending`); an account without a record of its own 404."""
    def rule(persona, obj):
        if persona not in OWN_RECORD:
            return 404
        return 409 if persona in pending else ok
    return rule

# The secretaries' posts, by another name than the page's objects: the endpoint's path takes
# {id, position_id} where the page's takes {pk, position_pk}.
POSITIONS = ("api_position_secretary_a", "api_position_secretary_b")
SEES.update({"api_position_secretary_a": SEES["position_secretary_a"],
             "api_position_secretary_b": SEES["position_secretary_b"]})
OWN_POST = {"api_position_secretary_a": "secretary_a", "api_position_secretary_b": "secretary_b"}
SEES.update({"api_notification_of_secretary_a": {"secretary_a"}})
# The report drafts of matrix/routes_reports_drafts.py under the names the endpoints' {id} takes.
API_DRAFTS = ("api_draft_a", "api_draft_b", "api_draft_c")
SEES.update({f"api_{name}": SEES[name] for name in ("draft_a", "draft_b", "draft_c")})
DRAFT_ORG.update({f"api_{name}": org for name, org in list(DRAFT_ORG.items())})
# A 校长办公会 seat of school A and of school C, made inside the case (the world has none).
SEATS = ("api_seat_a", "api_seat_c")
SEES.update({"api_seat_a": SEES["branch_a"], "api_seat_c": SEES["branch_c1"]})


def END_POSITION(persona, obj):
    if persona not in SEES[obj]:
        return 404
    if persona not in EDITS_ORGS:
        return 403
    return 422 if OWN_POST[obj] == persona else 200  # one's own: the higher committee records it


def _position_of(world, org_name):
    from dangjian.orgs.models import Position

    return Position.objects.get(org=getattr(world, org_name), post="secretary")


def _seat_of(org):
    from dangjian.decisions.models import BodySeat

    return BodySeat.objects.create(org=org, body="principal_office", person_name="周副校长",
                                   started_on=timezone.localdate().replace(month=1, day=1))


def _draft(w, name):
    """The draft of matrix/routes_reports_drafts.py, made once: a test that reads it for every persona
    outside a case's savepoint finds the one already made (one draft per kind and period)."""
    from dangjian.reports.models import ReportDraft

    org = getattr(w, DRAFT_ORG[name])
    return ReportDraft.objects.filter(org=org, kind="self_check", period="2025").first() or draft_of(w, name)


def _notification_of(user):
    from dangjian.core.models import Notification

    return Notification.objects.create(user=user, key="matrix-api", title="测试提醒")


FILLERS = {
    "api_notification_of_secretary_a": lambda w, route: {"id": _notification_of(w.secretary_a).pk},
    "api_seat_a": lambda w, route: {"id": _seat_of(w.branch_a).pk},
    **{f"api_draft_{x}": (lambda w, route, x=x: {"id": _draft(w, f"draft_{x}").pk}) for x in "abc"},
    "api_seat_c": lambda w, route: {"id": _seat_of(w.branch_c1).pk},
    **{f"api_position_secretary_{x}": (lambda w, route, x=x: {"id": getattr(w, f"branch_{x}").pk,
                                                            "position_id": _position_of(w, f"branch_{x}").pk})
       for x in "ab"},
}

_RECORD = {"name": "沈悦", "id_number": "110105199004121808", "joined_on": "2015-07-01", "confirmed_on": "2016-07-01"}

API_COMPLETE_ROUTES = [
    # organizations, posts, schools
    Route("api:org_create", API, _guarded(EDITS_ORGS, 201), objects=PARENTS, kwarg="parent", param="body",
          method="post", data={"kind": "group", "code": "MATRIX-1", "name": "第三党小组"}),
    Route("api:org_positions", API, VIEW, objects=ORGS_WIDE, kwarg="id"),
    Route("api:org_appoint", API, _guarded(EDITS_ORGS, 201), objects=ORGS, kwarg="id", method="post",
          data={"post": "publicity_member", "person_name": "王明", "started_on": "2026-09-01"}),
    Route("api:org_end_position", API, END_POSITION, objects=POSITIONS, method="post",
          data={"ended_on": "2026-11-20", "reason": "换届"}),
    Route("api:school_update", API, EDIT_SCHOOL, objects=SCHOOLS, kwarg="id", method="patch",
          data={"staff_count": 50}),
    # member records
    Route("api:member_create", API, ORG_THEN_RIGHT(201), objects=MEMBER_ORGS, kwarg="org", param="body",
          method="post", data=_RECORD),
    Route("api:member_receive", API, ORG_THEN_RIGHT(201), objects=MEMBER_ORGS, kwarg="org", param="body",
          method="post", data={**_RECORD, "received_on": "2026-10-08", "other_org_name": "外省某中学党支部",
                               "letter_number": "外转〔2026〕7号"}),
    Route("api:member_update", API, _guarded(WORKS_SOMEWHERE), objects=MEMBERS, kwarg="id", method="patch",
          data={"office": "教研组长"}),
    # 组织关系转接: a list for everyone (empty without member.view), a letter by the member's
    # editors, the receiving side accepts or returns, the sending side withdraws
    Route("api:transfer_list", API, everyone(200)),
    Route("api:transfer_start", API, _guarded(WORKS_SOMEWHERE, 201), objects=MOVABLE, kwarg="id", method="post",
          data={"to_org_code": "C01B-001", "letter_number": "矩阵转〔2026〕1号", "requested_on": TODAY}),
    Route("api:transfer_accept", API, TRANSFER("receiver", 200), objects=TRANSFERS, kwarg="id", method="post",
          data={"decided_on": TODAY}),
    Route("api:transfer_reject", API, TRANSFER("receiver", 200), objects=TRANSFERS, kwarg="id", method="post",
          data={"reason": "介绍信信息不全"}),
    Route("api:transfer_cancel", API, TRANSFER("sender", 200), objects=TRANSFERS, kwarg="id", method="post",
          data={"reason": "撤回"}),
    # dues and organizational life
    Route("api:dues_ledger_generate", API, WORK_ONLY_ON(), objects=DUES_ORGS, kwarg="org", param="body",
          method="post", data={"month": MONTHS[-1]}),
    Route("api:dues_base_set", API, _guarded(WORKS_SOMEWHERE, 201), objects=DUES_MEMBERS, kwarg="id", method="put",
          data={"category": "in_service", "effective_month": MONTHS[-1], "base": "4000.00"}),
    Route("api:dues_hardship", API, _guarded(WORKS_SOMEWHERE, 201), objects=DUES_MEMBERS, kwarg="id", method="post",
          data={"from_month": MONTHS[-1], "amount": "0", "approved_by": "东城区教育党工委", "approved_on": "2026-11-20",
                "reason": "大病住院"}),
    Route("api:dues_payment_reverse", API, _guarded(WORKS_SOMEWHERE, 201), objects=PAYMENTS, kwarg="id",
          method="post", headers={"Idempotency-Key": "matrix-reversal"}, data={"reason": "金额登记错误"}),
    Route("api:dues_remit", API, WORK_ONLY_ON(201), objects=DUES_ORGS, kwarg="org", param="body", method="post",
          data={"period_start": MONTHS[-2], "period_end": MONTHS[-2], "amount": "100.00", "remitted_on": "2026-11-20"}),
    Route("api:orglife_participation", API, WORK_ONLY_ON(), objects=ORGLIFE_ORGS, kwarg="org", param="query",
          leaks=("member",), rows=("items", "member_id")),
    Route("api:orglife_person_checks", API, WORK_ONLY_ON(), objects=ORGLIFE_ORGS, kwarg="org", param="query",
          query="year=2026"),
    # correcting a record, the annual plan, reading notes
    Route("api:orglife_meeting_update", API, _guarded(WORKS_SOMEWHERE), objects=MEETINGS, kwarg="id", method="patch",
          data={"topic": "重温入党誓词"}),
    Route("api:orglife_plan", API, WORK_ONLY_ON(), objects=ORGLIFE_ORGS, kwarg="org", param="query"),
    # 年度发展计划 and a stricter recruitment limit: the organization among those whose recruitment
    # one works on (else 404); a limit without its rule is refused (422) to the committee admins
    # who may set one, 403 to the others
    Route("api:recruitment_plan_set", API, WORK_ONLY_ON(), objects=RECRUITMENT_ORGS, kwarg="org", param="body",
          method="put", data={"year": 2026, "admitted": 1}),
    Route("api:recruitment_rule_set", API, CONFIGURE_ON(422), objects=RECRUITMENT_ORGS, kwarg="org", param="body",
          method="put", data={"rule_code": "", "value": 1, "reason": "依据"}),
    # a meeting's attachment (multipart): the test upload is a workbook, not a photo or a scan —
    # refused by the upload check (422) to those who manage the meeting's organization
    Route("api:orglife_attachment_add", API, _guarded(WORKS_SOMEWHERE, 422), objects=MEETINGS, kwarg="id",
          method="post", upload="row_for_target", data={"kind": "sign_in"}),
    # the rules page's two forms: a reason left blank is refused with the rule (422) to those
    # who manage the organization's life
    Route("api:orglife_rule_add", API, WORK_ONLY_ON(422), objects=ORGLIFE_ORGS, kwarg="org", param="body",
          method="post", data={"kind": "theme_day", "frequency": "monthly", "effective_from": "2099-01-01",
                               "reason": " "}),
    Route("api:orglife_quorum_rule_add", API, WORK_ONLY_ON(422), objects=ORGLIFE_ORGS, kwarg="org",
          param="body", method="post", data={"effective_from": "2099-01-01", "reason": " "}),
    Route("api:orglife_plan_generate", API, WORK_ONLY_ON(), objects=BRANCHES, kwarg="org", param="body",
          method="post", data={"year": 2026}),
    Route("api:orglife_plan_item", API, _guarded(WORKS_SOMEWHERE), objects=PLAN_ITEMS, kwarg="id", method="patch",
          data={"topic": "学习党章"}),
    Route("api:orglife_note_create", API, OWN_RECORD_ONLY(201), method="post",
          data={"title": "学习心得", "book": "《中国共产党章程》", "content": "坚定理想信念"}),
    # 联系方式更正: the keepers of member records list and decide; a member asks for herself
    # (member_a and secretary_b have one pending in the world: 409)
    Route("api:correction_list", API, PARTY_WORK()),
    Route("api:correction_request", API, OWN_RECORD_ONLY(201, pending=("member_a", "secretary_b")), method="post",
          data={"phone": "13900004444"}),
    Route("api:correction_decide", API, _guarded(WORKS_SOMEWHERE), objects=CORRECTIONS, kwarg="id", method="post",
          data={"approve": True}),
    # a decision's execution: the world's matters are decided, not yet executed — those who execute
    # reach the service and are refused for the state (422), as on the page
    Route("api:decision_matter_task", API, ON_OBJECT(EXECUTE_ON, 422), objects=MATTERS, kwarg="id", method="post",
          data={"title": "跑道基层施工", "owner_name": "李总务", "unit": "总务处", "deadline": "2026-11-30"}),
    Route("api:decision_matter_report", API, ON_OBJECT(EXECUTE_ON, 422), objects=MATTERS, kwarg="id", method="post",
          data={"reported_on": "2026-11-20", "progress": 50, "text": "进行中"}),
    # 小微权力清单: kept and published by the school's committee (decisions.convene), read by all
    Route("api:decision_powers", API, ORG_PAGE(), objects=DECISION_ORGS, kwarg="org", param="query"),
    Route("api:decision_power_create", API, ORG_PAGE(CONVENE_ON, 201), objects=DECISION_ORGS, kwarg="org",
          param="body", method="post", data={"name": "教师外出培训审批", "basis": "学校教师培训管理办法",
                                              "responsible_post": "教务处主任", "steps": "教师申请\n教务处审核"}),
    Route("api:decision_power_update", API, ON_OBJECT(CONVENE_ON, 200), objects=POWERS, kwarg="id", method="patch",
          data={"name": "教师外出培训审批", "basis": "学校教师培训管理办法", "responsible_post": "教务处主任",
                "steps": "教师申请\n教务处审核"}),
    Route("api:decision_powers_publish", API, ORG_PAGE(CONVENE_ON, 200), objects=DECISION_ORGS, kwarg="org",
          param="body", method="post"),
    Route("api:decision_powers_published", API, everyone(200)),
    # a matter's document (multipart): a workbook is one of its kinds — kept (201) for those who act
    # on the matter
    Route("api:decision_attachment_add", API, ON_OBJECT(ACT_ON, 201), objects=MATTERS, kwarg="id", method="post",
          upload="row_for_target"),
    # the rules page's settings (decisions.oversee: the committees above the schools) and the seats
    # page (the school's secretary or principal). An empty citation reaches the service and is
    # refused with its rule (422); so is a second end of a seat the world ended already
    Route("api:decision_threshold_set", API, ORG_PAGE(OVERSEE_ON, 422), objects=DECISION_ORGS, kwarg="org",
          param="body", method="post", data={"amount": "20000", "citation": " ", "effective_on": "2026-12-01"}),
    Route("api:decision_quorum_set", API, ORG_PAGE(OVERSEE_ON, 422), objects=DECISION_ORGS, kwarg="org",
          param="body", method="post", data={"citation": " ", "effective_on": "2026-12-01"}),
    Route("api:decision_seat_add", API, ORG_PAGE(PROPOSE_ON, 422), objects=DECISION_ORGS, kwarg="org",
          param="body", method="post", data={"body": "staff_congress", "person_name": " ", "started_on": TODAY}),
    Route("api:decision_seat_end", API, ON_OBJECT(PROPOSE_ON, 200), objects=SEATS, kwarg="id", method="post",
          data={"ended_on": TODAY}),
    # 组织生活会 steps (orglife.manage on the branch; the services judge the stage): the world's
    # life_a is preparing, its material_a submitted, life_held_a held without criticisms yet
    Route("api:life_study_record", API, _guarded(WORKS_SOMEWHERE, 201), objects=LIVES, kwarg="id", method="post",
          data={"held_on": "2026-11-10", "form": "collective", "topic": "学习党章", "participants": 8}),
    Route("api:life_opinion_record", API, _guarded(WORKS_SOMEWHERE, 201), objects=LIVES, kwarg="id", method="post",
          data={"collected_on": "2026-11-10", "channel": "forum", "source": "staff", "content": "联系青年教师不够"}),
    Route("api:life_summary_save", API, _guarded(WORKS_SOMEWHERE, 422), objects=LIVES, kwarg="id", method="put",
          data={"summary": "共征求意见若干条"}),   # no opinion collected yet in the world: nothing to summarize
    # nobody of the world is numbered 2**61: not a participant, refused with the rule
    Route("api:life_talk_plan", API, _guarded(WORKS_SOMEWHERE, 422), objects=LIVES, kwarg="id", method="post",
          data={"talker": 2**61, "talkee": 2**61 - 1}),
    Route("api:life_talk_record", API, _guarded(WORKS_SOMEWHERE, 200), objects=TALKS, kwarg="id", method="post",
          data={"held_on": "2026-11-12", "summary": "交流思想"}),
    Route("api:life_material_submit_api", API, _guarded(WORKS_SOMEWHERE, 422), objects=MATERIALS, kwarg="id",
          method="post"),   # already submitted
    Route("api:life_material_review_api", API, _by_table(MATERIAL_REVIEWERS, 200), objects=MATERIALS, kwarg="id",
          method="post", data={"decision": "approve"}),
    Route("api:life_rectify_api", API, _guarded(WORKS_SOMEWHERE, 422), objects=LIVES, kwarg="id", method="post"),
    Route("api:life_rectify_api", API, _by_table(RECTIFIERS, 200), objects=HELD, kwarg="id", method="post"),
    # holding life_a: its preparation is not done (422); a criticism of someone nobody is
    # numbered (2**61) on the held one: not present, refused with the rule (422)
    Route("api:life_hold_api", API, _guarded(WORKS_SOMEWHERE, 422), objects=LIVES, kwarg="id", method="post",
          data={"held_on": TODAY, "place": "党员活动室"}),
    Route("api:life_criticism_api", API, _guarded(WORKS_SOMEWHERE, 422), objects=HELD, kwarg="id", method="post",
          data={"subject": 2**61, "self_criticism": "带头作用不够"}),
    Route("api:life_report_send", API, _guarded(WORKS_SOMEWHERE, 422), objects=HELD, kwarg="id", method="post",
          data={"reported_on": TODAY}),   # the criticisms are not on record yet
    # a higher committee's local settings in supervision: a stricter 组织生活会 rule without its
    # document, 逾期上报天数 longer than the national ones, a catalogue entry without its title —
    # each refused with its rule (422) to those who may set it (a branch sets no 报送期限 for
    # itself: 422 as well)
    Route("api:life_rule_add", API, WORK_ONLY_ON(422), objects=ORGLIFE_ORGS, kwarg="org", param="body",
          method="post", data={"kind": "life_meeting", "report_days": 5, "effective_from": "2099-01-01",
                               "document": " "}),
    Route("api:rectification_escalation_set", API, SCOPE_THEN(VIEW_ON, ISSUE_ON, 422), objects=SUPERVISION_ORGS,
          kwarg="org", param="body", method="post", data={"days": 365, "citation": "依据", "effective_on": TODAY}),
    Route("api:disclosure_catalogue_add", API, SCOPE_THEN(WORKS_ON, ISSUE_ON, 422), objects=SUPERVISION_ORGS,
          kwarg="org", param="body", method="post", data={"title": " ", "audience": "party", "timing": "regular"}),
    Route("api:disclosure_catalogue_adopt", API, SCOPE_THEN(WORKS_ON, ISSUE_ON, 201), objects=SUPERVISION_ORGS,
          kwarg="org", param="body", method="post"),
    # 联系点 and 巡回督导 arranged: nobody is numbered 2**61, so the school is refused (422) to the
    # administrators of the committee, once the committee is seen (404) and theirs (403); a round
    # closed; a finding of a school not inspected yet refused with the rule (422)
    Route("api:liaison_assign_api", API, SCOPE_THEN(SEES, ARRANGES, 422), objects=tuple(ARRANGES), kwarg="committee",
          param="body", method="post", data={"liaison": 2**61, "school": 2**61, "year": int(TODAY[:4])}),
    Route("api:inspection_open", API, SCOPE_THEN(SEES, ARRANGES, 422), objects=tuple(ARRANGES), kwarg="committee",
          param="body", method="post", data={"title": "矩阵测试督导", "starts_on": TODAY, "ends_on": TODAY,
                                              "schools": [2**61], "checklist": [{"text": "台账", "max_score": "50"}]}),
    Route("api:inspection_close_api", API, MANAGED(200), objects=ROUNDS, kwarg="id", method="post"),
    Route("api:inspection_finding_api", API, MANAGED(422), objects=RESULTS, kwarg="id", method="post", data=FINDING),
    # 廉政风险台账 公示: risk.view's scope (404), then risk.manage (403); the world's ledgers hold no risk
    # in force (its risks are made inside other cases), so a keeper is refused with the rule (422)
    Route("api:integrity_risks_publish_api", API, API_ORG(ok_manage=422), objects=RISK_ORGS, kwarg="org",
          param="body", method="post"),
    # 补充列入 on a campaign: nobody of the world is numbered 2**61 — the keepers are told the rule (422)
    Route("api:pledge_signer_add", API, SEEN_THEN(PLEDGE_MANAGERS, 422, 403), objects=CAMPAIGNS, kwarg="id",
          method="post", data={"staff": 2**61}),
    # a signed copy's scan (multipart): the test upload is a workbook, not a scan — refused by the
    # upload check (422) to those who record signatures there
    Route("api:pledge_scan_api", API, SEEN_THEN(PLEDGE_MANAGERS, 422, 403), objects=LETTERS, kwarg="id",
          method="post", upload="row_for_target"),
    # 评星定级: the world's ratings are past the school's editing and not in 公示 — refused for the
    # state (422) to those with the right, as on the page
    Route("api:rating_refresh_api", API, SELF_FIRST, objects=RATINGS, kwarg="id", method="post"),
    Route("api:rating_evidence_api", API, SELF_FIRST, objects=RATINGS, kwarg="id", method="post",
          upload="row_for_target", data={"item": 1}),
    Route("api:rating_objection", API, REVIEW_RIGHT(422), objects=RATINGS, kwarg="id", method="post",
          data={"reason": "群众反映该校党建台账不实"}),
    # the city's standard, in use: its settings (an empty name), an item, the levels, a situation
    # (an empty text) and a copy to its own year (there already) are refused to the city (422)
    Route("api:rating_standard_update", API, CITY_STANDARD, objects=("standard_city",), kwarg="id", method="patch",
          data={"name": " "}),
    Route("api:rating_standard_item", API, CITY_STANDARD, objects=("standard_city",), kwarg="id", method="post",
          data={"text": "矩阵测试项目", "points": "1", "evidence": "attestation"}),
    Route("api:rating_standard_levels", API, CITY_STANDARD, objects=("standard_city",), kwarg="id", method="put",
          data={"levels": {"1": "60"}}),
    Route("api:rating_standard_situation", API, CITY_STANDARD, objects=("standard_city",), kwarg="id", method="post",
          data={"text": " "}),
    Route("api:rating_standard_copy_api", API, CITY_STANDARD, objects=("standard_city",), kwarg="id", method="post",
          data={"year": RATING_YEAR}),
    Route("api:rating_launch_api", API, LAUNCH, objects=("branch_a", "branch_b", "county_a", "branch_c1"),
          kwarg="org", param="body", method="post", data={"year": RATING_YEAR}),
    # 民主评议's stricter local rule without its reason: refused with the rule (422) to those who
    # configure the review there, 403 to the other workers, 404 outside appraisal.view's scope
    Route("api:review_rule_add", API, SCOPE_THEN(WORKS_ON, {o: WORKS_ON[o] & REVIEW_CONFIGURERS for o in DUTY_ORGS}, 422),
          objects=DUTY_ORGS, kwarg="org", param="body", method="post",
          data={"excellent_percent": 20, "effective_from": "2099-01-01", "reason": " "}),
    # 书记抓党建述职评议: a round opened; weights that do not add up (422 for whoever sees the
    # organization); the report saved by its secretary (another viewer: 422 naming the rule); the
    # process score, a comment and its 整改 by the opening committee — a school user who sees the
    # entry is told the committee does it (422, the service's require_committee; the page answers 403)
    Route("api:duty_review_open", API, OPEN_DUTY_ROUND, objects=DUTY_ORGS, kwarg="org", param="body", method="post",
          data={"kind": "party_month", "year": int(TODAY[:4]) + 1, "deadline": f"{int(TODAY[:4]) + 1}-06-30"}),
    Route("api:duty_review_settings", API, SEEN_THEN_RULE, objects=DUTY_ORGS, kwarg="org", param="body",
          method="post", data={"meeting": 50, "supervision": 50, "poll": 50, "good_min": 90, "fairly_good_min": 80,
                               "average_min": 60, "source": "x", "effective_from": "2026-01-01"}),
    Route("api:duty_report_save", API, THEN(REPORTS, 200, 422), objects=ENTRIES, kwarg="id", method="put",
          data={"sections": []}),
    # the report as a Word file (multipart): the test upload is a workbook — refused by the upload
    # check (422), which the service runs before it asks who uploads
    Route("api:duty_report_file_api", API, THEN(REPORTS, 422, 422), objects=ENTRIES, kwarg="id", method="post",
          upload="row_for_target"),
    Route("api:duty_report_draft_api", API, THEN(REPORTS, 200, 422), objects=ENTRIES, kwarg="id", method="post"),
    Route("api:duty_assessment_save", API, THEN(ASSESSES, 200, 422), objects=ENTRIES, kwarg="id", method="put",
          data={"meeting_score": "90"}),
    Route("api:duty_comment_create", API, THEN(ASSESSES, 201, 422), objects=ENTRIES, kwarg="id", method="post",
          data={"text": "矩阵测试点评"}),
    Route("api:duty_comment_rectification", API, THEN(ASSESSES, 201, 422), objects=COMMENTS, kwarg="id",
          method="post", data={"deadline": "2099-12-31", "owner_name": "王明"}),
    # 整改台账: the school asks for 销号 (the world's items have no evidence yet: refused with the
    # rule, 422), the issuer adds an item, the school records its report's day
    Route("api:rectification_request_closure", API, ON_TABLE(WORKERS, 422), objects=ITEMS, kwarg="id", method="post",
          data={"text": "已整改完毕"}),
    Route("api:rectification_batch_item_add", API, ON_TABLE(ISSUERS, 201), objects=BATCHES, kwarg="id",
          method="post", data={"problem": "谈心谈话记录不全", "owner_name": "张伟", "deadline": "2026-12-31"}),
    Route("api:rectification_batch_reported", API, ON_TABLE(KEEPERS, 200), objects=BATCHES, kwarg="id",
          method="post", data={"reported_on": TODAY}),
    # 党务公开 work: the subtree's items, one item, a draft, its edit, and 保密审查 of branch A's draft
    # (passed by a reviewer who did not draft it; its drafter 422)
    Route("api:disclosure_items", API, WORK_ONLY_ON(), objects=("branch_a", "branch_b", "county_a", "branch_c1"),
          kwarg="org", param="query"),
    Route("api:disclosure_item", API, DISCLOSURE_ON(200), objects=DISCLOSURES, kwarg="id"),
    Route("api:disclosure_draft", API, DRAFT_FOR, objects=("branch_a", "branch_b", "county_a", "branch_c1"),
          kwarg="org", param="body", method="post",
          data={"audience": "party", "timing": "regular", "title": "党费收缴情况", "body": "应交 10 人，已交 10 人。"}),
    Route("api:disclosure_edit", API, DISCLOSURE_ON(200), objects=("disclosure_draft_a",), kwarg="id", method="patch",
          data={"title": "矩阵测试草稿（修改）"}),
    Route("api:disclosure_step", API, DISCLOSURE_ON(200, lambda p, o: 200 if p in REVIEWERS[o] else 422),
          objects=("disclosure_draft_a",), kwarg="id", method="post", data={"step": "review"}),
    # the staff register: an entry's leaving and its leadership terms (staff.edit on the school,
    # held by whoever reads its register here — tests/matrix/routes_staff.py)
    Route("api:staff_end", API, ON_STAFF(200), objects=("staff_a", "staff_c"), kwarg="id", method="post",
          data={"on": "2026-11-20"}),
    Route("api:staff_term_add", API, ON_STAFF(201), objects=("staff_a", "staff_c"), kwarg="id", method="post",
          data={"role": "other", "started_on": "2026-09-01"}),
    Route("api:staff_term_end", API, ON_STAFF(200), objects=("term_a", "term_c"), kwarg="id", method="post",
          data={"on": "2026-11-20"}),
    # the register's import (multipart): staff.edit somewhere (403), the school among those one edits
    # (404); the test upload is a member import, not a staff register — refused whole (422)
    Route("api:staff_import_api", API, ON_OR_NO_RIGHT(422), objects=("school_a", "school_c"), kwarg="school",
          param="body", method="post", upload="row_for_target"),
    # report drafts: written by report.draft on a school organization (county A's admins read, never
    # write: 403); read by member work on it; an edit of the latest version saved
    Route("api:report_draft_generate", API, ORG_WRITE(201), objects=("branch_a", "branch_b", "county_a", "branch_c1"),
          kwarg="org", param="body", method="post", data={"kind": "self_check", "period": str(int(TODAY[:4]) - 1)}),
    Route("api:report_draft", API, DRAFT_READ, objects=API_DRAFTS, kwarg="id"),
    Route("api:report_draft_save", API, DRAFT_WRITE(200), objects=API_DRAFTS, kwarg="id", method="put",
          data={"based_on": 1, "sections": {"opening": "矩阵测试修改的开头。"}}),
    # one's own notifications
    Route("api:notification_list", API, everyone(200)),
    Route("api:notification_read_all", API, everyone(200), method="post"),
    Route("api:notification_mark_read", API, OWN(200), objects=("api_notification_of_secretary_a",), method="post"),
]
