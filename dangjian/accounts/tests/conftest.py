import pytest
from django.urls import reverse

from dangjian.testing import PASSWORD


@pytest.fixture
def password_login():
    """Log in through the login form, as a browser does: axes and the auth signals only see
    logins that come with a request (client.login bypasses the form)."""

    def post(client, username, password=PASSWORD, *, ip="10.0.0.1", **extra):
        return client.post(reverse("accounts:login"), {"username": username, "password": password},
                           REMOTE_ADDR=ip, **extra)

    return post
