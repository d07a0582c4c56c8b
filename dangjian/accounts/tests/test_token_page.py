"""The API token page (QUALITY.md item 22): a user sees their own tokens — name, scope, issued,
expires, last used, never the secret — issues one (the secret shown once, in that answer
only) and revokes their own. A user whose posts need the second factor issues a token only
with a current code from their phone."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from dangjian.accounts.models import ApiToken
from dangjian.core.models import AuditEntry
from dangjian.testing import login

pytestmark = pytest.mark.django_db
PAGE = "/accounts/tokens/"


def code_of(device) -> str:
    return f"{totp(device.bin_key, t0=device.t0, step=device.step, digits=device.digits):06d}"


def nonce_on(page: str) -> str:
    return re.search(r'name="nonce" value="([^"]+)"', page).group(1)


def submit(client, **fields):
    """Open the page, as a browser does, and send the form with its one-time value."""
    nonce = nonce_on(client.get(PAGE).content.decode())
    data = {"name": "数据同步", "scope": "read", "days": "90", "nonce": nonce} | fields
    return client.post(PAGE, data)


def secret_in(response) -> str | None:
    match = re.search(r'id="issued-secret"[^>]*value="([^"]+)"', response.content.decode())
    return match.group(1) if match else None


@pytest.fixture
def secretary(world, client):
    login(client, world.secretary_a)
    return client


@pytest.fixture
def city_admin(world, client):
    login(client, world.city_admin)
    return client


def test_a_secretary_issues_a_token_and_sees_it_once(world, secretary):
    response = submit(secretary, name="学校数据同步", scope="write", days="30")

    secret = secret_in(response)
    assert secret and secret.startswith("dj_")
    assert "只显示这一次" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    stored = ApiToken.objects.get(user=world.secretary_a)
    assert stored.digest == ApiToken.digest_of(secret) and stored.name == "学校数据同步"
    assert stored.scope == "write" and stored.expires_at - timezone.now() <= datetime.timedelta(days=30)
    assert AuditEntry.objects.get(action="api_token.issue").actor == world.secretary_a

    later = secretary.get(PAGE).content.decode()
    assert secret not in later and "学校数据同步" in later and stored.prefix in later


def test_the_list_shows_name_scope_dates_last_use_and_state(world, secretary):
    now = timezone.now()
    used, _ = ApiToken.issue(world.secretary_a, "报表客户端", expires_at=now + datetime.timedelta(days=10))
    ApiToken.objects.filter(pk=used.pk).update(last_used_at=now)
    revoked, _ = ApiToken.issue(world.secretary_a, "旧脚本")
    ApiToken.objects.filter(pk=revoked.pk).update(revoked_at=now)
    ApiToken.issue(world.secretary_a, "过期的", expires_at=now - datetime.timedelta(days=1))

    page = secretary.get(PAGE).content.decode()

    assert "共 3 个令牌" in page
    for words in ("报表客户端", "只读", "从未使用", "已撤销", "已过期", "有效", timezone.localtime(now).strftime("%Y-%m-%d")):
        assert words in page
    assert page.count(">撤销</button>") == 2  # the revoked one has no button


def test_nobody_sees_another_users_tokens(world, secretary):
    ApiToken.issue(world.secretary_b, "外校的令牌")
    page = secretary.get(PAGE).content.decode()
    assert "外校的令牌" not in page and "您还没有 API 令牌" in page


def test_a_secretary_revokes_their_own_token(world, secretary):
    record, token = ApiToken.issue(world.secretary_a, "数据同步")

    response = secretary.post(reverse("accounts:token_revoke", args=[record.pk]))

    assert response.status_code == 302 and response.url == PAGE
    record.refresh_from_db()
    assert record.revoked_at is not None
    entry = AuditEntry.objects.get(action="api_token.revoke")
    assert entry.actor == world.secretary_a and entry.object_id == str(record.pk)
    assert secretary.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401


def test_another_users_token_cannot_be_revoked_and_looks_missing(world, secretary):
    record, _ = ApiToken.issue(world.secretary_b, "外校的令牌")
    assert secretary.post(reverse("accounts:token_revoke", args=[record.pk])).status_code == 404
    assert secretary.post(reverse("accounts:token_revoke", args=[2**40])).status_code == 404
    record.refresh_from_db()
    assert record.revoked_at is None


def test_revoking_is_a_post(world, secretary):
    record, _ = ApiToken.issue(world.secretary_a, "数据同步")
    assert secretary.get(reverse("accounts:token_revoke", args=[record.pk])).status_code == 405


def test_sending_the_same_form_twice_issues_one_token(world, secretary):
    nonce = nonce_on(secretary.get(PAGE).content.decode())
    data = {"name": "数据同步", "scope": "read", "days": "90", "nonce": nonce}
    assert secret_in(secretary.post(PAGE, data))

    again = secretary.post(PAGE, data)  # the browser's "resend the form?" after a reload

    assert secret_in(again) is None
    assert "此表单已失效" in again.content.decode()
    assert ApiToken.objects.filter(user=world.secretary_a).count() == 1


@pytest.mark.parametrize(("fields", "message"), [
    ({"name": ""}, "请填写令牌名称"),
    ({"days": "366"}, "有效期不能超过 365 天"),
    ({"days": "0"}, "有效期至少 1 天"),
    ({"scope": "admin"}, "请选择令牌权限"),
])
def test_a_bad_form_is_refused_next_to_the_field_in_chinese(world, secretary, fields, message):
    response = submit(secretary, **fields)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ApiToken.objects.exists()


def test_a_lowered_maximum_is_what_the_form_allows(world, secretary, settings):
    settings.API_TOKEN_MAX_DAYS, settings.API_TOKEN_DAYS = 30, 30
    assert "最长 30 天" in secretary.get(PAGE).content.decode()
    assert "有效期不能超过 30 天" in submit(secretary, days="31").content.decode()


class TestACityAdministrator:
    def test_is_asked_for_a_current_code_on_the_form(self, world, city_admin):
        page = city_admin.get(PAGE).content.decode()
        assert 'name="otp"' in page and "动态验证码" in page

    def test_gets_no_token_without_the_code(self, world, city_admin):
        response = submit(city_admin)
        assert "请输入 6 位动态验证码" in response.content.decode()
        assert not ApiToken.objects.exists()

    def test_gets_no_token_with_a_wrong_code_and_the_attempt_is_audited(self, world, city_admin):
        device = TOTPDevice.objects.get(user=world.city_admin)
        response = submit(city_admin, otp=f"{(int(code_of(device)) + 1) % 1_000_000:06d}")
        assert "动态验证码错误" in response.content.decode()
        assert not ApiToken.objects.exists()
        assert AuditEntry.objects.filter(action="auth.otp_failed", actor=world.city_admin).exists()

    def test_gets_a_token_with_the_code_and_the_token_reads_the_api(self, world, city_admin):
        device = TOTPDevice.objects.get(user=world.city_admin)
        secret = secret_in(submit(city_admin, otp=code_of(device)))
        assert secret
        assert ApiToken.objects.get(user=world.city_admin).second_factor_at is not None
        client = type(city_admin)()
        assert client.get("/api/v1/orgs/", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200

    def test_sees_an_old_token_without_the_check_marked_for_reissue(self, world, city_admin):
        ApiToken.issue(world.city_admin, "升级前的令牌")
        page = city_admin.get(PAGE).content.decode()
        assert "须重新签发" in page and "签发时未经二次验证" in page


def test_the_page_is_in_the_account_menu(world, secretary):
    page = secretary.get(reverse("core:notifications")).content.decode()
    assert page.count('href="/accounts/tokens/"') == 2  # the user menu and the sidebar
