"""Lockout (QUALITY.md item 7): 5 failures lock for 30 minutes, by username and by address
independently; a correct password during the lock is still refused."""

import datetime

import pytest
import time_machine
from axes.models import AccessAttempt

from dangjian.testing import PASSWORD

pytestmark = pytest.mark.django_db
WRONG = "Wrong-Password-2026!"
START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def fail_five_times(client, password_login, usernames, ips):
    for username, ip in zip(usernames, ips, strict=True):
        response = password_login(client, username, WRONG, ip=ip)
        assert response.status_code in (200, 429)
    return response


def is_locked_page(response) -> bool:
    return response.status_code == 429 and "账号已锁定" in response.content.decode()


def test_four_failures_do_not_lock_the_account(world, client, password_login):
    fail_five_times(client, password_login, ["secretary_a"] * 4, ["10.0.0.1"] * 4)
    response = password_login(client, "secretary_a")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.secretary_a.pk)


def test_the_fifth_failure_shows_the_locked_page(world, client, password_login):
    last = fail_five_times(client, password_login, ["secretary_a"] * 5, ["10.0.0.1"] * 5)
    assert is_locked_page(last)


def test_five_failures_from_different_addresses_lock_the_username(world, client, password_login):
    ips = [f"10.0.1.{i}" for i in range(1, 6)]
    fail_five_times(client, password_login, ["secretary_a"] * 5, ips)

    response = password_login(client, "secretary_a", PASSWORD, ip="10.0.9.9")

    assert is_locked_page(response)
    assert "_auth_user_id" not in client.session


def test_five_failures_from_one_address_lock_that_address_for_every_username(world, client, password_login):
    fail_five_times(client, password_login, ["a1", "a2", "a3", "a4", "a5"], ["10.0.2.1"] * 5)

    from_locked_address = password_login(client, "secretary_a", PASSWORD, ip="10.0.2.1")
    assert is_locked_page(from_locked_address)

    from_elsewhere = password_login(client, "secretary_a", PASSWORD, ip="10.0.2.2")
    assert from_elsewhere.status_code == 302


def test_the_address_behind_the_proxy_is_the_one_locked(world, client, password_login, settings):
    # nginx passes the client address in X-Real-IP; every request comes from the proxy itself.
    settings.BEHIND_PROXY = True
    for i in range(5):
        password_login(client, f"u{i}", WRONG, ip="127.0.0.1", HTTP_X_REAL_IP="203.0.113.7")

    other_client = password_login(client, "secretary_a", PASSWORD, ip="127.0.0.1", HTTP_X_REAL_IP="203.0.113.8")
    assert other_client.status_code == 302
    assert AccessAttempt.objects.filter(ip_address="203.0.113.7").exists()


def test_a_correct_password_during_the_lock_is_refused(world, client, password_login):
    fail_five_times(client, password_login, ["secretary_a"] * 5, ["10.0.0.1"] * 5)
    for _ in range(3):
        response = password_login(client, "secretary_a", PASSWORD, ip="10.0.0.1")
        assert is_locked_page(response)
    assert "_auth_user_id" not in client.session


def test_the_locked_page_says_for_how_long_and_until_when(world, client, password_login):
    with time_machine.travel(START, tick=False):
        last = fail_five_times(client, password_login, ["secretary_a"] * 5, ["10.0.0.1"] * 5)
    page = last.content.decode()
    assert "锁定 30 分钟" in page
    assert "2026年3月2日 17:30" in page  # 09:00 UTC + 30 min, shown in Asia/Shanghai
    assert "即使输入正确的密码也无法登录" in page


def test_the_lock_lifts_after_thirty_minutes(world, client, password_login):
    with time_machine.travel(START, tick=False) as traveller:
        fail_five_times(client, password_login, ["secretary_a"] * 5, ["10.0.0.1"] * 5)

        traveller.shift(datetime.timedelta(minutes=29))
        assert is_locked_page(password_login(client, "secretary_a", PASSWORD, ip="10.0.0.1"))

        traveller.shift(datetime.timedelta(minutes=2))
        response = password_login(client, "secretary_a", PASSWORD, ip="10.0.0.1")
        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(world.secretary_a.pk)


def test_attempts_during_the_lock_do_not_extend_it(world, client, password_login):
    with time_machine.travel(START, tick=False) as traveller:
        fail_five_times(client, password_login, ["secretary_a"] * 5, ["10.0.0.1"] * 5)
        traveller.shift(datetime.timedelta(minutes=20))
        password_login(client, "secretary_a", WRONG, ip="10.0.0.1")
        traveller.shift(datetime.timedelta(minutes=11))
        response = password_login(client, "secretary_a", PASSWORD, ip="10.0.0.1")
    assert response.status_code == 302


def test_a_successful_login_clears_the_earlier_failures(world, client, password_login):
    fail_five_times(client, password_login, ["secretary_a"] * 4, ["10.0.0.1"] * 4)
    password_login(client, "secretary_a")
    client.logout()

    fail_five_times(client, password_login, ["secretary_a"] * 4, ["10.0.0.1"] * 4)
    assert password_login(client, "secretary_a").status_code == 302


def test_without_a_declared_proxy_a_forged_address_header_does_not_escape_the_lock(world, client, password_login):
    for i in range(5):
        password_login(client, f"u{i}", WRONG, ip="198.51.100.9", HTTP_X_REAL_IP=f"203.0.113.{i}")
    assert AccessAttempt.objects.filter(ip_address="198.51.100.9").exists()
    response = password_login(client, "secretary_a", PASSWORD, ip="198.51.100.9", HTTP_X_REAL_IP="203.0.113.99")
    assert is_locked_page(response)
