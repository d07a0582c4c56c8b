"""The rules of API tokens (QUALITY.md item 22), each with where it comes from. The services
refuse with these; the token page and the commands show their words."""

from __future__ import annotations

from django.conf import settings

from dangjian.core.errors import Rule

SECURITY_POLICY = "本系统安全要求（QUALITY.md 第 22 条）"
DENGBAO_AUTH = "等保 2.0（GB/T 22239-2019）8.1.4.1 身份鉴别"

TOKEN_SECOND_FACTOR = Rule(
    "api_token_second_factor",
    "须二次验证的账号（上级党组织管理员、系统管理员）签发 API 令牌时须输入当前动态验证码",
    DENGBAO_AUTH,
)
TOKEN_LIFETIME = Rule(
    "api_token_lifetime",
    "API 令牌必须设有效期，且不超过系统设定的上限（DANGJIAN_API_TOKEN_MAX_DAYS）",
    SECURITY_POLICY,
)
TOKEN_SCOPE = Rule(
    "api_token_scope",
    "只读令牌只能查询（GET、HEAD），不能新增、修改或删除数据",
    SECURITY_POLICY,
)

# The HTTP methods a read-only token may use: those that change nothing.
READ_ONLY_METHODS = frozenset({"GET", "HEAD"})


def default_days() -> int:
    return int(settings.API_TOKEN_DAYS)


def max_days() -> int:
    return int(settings.API_TOKEN_MAX_DAYS)
