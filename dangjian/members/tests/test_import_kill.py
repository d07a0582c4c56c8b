"""A process killed (SIGKILL) in the middle of writing an import leaves 0 member rows behind, and
running the import again gives exactly what an uninterrupted run gives.

The import runs as `manage.py import_members` in a subprocess against a real database of its own
— a SQLite file, or a PostgreSQL database when the suite runs on PostgreSQL — because a
killed process is the only honest test of "all or nothing". The test hook
DANGJIAN_IMPORT_ROW_DELAY (importer.ROW_DELAY_ENV) slows the commit down so that the kill lands
part-way through it: after the command has printed "写入 100/…".
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings

from dangjian.members.importer import ROW_DELAY_ENV
from dangjian.members.tests.importfiles import person, workbook

pytestmark = pytest.mark.long_scope

ROOT = Path(__file__).resolve().parents[3]
ROWS = 300

# Each subprocess costs a Django start (2–3 s): what can share one does. The script runs in
# `manage.py shell -c`; the import inside it is the command itself (call_command), the same code
# path as `manage.py import_members`. It prints one JSON line, the last of its output.
SCRIPT = """
import io, json, os
from django.core.management import call_command
from django.db.models import Count
from dangjian.members.models import Member, MemberEvent, Membership

def snapshot():
    members = sorted(
        [m.name, m.id_number_index, m.org.code, m.group.name if m.group_id else "", m.status, str(m.joined_on),
         str(m.confirmed_on), m.phone_masked, m.title]
        for m in Member.objects.select_related("org", "group")
    )
    events = dict(MemberEvent.objects.values_list("kind").annotate(n=Count("id")).order_by("kind"))
    return {"members": members, "memberships": Membership.objects.count(), "events": events}

asked = json.loads(os.environ["KILL_TEST_STEPS"])
answer = {}
for step in asked["steps"]:
    if step == "migrate":
        call_command("migrate", interactive=False, verbosity=0)
    elif step == "world":
        from dangjian.testing import build_world
        build_world()
    elif step == "import":
        out = io.StringIO()
        call_command("import_members", asked["roster"], org="C01A-001", stdout=out)
        answer.setdefault("imports", []).append(out.getvalue())
    else:
        answer.setdefault("snapshots", []).append(snapshot())
print(json.dumps(answer))
"""


def _databases(tmp_path, request) -> tuple[list[str], dict]:
    """Two databases of the suite's own kind: one to kill, one for the uninterrupted run, and
    what they hold. The first is migrated and given the test world (in a subprocess, as `make
    run` would); the second is a copy of it, which costs a file copy or a CREATE DATABASE …
    TEMPLATE instead of a second migration."""
    config = settings.DATABASES["default"]
    if config["ENGINE"] == "django.db.backends.sqlite3":
        killed, clean = (tmp_path / f"{name}.sqlite3" for name in ("killed", "clean"))
        before = prepare(_env(f"sqlite:///{killed}", tmp_path / "var-prepare"))
        shutil.copyfile(killed, clean)
        return [f"sqlite:///{killed}", f"sqlite:///{clean}"], before
    import psycopg

    host, port, user = config["HOST"] or "127.0.0.1", config["PORT"] or 5432, config["USER"]
    password = config["PASSWORD"] or ""
    credentials = f"{quote(user)}:{quote(password)}" if password else quote(user)
    killed, clean = (f"{config['NAME']}_kill_{suffix}" for suffix in ("killed", "clean"))
    def drop_both():
        with psycopg.connect(host=host, port=port, user=user, password=password or None, dbname="postgres",
                             autocommit=True) as connection:
            for name in (killed, clean):
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    request.addfinalizer(drop_both)  # nothing of the test stays on the server
    drop_both()  # left by a run that was itself killed
    with psycopg.connect(host=host, port=port, user=user, password=password or None, dbname="postgres",
                         autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{killed}"')
        before = prepare(_env(f"postgres://{credentials}@{host}:{port}/{killed}", tmp_path / "var-prepare"))
        connection.execute(f'CREATE DATABASE "{clean}" TEMPLATE "{killed}"')
    return [f"postgres://{credentials}@{host}:{port}/{name}" for name in (killed, clean)], before


def _env(url: str, var_dir: Path, **extra) -> dict:
    env = {**os.environ, "DATABASE_URL": url, "DANGJIAN_VAR_DIR": str(var_dir), "PYTHONUNBUFFERED": "1"}
    env.pop(ROW_DELAY_ENV, None)
    return {**env, **extra}


def manage(env, *args, check=True) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          check=check, timeout=600)


def run_steps(env, *steps: str, roster: Path | None = None) -> dict:
    """Run SCRIPT's steps (migrate, world, import, snapshot) in one `manage.py shell`."""
    asked = json.dumps({"steps": steps, "roster": str(roster) if roster else None})
    # `shell` may print a line of its own (auto-imports) before ours: ours is the last.
    return json.loads(manage({**env, "KILL_TEST_STEPS": asked}, "shell", "-c", SCRIPT).stdout.strip().splitlines()[-1])


def prepare(env) -> dict:
    """Migrate (as `make run` does), add the test world, and say what the database then holds."""
    return run_steps(env, "migrate", "world", "snapshot")["snapshots"][0]


@pytest.fixture
def roster(tmp_path) -> Path:
    path = tmp_path / "全校党员.xlsx"
    path.write_bytes(workbook([person(name=f"党员{i:03d}", group=("第一党小组", "第二党小组")[i % 2])
                               for i in range(ROWS)]))
    return path


@pytest.mark.database_engine  # no database fixture, yet it runs on the suite's engine: kept on PostgreSQL
def test_a_process_killed_while_writing_leaves_no_member_and_a_rerun_equals_an_uninterrupted_run(tmp_path, roster,
                                                                                                 request):
    (killed_url, clean_url), before = _databases(tmp_path, request)
    killed = _env(killed_url, tmp_path / "var-killed")
    clean = _env(clean_url, tmp_path / "var-clean")
    command = [sys.executable, "manage.py", "import_members", str(roster), "--org", "C01A-001"]

    process = subprocess.Popen(command, cwd=ROOT, env={**killed, ROW_DELAY_ENV: "0.01"}, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    seen = []
    deadline = time.monotonic() + 300
    for line in process.stdout:
        seen.append(line.strip())
        if line.startswith("写入 100/"):
            break
        assert time.monotonic() < deadline, seen
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert f"写入 100/{ROWS}" in seen  # it had written a hundred rows inside its transaction

    # On the killed database: what the kill left, the import run again, and what that gave.
    rerun = run_steps(killed, "snapshot", "import", "snapshot", roster=roster)
    left_by_kill, after = rerun["snapshots"]
    assert left_by_kill == before  # 0 members, 0 memberships, 0 events left by the killed run
    assert f"已新建 {ROWS}" in rerun["imports"][0]
    uninterrupted = run_steps(clean, "import", "snapshot", roster=roster)
    assert f"已新建 {ROWS}" in uninterrupted["imports"][0]
    assert len(after["members"]) == len(before["members"]) + ROWS
    assert after == uninterrupted["snapshots"][0]
