"""Second-factor enrolment and verification, and password change. Each writes its audit
entry in the same transaction as the change."""

from __future__ import annotations

import base64
import math
from dataclasses import dataclass

import django_otp
from django.contrib.auth import update_session_auth_hash
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from dangjian.accounts.models import User
from dangjian.core import audit
from dangjian.core.models import AuditEntry

ENROLMENT_DEVICE_NAME = "手机动态验证码"


def totp_device_for(user) -> TOTPDevice:
    """The user's confirmed device, or the pending one of an enrolment in progress.

    The pending device is reused, not replaced, on every visit: a user who scanned the code
    and then reloaded the page must still be able to confirm with what their phone shows.
    """
    confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()
    if confirmed is not None:
        return confirmed
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=ENROLMENT_DEVICE_NAME, confirmed=False)
    return device


def base32_secret(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode()


@dataclass
class OtpResult:
    ok: bool
    message: str = ""


def confirmed_device_of(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()


def check_code(device: TOTPDevice, token: str, *, user, request=None, purpose: str = "") -> OtpResult:
    """Check a TOTP code against a device, in its own transaction, and audit the outcome.

    django-otp throttles each device (1, 2, 4, 8 … seconds after successive failures) and
    refuses a code already used: both are kept, and a refusal is audited like a wrong code.
    The transaction is the check's own so that a failure (and the throttle it counts) is kept
    even when the caller then refuses what the code was for."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        allowed, throttle = device.verify_is_allowed()
        if not allowed:
            locked_until = (throttle or {}).get("locked_until") or timezone.now()
            wait = max(1, math.ceil((locked_until - timezone.now()).total_seconds()))
            message = f"验证码错误次数过多，请 {wait} 秒后再试"
            _audit_otp(user, request, device, ok=False, reason=_with_purpose(message, purpose))
            return OtpResult(False, message)
        if not device.verify_token(token):
            _audit_otp(user, request, device, ok=False, reason=_with_purpose("动态验证码错误或已使用", purpose))
            return OtpResult(False, "动态验证码错误或已过期，请输入手机上显示的最新 6 位数字")
        enrolled = not device.confirmed
        if enrolled:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
        _audit_otp(user, request, device, ok=True, reason=_with_purpose("绑定新设备" if enrolled else "", purpose))
    return OtpResult(True)


def verify_second_factor(request, device: TOTPDevice, token: str) -> OtpResult:
    """The login's second step: check the code; on success confirm a pending device, mark the
    session verified and give it a new id (QUALITY.md item 8: the session's privilege has just
    risen, so an id learnt before this moment — a fixated or sniffed cookie — must not carry it)."""
    result = check_code(device, token, user=request.user, request=request)
    if result.ok:
        device.refresh_from_db()
        django_otp.login(request, device)
        request.session.cycle_key()
    return result


def _with_purpose(reason: str, purpose: str) -> str:
    return "；".join(part for part in (reason, purpose) if part)


def _audit_otp(user, request, device, *, ok: bool, reason: str) -> None:
    audit.record(
        "auth.otp_verified" if ok else "auth.otp_failed",
        target=user,
        actor=user,
        changes={"device": device.name, "failures": device.throttling_failure_count},
        reason=reason,
        result=AuditEntry.Result.SUCCESS if ok else AuditEntry.Result.FAILURE,
        request=request,
    )


def change_password(request, form) -> User:
    """Save a validated PasswordChangeForm, keep this session (other sessions end, because
    their auth hash no longer matches) and audit the change, never the password."""
    with transaction.atomic():
        user = form.save()  # User.set_password stamps password_changed_at
        audit.record("auth.password_change", target=user, actor=user, request=request)
    update_session_auth_hash(request, user)
    return user
