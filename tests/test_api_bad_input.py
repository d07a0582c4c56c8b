"""Bad input thrown at every API endpoint: always a 4xx in the one error shape, never a 500.

The endpoints come from the OpenAPI schema at test time, so an endpoint added later is thrown
the same junk without anyone remembering to list it here.
"""

import re

import pytest

from config.api import api

pytestmark = pytest.mark.django_db

ERROR_KEYS = {"code", "message", "rule", "field"}
CHINESE = re.compile(r"[\u4e00-\u9fff]")

SCHEMA = api.get_openapi_schema()
OPERATIONS = [(path, method) for path, methods in SCHEMA["paths"].items() for method in methods]
PATHS_WITH_ID = sorted({path for path, _ in OPERATIONS if "{id}" in path})
GET_PATHS = sorted({path for path, method in OPERATIONS if method == "get"})

BAD_IDS = ["abc", "99999999999999999999", "9223372036854775808", "-1", "0", "1.5", "1e3", "%20", "0x10", "9" * 400]
BAD_QUERIES = [
    "limit=0", "limit=201", "limit=abc", "limit=", "offset=-1", "offset=99999999999999999999", "offset=1.5",
    "q=" + "x" * 101, "q=" + "党" * 5000, "q=%00", "within=abc", "within=-5", "within=99999999999999999999",
    "within=999999", "kind=zzz", "ownership=state", "school_type=university", "has_org=maybe",
]
ENDPOINT_QUERIES = {path: [q for q in BAD_QUERIES if q.split("=")[0] in _params] for path, _params in (
    (path, {p["name"] for p in SCHEMA["paths"][path]["get"].get("parameters", []) if p["in"] == "query"})
    for path in GET_PATHS
)}


def assert_clean_refusal(response, context):
    assert 400 <= response.status_code < 500, (context, response.status_code, response.content[:300])
    body = response.json()
    assert set(body) == ERROR_KEYS, context
    assert CHINESE.search(body["message"]), context


def concrete(path: str, world) -> str:
    target = world.school_a if path.startswith("/api/v1/schools/") else world.branch_a
    return path.replace("{id}", str(target.pk))


@pytest.mark.parametrize("path", PATHS_WITH_ID)
@pytest.mark.parametrize("bad_id", BAD_IDS)
def test_a_malformed_or_impossible_id_is_refused_cleanly(client_as, path, bad_id):
    response = client_as("city_admin").get(path.replace("{id}", bad_id))
    assert_clean_refusal(response, (path, bad_id))


@pytest.mark.parametrize(("path", "query"), [(p, q) for p, qs in ENDPOINT_QUERIES.items() for q in qs])
def test_bad_paging_filters_and_oversize_text_are_refused_cleanly(world, client_as, path, query):
    response = client_as("city_admin").get(f"{concrete(path, world)}?{query}")
    assert_clean_refusal(response, (path, query))


def test_every_get_endpoint_has_bad_query_coverage_where_it_takes_queries():
    lists = [path for path in GET_PATHS if path.endswith("/")]
    assert lists and all(ENDPOINT_QUERIES[path] for path in lists)


def test_an_oversize_query_names_the_field_in_chinese(client_as):
    body = client_as("city_admin").get("/api/v1/orgs/?q=" + "x" * 101).json()
    assert body == {"code": "invalid", "message": "参数“关键词”（q）不能超过 100 个字符", "rule": None, "field": "q"}


@pytest.mark.parametrize("path", sorted({path for path, _ in OPERATIONS}))
@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_a_write_in_the_wrong_shape_or_to_the_wrong_place_is_refused_cleanly(world, client_as, path, method):
    client = client_as("city_admin")
    url = concrete(path, world)
    for body, content_type in [
        ("{not json", "application/json"), ("name=x", "application/x-www-form-urlencoded"), ("<a/>", "text/xml"),
        ("[1, 2]", "application/json"), ('{"name": 123}', "application/json"), ('{"term_end": "2026-13-45"}',
                                                                                  "application/json"),
        ('{"is_active": false, "kind": "group"}', "application/json"), ("", "application/json"),
        ('{"name": "' + "长" * 500 + '"}', "application/json"),
    ]:
        response = getattr(client, method)(url, body, content_type=content_type)
        assert_clean_refusal(response, (method, path, body[:20], content_type))


def test_an_unknown_path_under_the_api_is_a_404_in_the_shape(client_as):
    assert_clean_refusal(client_as("secretary_a").get("/api/v1/members/secret"), "unknown path")


def test_a_wrong_method_is_a_405_in_the_shape_and_names_the_allowed_ones(client_as):
    # Pins our override of ninja's bare-text 405 (core.api._method_not_allowed).
    response = client_as("secretary_a").delete("/api/v1/orgs/")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    assert response["Allow"] == "GET"


def test_the_api_root_and_unrouted_api_paths_answer_in_the_error_shape(client, world):
    from dangjian.testing import login

    login(client, world.county_admin)
    for path in ("/api/", "/api/v2/orgs/"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.json() == {"code": "not_found", "message": "未找到该记录", "rule": None, "field": None}
