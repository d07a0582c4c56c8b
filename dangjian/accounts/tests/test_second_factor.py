"""Second factor (QUALITY.md item 9): higher-committee administrators and superusers must
enter a TOTP code before any page; enrolment shows the secret and a server-drawn QR code."""

import base64
import datetime
import re
from urllib.parse import quote

import pytest
import time_machine
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from dangjian.accounts.middleware import API_PREFIX, SECOND_FACTOR_PREFIXES, is_public
from dangjian.accounts.tests.probe import lets_through
from dangjian.core.models import AuditEntry
from dangjian.testing import login, make_user

pytestmark = pytest.mark.django_db
OTP = "/accounts/otp/"
START = datetime.datetime(2026, 3, 2, 1, 0, tzinfo=datetime.UTC)


def every_page() -> list[str]:
    """One concrete path per URL pattern of the site, arguments filled with sample values."""

    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern).lstrip("^").rstrip("$")
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            else:
                yield route

    paths = {"/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: "x" if m.group(1) in ("str", "slug", "path") else "1", r)
             for r in walk(get_resolver().url_patterns, "")}
    return sorted(p for p in paths if not re.search(r"[\\()\[\]?*+]", p))


def code_for(device) -> str:
    """What the user's phone shows right now."""
    return f"{totp(device.bin_key, t0=device.t0, step=device.step, digits=device.digits):06d}"


def wrong_code_for(device) -> str:
    return f"{(int(code_for(device)) + 1) % 1_000_000:06d}"


def test_the_site_has_pages_to_walk():
    pages = every_page()
    assert "/" in pages and "/accounts/password/" in pages and len(pages) >= 5


def test_a_county_admin_without_the_second_factor_is_sent_to_it_from_every_page(world):
    client = Client()
    client.force_login(world.county_admin)
    for page in every_page():
        if is_public(page) or page.startswith(API_PREFIX) or page.startswith(SECOND_FACTOR_PREFIXES):
            continue
        response = client.get(page)
        assert response.status_code == 302, page
        assert response.url == f"{OTP}?next={quote(page, safe='')}", page


def test_the_city_admin_and_a_superuser_need_it_too(world):
    root = make_user("root_admin", "系统管理员", superuser=True)
    for user in (world.city_admin, root):
        assert not lets_through(user, "/")
        assert lets_through(user, "/", verified=True)


def test_school_level_users_are_not_asked_for_it(world):
    for persona in ("secretary_a", "secretary_b", "org_member_a", "member_a", "principal_a"):
        user = world.personas[persona]
        for page in every_page():
            if page.startswith(API_PREFIX) or page.startswith(SECOND_FACTOR_PREFIXES):
                continue
            assert lets_through(user, page), (persona, page)


def test_a_verified_county_admin_goes_where_they_wanted(world, client):
    login(client, world.county_admin)
    assert client.get(OTP + "?next=/orgs/").url == "/orgs/"
    assert lets_through(world.county_admin, "/orgs/", verified=True)


def test_first_visit_shows_the_secret_and_a_qr_code_drawn_on_the_server(world):
    client = Client()
    client.force_login(world.county_admin)

    page = client.get(OTP).content.decode()

    device = TOTPDevice.objects.get(user=world.county_admin)
    assert not device.confirmed
    assert "绑定手机动态验证码" in page
    secret = re.search(r'class="dj-secret">([A-Z2-7 ]+)<', page).group(1)
    assert base64.b32decode(secret.replace(" ", "")) == device.bin_key
    assert "<svg" in page and "<path" in page
    assert "<script" not in page and not re.search(r"\sstyle=", page)


def test_reloading_the_enrolment_page_keeps_the_same_secret(world):
    client = Client()
    client.force_login(world.county_admin)
    client.get(OTP)
    client.get(OTP)
    assert TOTPDevice.objects.filter(user=world.county_admin).count() == 1


def test_the_right_code_confirms_the_phone_and_verifies_the_session(world):
    client = Client()
    client.force_login(world.county_admin)
    client.get(OTP)
    device = TOTPDevice.objects.get(user=world.county_admin)

    response = client.post(OTP, {"token": code_for(device), "next": "/orgs/"})

    assert response.status_code == 302 and response.url == "/orgs/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(OTP + "?next=/orgs/").url == "/orgs/"  # verified: the OTP page waves them on
    entry = AuditEntry.objects.get(action="auth.otp_verified")
    assert entry.actor == world.county_admin and entry.result == "success"


def test_the_session_gets_a_new_id_when_the_code_is_accepted(world, settings):
    """QUALITY.md item 8: the session's rights rise with the code, so the id known before it (a
    fixated or sniffed cookie of the password-only session) must not carry them."""
    device = TOTPDevice.objects.create(user=world.county_admin, name="手机", confirmed=True)
    client = Client()
    client.force_login(world.county_admin)
    before = client.cookies[settings.SESSION_COOKIE_NAME].value

    client.post(OTP, {"token": code_for(device)})

    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before
    assert client.get("/orgs/").status_code == 200
    stolen = Client()
    stolen.cookies[settings.SESSION_COOKIE_NAME] = before
    assert stolen.get("/orgs/").url.startswith("/accounts/login/")


def test_a_confirmed_phone_is_asked_only_for_the_code(world):
    device = TOTPDevice.objects.create(user=world.county_admin, name="手机", confirmed=True)
    client = Client()
    client.force_login(world.county_admin)

    page = client.get(OTP).content.decode()
    assert "输入动态验证码" in page
    assert "dj-secret" not in page and "<svg" not in page

    response = client.post(OTP, {"token": code_for(device)})
    assert response.status_code == 302 and response.url == reverse("core:home")


def test_a_wrong_code_is_refused_with_a_clear_message_and_audited(world):
    device = TOTPDevice.objects.create(user=world.county_admin, name="手机", confirmed=True)
    client = Client()
    client.force_login(world.county_admin)
    wrong = wrong_code_for(device)

    response = client.post(OTP, {"token": wrong})

    assert response.status_code == 200
    assert "动态验证码错误或已过期" in response.content.decode()
    assert not lets_through(world.county_admin, "/")
    entry = AuditEntry.objects.get(action="auth.otp_failed")
    assert entry.result == "failure" and entry.actor == world.county_admin
    assert wrong not in str(entry.changes) + entry.reason


def test_a_malformed_code_is_refused_before_it_is_checked(world):
    TOTPDevice.objects.create(user=world.county_admin, name="手机", confirmed=True)
    client = Client()
    client.force_login(world.county_admin)
    response = client.post(OTP, {"token": "12ab"})
    assert "动态验证码为 6 位数字" in response.content.decode()


def test_failed_codes_slow_down_the_next_attempt(world):
    device = TOTPDevice.objects.create(user=world.county_admin, name="手机", confirmed=True)
    client = Client()
    with time_machine.travel(START, tick=False) as traveller:
        client.force_login(world.county_admin)
        for _ in range(3):
            client.post(OTP, {"token": wrong_code_for(device)})
            traveller.shift(datetime.timedelta(seconds=0.5))

        # Even the right code waits out the throttle (django-otp doubles it after each failure).
        refused = client.post(OTP, {"token": code_for(device)})
        assert "验证码错误次数过多" in refused.content.decode()

        traveller.shift(datetime.timedelta(seconds=31))  # past the delay and into the next code
        accepted = client.post(OTP, {"token": code_for(device)})
        assert accepted.status_code == 302


def test_a_code_cannot_be_used_twice(world):
    device = TOTPDevice.objects.create(user=world.county_admin, name="手机", confirmed=True)
    with time_machine.travel(START, tick=False):
        first = Client()
        first.force_login(world.county_admin)
        code = code_for(device)
        assert first.post(OTP, {"token": code}).status_code == 302

        second = Client()
        second.force_login(world.county_admin)
        assert second.post(OTP, {"token": code}).status_code == 200


def test_the_second_factor_page_never_redirects_to_another_site(world):
    device = TOTPDevice.objects.create(user=world.county_admin, name="手机", confirmed=True)
    client = Client()
    client.force_login(world.county_admin)
    response = client.post(OTP, {"token": code_for(device), "next": "https://evil.example.com/"})
    assert response.status_code == 302 and "evil" not in response.url


def test_the_requirement_can_be_switched_off_for_a_closed_test_install(world, settings):
    settings.REQUIRE_2FA = False
    assert lets_through(world.county_admin, "/")
