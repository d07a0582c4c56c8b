"""Bad input thrown at every API endpoint: always a 4xx in the one error shape, never a 500.

The endpoints come from the OpenAPI schema at test time, so an endpoint added later is thrown
the same junk without anyone remembering to list it here.
"""

import re

import pytest
from django.db import connection

from config.api import api
from dangjian.testing import client_with_session, session_of

pytestmark = pytest.mark.django_db

ERROR_KEYS = {"code", "message", "rule", "field"}
CHINESE = re.compile(r"[\u4e00-\u9fff]")

SCHEMA = api.get_openapi_schema()
OPERATIONS = [(path, method) for path, methods in SCHEMA["paths"].items() for method in methods]
PATHS_WITH_ID = sorted({path for path, _ in OPERATIONS if "{id}" in path})
GET_PATHS = sorted({path for path, method in OPERATIONS if method == "get"})

# The PostgreSQL run repeats only the values that reach the database (sent_here): an id or a
# filter the schema refuses (not a number, out of the allowed range, too long, not a choice) is
# answered by the same Python before any query, whatever the engine; integers beyond bigint, a
# NUL byte and ids that are looked up do reach it, and engines answer them differently.
# Each endpoint is one test and its bad values a loop in it (every value still its own request,
# every refusal reported): as one test each, the ~1,900 requests spent a third of their time in
# pytest's own per-test work.


def sent_here(value: str, reaching_the_database: set[str]) -> bool:
    return connection.vendor != "postgresql" or value in reaching_the_database


def by_endpoint(values_of: dict[str, list[str]], reaching_the_database: set[str]) -> list:
    """One parameter per endpoint; one none of whose values reaches the database runs on SQLite
    only (conftest.py: engine_neutral), rather than as an empty test on PostgreSQL."""
    neutral = pytest.mark.engine_neutral("every bad value is refused by the request's schema before any query")
    return [pytest.param(path, marks=() if set(values) & reaching_the_database else neutral)
            for path, values in values_of.items() if values]


def refusals(client, urls: list[tuple[str, str]]) -> list[str]:
    """Send each (url, value) and give the answers that are not a clean refusal."""
    problems = []
    for url, value in urls:
        try:
            assert_clean_refusal(client.get(url), value)
        except AssertionError as error:
            problems.append(f"{url[:120]}: {error}")
    return problems


BAD_IDS = ["abc", "99999999999999999999", "9223372036854775808", "-1", "0", "1.5", "1e3", "%20", "0x10", "9" * 400]
IDS_REACHING_THE_DATABASE = {"99999999999999999999", "9223372036854775808", "-1", "0", "9" * 400}
BAD_QUERIES = [
    "limit=0", "limit=201", "limit=abc", "limit=", "offset=-1", "offset=99999999999999999999", "offset=1.5",
    "q=" + "x" * 101, "q=" + "党" * 5000, "q=%00", "within=abc", "within=-5", "within=99999999999999999999",
    "within=999999", "kind=zzz", "ownership=state", "school_type=university", "has_org=maybe",
    "org=abc", "org=99999999999999999999", "year=abc", "on=2026-13-45",
]
QUERIES_REACHING_THE_DATABASE = {"offset=99999999999999999999", "q=%00", "within=-5", "within=99999999999999999999",
                                 "within=999999", "org=99999999999999999999"}


def _query_parameters(path: str) -> set[str]:
    return {p["name"] for p in SCHEMA["paths"][path]["get"].get("parameters", []) if p["in"] == "query"}


ENDPOINT_QUERIES = {path: [q for q in BAD_QUERIES if q.split("=")[0] in _query_parameters(path)] for path in GET_PATHS}


@pytest.fixture(scope="module")
def _sessions(_module_world, django_db_blocker):
    """The two personas' sessions, logged in once for the module, in its shared world (as the
    permission matrix does): a login per test was a third of these ~900 requests' time."""
    with django_db_blocker.unblock():
        world = _module_world.fresh()
        return {persona: session_of(world.personas[persona]) for persona in ("city_admin", "secretary_a")}


@pytest.fixture
def client_as(world, _sessions):
    """This module's client_as (tests/conftest.py's logs in afresh): a client on the module's session."""
    return lambda persona: client_with_session(_sessions[persona])


def assert_clean_refusal(response, context):
    assert 400 <= response.status_code < 500, (context, response.status_code, response.content[:300])
    body = response.json()
    assert set(body) == ERROR_KEYS, context
    assert CHINESE.search(body["message"]), context


def concrete(path: str, world) -> str:
    target = world.school_a if path.startswith("/api/v1/schools/") else world.branch_a
    return path.replace("{id}", str(target.pk))


@pytest.mark.parametrize("path", by_endpoint(dict.fromkeys(PATHS_WITH_ID, BAD_IDS), IDS_REACHING_THE_DATABASE))
def test_a_malformed_or_impossible_id_is_refused_cleanly(client_as, path):
    urls = [(path.replace("{id}", bad_id), bad_id) for bad_id in BAD_IDS if sent_here(bad_id, IDS_REACHING_THE_DATABASE)]
    problems = refusals(client_as("city_admin"), urls)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", by_endpoint(ENDPOINT_QUERIES, QUERIES_REACHING_THE_DATABASE))
def test_bad_paging_filters_and_oversize_text_are_refused_cleanly(world, client_as, path):
    urls = [(f"{concrete(path, world)}?{query}", query) for query in ENDPOINT_QUERIES[path]
            if sent_here(query, QUERIES_REACHING_THE_DATABASE)]
    problems = refusals(client_as("city_admin"), urls)
    assert not problems, "\n".join(problems)


def test_every_get_endpoint_has_bad_query_coverage_where_it_takes_queries():
    lists = [path for path in GET_PATHS if path.endswith("/") and _query_parameters(path)]
    assert lists and all(ENDPOINT_QUERIES[path] for path in lists)


def test_an_oversize_query_names_the_field_in_chinese(client_as):
    body = client_as("city_admin").get("/api/v1/orgs/?q=" + "x" * 101).json()
    assert body == {"code": "invalid", "message": "参数“关键词”（q）不能超过 100 个字符", "rule": None, "field": "q"}


# Bodies in the wrong shape, and whether each reaches the database: a body that is not JSON, not
# JSON's kind or not the schema's is refused by the same Python on every engine; a change the
# schema lets through (a kind an organization may not have) and an overlong name reach the
# services and the columns, where the engines differ (PostgreSQL enforces a column's length,
# SQLite does not). The PostgreSQL run sends only those (conftest.py: what it repeats).
WRONG_BODIES = [
    ("{not json", "application/json", False), ("name=x", "application/x-www-form-urlencoded", False),
    ("<a/>", "text/xml", False), ("[1, 2]", "application/json", False), ('{"name": 123}', "application/json", False),
    ('{"term_end": "2026-13-45"}', "application/json", False), ("", "application/json", False),
    ('{"is_active": false, "kind": "group"}', "application/json", True),
    ('{"name": "' + "长" * 500 + '"}', "application/json", True),
]


@pytest.mark.parametrize("path", sorted({path for path, _ in OPERATIONS}))
def test_a_write_in_the_wrong_shape_or_to_the_wrong_place_is_refused_cleanly(world, client_as, path):
    client = client_as("city_admin")
    url = concrete(path, world)
    postgresql = connection.vendor == "postgresql"
    problems = []
    for method in ("post", "put", "delete", "patch"):
        for body, content_type, reaches_the_database in WRONG_BODIES:
            if postgresql and not reaches_the_database:
                continue
            try:
                response = getattr(client, method)(url, body, content_type=content_type)
                assert_clean_refusal(response, (method, body[:20], content_type))
            except AssertionError as error:
                problems.append(f"{method.upper()} {path}: {error}")
    assert not problems, "\n".join(problems)


def test_an_unknown_path_under_the_api_is_a_404_in_the_shape(client_as):
    assert_clean_refusal(client_as("secretary_a").get("/api/v1/members/secret"), "unknown path")


def test_a_wrong_method_is_a_405_in_the_shape_and_names_the_allowed_ones(client_as):
    # Pins our override of ninja's bare-text 405 (core.api._method_not_allowed).
    response = client_as("secretary_a").delete("/api/v1/orgs/")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    assert response["Allow"] == "GET, POST"   # the list, and setting up an organization


def test_the_api_root_and_unrouted_api_paths_answer_in_the_error_shape(client, world):
    from dangjian.testing import login

    login(client, world.county_admin)
    for path in ("/api/", "/api/v2/orgs/"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.json() == {"code": "not_found", "message": "未找到该记录", "rule": None, "field": None}
