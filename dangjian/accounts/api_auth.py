"""How the API knows who is calling: a bearer token, or the browser's session.

The login middleware deliberately leaves /api/ alone (an API client must get a 401 in JSON,
not a redirect to an HTML login page), so every operation — and the schema and docs pages —
authenticates here. Anything that is not clearly one of our users is refused. It lives in
accounts (the tokens are accounts' model); config/api.py hands it to the NinjaAPI.
"""

from __future__ import annotations

import datetime
from functools import wraps

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from ninja.errors import AuthenticationError, HttpError
from ninja.security.base import AuthBase
from ninja.utils import check_csrf

from dangjian.accounts.models import ApiToken
from dangjian.core.api import UNAUTHENTICATED_MESSAGE, error_response
from dangjian.core.scoping import scope_of

# Writing last_used_at on every call would turn each read into a write (and on SQLite take
# the one write lock); once a minute is precise enough to spot a stale or leaked token.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)
# A real token is "dj_" + 43 url-safe characters; anything far longer is not worth hashing.
MAX_TOKEN_LENGTH = 200


class SecondFactorRequired(AuthenticationError):
    def __init__(self) -> None:
        super().__init__(401, "该账号须先完成二次验证（动态口令）后才能使用接口")
        self.code = "second_factor_required"


class CsrfFailed(HttpError):
    def __init__(self) -> None:
        super().__init__(403, "CSRF 校验失败：请刷新页面后重试")
        self.code = "csrf_failed"


class BearerTokenAuth(AuthBase):
    """`Authorization: Bearer <token>`, matched by the token's SHA-256 (only that is stored)."""

    openapi_type = "http"
    openapi_scheme = "bearer"

    def __call__(self, request):
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token or len(token) > MAX_TOKEN_LENGTH:
            return None
        api_token = (
            ApiToken.objects.select_related("user")
            .filter(digest=ApiToken.digest_of(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if api_token is None:
            return None
        now = timezone.now()
        if api_token.last_used_at is None or now - api_token.last_used_at >= LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        # The audit log takes its actor from request.user: a token call must be attributed too.
        request.user = api_token.user
        return api_token.user


class VerifiedSessionAuth(AuthBase):
    """The logged-in browser user: second factor verified where the role needs one, and the
    CSRF token checked on unsafe methods (ninja exempts its views from Django's CSRF middleware
    and leaves the check to cookie-based auth)."""

    openapi_type = "apiKey"
    openapi_in = "cookie"
    openapi_name = settings.SESSION_COOKIE_NAME
    # ninja's Swagger page embeds the CSRF token (for "try it out") when an auth says csrf.
    csrf = True

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if needs_second_factor(user) and not user.is_verified():
            raise SecondFactorRequired()
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request) is not None:
            raise CsrfFailed()
        return user


def needs_second_factor(user) -> bool:
    return settings.REQUIRE_2FA and scope_of(user).needs_second_factor


# Order matters: a token client may also carry a stale session cookie, and must not be
# refused for that cookie's missing CSRF token.
API_AUTH = [BearerTokenAuth(), VerifiedSessionAuth()]


def authenticate(request):
    """Run the API's authenticators outside an operation (for the schema and docs pages)."""
    for auth in API_AUTH:
        user = auth(request)
        if user:
            return user
    return None


def require_api_user(view):
    """Guard for the OpenAPI schema and the Swagger page: the schema describes every field we
    hold, which is nobody's business without an account (QUALITY.md item 1). A browser that
    opens the docs anonymously is sent to the login page; a client gets the JSON 401."""
    @wraps(view)
    def guarded(request, *args, **kwargs):
        try:
            user = authenticate(request)
        except HttpError as exc:
            return error_response(exc.status_code, getattr(exc, "code", "unauthorized"), exc.message)
        if user is None:
            match = request.resolver_match
            if match is not None and match.url_name == "openapi-view":
                return redirect(f"{reverse(settings.LOGIN_URL)}?next={request.path}")
            return error_response(401, "unauthorized", UNAUTHENTICATED_MESSAGE)
        return view(request, *args, **kwargs)

    return guarded

