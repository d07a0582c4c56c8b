"""Authentication events into the audit log (QUALITY.md item 11).

Django's auth signals fire for every way in (the login form, force_login, a future SSO), so
the log cannot miss one; axes' signal marks the moment an account or address gets locked.
The password is never recorded: Django already masks it in `credentials`, and only the
username is taken from there.
"""

import time

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from dangjian.accounts.policy import ACTIVITY_AT_SESSION_KEY, LOGIN_AT_SESSION_KEY, lockout_minutes
from dangjian.core import audit
from dangjian.core.models import AuditEntry


@receiver(user_logged_in, dispatch_uid="dangjian.accounts.audit_login")
def on_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[LOGIN_AT_SESSION_KEY] = request.session[ACTIVITY_AT_SESSION_KEY] = time.time()
    audit.record("auth.login", target=user, actor=user, request=request)


@receiver(user_logged_out, dispatch_uid="dangjian.accounts.audit_logout")
def on_logout(sender, request, user, **kwargs):
    if user is None:  # logging out an anonymous session is not an event
        return
    reason = getattr(request, "dangjian_logout_reason", "") if request is not None else ""
    audit.record("auth.logout", target=user, actor=user, reason=reason, request=request)


@receiver(user_login_failed, dispatch_uid="dangjian.accounts.audit_login_failed")
def on_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    # axes has already handled this signal (its app is loaded first) and flagged a lock.
    locked = bool(getattr(request, "axes_locked_out", False))
    audit.record(
        "auth.login_failed",
        actor_name=username,
        changes={"username": username},
        reason="账号或地址已锁定" if locked else "用户名或密码错误",
        result=AuditEntry.Result.FAILURE,
        request=request,
    )


@receiver(user_locked_out, dispatch_uid="dangjian.accounts.audit_lockout")
def on_locked_out(sender, request, username=None, ip_address=None, **kwargs):
    # axes sends this both when the limit is reached and for each attempt refused during the
    # lock; only the first has counted failures (the others are logged as auth.login_failed).
    if getattr(request, "axes_failures_since_start", None) is None:
        return
    audit.record(
        "auth.lockout",
        actor_name=username or "",
        changes={"username": username or "", "ip_address": ip_address or "",
                 "failures": request.axes_failures_since_start, "minutes": lockout_minutes()},
        reason=f"连续登录失败，锁定 {lockout_minutes()} 分钟",
        result=AuditEntry.Result.DENIED,
        request=request,
    )
