"""The OpenAPI document's own promises (issue 18), checked on the document alone: every error
answer in the one shared shape, the answers every operation gives by its shape declared, one
component per schema class. Whether the answers keep these promises is the schemathesis test's
(dangjian/demo/tests/school_scale/test_api_schemathesis.py)."""

import json

import pytest

from config.api import api
from dangjian.core.api import ERROR_ANSWERS, ErrorOut, error_responses

ERROR_REF = {"$ref": "#/components/schemas/ErrorOut"}


@pytest.fixture(scope="module")
def document():
    # The document as /api/v1/openapi.json serves it (JSON: integer keys become strings);
    # generated directly, it needs no database and no login (tests/test_api_auth.py has those).
    return json.loads(json.dumps(api.get_openapi_schema()))


def _operations(document):
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield f"{method.upper()} {path}", method, operation


def test_every_operation_declares_the_answers_its_shape_gives(document):
    for label, method, operation in _operations(document):
        declared = {int(status) for status in operation["responses"]}
        has_input = bool(operation.get("parameters")) or "requestBody" in operation
        expected = {401}
        expected |= {403} if method != "get" else set()
        expected |= {404} if any(p["in"] == "path" for p in operation.get("parameters", [])) else set()
        expected |= {400, 422} if has_input else set()
        expected |= {415} if "requestBody" in operation else set()
        assert expected <= declared, (label, sorted(expected - declared))
        assert any(200 <= status < 300 for status in declared), label


IMPORT_REFUSALS = {("POST /api/v1/members/import", "422"), ("POST /api/v1/staff/import", "422")}


def test_every_error_answer_is_the_shared_shape_with_a_chinese_description(document):
    assert document["components"]["schemas"]["ErrorOut"]["required"] == ["code", "message", "rule", "field"]
    for label, _, operation in _operations(document):
        for status, answer in operation["responses"].items():
            if int(status) not in ERROR_ANSWERS:
                continue
            assert answer["description"] == ERROR_ANSWERS[int(status)], (label, status)
            schema = answer["content"]["application/json"]["schema"]
            # An import's refusal carries the four keys and, when the file was read, its counts (docs/api.md).
            assert schema == ERROR_REF or (label, status) in IMPORT_REFUSALS, (label, status)


def test_two_apps_schemas_of_one_name_stay_two_components(document):
    """orglife's and decisions' MeetingOut used to merge into one component, the last written:
    GET /meetings/{id} was checked against decisions' schema (issue 18: MeetingOut.host_name)."""
    schemas = document["components"]["schemas"]
    assert {"MeetingOut", "DecisionsMeetingOut", "AttendanceOut", "DecisionsAttendanceOut"} <= set(schemas)
    assert "kind_label" in schemas["MeetingOut"]["properties"]
    assert "host_name" in schemas["DecisionsMeetingOut"]["properties"]
    assert "absence_reason_label" in schemas["AttendanceOut"]["properties"]
    assert "position" in schemas["DecisionsAttendanceOut"]["properties"]
    detail = document["paths"]["/api/v1/meetings/{id}"]["get"]["responses"]["200"]["content"]["application/json"]
    assert detail["schema"] == {"$ref": "#/components/schemas/MeetingDetail"}
    assert schemas["MeetingDetail"]["properties"]["attendance"]["items"] == {"$ref": "#/components/schemas/AttendanceOut"}


def test_the_document_is_the_same_on_every_request(document):
    # Kept once built (a second of CPU a build), so a build that named the components differently
    # each time would still answer alike within one process: build it again and compare.
    assert api.get_openapi_schema() is api.get_openapi_schema()
    assert json.loads(json.dumps(api.build_openapi_schema())) == document


def test_error_responses_knows_only_the_shared_answers():
    assert error_responses(404, 409) == {404: ErrorOut, 409: ErrorOut}
    with pytest.raises(ValueError, match="418"):
        error_responses(418)
