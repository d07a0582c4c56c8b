"""`manage.py issue_token USERNAME --name NAME [--scope read|write] [--days N] [--otp CODE]`:
print a new bearer token for an API client.

The same service as the token page, with the same rules: a name, a scope (read-only unless
asked), a lifetime up to DANGJIAN_API_TOKEN_MAX_DAYS, and for a user whose posts need the
second factor a current code from that user's phone — an operator's shell is no way around
it. The token is printed once and only its SHA-256 is stored; the audit entry names the
token record and its owner, never the value.
"""

from django.core.management.base import BaseCommand, CommandError

from dangjian.accounts import rules
from dangjian.accounts.models import ApiToken, User
from dangjian.accounts.services import issue_api_token
from dangjian.core.errors import RuleViolation

ACTOR = "命令行 issue_token"


class Command(BaseCommand):
    help = "为用户签发 API 访问令牌（Authorization: Bearer …），令牌只显示一次"

    def add_arguments(self, parser):
        parser.add_argument("username", help="用户名")
        parser.add_argument("--name", required=True, help="令牌名称（用途），例如“数据同步”")
        parser.add_argument("--scope", choices=ApiToken.Scope.values, default=ApiToken.Scope.READ,
                            help="read 只读（默认，只能查询）或 write 读写")
        parser.add_argument("--days", type=int, default=None,
                            help=f"有效期天数（默认 {rules.default_days()}，最长 {rules.max_days()}）")
        parser.add_argument("--otp", default="", help="须二次验证的账号：该用户手机上当前的 6 位动态验证码")

    def handle(self, *args, username, name, scope, days, otp, **options):
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(f"用户不存在：{username}") from None
        if not user.is_active:
            raise CommandError(f"用户已停用，不能签发令牌：{username}")
        try:
            issued = issue_api_token(user, name=name, scope=scope, days=days, otp_code=otp, actor_name=ACTOR)
        except RuleViolation as refusal:
            raise CommandError(refusal.message) from None
        token = issued.token
        self.stderr.write(f"已签发令牌 #{token.pk}“{token.name}”（{token.get_scope_display()}），"
                          f"有效期至 {token.expires_at:%Y-%m-%d %H:%M} UTC；令牌只显示这一次：")
        self.stdout.write(issued.secret)
