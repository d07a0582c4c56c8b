"""Issuing and revoking API tokens (QUALITY.md item 22): the one way in for the token page and
the `issue_token` / `revoke_token` commands, so a rule is written once.

Issue: parse (name, scope, lifetime) → second factor, in its own transaction so that a wrong
code stays counted and audited → atomic: create, audit. A user whose posts need the second
factor gets a token only with a current TOTP code of their own confirmed device; the token
records when that check was made and the API refuses such a user's token without it.

The audit entries name the token record, never its secret or a piece of it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from dangjian.accounts import rules as R
from dangjian.accounts.models import ApiToken, User
from dangjian.accounts.policy import needs_second_factor
from dangjian.accounts.services.auth import check_code, confirmed_device_of
from dangjian.core import audit
from dangjian.core.errors import RuleViolation

NAME_MAX = 100


@dataclass
class Issued:
    token: ApiToken
    secret: str  # shown once to the user; never stored, never logged


def _name(value) -> str:
    name = " ".join(str(value or "").split())
    if not name:
        raise RuleViolation("请填写令牌名称，例如“数据同步”，以便日后辨认和撤销", field="name", code="invalid")
    if len(name) > NAME_MAX:
        raise RuleViolation(f"令牌名称不能超过 {NAME_MAX} 个字符", field="name", code="invalid")
    return name


def _scope(value) -> str:
    if value not in ApiToken.Scope.values:
        choices = "、".join(f"{label}（{code}）" for code, label in ApiToken.Scope.choices)
        raise RuleViolation(f"令牌权限无效，可选：{choices}", field="scope", code="invalid")
    return str(value)


def _days(value) -> int:
    if value in (None, ""):
        return R.default_days()
    try:
        days = int(value)
    except (TypeError, ValueError):
        raise RuleViolation("有效期须为整数天数", field="days", code="invalid") from None
    if not 1 <= days <= R.max_days():
        raise RuleViolation(f"有效期须为 1–{R.max_days()} 天（{R.TOKEN_LIFETIME.text}）", rule=R.TOKEN_LIFETIME,
                            field="days", code="invalid")
    return days


def _second_factor(user: User, code: str, *, request) -> datetime.datetime | None:
    """The time of the TOTP check when the user's posts call for one, else None."""
    if not needs_second_factor(user):
        return None
    # In a browser the session must already be verified (the middleware sees to it for every
    # page); checked again here so that no caller can skip it.
    if request is not None and not request.user.is_verified():
        raise RuleViolation(f"请先完成本次登录的二次验证（{R.TOKEN_SECOND_FACTOR.text}）", rule=R.TOKEN_SECOND_FACTOR,
                            field="otp", code="second_factor_required")
    device = confirmed_device_of(user)
    if device is None:
        raise RuleViolation(f"该账号尚未绑定手机动态验证码，请先登录网页完成绑定（{R.TOKEN_SECOND_FACTOR.text}）",
                            rule=R.TOKEN_SECOND_FACTOR, field="otp", code="second_factor_required")
    code = str(code or "").strip()
    if not (len(code) == 6 and code.isdigit()):
        raise RuleViolation(f"请输入手机上显示的 6 位动态验证码（{R.TOKEN_SECOND_FACTOR.text}）",
                            rule=R.TOKEN_SECOND_FACTOR, field="otp", code="second_factor_required")
    result = check_code(device, code, user=user, request=request, purpose="签发 API 令牌")
    if not result.ok:
        raise RuleViolation(result.message, rule=R.TOKEN_SECOND_FACTOR, field="otp", code="second_factor_failed")
    return timezone.now()


def issue_api_token(user: User, *, name, scope, days=None, otp_code: str = "", acting_user: User | None = None,
                    actor_name: str = "", request=None) -> Issued:
    """A new token for `user`. In a browser the user issues their own (`acting_user` is the user);
    a command names itself in `actor_name`. Refuses with RuleViolation, naming the rule."""
    if not user.is_active:
        raise RuleViolation("账号已停用，不能签发令牌", field="user", code="inactive")
    name, scope, lifetime = _name(name), _scope(scope), _days(days)
    verified_at = _second_factor(user, otp_code, request=request)
    expires_at = timezone.now() + datetime.timedelta(days=lifetime)
    with transaction.atomic():
        token, secret = ApiToken.issue(user, name, scope=scope, expires_at=expires_at, second_factor_at=verified_at)
        audit.record("api_token.issue", target=token, actor=acting_user, actor_name=actor_name, request=request,
                     changes={"user": user.get_username(), "name": name, "scope": scope, "days": lifetime,
                              "expires_at": expires_at.isoformat(timespec="seconds"),
                              "second_factor": verified_at is not None})
    return Issued(token, secret)


def revoke_api_token(token: ApiToken, *, acting_user: User | None = None, actor_name: str = "", reason: str = "",
                     request=None) -> bool:
    """Revoke a token at once. True if this call revoked it; revoking an already revoked token
    changes nothing and writes nothing (a double click is not a second event)."""
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().get(pk=token.pk)
        if locked.revoked_at is not None:
            token.revoked_at = locked.revoked_at
            return False
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        audit.record("api_token.revoke", target=locked, actor=acting_user, actor_name=actor_name, request=request,
                     reason=reason, changes={"user": locked.user.get_username(), "name": locked.name})
    token.revoked_at = locked.revoked_at
    return True

