"""Who may call the API: a verified session or a live bearer token, and nobody else."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from dangjian.accounts.models import ApiToken

pytestmark = pytest.mark.django_db

ERROR_KEYS = {"code", "message", "rule", "field"}


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_an_anonymous_caller_gets_401_in_the_shared_error_shape(world):
    response = Client().get("/api/v1/orgs/")
    assert response.status_code == 401
    assert set(response.json()) == ERROR_KEYS
    assert response.json()["code"] == "unauthorized"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_bearer_token_acts_as_its_user(world):
    _, token = ApiToken.issue(world.secretary_a, "测试")
    response = Client().get("/api/v1/me", **bearer(token))
    assert response.status_code == 200
    assert response.json()["username"] == "secretary_a"


def test_a_revoked_token_is_refused(world):
    api_token, token = ApiToken.issue(world.secretary_a)
    api_token.revoked_at = timezone.now()
    api_token.save()
    assert Client().get("/api/v1/me", **bearer(token)).status_code == 401


def test_an_unknown_or_absurd_token_is_refused(world):
    for token in ["dj_nonsense", "x" * 5000, ""]:
        assert Client().get("/api/v1/me", **bearer(token)).status_code == 401
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION="Basic dXNlcjpwYXNz").status_code == 401


def test_the_token_of_a_deactivated_user_is_refused(world):
    _, token = ApiToken.issue(world.secretary_a)
    world.secretary_a.is_active = False
    world.secretary_a.save()
    assert Client().get("/api/v1/me", **bearer(token)).status_code == 401


def test_last_used_is_written_at_most_once_a_minute(world):
    api_token, token = ApiToken.issue(world.secretary_a)
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        Client().get("/api/v1/me", **bearer(token))
    api_token.refresh_from_db()
    assert api_token.last_used_at == start
    with time_machine.travel(start + datetime.timedelta(seconds=30), tick=False):
        Client().get("/api/v1/me", **bearer(token))
    api_token.refresh_from_db()
    assert api_token.last_used_at == start
    with time_machine.travel(start + datetime.timedelta(minutes=2), tick=False):
        Client().get("/api/v1/me", **bearer(token))
    api_token.refresh_from_db()
    assert api_token.last_used_at == start + datetime.timedelta(minutes=2)


def test_a_committee_admin_without_the_second_factor_is_refused(world):
    client = Client()
    client.force_login(world.county_admin)  # password only: no OTP device verified
    response = client.get("/api/v1/orgs/")
    assert response.status_code == 401
    assert response.json()["code"] == "second_factor_required"


def test_a_committee_admin_with_the_second_factor_is_served(client_as):
    assert client_as("county_admin").get("/api/v1/orgs/").status_code == 200


def test_a_session_write_without_the_csrf_token_is_refused(world, client_as):
    client = client_as("secretary_a", enforce_csrf_checks=True)
    response = client.patch(f"/api/v1/orgs/{world.branch_a.pk}", {"name": "改名"}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"
    world.branch_a.refresh_from_db()
    assert world.branch_a.name == "东城区第一中学党支部"


def test_a_session_write_with_the_csrf_token_goes_through(world, client_as):
    client = client_as("secretary_a", enforce_csrf_checks=True)
    client.get("/api/v1/docs")  # the docs page sets the CSRF cookie, as a browser would get it
    token = client.cookies["csrftoken"].value
    response = client.patch(f"/api/v1/orgs/{world.branch_a.pk}", {"name": "东城一中党支部"},
                            content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200
    assert response.json()["name"] == "东城一中党支部"


def test_a_token_write_needs_no_csrf_token(world):
    _, token = ApiToken.issue(world.secretary_a, scope=ApiToken.Scope.WRITE)
    client = Client(enforce_csrf_checks=True)
    response = client.patch(f"/api/v1/orgs/{world.branch_a.pk}", {"name": "东城一中党支部"},
                            content_type="application/json", **bearer(token))
    assert response.status_code == 200


def test_a_token_write_is_attributed_to_its_user_in_the_audit_log(world):
    from dangjian.core.models import AuditEntry

    _, token = ApiToken.issue(world.secretary_a, scope=ApiToken.Scope.WRITE)
    Client().patch(f"/api/v1/orgs/{world.branch_a.pk}", {"name": "东城一中党支部"}, content_type="application/json",
                   **bearer(token))
    entry = AuditEntry.objects.filter(action="org.update").latest("pk")
    assert entry.actor == world.secretary_a


class TestTheSchemaAndDocs:
    def test_the_schema_is_not_public(self, world):
        response = Client().get("/api/v1/openapi.json")
        assert response.status_code == 401
        assert set(response.json()) == ERROR_KEYS

    def test_the_docs_page_sends_an_anonymous_browser_to_login(self, world):
        response = Client().get("/api/v1/docs")
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")

    def test_a_logged_in_user_reads_the_schema(self, client_as):
        schema = client_as("secretary_a").get("/api/v1/openapi.json").json()
        assert "/api/v1/orgs/{id}/children" in schema["paths"]

    def test_the_docs_page_loads_only_local_assets_and_no_inline_script(self, client_as):
        response = client_as("secretary_a").get("/api/v1/docs")
        html = response.content.decode()
        assert response.status_code == 200
        assert "/static/ninja/swagger-ui-bundle.js" in html
        for cdn in ("cdn.", "unpkg", "jsdelivr", "https://", "http://"):
            assert cdn not in html
        # Every <script> either loads a file or carries JSON data; CSP "script-src 'self'" holds.
        for tag in html.split("<script")[1:]:
            opening = tag.split(">", 1)[0]
            assert "src=" in opening or 'type="application/json"' in opening
        assert "script-src 'self'" in response["Content-Security-Policy"]
        assert "unsafe-inline" not in response["Content-Security-Policy"]
