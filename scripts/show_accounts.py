"""Print the demo accounts written by `seed_demo --accounts-out` as a table (used by `make run`)."""

import json
import sys
from pathlib import Path

LABELS = {
    "city_admin": "市教育工委管理员",
    "county_admin": "区县教育党工委管理员",
    "secretary_a": "学校甲 党组织书记",
    "secretary_b": "学校乙 党组织书记",
    "org_member_a": "学校甲 组织委员",
    "member_a": "学校甲 普通党员",
    "principal_a": "学校甲 校长",
}


def main(path: str) -> int:
    file = Path(path)
    if not file.exists():
        print(f"未找到演示账号文件 {path}（数据库不是由 make run 初始化的）")
        return 0
    print("\n演示账号（仅用于演示数据，生产环境不存在）：")
    for row in json.loads(file.read_text(encoding="utf-8")):
        label = LABELS.get(row["persona"], row["persona"])
        line = f"  {label:<14}\t用户名 {row['username']:<16}\t密码 {row['password']}"
        if row.get("totp_secret"):
            line += f"\t动态口令密钥 {row['totp_secret']}"
        print(line)
    print("  管理员登录需第二因素：把动态口令密钥加入身份验证器（TOTP，30 秒，6 位）。\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "var/demo-accounts.json"))
