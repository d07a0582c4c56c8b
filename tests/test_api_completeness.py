"""A client can do through /api/v1/ what the pages do (issue 18): every page action, as data, with
the endpoint that does the same, or the reason it has none.

PAGE_ACTIONS lists each page that changes something — a URL name of config.urls whose view
takes a POST — and PAGE_READS the pages whose data a client needs. Each maps to
  api("METHOD /path")       the endpoint of /api/v1/openapi.json that does the same;
  exempt("reason")          no endpoint, on purpose (the session's own pages, credentials,
                            the audited reveal of a full ID number);
  missing("METHOD /path")   no endpoint yet: the planned one. Listed so that the gap is visible
                            (docs/api.md repeats the list) and not forgotten.
The tests read the OpenAPI document as a client does and fail when a mapped endpoint is not in
it, when a planned one has arrived (move it to api()), when a page that takes a POST is in
neither list, or when a listed page no longer exists.

Which views take a POST is read from their source (the view and its decorators: require_POST,
request.method, request.POST): the resolver knows the URL, not the methods. A view that handles
its POST only in a helper is not seen — such a page must be listed by hand as well.
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

# Only the login that fetches the document touches the database (logging in runs on PostgreSQL in
# many tests, and the permission matrix fetches api:openapi-json there); what these tests check is
# read from the document and the views' source, in Python: they run in the SQLite run only.
pytestmark = [pytest.mark.django_db,
              pytest.mark.engine_neutral("checks the OpenAPI document and the views' source in Python; the login "
                                         "and the document's route run on PostgreSQL in test_permission_matrix")]


@dataclass(frozen=True)
class Mapping:
    kind: str      # "api", "exempt" or "missing"
    endpoint: str  # "METHOD /path" under /api/v1 ("" for exempt)
    reason: str = ""


def api(endpoint: str, reason: str = "") -> Mapping:
    return Mapping("api", endpoint, reason)


def exempt(reason: str) -> Mapping:
    return Mapping("exempt", "", reason)


def missing(endpoint: str) -> Mapping:
    return Mapping("missing", endpoint)


SESSION = "浏览器会话本身的操作（登录、二次验证、切换当前组织）：API 以令牌认证，每次请求自带组织参数"
TOKENS = "API 令牌在页面上签发和撤销（须先完成二次验证）：令牌不能签发令牌"
REVEAL = "完整身份证号、手机号只在页面上查看，须说明理由并记入审计；API 一律返回脱敏值（QUALITY.md 第 14 条）"
ROBOT = "群机器人的地址和密钥是凭据，只在页面上保存，API 不传递"
SIGN_IN = "扫码签到：手机相机扫描会议二维码后在浏览器中打开该页面，二维码即页面地址"

PAGE_ACTIONS: dict[str, Mapping] = {
    # core and accounts
    "core:switch_org": exempt(SESSION),
    "core:notifications_read_all": api("POST /notifications/read-all"),
    "core:notification_read": api("POST /notifications/{id}/read"),
    "accounts:otp": exempt(SESSION),
    "accounts:tokens": exempt(TOKENS),
    "accounts:token_revoke": exempt(TOKENS),
    # orgs
    "orgs:edit": api("PATCH /orgs/{id}"),
    "orgs:robot": exempt(ROBOT),
    "orgs:robot_test": exempt(ROBOT),
    "orgs:appoint": api("POST /orgs/{id}/positions"),
    "orgs:end_position": api("POST /orgs/{id}/positions/{position_id}/end"),
    "orgs:school_edit": api("PATCH /schools/{id}"),
    "orgs:local_document_new": api("POST /local-documents/"),
    "orgs:local_document_edit": api("PATCH /local-documents/{id}"),
    "orgs:local_document_switch": api("POST /local-documents/{id}/switches"),
    # members
    "members:create": api("POST /members/"),
    "members:receive": api("POST /members/receive"),
    "members:edit": api("PATCH /members/{id}"),
    "members:record_event": api("POST /members/{id}/events"),
    "members:reveal": exempt(REVEAL),
    "members:transfer_start": api("POST /members/{id}/transfers"),
    "members:transfer_accept": api("POST /transfers/{id}/accept"),
    "members:transfer_reject": api("POST /transfers/{id}/reject"),
    "members:transfer_cancel": api("POST /transfers/{id}/cancel"),
    "members:correction_decide": api("POST /corrections/{id}/decision"),
    "members:correction_request": api("POST /members/me/corrections"),
    "members:import": api("POST /members/import", "页面先检查（dry_run=true）再导入"),
    "members:import_commit": api("POST /members/import", "页面的“确认导入”即 dry_run=false 的同一请求"),
    # dues
    "dues:generate": api("POST /dues/ledger/generate"),
    "dues:pay": api("POST /dues/payments"),
    "dues:bulk_pay": api("POST /dues/payments", "逐人逐月各一次请求，各带 Idempotency-Key"),
    "dues:extra": api("POST /dues/payments", "kind=extra"),
    "dues:set_base": api("PUT /dues/members/{id}/base"),
    "dues:hardship": api("POST /dues/members/{id}/hardship"),
    "dues:reverse": api("POST /dues/payments/{id}/reversal"),
    "dues:remittances": api("POST /dues/remittances"),
    # recruitment
    "recruitment:open": api("POST /recruitment/files/"),
    "recruitment:record": api("POST /recruitment/files/{id}/steps"),
    "recruitment:rules": api("PUT /recruitment/rules"),
    "recruitment:plan": api("PUT /recruitment/plan"),
    # organizational life
    "orglife:create": api("POST /meetings/"),
    "orglife:edit": api("PATCH /meetings/{id}"),
    "orglife:attachment_add": api("POST /meetings/{id}/attachments", "multipart：file、kind"),
    "orglife:sign_in": exempt(SIGN_IN),
    "orglife:rules": api("POST /meetings/rules", "法定人数规定（action=quorum）：POST /meetings/rules/quorum"),
    "orglife:study": api("POST /study-notes/"),
    "orglife:plan": api("POST /meetings/plan"),
    "orglife:plan_item": api("PATCH /meetings/plan/{id}"),
    # 议事决策
    "decisions:matter_new": api("POST /matters/"),
    "decisions:transition": api("POST /matters/{id}/transitions"),
    "decisions:report": api("POST /matters/{id}/reports"),
    "decisions:task_add": api("POST /matters/{id}/tasks"),
    "decisions:attachment_add": api("POST /matters/{id}/attachments", "multipart：file"),
    "decisions:meeting_new": api("POST /decision-meetings/"),
    "decisions:vote": api("PUT /decision-meetings/{id}/votes"),
    "decisions:rules": api("POST /decisions/thresholds", "法定人数规定（action=quorum）：POST /decisions/quorum-settings"),
    "decisions:seats": api("POST /decisions/seats", "任期终止：POST /decisions/seats/{id}/end"),
    "decisions:power_new": api("POST /powers/"),
    "decisions:power_edit": api("PATCH /powers/{id}"),
    "decisions:powers_publish": api("POST /powers/publication"),
    # 整改台账
    "supervision:item_progress": api("POST /rectification/items/{id}/progress"),
    "supervision:item_request": api("POST /rectification/items/{id}/closure-request"),
    "supervision:item_decide": api("POST /rectification/items/{id}/decision"),
    "supervision:batch_new": api("POST /rectification/batches/"),
    "supervision:batch_import": api("POST /rectification/batches/", "文件的各行即请求体中的事项列表"),
    "supervision:batch_item_add": api("POST /rectification/batches/{id}/items"),
    "supervision:batch_reported": api("POST /rectification/batches/{id}/reported"),
    "supervision:escalation": api("POST /rectification/escalations"),
    # 党务公开
    "supervision:disclosure_new": api("POST /disclosures/"),
    "supervision:disclosure_edit": api("PATCH /disclosures/{id}"),
    "supervision:disclosure_step": api("POST /disclosures/{id}/transitions"),
    "supervision:catalogue": api("POST /disclosures/catalogue", "以默认目录为基础建立：POST /disclosures/catalogue/adoption"),
    # 组织生活会、民主生活会
    "supervision:life_open": api("POST /life-meetings/"),
    "supervision:life_material": api("POST /life-meetings/{id}/materials"),
    "supervision:life_rules": api("POST /life-meetings/rules"),
    "supervision:life_study": api("POST /life-meetings/{id}/study"),
    "supervision:life_opinion": api("POST /life-meetings/{id}/opinions"),
    "supervision:life_summary": api("PUT /life-meetings/{id}/summary"),
    "supervision:life_talk": api("POST /life-meetings/{id}/talks"),
    "supervision:life_talk_held": api("POST /life-meetings/talks/{id}/held"),
    "supervision:life_material_submit": api("POST /life-meetings/materials/{id}/submit"),
    "supervision:life_material_review": api("POST /life-meetings/materials/{id}/review"),
    "supervision:life_hold": api("POST /life-meetings/{id}/hold"),
    "supervision:life_criticism": api("POST /life-meetings/{id}/criticism"),
    "supervision:life_rectify": api("POST /life-meetings/{id}/rectification"),
    "supervision:life_report": api("POST /life-meetings/{id}/report"),
    # 廉政风险台账
    "supervision:integrity_risk_new": api("POST /integrity-risks/"),
    "supervision:integrity_risk_review": api("POST /integrity-risks/{id}/review"),
    "supervision:integrity_risks_publish": api("POST /integrity-risks/publication"),
    # 责任书、承诺书
    "supervision:pledge_new": api("POST /pledges/campaigns"),
    "supervision:pledge_add": api("POST /pledges/campaigns/{id}/letters"),
    "supervision:pledge_sign": api("POST /pledges/letters/{id}/sign"),
    "supervision:pledge_scan": api("POST /pledges/letters/{id}/scan", "multipart：file、signed_on"),
    # 联系点与督导
    "supervision:liaison_assign": api("POST /liaison/assignments"),
    "supervision:liaison_visit_new": api("POST /liaison/schools/{id}/visits"),
    "supervision:liaison_visit_finding": api("POST /liaison/visits/{id}/findings"),
    "supervision:inspection_new": api("POST /inspections/"),
    "supervision:inspection_close": api("POST /inspections/{id}/close"),
    "supervision:inspection_result": api("POST /inspections/results/{id}"),
    "supervision:inspection_finding": api("POST /inspections/results/{id}/findings"),
    # 教职工与师德师风
    "staff:import": api("POST /staff/import", "multipart：file、school"),
    "staff:create": api("POST /staff/"),
    "staff:edit": api("PATCH /staff/{id}"),
    "staff:end": api("POST /staff/{id}/end"),
    "staff:reveal": exempt(REVEAL),
    "staff:term_add": api("POST /staff/{id}/terms"),
    "staff:term_end": api("POST /staff/terms/{id}/end"),
    "staff:ethics_assess": api("POST /staff/ethics/schools/{school}/assessments"),
    "staff:ethics_violation_new": api("POST /staff/ethics/violations"),
    # 民主评议党员
    "appraisal:review_new": api("POST /appraisal/reviews/"),
    "appraisal:review_step": api("POST /appraisal/reviews/{id}/transitions"),
    "appraisal:review_counts": api("PUT /appraisal/reviews/{id}/counts"),
    "appraisal:review_grades": api("PUT /appraisal/reviews/{id}/grades"),
    "appraisal:review_follow_up": api("PATCH /appraisal/review-follow-ups/{id}", "办结为 POST …/close"),
    "appraisal:review_rules": api("POST /appraisal/review-rules"),
    "appraisal:review_ballot": api("POST /appraisal/reviews/{id}/ballot"),
    "appraisal:self_reports": api("PUT /appraisal/self-reports"),
    # 评星定级
    "appraisal:rating_open": api("POST /star-ratings/"),
    "appraisal:rating_launch": api("POST /star-ratings/launch"),
    "appraisal:rating_self": api("PUT /star-ratings/{id}/self-scores"),
    "appraisal:rating_refresh": api("POST /star-ratings/{id}/refresh"),
    "appraisal:rating_evidence_add": api("POST /star-ratings/{id}/evidence", "multipart：file、item"),
    "appraisal:rating_review": api("POST /star-ratings/{id}/review"),
    "appraisal:rating_check": api("POST /star-ratings/{id}/check"),
    "appraisal:rating_object": api("POST /star-ratings/{id}/objection"),
    "appraisal:rating_revoke": api("POST /star-ratings/{id}/revocation"),
    "appraisal:rating_standard": api("PATCH /rating-standards/{id}", "项目：POST /rating-standards/{id}/items；星级分数线：PUT …/levels；摘星情形：POST …/situations"),
    "appraisal:rating_standard_copy": api("POST /rating-standards/{id}/copy"),
    "appraisal:rating_sampling": api("POST /rating-standards/{id}/draws"),
    "appraisal:rating_publicity": api("POST /rating-standards/{id}/publicities"),
    "appraisal:rating_publicity_grant": api("POST /rating-publicities/{id}/grant"),
    "appraisal:rating_weak_detail": api("POST /weak-tasks/{id}/done"),
    # 述职评议
    "appraisal:duty_review_new": api("POST /duty-reviews/"),
    "appraisal:duty_settings": api("POST /duty-reviews/settings"),
    "appraisal:duty_report": api("PUT /duty-reviews/entries/{id}/report", "上传 Word 文档：POST /duty-reviews/entries/{id}/report/file（multipart）"),
    "appraisal:duty_report_draft": api("POST /duty-reviews/entries/{id}/report/draft"),
    "appraisal:duty_assessment": api("PUT /duty-reviews/entries/{id}/assessment"),
    "appraisal:duty_comment_add": api("POST /duty-reviews/entries/{id}/comments"),
    "appraisal:duty_comment_rectify": api("POST /duty-reviews/comments/{id}/rectification"),
    # 报告起草
    "reports:draft_new": api("POST /report-drafts/"),
    "reports:draft": api("PUT /report-drafts/{id}", "读取最新版本：GET /report-drafts/{id}"),
}

# Pages whose data a client needs, with the endpoint that answers the same.
PAGE_READS: dict[str, Mapping] = {
    "core:notifications": api("GET /notifications/"),
    "orgs:list": api("GET /orgs/"),
    "orgs:tree_children": api("GET /orgs/{id}/children"),
    "orgs:detail": api("GET /orgs/{id}", "在任职务及任职编号：GET /orgs/{id}/positions"),
    "orgs:school_list": api("GET /schools/"),
    "orgs:school_detail": api("GET /schools/{id}"),
    "orgs:local_documents": api("GET /local-documents/"),
    "orgs:local_document": api("GET /local-documents/{id}"),
    "members:list": api("GET /members/"),
    "members:detail": api("GET /members/{id}", "时间线：GET /members/{id}/events"),
    "members:transfers": api("GET /transfers/"),
    "members:corrections": api("GET /corrections/"),
    "members:stats": api("GET /stats/members"),
    "members:export": api("GET /members/export"),
    "dues:ledger": api("GET /dues/ledger"),
    "dues:arrears": api("GET /dues/arrears"),
    "recruitment:board": api("GET /recruitment/files/"),
    "recruitment:file": api("GET /recruitment/files/{id}"),
    "recruitment:due": api("GET /recruitment/due"),
    "orglife:records": api("GET /meetings/"),
    "orglife:detail": api("GET /meetings/{id}"),
    "orglife:compliance": api("GET /meetings/compliance", "逐人检查项目：GET /meetings/compliance/members"),
    "orglife:participation": api("GET /meetings/participation"),
    "orglife:plan": api("GET /meetings/plan"),
    "decisions:matters": api("GET /matters/"),
    "decisions:matter": api("GET /matters/{id}"),
    "decisions:powers": api("GET /powers/"),
    "decisions:powers_published": api("GET /powers/published"),
    "supervision:ledger": api("GET /rectification/items/"),
    "supervision:item": api("GET /rectification/items/{id}"),
    "supervision:overview": api("GET /rectification/overview"),
    "supervision:published": api("GET /disclosures/published"),
    "supervision:disclosures": api("GET /disclosures/"),
    "supervision:disclosure": api("GET /disclosures/{id}", "办理人员所见；向本人公开的见 GET /disclosures/published"),
    "supervision:life_list": api("GET /life-meetings/"),
    "supervision:life_detail": api("GET /life-meetings/{id}"),
    "supervision:integrity_risks": api("GET /integrity-risks/"),
    "supervision:integrity_risk": api("GET /integrity-risks/{id}"),
    "supervision:pledges": api("GET /pledges/campaigns"),
    "supervision:pledge": api("GET /pledges/campaigns/{id}"),
    "supervision:pledges_mine": api("GET /pledges/mine"),
    "supervision:liaison_school": api("GET /liaison/schools/{id}/visits"),
    "supervision:inspection_round": api("GET /inspections/{id}"),
    "staff:list": api("GET /staff/"),
    "staff:detail": api("GET /staff/{id}"),
    "appraisal:reviews": api("GET /appraisal/reviews/"),
    "appraisal:review": api("GET /appraisal/reviews/{id}"),
    "appraisal:review_statistics": api("GET /appraisal/review-statistics/"),
    "appraisal:ratings": api("GET /star-ratings/"),
    "appraisal:rating": api("GET /star-ratings/{id}"),
    "appraisal:rating_standards": api("GET /rating-standards/"),
    "appraisal:rating_blacklist": api("GET /rating-revocations/"),
    "appraisal:rating_weak": api("GET /weak-orgs/"),
}


# --- reading the resolver and the document ---------------------------------------------------
_TAKES_POST = re.compile(r"require_POST|require_http_methods\([^)]*POST|request\.method|request\.POST")


def page_views() -> dict[str, object]:
    """{namespace:name: view} for every named page of config.urls (the API's own patterns aside)."""
    found: dict[str, object] = {}

    def walk(patterns, namespace: str) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if entry.namespace == "api":
                    continue
                inner = ":".join(filter(None, [namespace, entry.namespace]))
                walk(entry.url_patterns, inner)
            elif isinstance(entry, URLPattern) and entry.name:
                found[f"{namespace}:{entry.name}" if namespace else entry.name] = entry.callback

    walk(get_resolver().url_patterns, "")
    return found


def takes_post(view) -> bool:
    try:
        return bool(_TAKES_POST.search(inspect.getsource(inspect.unwrap(view))))
    except (OSError, TypeError):  # no source to read: say it does, so it must be listed
        return True


def operations(client) -> set[str]:
    document = client.get("/api/v1/openapi.json")
    assert document.status_code == 200
    return {f"{method.upper()} {path.removeprefix('/api/v1')}"
            for path, methods in document.json()["paths"].items() for method in methods}


_READ: dict[str, set[str]] = {}


@pytest.fixture
def document(client_as) -> set[str]:
    # Written once per run (about two seconds): both tests read the same document.
    if "operations" not in _READ:
        _READ["operations"] = operations(client_as("secretary_a"))
    return _READ["operations"]


def test_every_page_action_and_read_maps_to_an_endpoint_of_the_document(document):
    absent = {name: m.endpoint for name, m in {**PAGE_ACTIONS, **PAGE_READS}.items()
              if m.kind == "api" and m.endpoint not in document}
    assert absent == {}


_NAMED = re.compile(r"\b(GET|POST|PUT|PATCH|DELETE) (/[^\s；，。、（）]+)")


def test_every_endpoint_a_reason_names_is_in_the_document(document):
    """A page with a second form (the rules pages' 法定人数 settings, action=quorum) names that
    form's endpoint in its reason: it must exist too."""
    named = {(name, f"{method} {path}") for name, m in {**PAGE_ACTIONS, **PAGE_READS}.items()
             for method, path in _NAMED.findall(m.reason)}
    assert sorted(pair for pair in named if pair[1] not in document) == []
    assert {("orglife:rules", "POST /meetings/rules/quorum"), ("decisions:rules", "POST /decisions/quorum-settings")} <= named


def test_a_planned_endpoint_that_has_arrived_is_moved_to_api(document):
    arrived = {name: m.endpoint for name, m in PAGE_ACTIONS.items() if m.kind == "missing" and m.endpoint in document}
    assert arrived == {}, "这些接口已经存在：请在 PAGE_ACTIONS 中改为 api(…)，并更新 docs/api.md 的待补清单"


def test_every_page_that_takes_a_post_is_listed():
    unlisted = sorted(name for name, view in page_views().items() if takes_post(view) and name not in PAGE_ACTIONS)
    assert unlisted == [], "新的页面操作：请在 PAGE_ACTIONS 中写明对应的接口，或不提供接口的理由"


def test_every_listed_page_exists_and_every_exemption_says_why():
    pages = page_views()
    assert sorted(set(PAGE_ACTIONS) - set(pages)) == []
    assert sorted(set(PAGE_READS) - set(pages)) == []
    assert [name for name, m in PAGE_ACTIONS.items() if m.kind == "exempt" and not m.reason] == []
