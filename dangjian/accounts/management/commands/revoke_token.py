"""`manage.py revoke_token ID [ID …]` or `manage.py revoke_token --user USERNAME`: revoke API
tokens at once, by id (the id shown on the token page, in the audit log and by issue_token) or
every live token of a user (a leaked laptop, a person who left). Each revocation is audited;
`--list` shows a user's tokens first, without changing anything."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from dangjian.accounts.models import ApiToken, User
from dangjian.accounts.services import revoke_api_token

ACTOR = "命令行 revoke_token"


class Command(BaseCommand):
    help = "撤销 API 令牌：按编号，或撤销某用户的全部有效令牌（--user）；--list 只列出不撤销"

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int, help="令牌编号")
        parser.add_argument("--user", dest="username", help="撤销该用户的全部有效令牌")
        parser.add_argument("--reason", default="", help="撤销原因，记入审计日志")
        parser.add_argument("--list", dest="list_only", action="store_true", help="只列出 --user 的令牌，不撤销")

    def handle(self, *args, ids, username, reason, list_only, **options):
        if bool(ids) == bool(username):
            raise CommandError("请给出令牌编号，或用 --user 指定用户（二者选一）")
        if username:
            user = User.objects.filter(username=username).first()
            if user is None:
                raise CommandError(f"用户不存在：{username}")
            if list_only:
                return self._list(user)
            tokens = [*ApiToken.objects.owned_by(user).live()]
            if not tokens:
                self.stdout.write(f"用户 {username} 没有有效的令牌，无需撤销")
                return
        else:
            if list_only:
                raise CommandError("--list 须与 --user 一起使用")
            found = {t.pk: t for t in ApiToken.objects.filter(pk__in=ids).select_related("user")}
            missing = [str(i) for i in ids if i not in found]
            if missing:
                raise CommandError(f"令牌不存在：{'、'.join(missing)}（未撤销任何令牌）")
            tokens = [found[i] for i in dict.fromkeys(ids)]
        for token in tokens:
            done = revoke_api_token(token, actor_name=ACTOR, reason=reason)
            state = "已撤销" if done else "此前已撤销"
            self.stdout.write(f"#{token.pk} {token.user.get_username()}“{token.name}”：{state}")

    def _list(self, user):
        now = timezone.now()
        for t in ApiToken.objects.owned_by(user):
            state = "已撤销" if t.revoked_at else "已过期" if t.expires_at <= now else "有效"
            self.stdout.write(f"#{t.pk}\t{t.name}\t{t.get_scope_display()}\t签发 {t.created_at:%Y-%m-%d}"
                              f"\t到期 {t.expires_at:%Y-%m-%d}\t{state}")
