"""The login page: Chinese, standalone, CSP-clean, one message for every wrong credential."""

import re

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from dangjian.testing import PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"


def test_the_login_page_is_public_and_in_chinese(client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "用户登录" in page and "用户名" in page and "密码" in page
    assert '<html lang="zh-CN">' in page
    assert 'name="viewport"' in page  # readable on a phone


def test_the_login_page_loads_only_local_stylesheets_and_nothing_inline(client):
    page = client.get(LOGIN).content.decode()
    assert "/static/vendor/bootstrap/bootstrap.min.css" in page
    assert "/static/dangjian/app.css" in page
    assert "/static/accounts/accounts.css" in page
    assert "<script" not in page
    assert "<style" not in page
    assert not re.search(r"\sstyle=", page)
    assert not re.search(r"\son[a-z]+=", page)  # no inline event handlers either
    assert not re.search(r"https?://", page)  # no CDN: deployments are often on closed networks


def test_the_login_page_is_served_with_a_content_security_policy(client):
    policy = client.get(LOGIN).headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_the_login_page_says_the_session_timed_out_when_asked_to(client):
    assert "会话已超时，请重新登录" in client.get(LOGIN + "?expired=1").content.decode()
    assert "会话已超时" not in client.get(LOGIN).content.decode()


def test_a_wrong_password_and_an_unknown_user_get_the_same_message(world, client, password_login):
    wrong_password = password_login(client, "secretary_a", "Not-The-Password-1")
    unknown_user = password_login(client, "nobody_here", PASSWORD)
    for response in (wrong_password, unknown_user):
        assert response.status_code == 200
        assert "用户名或密码错误" in response.content.decode()
    assert wrong_password.context["form"].errors == unknown_user.context["form"].errors


def test_a_disabled_account_gets_the_same_message_as_a_wrong_password(world, client, password_login):
    world.member_a.is_active = False
    world.member_a.save()
    response = password_login(client, "member_a")
    assert response.status_code == 200
    assert "用户名或密码错误" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_correct_password_logs_in_and_goes_to_the_next_page(world, client, password_login):
    response = client.post(LOGIN, {"username": "secretary_a", "password": PASSWORD,
                                   "next": reverse("accounts:password_change")})
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_change")
    assert client.session["_auth_user_id"] == str(world.secretary_a.pk)


def test_login_never_redirects_to_another_site(world, client):
    response = client.post(LOGIN, {"username": "secretary_a", "password": PASSWORD,
                                   "next": "https://evil.example.com/"})
    assert response.status_code == 302
    assert "evil.example.com" not in response.url


def test_a_protected_page_sends_an_anonymous_visitor_to_login_with_the_way_back(client):
    response = client.get(reverse("accounts:password_change") + "?a=1")
    assert response.status_code == 302
    assert response.url == LOGIN + "?next=%2Faccounts%2Fpassword%2F%3Fa%3D1"


def test_login_gives_the_session_a_new_id(world, client, password_login):
    session = client.session
    session["before_login"] = True
    session.save()
    old_key = session.session_key

    password_login(client, "secretary_a")

    assert client.session.session_key != old_key
    assert not Session.objects.filter(session_key=old_key).exists()
    assert client.session["_auth_user_id"] == str(world.secretary_a.pk)


def test_login_without_a_csrf_token_is_refused(world):
    client = Client(enforce_csrf_checks=True)
    client.get(LOGIN)
    response = client.post(LOGIN, {"username": "secretary_a", "password": PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_login_with_the_csrf_token_from_the_form_succeeds(world):
    client = Client(enforce_csrf_checks=True)
    form_page = client.get(LOGIN)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form_page.content.decode()).group(1)
    response = client.post(LOGIN, {"username": "secretary_a", "password": PASSWORD, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.secretary_a.pk)
