"""`manage.py backup`, then `manage.py restore` into a fresh database, gives back the same
database: every table's row count and checksum equal, and an audit chain that verifies
(QUALITY.md item 21). Runs on the suite's engine: SQLite in the SQLite run, PostgreSQL in the
PostgreSQL run.

The source is the suite's own test database with the school-scale demo in it (every domain
table holds rows), committed so that pg_dump, a process of its own, sees it. The restore runs
as a command in a subprocess against a database created for this module — an empty SQLite
file or an empty PostgreSQL database, not even migrated — as an operator would run it on a
new server.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from dangjian.accounts.models import User
from dangjian.core import backup
from dangjian.core.models import AuditEntry

ROOT = Path(__file__).resolve().parents[1]
AUDIT = AuditEntry._meta.db_table
# What appending one audit entry (the restore's own) changes: the log, its head, the marks of
# where it changed something (core.snapshots' ChangeMark, written in the entry's transaction) and
# their id counters. Everything else must be byte-for-byte what was backed up.
AUDIT_TABLES = {AUDIT, "core_audithead", "core_changemark", "sqlite_sequence", f"sequence:{AUDIT}_id_seq",
                "sequence:core_changemark_id_seq"}

# Every test is a database test: pytest-django creates the test database only for a session
# that holds one, and the module's fixtures write to it outside any test. Long for its ten tests
# (a seed, subprocesses): the parallel run starts it first.
pytestmark = [pytest.mark.django_db, pytest.mark.long_scope]


@dataclass
class Backup:
    path: Path
    manifest: backup.Manifest
    before: backup.Fingerprint
    output: str


@dataclass
class Restored:
    url: str
    output: str
    tables: backup.Fingerprint
    last_entry: tuple
    entries_backed_up_unchanged: bool


# --- The databases -------------------------------------------------------------------------------


def _pg_params(name: str) -> dict:
    db = settings.DATABASES["default"]
    return {"host": db["HOST"] or "127.0.0.1", "port": db["PORT"] or 5432, "user": db["USER"],
            "password": db["PASSWORD"] or None, "dbname": name}


def _pg_url(name: str) -> str:
    p = _pg_params(name)
    credentials = f"{quote(p['user'])}:{quote(p['password'])}" if p["password"] else quote(p["user"])
    return f"postgres://{credentials}@{p['host']}:{p['port']}/{name}"


def _pg_admin(statement: str) -> None:
    import psycopg

    with psycopg.connect(**_pg_params("postgres"), autocommit=True) as admin:
        admin.execute(statement)


class Inspect:
    """Reads a database the suite is not connected to, the way backup.py fingerprints one."""

    def __init__(self, target: str):
        self.target = target

    def _connect(self, read_only: bool = True):
        if connection.vendor == "sqlite":
            return sqlite3.connect(self.target)
        import psycopg

        conn = psycopg.connect(**_pg_params(self.target), autocommit=read_only)
        if read_only:
            conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        return conn

    def fingerprint(self) -> backup.Fingerprint:
        conn = self._connect()
        try:
            return backup.fingerprint_sqlite(conn) if connection.vendor == "sqlite" else backup.fingerprint_postgresql(conn)
        finally:
            conn.close()

    def audit_prefix(self, count: int) -> list:
        """[count, checksum] of the first `count` audit entries, in the fingerprint's own terms."""
        conn = self._connect()
        try:
            if connection.vendor == "sqlite":
                rows = conn.execute(f"SELECT * FROM {AUDIT} ORDER BY id LIMIT ?", [count])  # noqa: S608
            else:
                backup.fingerprint_postgresql(conn)  # the same session settings as the fingerprint
                rows = conn.execute(f"SELECT t::text FROM {AUDIT} AS t ORDER BY id LIMIT %s", [count])  # noqa: S608
            return list(backup.hash_rows(rows))
        finally:
            conn.close()

    def execute(self, *statements: str) -> None:
        conn = self._connect(read_only=False)
        try:
            for statement in statements:
                conn.execute(statement)
            conn.commit()
        finally:
            conn.close()

    def last_audit_entry(self) -> tuple:
        conn = self._connect()
        try:
            return tuple(conn.execute(f"SELECT actor_name, action, result FROM {AUDIT} ORDER BY id DESC LIMIT 1").fetchone())  # noqa: S608
        finally:
            conn.close()


def manage(url: str, var_dir: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": url, "DANGJIAN_VAR_DIR": str(var_dir)}
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300, check=False)
    if check and done.returncode != 0:
        raise AssertionError(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done


# --- Fixtures: one backup and one restore for the module ----------------------------------------------


def _record_the_migrations_as_applied() -> None:
    """`make test` builds the suite's database from the models (--nomigrations: migrating it
    cost each worker 10–20 s; the migrations themselves run, in subprocesses, in the restore
    below and in test_import_kill). A backup is of a database at the current version, which
    `migrate` would have recorded in django_migrations: record it the same way, or the restore
    would take the backup for an older one and migrate tables that already exist."""
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.recorder import MigrationRecorder
    from django.test.utils import override_settings

    recorder = MigrationRecorder(connection)
    if recorder.has_table() and recorder.applied_migrations():
        return  # the database was migrated: nothing to add
    with override_settings(MIGRATION_MODULES={}):  # the project's migrations, not pytest-django's stand-in
        on_disk = MigrationLoader(connection, ignore_no_migrations=True).disk_migrations
    recorder.ensure_schema()
    for app_label, name in sorted(on_disk):
        recorder.record_applied(app_label, name)


@pytest.fixture(scope="module")
def backed_up(django_db_setup, django_db_blocker, tmp_path_factory):
    """The school-scale demo committed to the suite's database, then `manage.py backup`. The
    database is flushed at the end so the next module on this worker starts empty."""
    with django_db_blocker.unblock():
        name = str(connection.settings_dict["NAME"])
        assert name.startswith("test_") or "memory" in name, f"not a test database: {name}"  # it is flushed below
        try:
            _record_the_migrations_as_applied()
            call_command("seed_demo", "--scale", "school", stdout=StringIO())
            before = backup.fingerprint_database()
            path = tmp_path_factory.mktemp("backups") / f"nightly{backup.SUFFIX[connection.vendor]}"
            out = StringIO()
            call_command("backup", "--output", str(path), stdout=out)
            yield Backup(path, backup.Manifest.load(backup.manifest_path(path)), before, out.getvalue())
        finally:
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(scope="module")
def fresh_database(tmp_path_factory):
    """(url, name) of an empty database of the suite's engine, dropped at the end."""
    if connection.vendor == "sqlite":
        path = tmp_path_factory.mktemp("restored") / "restored.sqlite3"
        yield f"sqlite:///{path}", str(path)
        return
    name = f"{settings.DATABASES['default']['NAME']}_restored"
    _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _pg_admin(f'CREATE DATABASE "{name}"')
    try:
        yield _pg_url(name), name
    finally:
        _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def restored(backed_up, fresh_database, tmp_path_factory) -> Restored:
    url, target = fresh_database
    done = manage(url, tmp_path_factory.mktemp("var"), "restore", str(backed_up.path))
    inspect = Inspect(target)
    entries = backed_up.before[AUDIT][0]
    return Restored(url, done.stdout, inspect.fingerprint(), inspect.last_audit_entry(),
                    inspect.audit_prefix(entries) == backed_up.before[AUDIT])


# --- The round trip ---------------------------------------------------------------------------------------


def test_the_backup_holds_exactly_what_the_database_held(backed_up):
    assert backed_up.manifest.tables == backed_up.before
    assert backed_up.manifest.engine == connection.vendor
    assert backed_up.manifest.sha256 == backup.file_sha256(backed_up.path)
    assert backed_up.before[AUDIT][0] > 0 and backed_up.before["members_member"][0] > 0
    assert "已备份到" in backed_up.output


def test_the_backup_and_its_manifest_are_readable_by_the_service_account_only(backed_up):
    for path in (backed_up.path, backup.manifest_path(backed_up.path)):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_backup_is_audited_as_the_system_with_its_file_and_checksum(backed_up):
    entry = AuditEntry.objects.filter(action=backup.BACKUP_ACTION).get()
    assert entry.actor_name == "系统任务"
    assert entry.result == AuditEntry.Result.SUCCESS
    assert entry.changes["file"] == backed_up.path.name
    assert entry.changes["sha256"] == backed_up.manifest.sha256


def test_a_backup_never_overwrites_an_earlier_one_and_the_refusal_is_audited(backed_up):
    with pytest.raises(CommandError, match="已存在，不会覆盖已有的备份"):
        call_command("backup", "--output", str(backed_up.path), stdout=StringIO())
    assert backup.file_sha256(backed_up.path) == backed_up.manifest.sha256
    failure = AuditEntry.objects.filter(action=backup.BACKUP_ACTION, result=AuditEntry.Result.FAILURE).get()
    assert failure.actor_name == "系统任务" and "已存在" in failure.reason


def test_restored_into_a_fresh_database_every_table_has_its_rows_and_checksum(backed_up, restored):
    assert "按清单逐表核对（行数与校验和）" in restored.output and "0 处差异" in restored.output
    differing = {t for t in set(backed_up.before) | set(restored.tables)
                 if backed_up.before.get(t) != restored.tables.get(t)}
    assert differing <= AUDIT_TABLES  # 0 differences outside the audit log's own growth
    assert {t: v for t, v in restored.tables.items() if t not in AUDIT_TABLES} == \
           {t: v for t, v in backed_up.before.items() if t not in AUDIT_TABLES}


def test_the_restored_audit_log_is_the_backed_up_one_plus_the_restore_itself(backed_up, restored):
    assert restored.entries_backed_up_unchanged
    assert restored.tables[AUDIT][0] == backed_up.before[AUDIT][0] + 1
    assert restored.last_entry == ("系统任务", backup.RESTORE_ACTION, AuditEntry.Result.SUCCESS)


def test_the_restored_audit_chain_verifies(restored, tmp_path):
    assert "审计日志完整" in restored.output
    done = manage(restored.url, tmp_path, "verify_audit")
    assert "审计日志完整" in done.stdout


# --- Refusing, then forcing --------------------------------------------------------------------------------


def test_restore_refuses_a_database_that_holds_data_and_audits_the_refusal(backed_up):
    users = User.objects.count()
    with pytest.raises(CommandError, match="目标数据库不是空的.*--force"):
        call_command("restore", str(backed_up.path), stdout=StringIO())
    assert User.objects.count() == users
    refusal = AuditEntry.objects.filter(action=backup.RESTORE_ACTION).get()
    assert refusal.result == AuditEntry.Result.DENIED and refusal.actor_name == "系统任务"


def test_a_forced_restore_of_an_older_backup_keeps_a_copy_of_what_it_replaced_and_migrates(backed_up, restored,
                                                                                          fresh_database, tmp_path):
    # An older backup: the same data one migration behind the code (Django's session table not yet there).
    Inspect(fresh_database[1]).execute("DROP TABLE django_session", "DELETE FROM django_migrations WHERE app = 'sessions'")
    older = tmp_path / f"older{backup.SUFFIX[connection.vendor]}"
    manage(restored.url, tmp_path, "backup", "--output", str(older))

    done = manage(restored.url, tmp_path, "restore", str(older), "--force", "--user", "city_admin")

    assert "0 处差异" in done.stdout
    assert "已应用 1 个迁移" in done.stdout and "审计日志完整" in done.stdout
    copies = sorted(p.name for p in (tmp_path / "backups").glob("before-restore-*"))
    assert len(copies) == 2  # the database it replaced, and that copy's manifest
    now = Inspect(fresh_database[1])
    assert "django_session" in now.fingerprint()
    assert now.last_audit_entry() == ("city_admin", backup.RESTORE_ACTION, AuditEntry.Result.SUCCESS)


def test_a_backup_file_that_no_longer_matches_its_manifest_is_refused_before_anything_is_touched(backed_up, tmp_path):
    damaged = tmp_path / backed_up.path.name
    data = bytearray(backed_up.path.read_bytes())
    data[len(data) // 2] ^= 0xFF  # one byte flipped in the middle of the file
    damaged.write_bytes(bytes(data))
    backup.manifest_path(damaged).write_text(backup.manifest_path(backed_up.path).read_text())
    users = User.objects.count()
    # No --force: were the file not checked first, the refusal to overwrite data would still stop it.
    with pytest.raises(CommandError, match="SHA-256 不符"):
        call_command("restore", str(damaged), stdout=StringIO())
    assert User.objects.count() == users
    failure = AuditEntry.objects.filter(action=backup.RESTORE_ACTION).get()
    assert failure.result == AuditEntry.Result.FAILURE and "SHA-256 不符" in failure.reason
