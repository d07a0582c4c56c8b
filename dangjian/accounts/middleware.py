"""Login required by default, the session policy, and the second factor.

Public routes are an explicit allow-list (QUALITY.md item 1); a test enumerates every URL
pattern and fails on any other public route. The API authenticates each operation itself
(session or bearer token) and answers 401 in JSON, so it is not redirected here.
"""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

from dangjian.accounts.policy import (
    ACTIVITY_AT_SESSION_KEY,
    LOGIN_AT_SESSION_KEY,
    password_expired,
)
from dangjian.core.scoping import scope_of

PUBLIC_PREFIXES = ("/accounts/login/", "/static/", "/healthz")
API_PREFIX = "/api/"
SECOND_FACTOR_PREFIXES = ("/accounts/otp/", "/accounts/logout/", "/static/")
PASSWORD_ROTATION_EXEMPT = ("/accounts/password/", "/accounts/logout/", "/accounts/otp/", "/static/")


def is_public(path: str) -> bool:
    return path.startswith(PUBLIC_PREFIXES)


def _with_query(url: str, **params) -> str:
    params = {k: v for k, v in params.items() if v}
    return f"{url}?{urlencode(params)}" if params else url


class SessionPolicyMiddleware:
    """Idle timeout is the cookie age and the database session's expiry date, both moved forward
    when the session is saved: this saves it for activity at most once a minute
    (SESSION_ACTIVITY_REFRESH_SECONDS, instead of writing the session row on every request), and adds
    the absolute limit (QUALITY.md item 8), counted from the login time the login signal stores."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            started = request.session.get(LOGIN_AT_SESSION_KEY)
            if started is None:
                # Sessions created without the login signal (none should be) start counting now.
                request.session[LOGIN_AT_SESSION_KEY] = time.time()
            elif time.time() - started > settings.SESSION_ABSOLUTE_SECONDS:
                request.dangjian_logout_reason = "会话已超过 12 小时上限"
                logout(request)
                return redirect(_with_query(reverse("accounts:login"), expired="1"))
            now = time.time()
            if now - request.session.get(ACTIVITY_AT_SESSION_KEY, 0) >= settings.SESSION_ACTIVITY_REFRESH_SECONDS:
                request.session[ACTIVITY_AT_SESSION_KEY] = now  # marks the session for saving
        return self.get_response(request)


class LoginRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if is_public(path) or path.startswith(API_PREFIX):
            return self.get_response(request)
        user = request.user
        if not user.is_authenticated:
            # A session cookie whose session no longer exists means the session timed out
            # (a logout deletes the cookie), so the login page can say so.
            expired = settings.SESSION_COOKIE_NAME in request.COOKIES and request.session.is_empty()
            return redirect(_with_query(reverse("accounts:login"), expired="1" if expired else "",
                                        next=request.get_full_path()))
        if settings.REQUIRE_2FA and scope_of(user).needs_second_factor and not user.is_verified():
            if not path.startswith(SECOND_FACTOR_PREFIXES):
                return redirect(_with_query(reverse("accounts:otp"), next=request.get_full_path()))
        if password_expired(user) and not path.startswith(PASSWORD_ROTATION_EXEMPT):
            return redirect("accounts:password_change")
        return self.get_response(request)
