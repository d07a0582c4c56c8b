"""The register of local documents in the matrix (issue 18), and the world objects it needs.

One line per URL pattern of the register in dangjian/orgs/urls.py (local-documents/…).

Who sees a document, written by hand from dangjian.core.roles and build_world(): a document is
seen by everyone whose organizations it covers (registered at or above them) and by those above
it; member_a holds no post (no org.view) and sees none. Who keeps it: org.edit on the committee
that registered it — the city's document the city administrator alone, county A's the city's
and county A's administrators; the secretaries hold org.edit on their branch only, below, so 403.
A document neither covering nor below the persona is 404, as a missing one.

The lead wires it into tests/test_permission_matrix.py: `ROUTES += LOCAL_DOCUMENT_ROUTES`, and
`add_local_documents(w)` called from the matrix world's extension (tests/matrix/world.py), which
SEES.update below relies on.
"""

from __future__ import annotations

from matrix.spec import API, EDITS_ORGS, PAGE, SEES, VIEW, Route, everyone

_POSTS = {"city_admin", "county_admin", "secretary_a", "secretary_b", "org_member_a", "principal_a"}
LOCAL_SEES = {
    "document_city": _POSTS,                # registered at the city: covers everyone with a post
    "document_county_a": _POSTS,            # county A: its admin, the city above, branches A and B below
    "document_county_b": {"city_admin"},    # county B: the city above; nobody of county A
}
KEEPS = {"document_city": {"city_admin"}, "document_county_a": {"city_admin", "county_admin"},
         "document_county_b": {"city_admin"}}
SEES.update(LOCAL_SEES)
DOCUMENTS = tuple(LOCAL_SEES)
REGISTERS = {"city_admin", "county_admin"}   # org.edit on an education committee


def add_local_documents(w) -> None:
    """County A's and county B's own documents, registered by the system (the city's opinion is
    build_world()'s w.city_opinion)."""
    from dangjian.orgs.services.local_documents import register_document

    w.document_city = w.city_opinion
    w.document_county_a = register_document(w.county_a, issuer="东城区教育党工委", title="关于规范学校经费使用的通知",
                                            number="东教党〔2026〕3号")
    w.document_county_b = register_document(w.county_b, issuer="西城区教育党工委", title="关于加强师德师风建设的通知")


def WITH_A_POST(persona, obj):
    return 200 if persona in _POSTS else 403


def REGISTER(ok):
    return lambda persona, obj: ok if persona in REGISTERS else 403


def SEEN(persona, obj):
    return 200 if persona in LOCAL_SEES[obj] else 404


def KEPT(ok):
    """Seen (else 404), then kept by the persona's committee (else 403)."""
    return lambda persona, obj: 404 if persona not in LOCAL_SEES[obj] else ok if persona in KEEPS[obj] else 403


def REGISTER_AT(persona, obj):
    """POST /local-documents/ naming an organization in the body: 404 out of sight; then org.edit
    on it (403 without); then it must be an education committee (422 naming the rule: branch A)."""
    if persona not in SEES[obj]:
        return 404
    if persona not in EDITS_ORGS:
        return 403
    return 201 if obj.startswith("county") else 422


_NEW = {"issuer": "东城区教育党工委", "title": "关于做好2027年组织生活的通知", "number": "东教党〔2026〕9号"}

LOCAL_DOCUMENT_ROUTES: list = [
    Route("orgs:local_documents", PAGE, WITH_A_POST, leaks=("org",)),
    Route("orgs:local_document_new", PAGE, REGISTER(200)),
    Route("orgs:local_document_new", PAGE, REGISTER(422), method="post", data={"issuer": ""}),
    Route("orgs:local_document", PAGE, SEEN, objects=DOCUMENTS),
    Route("orgs:local_document_edit", PAGE, KEPT(200), objects=DOCUMENTS),
    Route("orgs:local_document_edit", PAGE, KEPT(422), objects=DOCUMENTS, method="post", data={"issuer": ""}),
    Route("orgs:local_document_switch", PAGE, KEPT(422), objects=DOCUMENTS, method="post", data={}),
    Route("api:local_document_list", API, everyone(200)),
    Route("api:local_document_create", API, REGISTER_AT, objects=("county_a", "county_b", "branch_a"), kwarg="org",
          param="body", method="post", data=_NEW),
    Route("api:local_document_detail", API, SEEN, objects=DOCUMENTS, kwarg="id"),
    Route("api:local_document_update", API, KEPT(200), objects=DOCUMENTS, kwarg="id", method="patch",
          data={"note": "已核对文号"}),
    # switched on for the document's own scope from a day to come: the keepers 201
    Route("api:local_rule_switch_on", API, KEPT(201), objects=DOCUMENTS, kwarg="id", method="post",
          data={"rule": "orglife_political_study", "effective_from": "2099-01-01"}),
    Route("api:local_rules", API, VIEW, objects=("branch_a", "county_a", "branch_c1"), kwarg="org", param="query"),
]
