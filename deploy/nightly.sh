#!/bin/sh
# 每晚（dangjian-backup.service）：先校验审计日志并把链头追加到库外的检查点文件，再备份数据库。
# 顺序如此，当晚的备份就包含当晚检查点之前的全部日志，恢复演练时可以直接对照整个检查点文件。
# 两步都会执行（审计日志校验失败时也要留下当时的数据），任一步失败即以非零状态退出。
set -u
dir=${DANGJIAN_BACKUP_DIR:-/var/backups/dangjian}
keep=${DANGJIAN_BACKUP_KEEP:-14}
manage="$(dirname "$0")/manage.sh"
"$manage" verify_audit --write-checkpoint "$dir/audit-checkpoints.txt"
audit=$?
"$manage" backup --dir "$dir" --keep "$keep"
backup=$?
if [ "$audit" -ne 0 ]; then echo "审计日志校验失败（见上），备份已照常进行" >&2; fi
[ "$audit" -eq 0 ] && [ "$backup" -eq 0 ]
