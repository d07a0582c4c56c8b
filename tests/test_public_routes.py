"""No route is public unless it is on the allow-list (QUALITY.md item 1).

Every URL pattern of config.urls — including the API's — is opened anonymously, with GET and
with POST. Outside the allow-list the only acceptable answers are a redirect to the login page
(pages) or a 401 (API). The API's schema and docs are NOT public: the schema describes every
field the system holds, which is nobody's business without an account.
"""

import pytest
from django.test import Client
from django.urls import reverse
from test_permission_matrix import walk_urls

# An anonymous request is refused (or sent to login) by the middleware before any query: these
# tests make none (counted: 0 queries over the module's ~1,000 requests; the allow-listed health check's
# SELECT 1 is the only one), so the PostgreSQL run would repeat the same Python decisions. Each
# route's anonymous request runs on PostgreSQL in the permission matrix (test_matrix, persona
# anonymous, every route, including accounts:login and core:healthz).
pytestmark = [pytest.mark.django_db,
              pytest.mark.engine_neutral("an anonymous request is refused before any query (0 queries "
                                         "counted); test_permission_matrix runs every route anonymously "
                                         "on PostgreSQL")]

# Public on purpose, with the reason.
ALLOW_LIST = {
    "accounts:login": "the login page itself",
    "core:healthz": "the load balancer's liveness probe; answers 'ok' and nothing else",
}
# ninja's placeholder for the API root always answers 404 and serves nothing.
ALWAYS_404 = {"api:api-root"}

PATTERNS = sorted(walk_urls(), key=lambda entry: entry[1])


def sample_url(route: str) -> str:
    """A concrete URL for a route string: every <converter:name> filled with a harmless value."""
    import re

    return "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: "x" if m.group(1) in {"str", "path", "slug"} else "1", route)


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(("key", "route"), [(key, route) for key, route, _ in PATTERNS], ids=lambda v: str(v))
def test_an_anonymous_request_is_sent_to_login_or_refused(world, key, route, method):
    if key in ALLOW_LIST:
        pytest.skip(f"public on purpose: {ALLOW_LIST[key]}")
    response = getattr(Client(), method)(sample_url(route))
    if key in ALWAYS_404:
        assert response.status_code == 404
    elif route.startswith("api/"):
        if response.status_code == 302:  # the docs page sends a browser to the login page
            assert response["Location"].startswith(reverse("accounts:login"))
        else:
            # 405: ninja checks the method before authenticating; a wrong method reveals nothing.
            assert response.status_code in {401, 405}, (key, response.status_code)
            assert response.json()["code"] in {"unauthorized", "method_not_allowed"}
    else:
        assert response.status_code == 302, (key, response.status_code)
        assert response["Location"].startswith(reverse("accounts:login"))


def test_the_allow_listed_routes_really_answer_anonymously(world):
    for key in ALLOW_LIST:
        assert Client().get(reverse(key)).status_code == 200, key


def test_the_api_schema_and_docs_are_not_on_the_allow_list():
    assert not {"api:openapi-json", "api:openapi-view"} & set(ALLOW_LIST)


def test_the_walk_finds_pages_and_api_endpoints_alike():
    keys = {key for key, _, _ in PATTERNS}
    assert {"core:home", "accounts:login", "api:org_detail", "api:openapi-json"} <= keys
