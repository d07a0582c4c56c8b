"""`manage.py issue_token`: the same rules as the token page (a name, a scope, an expiry up to
the maximum, a current TOTP code for a user whose posts need the second factor); prints the
token once, stores only its digest, audits the issue without the token."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from dangjian.accounts.models import ApiToken
from dangjian.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def issue(*args) -> str:
    out = StringIO()
    call_command("issue_token", *args, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def code_of(device) -> str:
    return f"{totp(device.bin_key, t0=device.t0, step=device.step, digits=device.digits):06d}"


def test_it_prints_a_token_whose_digest_is_stored_for_that_user(world):
    token = issue("secretary_a", "--name", "数据同步")

    stored = ApiToken.objects.get(user=world.secretary_a)
    assert token.startswith("dj_") and len(token) > 40
    assert stored.digest == ApiToken.digest_of(token)
    assert stored.name == "数据同步"
    assert token not in {stored.digest, stored.prefix}


def test_a_token_is_read_only_for_ninety_days_unless_asked_otherwise(world, settings):
    settings.API_TOKEN_DAYS = 90
    issue("secretary_a", "--name", "报表")
    stored = ApiToken.objects.get(user=world.secretary_a)
    assert stored.scope == ApiToken.Scope.READ
    lifetime = stored.expires_at - timezone.now()
    assert datetime.timedelta(days=89, hours=23) < lifetime <= datetime.timedelta(days=90)

    issue("secretary_a", "--name", "同步", "--scope", "write", "--days", "30")
    second = ApiToken.objects.get(user=world.secretary_a, name="同步")
    assert second.scope == ApiToken.Scope.WRITE
    assert second.expires_at - timezone.now() <= datetime.timedelta(days=30)


def test_a_lifetime_past_the_maximum_is_refused_naming_the_setting(world, settings):
    settings.API_TOKEN_MAX_DAYS = 365
    with pytest.raises(CommandError, match=r"有效期须为 1–365 天.*DANGJIAN_API_TOKEN_MAX_DAYS"):
        issue("secretary_a", "--name", "永久", "--days", "366")
    assert not ApiToken.objects.exists()


def test_a_token_needs_a_name(world):
    with pytest.raises(CommandError, match="--name"):
        issue("secretary_a")
    with pytest.raises(CommandError, match="请填写令牌名称"):
        issue("secretary_a", "--name", "  ")
    assert not ApiToken.objects.exists()


def test_every_call_issues_a_different_token(world):
    assert issue("secretary_a", "--name", "一") != issue("secretary_a", "--name", "二")
    assert ApiToken.objects.filter(user=world.secretary_a).count() == 2


def test_the_issue_is_audited_without_the_token(world):
    token = issue("secretary_a", "--name", "报表客户端")

    entry = AuditEntry.objects.get(action="api_token.issue")
    stored = ApiToken.objects.get()
    assert entry.object_type == "accounts.apitoken"
    assert entry.object_id == str(stored.pk)
    assert entry.actor_name == "命令行 issue_token"
    assert entry.changes["user"] == "secretary_a" and entry.changes["name"] == "报表客户端"
    assert entry.changes["scope"] == "read" and entry.changes["second_factor"] is False
    recorded = json.dumps([entry.changes, entry.reason, entry.object_repr, entry.actor_name], ensure_ascii=False)
    assert token not in recorded
    assert token[3:11] not in recorded  # not even a piece of it


class TestAUserWhosePostsNeedTheSecondFactor:
    """The city administrator's token opened the whole API on a password alone (issue 12)."""

    def test_gets_no_token_without_a_current_code(self, world):
        TOTPDevice.objects.create(user=world.city_admin, name="手机", confirmed=True)
        with pytest.raises(CommandError, match="6 位动态验证码"):
            issue("city_admin", "--name", "全市报表")
        assert not ApiToken.objects.exists()

    def test_gets_no_token_before_enrolling_a_phone(self, world):
        with pytest.raises(CommandError, match="尚未绑定手机动态验证码"):
            issue("city_admin", "--name", "全市报表", "--otp", "123456")

    def test_a_wrong_code_is_refused_and_audited_as_a_failed_second_factor(self, world):
        device = TOTPDevice.objects.create(user=world.city_admin, name="手机", confirmed=True)
        wrong = f"{(int(code_of(device)) + 1) % 1_000_000:06d}"
        with pytest.raises(CommandError, match="动态验证码错误"):
            issue("city_admin", "--name", "全市报表", "--otp", wrong)
        assert not ApiToken.objects.exists()
        failure = AuditEntry.objects.get(action="auth.otp_failed")
        assert failure.actor == world.city_admin and "签发 API 令牌" in failure.reason

    def test_with_the_code_from_their_phone_gets_a_token_that_opens_the_api(self, world):
        device = TOTPDevice.objects.create(user=world.city_admin, name="手机", confirmed=True)
        token = issue("city_admin", "--name", "全市报表", "--otp", code_of(device))

        stored = ApiToken.objects.get(user=world.city_admin)
        assert stored.second_factor_at is not None
        assert AuditEntry.objects.get(action="api_token.issue").changes["second_factor"] is True
        assert Client().get("/api/v1/orgs/", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200


def test_an_unknown_username_is_an_error_in_chinese(world):
    with pytest.raises(CommandError, match="用户不存在：ghost"):
        issue("ghost", "--name", "x")
    assert not ApiToken.objects.exists()


def test_a_disabled_user_gets_no_token(world):
    world.member_a.is_active = False
    world.member_a.save()
    with pytest.raises(CommandError, match="已停用"):
        issue("member_a", "--name", "x")
