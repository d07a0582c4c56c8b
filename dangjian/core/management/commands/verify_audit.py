from django.core.management.base import BaseCommand, CommandError

from dangjian.core.audit import verify_chain


class Command(BaseCommand):
    help = "校验审计日志哈希链：发现被修改或删除的记录时以非零状态退出"

    def handle(self, *args, **options):
        report = verify_chain()
        if not report.ok:
            where = f"（记录 #{report.entry_id}）" if report.entry_id else ""
            raise CommandError(f"审计日志校验失败{where}：{report.problem}；已校验 {report.checked} 条")
        self.stdout.write(self.style.SUCCESS(f"审计日志完整：共 {report.checked} 条，哈希链无断点"))
