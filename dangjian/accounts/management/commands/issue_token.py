"""`manage.py issue_token USERNAME [--name NAME]`: print a new bearer token for API clients.

The token is printed once and only its SHA-256 is stored; the audit entry names the token
record and its owner, never the value.
"""

from django.core.management.base import BaseCommand, CommandError

from dangjian.accounts.models import User
from dangjian.accounts.services import issue_api_token


class Command(BaseCommand):
    help = "为用户签发 API 访问令牌（Authorization: Bearer …），令牌只显示一次"

    def add_arguments(self, parser):
        parser.add_argument("username", help="用户名")
        parser.add_argument("--name", default="", help="令牌用途，例如“数据同步”")

    def handle(self, *args, username, name, **options):
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(f"用户不存在：{username}") from None
        if not user.is_active:
            raise CommandError(f"用户已停用，不能签发令牌：{username}")
        _, token = issue_api_token(user, name, actor_name="命令行 issue_token")
        self.stdout.write(token)
