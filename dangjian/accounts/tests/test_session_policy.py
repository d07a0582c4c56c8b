"""Sessions (QUALITY.md item 8): 30 minutes idle, 12 hours in all, logout kills the session
on the server, not just the cookie."""

import datetime

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dangjian.core.models import AuditEntry

pytestmark = pytest.mark.django_db
START = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)
# A page of this app that any logged-in user may open and that needs nothing from other apps.
PAGE = "/accounts/password/"


def expired_redirect(response) -> bool:
    return response.status_code == 302 and response.url.startswith("/accounts/login/?expired=1")


def test_a_session_idle_for_less_than_thirty_minutes_stays_alive(world, client, password_login):
    with time_machine.travel(START, tick=False) as traveller:
        password_login(client, "secretary_a")
        for _ in range(4):  # two hours of work, a request every 29 minutes
            traveller.shift(datetime.timedelta(minutes=29))
            assert client.get(PAGE).status_code == 200


def test_activity_is_saved_into_the_session_at_most_once_a_minute(world, client, password_login):
    with time_machine.travel(START, tick=False) as traveller:
        password_login(client, "secretary_a")
        key = client.session.session_key
        saved_at_login = Session.objects.get(session_key=key).expire_date

        traveller.shift(datetime.timedelta(seconds=59))
        assert client.get(PAGE).status_code == 200
        assert Session.objects.get(session_key=key).expire_date == saved_at_login

        traveller.shift(datetime.timedelta(seconds=1))
        assert client.get(PAGE).status_code == 200
        assert Session.objects.get(session_key=key).expire_date == saved_at_login + datetime.timedelta(minutes=1)


def test_a_session_idle_for_thirty_minutes_ends(world, client, password_login):
    with time_machine.travel(START, tick=False) as traveller:
        password_login(client, "secretary_a")
        assert client.get(PAGE).status_code == 200
        key = client.session.session_key

        traveller.shift(datetime.timedelta(minutes=30, seconds=1))
        response = client.get(PAGE)

        assert expired_redirect(response)
        # The server no longer holds a live session under the old key: the request did not revive it.
        assert not Session.objects.filter(session_key=key, expire_date__gt=timezone.now()).exists()


def test_a_busy_session_still_ends_after_twelve_hours(world, client, password_login):
    with time_machine.travel(START, tick=False) as traveller:
        password_login(client, "secretary_a")
        key = client.session.session_key
        for _ in range(11 * 4 + 3):  # a request every 15 minutes up to 11 h 45 min
            traveller.shift(datetime.timedelta(minutes=15))
            assert client.get(PAGE).status_code == 200

        traveller.shift(datetime.timedelta(minutes=15, seconds=1))
        response = client.get(PAGE)

        assert expired_redirect(response)
        assert not Session.objects.filter(session_key=key).exists()
        ended = AuditEntry.objects.filter(action="auth.logout", actor=world.secretary_a).get()
        assert "12 小时" in ended.reason


def test_the_login_page_names_the_timeout(client):
    assert "会话已超时，请重新登录" in client.get("/accounts/login/?expired=1").content.decode()


def test_logout_deletes_the_session_on_the_server(world, client, password_login):
    password_login(client, "secretary_a")
    old_key = client.session.session_key

    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert response.url == reverse("accounts:login")
    assert not Session.objects.filter(session_key=old_key).exists()


def test_a_stolen_cookie_is_useless_after_logout(world, client, password_login):
    password_login(client, "secretary_a")
    stolen = client.cookies["sessionid"].value
    client.post(reverse("accounts:logout"))

    thief = Client()
    thief.cookies["sessionid"] = stolen
    response = thief.get(PAGE)

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_logout_by_get_is_refused(world, client, password_login):
    password_login(client, "secretary_a")
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.get(PAGE).status_code == 200


def test_the_session_cookie_is_httponly_and_samesite(world, client, password_login):
    password_login(client, "secretary_a")
    cookie = client.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) == 30 * 60
