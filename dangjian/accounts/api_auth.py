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
from django.core.cache import cache
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from ninja.errors import AuthenticationError, HttpError
from ninja.security.base import AuthBase
from ninja.utils import check_csrf

from dangjian.accounts import rules as R
from dangjian.accounts.models import ApiToken
from dangjian.accounts.policy import needs_second_factor
from dangjian.core import audit
from dangjian.core.api import UNAUTHENTICATED_MESSAGE, error_response
from dangjian.core.models import AuditEntry

# Writing last_used_at on every call would turn each read into a write (and on SQLite take
# the one write lock); once a minute is precise enough to spot a stale or leaked token.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)
# A real token is "dj_" + 43 url-safe characters; anything far longer is not worth hashing.
MAX_TOKEN_LENGTH = 200


class SecondFactorRequired(AuthenticationError):
    def __init__(self, message: str = "该账号须先完成二次验证（动态口令）后才能使用接口") -> None:
        super().__init__(401, message)
        self.code = "second_factor_required"


class TokenRefused(AuthenticationError):
    """A token we know but that no longer opens the API: the client is told why (it holds the
    secret, so this reveals nothing it does not know) and what to do."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(401, message)
        self.code = code


class TokenReadOnly(HttpError):
    def __init__(self) -> None:
        super().__init__(403, f"该 API 令牌为只读令牌，只能查询（{R.TOKEN_SCOPE.citation}）")
        self.code = "token_read_only"


class CsrfFailed(HttpError):
    def __init__(self) -> None:
        super().__init__(403, "CSRF 校验失败：请刷新页面后重试")
        self.code = "csrf_failed"


# A client looping on a revoked token would otherwise write an audit row per request; one
# entry per token per minute records the event without letting a script flood the log.
REFUSAL_AUDIT_SECONDS = 60


def _audit_refusal(request, api_token: ApiToken, action: str, reason: str) -> None:
    # Keyed by the digest, not the id: ids come back after a rollback (tests) or a restore.
    if not cache.add(f"dangjian:api_token_refused:{action}:{api_token.digest[:32]}", 1, REFUSAL_AUDIT_SECONDS):
        return
    audit.record(action, target=api_token, actor=api_token.user, request=request, reason=reason,
                 result=AuditEntry.Result.DENIED,
                 changes={"name": api_token.name, "method": request.method, "path": request.path[:200]})


class BearerTokenAuth(AuthBase):
    """`Authorization: Bearer <token>`, matched by the token's SHA-256 (only that is stored).

    A live token acts as its user, within its scope (read-only: GET and HEAD). A revoked or
    expired token is refused and the attempt audited; so is the token of a user whose posts
    need the second factor when it was issued without one (QUALITY.md items 9 and 22)."""

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
            .filter(digest=ApiToken.digest_of(token), user__is_active=True)
            .first()
        )
        if api_token is None:
            return None
        now = timezone.now()
        if api_token.revoked_at is not None:
            _audit_refusal(request, api_token, "api_token.use_revoked", "使用已撤销的 API 令牌")
            raise TokenRefused("token_revoked", "该 API 令牌已撤销，请在“API 令牌”页面重新签发")
        if api_token.expires_at <= now:
            _audit_refusal(request, api_token, "api_token.use_expired", "使用已过期的 API 令牌")
            expired_on = timezone.localtime(api_token.expires_at).strftime("%Y-%m-%d %H:%M")
            raise TokenRefused("token_expired", f"该 API 令牌已于 {expired_on} 过期，请在“API 令牌”页面重新签发")
        if api_token.second_factor_at is None and needs_second_factor(api_token.user):
            _audit_refusal(request, api_token, "api_token.use_without_second_factor",
                           "账号须二次验证，令牌签发时未经二次验证")
            raise SecondFactorRequired(
                "该账号须二次验证，而此令牌签发时未经二次验证：请登录网页，在“API 令牌”页面输入动态验证码重新签发")
        if not api_token.allows_writes and request.method not in R.READ_ONLY_METHODS:
            raise TokenReadOnly()
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

