"""python manage.py restore FILE [--force] [--user NAME] [--safety-dir DIR]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dangjian.core.backup import BackupError, run_restore, table_count


class Command(BaseCommand):
    help = ("用 backup 生成的备份文件替换当前数据库的全部内容。目标数据库有数据时须加 --force，"
            "覆盖前自动备份当前数据库。恢复后按清单逐表核对并校验审计日志，记入审计日志。"
            "恢复前请先停止网站和后台任务服务。")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="备份文件（同目录下的 .json 清单用于核对）")
        parser.add_argument("--force", action="store_true", help="目标数据库已有数据时仍然覆盖")
        parser.add_argument("--user", default="", help="以该用户的名义记入审计日志（默认“系统任务”）")
        parser.add_argument("--safety-dir", type=Path, help="覆盖前自动备份的存放目录（默认 DANGJIAN_VAR_DIR/backups）")

    def handle(self, *args, file, force, user, safety_dir, **options):
        try:
            result, chain = run_restore(file.resolve(), force=force, username=user, safety_directory=safety_dir)
        except BackupError as exc:
            raise CommandError(f"恢复失败：{exc}") from None
        if result.safety_copy:
            self.stdout.write(f"覆盖前的数据库已备份到 {result.safety_copy}")
        self.stdout.write(f"已从 {result.path.name} 恢复：{table_count(result.tables)} 张表，{result.rows} 行")
        if result.manifest is None:
            self.stdout.write(self.style.WARNING("未找到备份清单（.json），无法逐表核对"))
        elif result.differences:
            for line in result.differences:
                self.stderr.write(f"  {line}")
        else:
            self.stdout.write(self.style.SUCCESS(
                f"按清单逐表核对（行数与校验和）：{table_count(result.manifest.tables)} 张表，0 处差异"))
        if result.migrations_applied:
            self.stdout.write(f"备份早于当前程序版本：已应用 {result.migrations_applied} 个迁移")
        if chain.ok:
            self.stdout.write(self.style.SUCCESS(f"审计日志完整：共 {chain.checked} 条，哈希链无断点"))
        if result.differences:
            raise CommandError(f"恢复后的数据与备份清单有 {len(result.differences)} 处差异")
        if not chain.ok:
            raise CommandError(f"恢复后的审计日志校验失败：{chain.problem}（如在新服务器上恢复，"
                               "请确认 DANGJIAN_ENCRYPTION_KEY 与备份时相同）")
