"""python manage.py backup [--dir DIR | --output FILE] [--keep N] [--user NAME]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from dangjian.core.backup import BackupError, default_directory, default_name, find_user, run_backup, table_count


class Command(BaseCommand):
    help = ("备份整个数据库：SQLite 用在线备份接口并做完整性检查，PostgreSQL 用 pg_dump -Fc；"
            "备份文件旁写一份清单（各表行数和校验和），恢复时据此核对。每次备份都记入审计日志。")

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, help="备份目录（默认 DANGJIAN_VAR_DIR/backups），文件名带日期时间")
        parser.add_argument("--output", type=Path, help="备份文件的完整路径（代替 --dir）")
        parser.add_argument("--keep", type=int, default=0,
                            help="只保留该目录中最新的 N 份定期备份（默认 0：全部保留）")
        parser.add_argument("--user", default="", help="以该用户的名义记入审计日志（默认“系统任务”）")

    def handle(self, *args, dir, output, keep, user, **options):
        if output and dir:
            raise CommandError("--dir 与 --output 只能用一个")
        if keep < 0:
            raise CommandError("--keep 不能是负数")
        actor = find_user(user)
        if user and actor is None:
            raise CommandError(f"找不到启用中的用户 {user}（--user）")
        destination = output or (dir or default_directory()) / default_name(connection.vendor)
        try:
            result = run_backup(destination.resolve(), actor=actor, keep=keep)
        except BackupError as exc:
            raise CommandError(f"备份失败：{exc}") from None
        m = result.manifest
        self.stdout.write(self.style.SUCCESS(
            f"已备份到 {result.path}（{m.size / 1048576:.1f} MB，{table_count(m.tables)} 张表，{result.rows} 行，"
            f"其中审计日志 {m.audit_entries} 条）"))
        self.stdout.write(f"清单：{result.path.name}.json；SHA-256 {m.sha256}")
        for old in result.removed:
            self.stdout.write(f"已删除较早的备份 {old.name}")
