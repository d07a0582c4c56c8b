"""The authentication policy of QUALITY.md items 6-8, in the one place the middleware, the
views and the tests read it from."""

from __future__ import annotations

import datetime

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Q
from django.utils import timezone

from dangjian.core.scoping import scope_of

# The same words for every kind of failed login: never say which part was wrong.
LOGIN_FAILED_MESSAGE = "用户名或密码错误"

# Unix time of the password login; the absolute session limit counts from it.
LOGIN_AT_SESSION_KEY = "dangjian_login_at"
# Unix time the session was last saved for activity. The idle timeout (the cookie age and the
# session's expiry date, set when it is saved) slides forward at most once every
# SESSION_ACTIVITY_REFRESH_SECONDS (a minute) instead of writing the session row on every
# request: a session may end up to that long before thirty minutes have passed since its last
# request, never after.
ACTIVITY_AT_SESSION_KEY = "dangjian_activity_at"


def password_expired(user) -> bool:
    """Rotation is off unless PASSWORD_MAX_AGE_DAYS > 0 (等保 asks for it, ASVS advises against)."""
    max_age = settings.PASSWORD_MAX_AGE_DAYS
    if not max_age:
        return False
    changed = user.password_changed_at
    return changed is None or timezone.now() - changed > datetime.timedelta(days=max_age)


def lockout_minutes() -> int:
    return round(float(settings.AXES_COOLOFF_TIME) * 60)


def lockout_ends_at(username: str | None, ip_address: str | None) -> datetime.datetime | None:
    """When the lock on this username or address lifts: axes counts failures whose last attempt
    lies within the cool-off window, so the newest matching attempt decides."""
    match = Q(pk__in=[])
    if username:
        match |= Q(username=username)
    if ip_address:
        match |= Q(ip_address=ip_address)
    last = AccessAttempt.objects.filter(match).aggregate(last=Max("attempt_time"))["last"]
    if last is None:
        return None
    return last + datetime.timedelta(minutes=lockout_minutes())


def needs_second_factor(user) -> bool:
    """Whether this user's posts call for a TOTP code (QUALITY.md item 9): pages, API sessions
    and the issue of API tokens all ask this one question."""
    return bool(settings.REQUIRE_2FA) and scope_of(user).needs_second_factor
