import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dangjian.core.audit import CheckpointError, read_checkpoints, verify_chain


class Command(BaseCommand):
    help = ("校验审计日志哈希链与带签名的链头：发现被修改或删除的记录时以非零状态退出。"
            "--checkpoint 同时对照库外保存的检查点；--write-checkpoint 校验通过后把当前链头追加为新的检查点")

    def add_arguments(self, parser):
        parser.add_argument("--checkpoint", action="append", default=[], metavar="FILE",
                            help="库外保存的检查点文件（每行一个）；审计日志比其中任一检查点短或不符即失败。可给多次")
        parser.add_argument("--write-checkpoint", metavar="FILE",
                            help="校验通过后把当前链头（带签名）追加到该文件并打印到输出；文件中已有的检查点先一并校验")

    def handle(self, *args, checkpoint, write_checkpoint, **options):
        files = [Path(name) for name in checkpoint]
        target = Path(write_checkpoint) if write_checkpoint else None
        # The file being extended is checked too: each night's run then proves that nothing
        # recorded at any earlier checkpoint has gone since.
        if target is not None and target.exists() and target not in files:
            files.append(target)
        try:
            points = [point for path in files for point in read_checkpoints(path)]
        except CheckpointError as error:
            raise CommandError(str(error)) from error
        report = verify_chain(checkpoints=points)
        if not report.ok:
            where = f"（记录 #{report.entry_id}）" if report.entry_id else ""
            raise CommandError(f"审计日志校验失败{where}：{report.problem}；已校验 {report.checked} 条")
        against = f"，与 {len(points)} 个检查点相符" if points else ""
        self.stdout.write(self.style.SUCCESS(f"审计日志完整：共 {report.checked} 条，哈希链无断点，链头签名有效{against}"))
        if target is not None and report.head is not None:
            line = report.head.signed()
            try:
                # Owner writes, group reads, others nothing: no secret in it, but nobody else needs it.
                descriptor = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
                with os.fdopen(descriptor, "a", encoding="utf-8") as handle:
                    handle.write(line + "\n")
            except OSError as error:
                raise CommandError(f"无法写入检查点文件 {target}：{error}") from error
            # Printed as well: the job's log (journald, cron mail) is a second copy outside the database.
            self.stdout.write(f"审计检查点：{line}")
