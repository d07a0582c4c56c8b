#!/bin/sh
# 以生产配置运行 manage.py：runuser -u dangjian -- /opt/dangjian/deploy/manage.sh migrate
#
# 读取 /etc/dangjian/dangjian.env（与 systemd 各单元相同的配置）；命令行上已设置的变量优先，
# 例如恢复演练时临时指向另一个数据库：
#   runuser -u dangjian -- env DATABASE_URL=postgres://…/dangjian_drill /opt/dangjian/deploy/manage.sh restore 备份文件
# 配置文件每行一个“变量=值”，值不加引号（与 systemd 的 EnvironmentFile 通用）。
set -eu
app=${DANGJIAN_APP:-$(cd "$(dirname "$0")/.." && pwd)}
env_file=${DANGJIAN_ENV_FILE:-/etc/dangjian/dangjian.env}
if [ ! -r "$env_file" ]; then
    echo "无法读取配置文件 $env_file（以 dangjian 用户运行？）" >&2
    exit 1
fi
while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in
        ''|'#'*) continue ;;
        *=*) ;;
        *) echo "配置文件中无法识别的一行：$line" >&2; exit 1 ;;
    esac
    key=${line%%=*}
    case "$key" in
        *[!A-Za-z0-9_]*|[0-9]*) echo "配置文件中的变量名不合法：$key" >&2; exit 1 ;;
    esac
    # 已在环境中的变量不覆盖
    if eval "[ -z \"\${$key+set}\" ]"; then
        export "$line"
    fi
done < "$env_file"
cd "$app"
exec "$app/.venv/bin/python" manage.py "$@"
