"""User accounts. What a user may do comes from their positions (orgs.Position), not from
Django groups; a member without a post is linked to their member record and sees only that."""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.hashers import check_password
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone


class User(AbstractUser):
    display_name = models.CharField("姓名", max_length=60, blank=True)
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = verbose_name

    def __str__(self):
        return self.display_name or self.username

    def set_password(self, raw_password):
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()

    def check_password(self, raw_password):
        """As Django's, except that re-hashing with a newer hasher at login does not count as a
        password change: it would otherwise restart the rotation clock on every upgrade."""

        def rehash(raw):
            AbstractBaseUser.set_password(self, raw)
            self._password = None
            self.save(update_fields=["password"])

        return check_password(raw_password, self.password, rehash)


class ApiTokenQuerySet(models.QuerySet):
    def live(self, at=None):
        """Tokens that authenticate at `at` (now): neither revoked nor expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=at or timezone.now())

    def owned_by(self, user):
        """What a user sees on their token page: their own tokens and nobody else's (another
        user's token answers 404 there, like a missing one)."""
        return self.filter(user=user).order_by("-created_at", "-pk")


class ApiToken(models.Model):
    """A bearer token for API clients (QUALITY.md item 22). Only the SHA-256 of the secret is
    stored — the secret is 256 random bits, so a fast hash is enough: there is nothing to guess
    that a slow hash would protect — and the secret is shown once, when it is issued.

    Every token has a name, a scope and an expiry. `second_factor_at` records the TOTP check
    made when it was issued: a token of a user whose role needs the second factor is refused
    without one, so neither a token issued before the role was given nor one issued before
    this rule existed opens the API on a password alone."""

    class Scope(models.TextChoices):
        READ = "read", "只读"
        WRITE = "write", "读写"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("名称", max_length=100)
    scope = models.CharField("权限", max_length=8, choices=Scope.choices, default=Scope.READ)
    prefix = models.CharField(max_length=8)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField("签发时间", auto_now_add=True)
    expires_at = models.DateTimeField("到期时间")
    second_factor_at = models.DateTimeField("签发时二次验证时间", null=True, blank=True)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "API 令牌"
        verbose_name_plural = verbose_name
        indexes = [models.Index(fields=["user", "-created_at"], name="apitoken_user_created")]

    def __str__(self):
        return f"{self.user} 的 API 令牌（{self.name or '未命名'}）"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None and not self.is_expired

    @property
    def allows_writes(self) -> bool:
        return self.scope == self.Scope.WRITE

    @staticmethod
    def digest_of(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def issue(cls, user, name: str = "", *, scope: str = Scope.READ, expires_at=None,
              second_factor_at=None) -> tuple["ApiToken", str]:
        """The record and the secret, with no policy check: dangjian.accounts.services.tokens
        issue_api_token is the one way in for people and commands (it checks the rules and
        audits); this is its storage step, and what tests use to set up a token."""
        token = "dj_" + secrets.token_urlsafe(32)
        if expires_at is None:
            expires_at = timezone.now() + datetime.timedelta(days=settings.API_TOKEN_DAYS)
        record = cls.objects.create(user=user, name=name, scope=scope, prefix=token[:8],
                                    digest=cls.digest_of(token), expires_at=expires_at,
                                    second_factor_at=second_factor_at)
        return record, token
