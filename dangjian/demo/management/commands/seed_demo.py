"""python manage.py seed_demo --scale {school,county,city,province} [--seed N] [--accounts-out FILE] [--reset | --if-empty]
    [--through PHASE]

The seed fixes the world (names, schools, ID numbers); the personas' passwords and TOTP keys
are drawn afresh on every run and shown only here and in the accounts file. Refused in
production, before anything is read or flushed."""

import json
import unicodedata
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from dangjian.accounts.models import User
from dangjian.demo.generator import DEFAULT_SEED, PHASES, DemoRefused, refuse_in_production, seed_demo
from dangjian.demo.personas import PERSONA_LABELS
from dangjian.demo.schools import SCALES
from dangjian.members.models import Member
from dangjian.orgs.models import PartyOrg, School


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def existing_data() -> dict[str, int]:
    """What would be mixed with the demo: any organization, school, member or user."""
    counts = {"党组织": PartyOrg.objects.count(), "学校": School.objects.count(), "党员": Member.objects.count(),
              "用户": User.objects.count()}
    return {k: v for k, v in counts.items() if v}


class Command(BaseCommand):
    help = ("生成演示数据（school / county / city / province 四种规模）：同一种子生成相同的组织、学校和党员，"
            "演示账号的密码和动态口令密钥每次随机生成。生产环境拒绝执行。")
    # Known passwords for tests (call_command only; no command-line flag, so no deployment can
    # ask for guessable ones).
    stealth_options = ("credentials",)

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), required=True, help="数据规模")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"随机种子（默认 {DEFAULT_SEED}）")
        parser.add_argument("--accounts-out", metavar="FILE", help="把演示账号写入该 JSON 文件")
        parser.add_argument("--reset", action="store_true", help="先清空整个数据库（含审计日志），再生成")
        parser.add_argument("--through", choices=PHASES, metavar="PHASE",
                            help="只生成到该阶段为止（如 positions：组织、学校、党员和账号，不含各项业务记录）；"
                                 f"依次为 {'、'.join(PHASES)}")
        parser.add_argument("--if-empty", action="store_true",
                            help="数据库已有数据时什么也不做并正常退出（供 make run 使用）")

    def handle(self, *args, scale, seed, accounts_out, reset, if_empty=False, credentials=None, **options):
        try:
            refuse_in_production()
        except DemoRefused as refusal:
            raise CommandError(str(refusal)) from None
        present = existing_data()
        if present and if_empty and not reset:
            listed = "、".join(f"{k} {v} 条" for k, v in present.items())
            self.stdout.write(f"数据库已有数据（{listed}），不生成演示数据。")
            return
        if present and not reset:
            listed = "、".join(f"{k} {v} 条" for k, v in present.items())
            raise CommandError(f"数据库不是空的（已有{listed}），为避免与真实数据混在一起，拒绝生成演示数据。"
                               "如确认要清空数据库后重新生成，请加参数 --reset。")
        if reset:
            # flush, not a delete of the demo tables: later modules add tables that point at
            # members and organizations, and a partial delete would trip over them.
            call_command("flush", interactive=False, verbosity=0)
            self.stdout.write("已清空数据库。")
        self.stdout.write(f"正在生成 {scale} 规模的演示数据（种子 {seed}）……")
        result = seed_demo(scale, seed, credentials=credentials, through=options.get("through"))
        c = result.counts
        kinds = c["orgs_by_kind"]
        self.stdout.write(self.style.SUCCESS(f"完成，用时 {result.seconds:.1f} 秒。"))
        self.stdout.write(
            f"学校 {c['schools']} 所（公办 {c['public_schools']}，民办 {c['private_schools']}）；"
            f"党组织覆盖：公办 {c['public_covered']}/{c['public_schools']}，民办 {c['private_covered']}/{c['private_schools']}\n"
            f"党组织 {c['orgs']} 个：党委 {kinds['committee']}，党总支 {kinds['general_branch']}，党支部 {kinds['branch']}，"
            f"联合党支部 {kinds['joint_branch']}，党小组 {kinds['group']}，教育工委（党工委） {kinds['education_committee']}\n"
            f"党员 {c['members']} 名（离退休 {c['retirees']}，预备党员 {c['probationary']}）；任职记录 {c['positions']} 条；"
            f"教职工 {c['staff']} 人，学生 {c['students']} 人\n"
            f"在册党员 {c['active']} 名；近五年党员情况变更记录 {c['member_events']} 条，组织关系转接 {c['transfers']} 笔"
        )
        self.stdout.write("各阶段用时：" + "，".join(f"{k} {v:.1f} 秒" for k, v in result.phases.items()))
        self._print_accounts(result.accounts)
        if accounts_out:
            path = Path(accounts_out)
            path.parent.mkdir(parents=True, exist_ok=True)
            # Readable by its owner only: it holds live passwords and TOTP keys.
            path.touch(mode=0o600, exist_ok=True)
            path.chmod(0o600)
            path.write_text(json.dumps([a.as_json() for a in result.accounts], ensure_ascii=False, indent=2) + "\n",
                            encoding="utf-8")
            self.stdout.write(f"演示账号已写入 {path}")

    def _print_accounts(self, accounts):
        header = ("角色", "用户名", "密码", "姓名", "所在组织", "职务", "动态口令密钥（TOTP）")
        rows = [(PERSONA_LABELS[a.persona], a.username, a.password, a.display_name, a.org_name, a.post_label,
                 a.totp_secret or "—") for a in accounts]
        widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(len(header))]
        self.stdout.write("\n演示账号（仅供演示，切勿用于生产环境）：")
        for r in [header, tuple("-" * w for w in widths), *rows]:
            self.stdout.write("  ".join(_pad(cell, w) for cell, w in zip(r, widths, strict=True)).rstrip())
        self.stdout.write("管理员登录须输入动态口令：把上面的密钥添加到身份验证器 App（基于时间，30 秒，6 位）。")
        self.stdout.write("密码和密钥为本次随机生成，不能由种子推算；重新生成演示数据后旧密码失效。")
