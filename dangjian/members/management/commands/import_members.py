"""python manage.py import_members FILE --org CODE [--dry-run] [--as USERNAME]

The member import's pipeline from the command line (dangjian.members.importer), for an
administrator loading a roster on the server:
- `--org CODE` is the target: rows without 所属党组织代码 go there, and every row must lie in
  its subtree (a code elsewhere reads "组织代码不存在").
- `--as USERNAME` checks every row against that user's edit scope as well, and records them as
  the actor; without it the command acts as the system, limited to the --org subtree.
- Prints the counts and every error in Chinese; exits 1 on any error (nothing written) and
  writes nothing with --dry-run.
- Prints its progress while writing ("写入 n/N"), which the kill test waits for.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dangjian.accounts.models import User
from dangjian.members import importer
from dangjian.orgs.models import PartyOrg

PROGRESS_EVERY = 100


class Command(BaseCommand):
    help = "从 Excel 文件导入党员信息（逐行校验，全部成功才写入）"

    def add_arguments(self, parser):
        parser.add_argument("file", help="导入文件（.xlsx，按导入模板填写）")
        parser.add_argument("--org", required=True, help="导入到的党组织代码：未填组织代码的行导入到这里，所有行须在其下")
        parser.add_argument("--dry-run", action="store_true", help="只校验，不写入")
        parser.add_argument("--as", dest="username", help="以该用户的身份和权限范围导入（默认：系统）")

    def handle(self, *args, file, org, dry_run, username, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件：{file}")
        target = PartyOrg.objects.filter(code__iexact=org.strip(), is_active=True).first()
        if target is None:
            raise CommandError(f"组织代码不存在：{org}")
        user = None
        if username:
            user = User.objects.filter(username=username, is_active=True).first()
            if user is None:
                raise CommandError(f"用户不存在或已停用：{username}")

        def progress(done, total):
            if done % PROGRESS_EVERY == 0 or done == total:
                self.stdout.write(f"写入 {done}/{total}")
                self.stdout.flush()

        result = importer.run(path, user=user, within=target, dry_run=dry_run, commit_progress=progress)
        verb = "将" if dry_run or not result.committed else "已"
        self.stdout.write(f"数据行 {result.total}：{verb}新建 {result.created}，{verb}更新 {result.updated}，"
                          f"无变化 {result.unchanged}，错误 {len(result.errors)}，提醒 {len(result.warnings)}")
        for warning in result.warnings:  # imported all the same; printed for a person to check
            self.stdout.write(f"提醒：第 {warning['row']} 行「{warning['column']}」：{warning['message']}")
        for error in result.errors:
            where = f"第 {error['row']} 行「{error['column']}」" if error["row"] is not None else "文件"
            self.stderr.write(f"{where}：{error['message']}")
        if result.errors:
            raise CommandError("有错误，未写入任何数据", returncode=1)
        self.stdout.write("只做了校验，未写入任何数据（--dry-run）" if dry_run else "导入完成")
