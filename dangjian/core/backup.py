"""Backing up and restoring the whole database (QUALITY.md item 21).

SQLite: the online backup API copies the live database page by page (readers and the writer
carry on), the copy is switched to a single file (no -wal beside it) and must pass
`PRAGMA integrity_check` and `PRAGMA foreign_key_check` before it replaces anything.
PostgreSQL: `pg_dump -Fc` from the connection settings in DATABASES, restored with
`pg_restore` piped into one `psql --single-transaction`, so a restore that fails half-way
leaves the database as it was.

Every backup is written with a manifest beside it (`<file>.json`): the file's SHA-256 and, for
every table, its row count and a checksum of its rows, taken from the very state that was
copied (the copy itself on SQLite; on PostgreSQL the snapshot pg_dump was given). A restore
checks the file against the manifest before touching the database and the restored tables
against it afterwards, so "restored" means "0 differences", not "the command ended".

Core knows no domain: tables are found by introspection, never by importing an app.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

from dangjian.core import audit
from dangjian.core.models import AuditEntry

BACKUP_ACTION = "system.backup"
RESTORE_ACTION = "system.restore"
PREFIX = "dangjian-"
SUFFIX = {"sqlite": ".sqlite3", "postgresql": ".dump"}
SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"
# What `migrate` itself writes into an empty database: a database holding only these is empty
# for `restore` (an operator may well have run migrate before restoring).
BOOKKEEPING_TABLES = frozenset({"django_migrations", "django_content_type", "auth_permission"})
# How long a PostgreSQL restore waits for the app's own connections to let go of a table
# before it gives up (and says to stop the services) instead of hanging.
LOCK_TIMEOUT = "10s"

Fingerprint = dict[str, list]  # table -> [row count, sha256 of its rows in key order]


class BackupError(Exception):
    """A backup or restore that could not be done; the message is for the operator."""


class RestoreRefused(BackupError):
    """A restore that would overwrite data without --force."""


@dataclass
class Manifest:
    engine: str
    created_at: str
    sha256: str
    size: int
    tables: Fingerprint
    audit_entries: int = 0

    def save(self, path: Path) -> None:
        _write_private(path, json.dumps(self.__dict__, ensure_ascii=False, indent=1, sort_keys=True).encode())

    @classmethod
    def load(cls, path: Path) -> Manifest:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(**data)
        except (OSError, ValueError, TypeError) as exc:
            raise BackupError(f"备份清单 {path.name} 无法读取：{exc}") from exc


@dataclass
class BackupResult:
    path: Path
    manifest: Manifest
    removed: list[Path] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return row_count(self.manifest.tables)


@dataclass
class RestoreResult:
    path: Path
    tables: Fingerprint
    manifest: Manifest | None
    differences: list[str]
    safety_copy: Path | None
    migrations_applied: int = 0

    @property
    def rows(self) -> int:
        return row_count(self.tables)


def manifest_path(backup: Path) -> Path:
    return backup.with_name(backup.name + ".json")


def default_directory() -> Path:
    return Path(settings.VAR_DIR) / "backups"


def default_name(vendor: str, prefix: str = PREFIX) -> str:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return f"{prefix}{stamp}{SUFFIX[vendor]}"


# --- Fingerprints: row counts and per-table checksums ---------------------------------------


def hash_rows(rows: Iterable[Iterable[Any]]) -> tuple[int, str]:
    """(count, sha256) over rows given in a fixed order; each row by its values' repr, so
    NULL, '' and 0 differ, and one connection kind always gives one text per value."""
    digest = hashlib.sha256()
    count = 0
    for row in rows:
        digest.update(repr(tuple(row)).encode())
        digest.update(b"\n")
        count += 1
    return count, digest.hexdigest()


def _sqlite_tables(conn: sqlite3.Connection) -> list[str]:
    # sqlite_sequence (AUTOINCREMENT counters) is data too: a restore that lost it would reuse ids.
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_stat%' "
                        "AND (name NOT LIKE 'sqlite_%' OR name = 'sqlite_sequence') ORDER BY name")
    return [name for (name,) in rows]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def fingerprint_sqlite(conn: sqlite3.Connection) -> Fingerprint:
    """Every table of a plain sqlite3 connection (no type converters: Django's connection
    turns timestamps into datetimes, and the two must never be compared)."""
    tables: Fingerprint = {}
    for table in _sqlite_tables(conn):
        columns = conn.execute(f"PRAGMA table_info({_quote(table)})").fetchall()
        keys = [c[1] for c in sorted(columns, key=lambda c: c[5]) if c[5]] or [c[1] for c in columns]
        order = ", ".join(_quote(k) for k in keys)
        tables[table] = list(hash_rows(conn.execute(f"SELECT * FROM {_quote(table)} ORDER BY {order}")))  # noqa: S608
    return tables


_PG_SESSION = ("SET TimeZone = 'UTC'", "SET DateStyle = 'ISO, YMD'", "SET IntervalStyle = 'iso_8601'",
               "SET extra_float_digits = 3")


def _pg_tables(conn) -> list[str]:
    rows = conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
    return [name for (name,) in rows]


def fingerprint_postgresql(conn) -> Fingerprint:
    """Every table of the current schema, each row as PostgreSQL's own text of it (session
    settings fixed, so the text is the same on any client), plus every sequence's position.
    Call it inside a transaction (rows are streamed through a server-side cursor)."""
    for statement in _PG_SESSION:
        conn.execute(statement)
    tables: Fingerprint = {}
    for table in _pg_tables(conn):
        keys = [name for (name,) in conn.execute(
            "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
            "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = %s::regclass AND i.indisprimary "
            "ORDER BY array_position(i.indkey, a.attnum)", [_quote(table)])]
        order = ", ".join(_quote(k) for k in keys) if keys else "t::text"
        # A server-side cursor: a city's dues lines are streamed, not held in memory at once.
        with conn.cursor(name=f"fingerprint_{len(tables)}") as cursor:
            cursor.itersize = 5000
            cursor.execute(f"SELECT t::text FROM {_quote(table)} AS t ORDER BY {order}")  # noqa: S608
            tables[table] = list(hash_rows(cursor))
    sequences = conn.execute("SELECT sequencename, last_value FROM pg_sequences "
                             "WHERE schemaname = current_schema() ORDER BY sequencename").fetchall()
    for name, last_value in sequences:
        tables[f"sequence:{name}"] = [1, hashlib.sha256(repr(last_value).encode()).hexdigest()]
    return tables


def fingerprint_database() -> Fingerprint:
    """The configured database's fingerprint, read through a plain connection of its own (one
    consistent snapshot on PostgreSQL)."""
    if connection.vendor == "sqlite":
        conn = _sqlite_connect(_sqlite_name())
        try:
            return fingerprint_sqlite(conn)
        finally:
            conn.close()
    with _pg_connection() as pg:
        pg.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        tables = fingerprint_postgresql(pg)
        pg.execute("COMMIT")
    return tables


def table_count(tables: Fingerprint) -> int:
    return sum(1 for name in tables if not name.startswith("sequence:"))


def row_count(tables: Fingerprint) -> int:
    return sum(count for name, (count, _) in tables.items() if not name.startswith("sequence:"))


def compare(expected: Fingerprint, found: Fingerprint) -> list[str]:
    """Each difference in words: a table missing, extra, or with other rows."""
    problems = []
    for table in sorted(set(expected) | set(found)):
        if table not in found:
            problems.append(f"缺少表 {table}")
        elif table not in expected:
            problems.append(f"多出表 {table}")
        elif found[table][0] != expected[table][0]:
            problems.append(f"表 {table} 行数不同：备份 {expected[table][0]}，恢复后 {found[table][0]}")
        elif found[table][1] != expected[table][1]:
            problems.append(f"表 {table} 行数相同（{found[table][0]}）但内容不同")
    return problems


# --- Connections of our own -------------------------------------------------------------------


def _sqlite_name() -> str:
    return str(connection.settings_dict["NAME"])


def _sqlite_connect(name: str) -> sqlite3.Connection:
    # isolation_level=None: no implicit BEGIN around the PRAGMAs and the backup.
    return sqlite3.connect(name, uri=name.startswith("file:"), isolation_level=None, timeout=20)


@contextlib.contextmanager
def _pg_connection() -> Iterator[Any]:
    """A connection of its own (Django's stays untouched), with the settings Django would use."""
    raw = connection.get_new_connection(connection.get_connection_params())
    raw.autocommit = True
    try:
        yield raw
    finally:
        raw.close()


def pg_environment() -> dict[str, str]:
    """pg_dump / pg_restore / psql read the connection from libpq's variables, so the password
    never appears on a command line (where `ps` would show it)."""
    db = connection.settings_dict
    env = {**os.environ, "PGDATABASE": str(db["NAME"])}
    for key, variable in (("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD"), ("HOST", "PGHOST"), ("PORT", "PGPORT")):
        if db.get(key):
            env[variable] = str(db[key])
    for option, variable in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT"), ("sslcert", "PGSSLCERT"),
                             ("sslkey", "PGSSLKEY"), ("passfile", "PGPASSFILE"), ("service", "PGSERVICE")):
        if db.get("OPTIONS", {}).get(option):
            env[variable] = str(db["OPTIONS"][option])
    return env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"找不到 {name}：请安装 PostgreSQL 客户端（Debian 软件包 postgresql-client），"
                          "其主版本不得低于数据库服务器")
    return path


def _run(command: list[str], what: str, **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run(command, env=pg_environment(), capture_output=True, text=True, check=False, **kwargs)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{what}失败：{done.stderr.strip() or done.returncode}")
    return done


# --- Files ---------------------------------------------------------------------------------------


def _write_private(path: Path, data: bytes) -> None:
    """Backups hold personal data: readable by the service account only (0600)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def _private_empty_file(path: Path) -> None:
    _write_private(path, b"")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _engine_of_file(path: Path) -> str:
    with path.open("rb") as handle:
        head = handle.read(16)
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PGDUMP_MAGIC):
        return "postgresql"
    raise BackupError(f"{path.name} 不是本系统的备份文件（既不是 SQLite 数据库，也不是 pg_dump -Fc 文件）")


# --- Backup ----------------------------------------------------------------------------------------


def _backup_sqlite(partial: Path) -> Fingerprint:
    connection.ensure_connection()
    source = connection.connection
    _private_empty_file(partial)
    copy = sqlite3.connect(partial, isolation_level=None)
    try:
        source.backup(copy)
        # The copy keeps the source's WAL flag; one self-contained file is what a backup should be.
        copy.execute("PRAGMA journal_mode = DELETE")
        integrity = [row[0] for row in copy.execute("PRAGMA integrity_check")]
        if integrity != ["ok"]:
            raise BackupError("备份副本未通过完整性检查（PRAGMA integrity_check）：" + "；".join(integrity[:5]))
        orphans = copy.execute("PRAGMA foreign_key_check").fetchall()
        if orphans:
            raise BackupError(f"备份副本有 {len(orphans)} 处外键引用不存在的记录（PRAGMA foreign_key_check），"
                              f"如表 {orphans[0][0]} 第 {orphans[0][1]} 行")
        return fingerprint_sqlite(copy)
    finally:
        copy.close()


def _backup_postgresql(partial: Path) -> Fingerprint:
    pg_dump = _tool("pg_dump")
    _private_empty_file(partial)
    with _pg_connection() as conn:
        # pg_dump and the manifest read one snapshot: the checksums describe exactly what was dumped,
        # even while the app keeps writing.
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        _run([pg_dump, "--format=custom", f"--snapshot={snapshot}", f"--file={partial}"], "pg_dump 导出")
        tables = fingerprint_postgresql(conn)
        conn.execute("COMMIT")
    _run([_tool("pg_restore"), "--list", str(partial)], "读取导出文件目录（pg_restore --list）")
    return tables


def take_backup(destination: Path) -> BackupResult:
    """Copy the database to `destination` (written under a temporary name, renamed when whole)
    with its manifest beside it. Raises BackupError; leaves no partial file behind."""
    vendor = connection.vendor
    if vendor not in SUFFIX:
        raise BackupError(f"不支持的数据库类型：{vendor}")
    destination.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if destination.exists():
        raise BackupError(f"{destination} 已存在，不会覆盖已有的备份")
    partial = destination.with_name(destination.name + ".partial")
    try:
        tables = _backup_sqlite(partial) if vendor == "sqlite" else _backup_postgresql(partial)
        manifest = Manifest(engine=vendor, created_at=timezone.now().isoformat(timespec="seconds"),
                            sha256=file_sha256(partial), size=partial.stat().st_size, tables=tables,
                            audit_entries=tables.get(AuditEntry._meta.db_table, [0])[0])
        os.replace(partial, destination)
        manifest.save(manifest_path(destination))
    finally:
        partial.unlink(missing_ok=True)
    return BackupResult(destination, manifest)


def prune(directory: Path, keep: int, vendor: str) -> list[Path]:
    """Keep the newest `keep` nightly backups (by their time-stamped names); restore's safety
    copies have another prefix and are never pruned."""
    backups = sorted(directory.glob(f"{PREFIX}*{SUFFIX[vendor]}"))
    removed = backups[:-keep] if keep > 0 else []
    for old in removed:
        old.unlink()
        manifest_path(old).unlink(missing_ok=True)
    return removed


def run_backup(destination: Path, *, actor=None, keep: int = 0) -> BackupResult:
    """take_backup, audited: the entry names the file and its SHA-256, so the log says which
    file a later restore should be; a failure is audited too."""
    try:
        result = take_backup(destination)
    except BackupError as exc:
        with contextlib.suppress(DatabaseError):  # the database itself may be what failed
            audit.record(BACKUP_ACTION, actor=actor, result=AuditEntry.Result.FAILURE, reason=str(exc),
                         changes={"file": destination.name})
        raise
    if keep:
        result.removed = prune(destination.parent, keep, result.manifest.engine)
    audit.record(BACKUP_ACTION, actor=actor, changes={
        "file": destination.name, "sha256": result.manifest.sha256, "size": result.manifest.size,
        "tables": table_count(result.manifest.tables), "rows": result.rows,
        "removed": [p.name for p in result.removed]})
    return result


# --- Restore -----------------------------------------------------------------------------------------


def tables_with_data() -> list[str]:
    """The tables of the configured database that hold rows beyond what `migrate` writes."""
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor)
        occupied = []
        for name in names:
            if name in BOOKKEEPING_TABLES:
                continue
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(name)} LIMIT 1")  # noqa: S608
            if cursor.fetchone():
                occupied.append(name)
    return occupied


def _check_sqlite_file(path: Path) -> None:
    copy = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        integrity = [row[0] for row in copy.execute("PRAGMA integrity_check")]
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"备份文件已损坏：{exc}") from exc
    finally:
        copy.close()
    if integrity != ["ok"]:
        raise BackupError("备份文件未通过完整性检查（PRAGMA integrity_check）：" + "；".join(integrity[:5]))


def _restore_sqlite(path: Path) -> None:
    _check_sqlite_file(path)
    connection.close()
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    target = _sqlite_connect(_sqlite_name())
    try:
        # One write transaction on the target: it is replaced whole, or not at all.
        source.backup(target)
    except sqlite3.OperationalError as exc:
        raise BackupError(f"写入数据库失败：{exc}（如提示数据库被锁定，请先停止网站和后台任务服务）") from exc
    finally:
        source.close()
        target.close()


def _drop_everything_sql() -> str:
    """DROP statements for every table and sequence of the current schema, run in the same
    transaction as the restore itself."""
    with _pg_connection() as conn:
        tables = _pg_tables(conn)
        sequences = [name for (name,) in conn.execute(
            "SELECT sequencename FROM pg_sequences WHERE schemaname = current_schema()")]
        schema = conn.execute("SELECT current_schema()").fetchone()[0]
    statements = [f"SET lock_timeout = '{LOCK_TIMEOUT}';"]
    if tables:
        statements.append("DROP TABLE IF EXISTS " + ", ".join(f"{_quote(schema)}.{_quote(t)}" for t in tables)
                          + " CASCADE;")
    if sequences:
        statements.append("DROP SEQUENCE IF EXISTS " + ", ".join(f"{_quote(schema)}.{_quote(s)}" for s in sequences)
                          + " CASCADE;")
    return "\n".join(statements) + "\n"


def _restore_postgresql(path: Path) -> None:
    pg_restore, psql = _tool("pg_restore"), _tool("psql")
    _run([pg_restore, "--list", str(path)], "读取备份文件目录（pg_restore --list）")
    drop = _drop_everything_sql()
    connection.close()
    env = pg_environment()
    with tempfile.TemporaryFile() as errors:
        # pg_restore writes the SQL, psql runs it after the DROPs in one transaction: all or nothing.
        reader = subprocess.Popen([pg_restore, "--no-owner", "--no-privileges", "--file=-", str(path)],  # noqa: S603
                                  env=env, stdout=subprocess.PIPE, stderr=errors)
        writer = subprocess.Popen([psql, "-X", "-q", "--no-psqlrc", "-v", "ON_ERROR_STOP=1", "--single-transaction",  # noqa: S603
                                   "-f", "-"], env=env, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=errors)
        assert reader.stdout is not None and writer.stdin is not None
        try:
            writer.stdin.write(drop.encode())
            shutil.copyfileobj(reader.stdout, writer.stdin, 1 << 20)
        except BrokenPipeError:
            pass  # psql stopped at an error: its message is in `errors`
        finally:
            with contextlib.suppress(BrokenPipeError):
                writer.stdin.close()
            reader.stdout.close()
        if reader.wait() != 0 or writer.wait() != 0:
            errors.seek(0)
            detail = errors.read().decode(errors="replace").strip()[-1500:]
            hint = "（锁等待超时：请先停止网站和后台任务服务）" if "lock timeout" in detail else ""
            raise BackupError(f"恢复失败，数据库保持原样{hint}：{detail}")


def _unapplied_migrations() -> int:
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def restore(path: Path, *, force: bool = False, safety_directory: Path | None = None) -> RestoreResult:
    """Replace the configured database with the backup at `path`. Refuses a database holding
    data unless `force`, and then first copies it aside (the safety copy), so a mistaken
    restore can itself be undone. Raises BackupError / RestoreRefused."""
    if not path.is_file():
        raise BackupError(f"找不到备份文件 {path}")
    vendor = connection.vendor
    engine = _engine_of_file(path)
    if engine != vendor:
        raise BackupError(f"备份文件是 {engine} 的，当前数据库是 {vendor}，不能直接恢复")
    manifest = Manifest.load(manifest_path(path)) if manifest_path(path).exists() else None
    if manifest is not None and file_sha256(path) != manifest.sha256:
        raise BackupError(f"备份文件与清单中的 SHA-256 不符：文件已损坏或被改动（{path.name}）")
    occupied = tables_with_data()
    if occupied and not force:
        shown = "、".join(occupied[:5]) + ("等" if len(occupied) > 5 else "")
        raise RestoreRefused(f"目标数据库不是空的（{len(occupied)} 张表有数据，如 {shown}），拒绝覆盖。"
                             "确认要用备份替换现有全部数据，请加参数 --force（覆盖前会先自动备份当前数据库）。")
    safety_copy = None
    if occupied:
        directory = safety_directory or default_directory()
        safety_copy = take_backup(directory / default_name(vendor, prefix="before-restore-")).path
    if vendor == "sqlite":
        _restore_sqlite(path)
    else:
        _restore_postgresql(path)
    tables = fingerprint_database()
    differences = compare(manifest.tables, tables) if manifest is not None else []
    return RestoreResult(path, tables, manifest, differences, safety_copy)


def run_restore(path: Path, *, force: bool = False, username: str = "", safety_directory: Path | None = None
                ) -> tuple[RestoreResult, audit.ChainReport]:
    """restore(), then the schema brought up to date if the backup is older than the code, the
    restored audit chain verified and the restore audited in the restored log (the database
    that is now live). A refusal is audited in the database that was kept.
    `username` (--user) is looked up in the database the entry goes into; a name it does not
    hold (a fresh server's first restore) is still written as the entry's actor name."""
    try:
        result = restore(path, force=force, safety_directory=safety_directory)
    except BackupError as failure:
        # Every failure leaves the database as it was (checks come first; the copy is one
        # transaction), so the entry goes into the log that is still there — if there is one:
        # a new server's empty database has none yet.
        refused = isinstance(failure, RestoreRefused)
        with contextlib.suppress(DatabaseError):
            audit.record(RESTORE_ACTION, **_actor(username), reason=str(failure), changes={"file": path.name},
                         result=AuditEntry.Result.DENIED if refused else AuditEntry.Result.FAILURE)
        raise
    # A backup older than the code: bring its schema up to date before the log is verified and
    # written to (the audit tables themselves may have changed since).
    result.migrations_applied = _unapplied_migrations()
    if result.migrations_applied:
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
    chain = audit.verify_chain()
    failed = bool(result.differences) or not chain.ok
    audit.record(RESTORE_ACTION, **_actor(username),
                 result=AuditEntry.Result.FAILURE if failed else AuditEntry.Result.SUCCESS,
                 reason="；".join(result.differences[:20] + ([] if chain.ok else [chain.problem])),
                 changes={"file": path.name, "sha256": result.manifest.sha256 if result.manifest else "",
                          "backup_taken_at": result.manifest.created_at if result.manifest else "",
                          "tables": table_count(result.tables), "rows": result.rows,
                          "differences": len(result.differences), "audit_entries_verified": chain.checked,
                          "migrations_applied": result.migrations_applied,
                          "safety_copy": result.safety_copy.name if result.safety_copy else ""})
    return result, chain


def find_user(username: str):
    """The active user called `username`, or None."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(username=username, is_active=True).first() if username else None


def _actor(username: str) -> dict:
    user = find_user(username)
    return {"actor": user} if user is not None else {"actor": None, "actor_name": username}
