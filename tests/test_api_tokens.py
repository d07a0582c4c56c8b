"""What a bearer token may do when it is used (QUALITY.md items 9 and 22): it expires; a
read-only token only reads; a revoked or expired token is refused and the attempt audited; the
token of a user whose posts need the second factor works only if it was issued after one."""

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from dangjian.accounts.models import ApiToken
from dangjian.core.models import AuditEntry
from dangjian.orgs.models import Position

pytestmark = pytest.mark.django_db
START = datetime.datetime(2026, 3, 2, 1, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # the refusal audit is throttled through the cache


def get(path: str, token: str):
    return Client().get(path, HTTP_AUTHORIZATION=f"Bearer {token}")


def rename_branch_a(world, token: str, name: str = "东城一中党支部"):
    return Client().patch(f"/api/v1/orgs/{world.branch_a.pk}", {"name": name}, content_type="application/json",
                          HTTP_AUTHORIZATION=f"Bearer {token}")


class TestTheSecondFactor:
    def test_the_city_admins_token_issued_without_it_does_not_open_the_api(self, world):
        _, token = ApiToken.issue(world.city_admin, "全市报表", scope=ApiToken.Scope.WRITE)

        response = get("/api/v1/orgs/", token)

        assert response.status_code == 401
        assert response.json()["code"] == "second_factor_required"
        assert "重新签发" in response.json()["message"]
        entry = AuditEntry.objects.get(action="api_token.use_without_second_factor")
        assert entry.result == "denied" and entry.actor == world.city_admin

    def test_the_city_admins_token_issued_after_it_does(self, world):
        _, token = ApiToken.issue(world.city_admin, "全市报表", second_factor_at=timezone.now())
        assert get("/api/v1/orgs/", token).status_code == 200

    def test_a_token_issued_before_its_user_became_a_committee_admin_stops_working(self, world):
        _, token = ApiToken.issue(world.secretary_a, "数据同步")
        assert get("/api/v1/me", token).status_code == 200
        Position.objects.create(org=world.county_a, post="committee_admin", user=world.secretary_a,
                                person_name="张伟", started_on=datetime.date(2020, 1, 1))

        assert get("/api/v1/me", token).status_code == 401

    def test_a_school_secretary_needs_no_second_factor_for_a_token(self, world):
        _, token = ApiToken.issue(world.secretary_a, "数据同步")
        assert get("/api/v1/orgs/", token).status_code == 200


class TestTheScope:
    def test_a_read_only_token_reads(self, world):
        _, token = ApiToken.issue(world.secretary_a, "报表", scope=ApiToken.Scope.READ)
        assert get(f"/api/v1/orgs/{world.branch_a.pk}", token).status_code == 200
        assert Client().head("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}").status_code != 403

    def test_a_read_only_token_cannot_write_and_is_told_why(self, world):
        _, token = ApiToken.issue(world.secretary_a, "报表", scope=ApiToken.Scope.READ)

        response = rename_branch_a(world, token)

        assert response.status_code == 403
        assert response.json()["code"] == "token_read_only"
        assert "只读" in response.json()["message"]
        world.branch_a.refresh_from_db()
        assert world.branch_a.name == "东城区第一中学党支部"

    def test_a_read_write_token_writes(self, world):
        _, token = ApiToken.issue(world.secretary_a, "同步", scope=ApiToken.Scope.WRITE)
        assert rename_branch_a(world, token).status_code == 200


class TestExpiry:
    def test_a_token_works_until_it_expires_and_the_late_use_is_audited(self, world):
        with time_machine.travel(START, tick=False) as traveller:
            _, token = ApiToken.issue(world.secretary_a, "报表", expires_at=START + datetime.timedelta(days=90))
            traveller.shift(datetime.timedelta(days=89, hours=23))
            assert get("/api/v1/me", token).status_code == 200

            traveller.shift(datetime.timedelta(hours=1))
            response = get("/api/v1/me", token)

        assert response.status_code == 401
        assert response.json()["code"] == "token_expired"
        assert "2026-05-31 09:00 过期" in response.json()["message"]
        entry = AuditEntry.objects.get(action="api_token.use_expired")
        assert entry.result == "denied" and entry.actor == world.secretary_a

    def test_a_token_issued_without_a_date_expires_after_the_default_days(self, world, settings):
        settings.API_TOKEN_DAYS = 30
        record, _ = ApiToken.issue(world.secretary_a, "报表")
        assert record.expires_at - timezone.now() <= datetime.timedelta(days=30)


class TestRevocation:
    def test_a_revoked_token_is_refused_and_its_use_audited_without_the_token(self, world):
        record, token = ApiToken.issue(world.secretary_a, "旧脚本")
        record.revoked_at = timezone.now()
        record.save()

        response = get("/api/v1/me", token)

        assert response.status_code == 401 and response.json()["code"] == "token_revoked"
        entry = AuditEntry.objects.get(action="api_token.use_revoked")
        assert entry.result == "denied" and entry.object_id == str(record.pk)
        assert entry.changes == {"name": "旧脚本", "method": "GET", "path": "/api/v1/me"}
        assert token not in str(entry.changes) + entry.reason

    def test_a_client_looping_on_a_revoked_token_writes_one_entry_a_minute(self, world):
        record, token = ApiToken.issue(world.secretary_a, "旧脚本")
        record.revoked_at = timezone.now()
        record.save()
        with time_machine.travel(START, tick=False) as traveller:
            for _ in range(20):
                assert get("/api/v1/me", token).status_code == 401
            assert AuditEntry.objects.filter(action="api_token.use_revoked").count() == 1
            traveller.shift(datetime.timedelta(seconds=61))
            get("/api/v1/me", token)
        assert AuditEntry.objects.filter(action="api_token.use_revoked").count() == 2

    def test_a_revoked_token_does_not_touch_last_used(self, world):
        record, token = ApiToken.issue(world.secretary_a, "旧脚本")
        record.revoked_at = timezone.now()
        record.save()
        get("/api/v1/me", token)
        record.refresh_from_db()
        assert record.last_used_at is None
