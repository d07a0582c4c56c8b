"""The export limit (QUALITY.md item 15) holds when exports arrive together (issue 12, item 7).

Before the fix the limit was a list of timestamps read from and written back to Django's cache:
20 simultaneous exports by one user let 15 through against a limit of 10 on the embedded mode's
file cache, whose add/incr are a read then a write too. The limit now lives in a database row
locked while it is counted. Both deployments are tested as they run: the embedded mode (a SQLite
file, the file cache) with 20 processes, PostgreSQL with 20 threads, each its own connection.
Both commit for real, so this module has no shared world (pytest-django runs such tests after
the others, while a module's shared world may still hold its transaction open).
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.db import connection, connections

from dangjian.core import exports
from dangjian.core.exports import ExportThrottled
from dangjian.core.models import AuditEntry
from dangjian.testing import build_world

ROOT = Path(__file__).resolve().parents[2]
TOGETHER = 20

# Run by `manage.py shell` on a SQLite file: one parent forks 20 workers, as gunicorn does,
# which wait at a barrier and then each ask for one export by the same user.
AT_ONCE = """
import json, multiprocessing
from django.db import connections
from dangjian.core import exports
from dangjian.testing import make_user

user = make_user("exporter", "导出员")
connections.close_all()  # each worker opens its own connection, as gunicorn's workers do
barrier, outcomes = multiprocessing.Barrier(TOGETHER), multiprocessing.Queue()

def export():
    barrier.wait()
    try:
        exports.throttle(user, "member.export")
        outcomes.put("allowed")
    except exports.ExportThrottled:
        outcomes.put("refused")
    except Exception as error:
        outcomes.put(f"error: {error!r}")
    finally:
        connections.close_all()

workers = [multiprocessing.Process(target=export) for _ in range(TOGETHER)]
for worker in workers:
    worker.start()
seen = sorted(outcomes.get(timeout=120) for _ in workers)
for worker in workers:
    worker.join()
print(json.dumps(seen))
""".replace("TOGETHER", str(TOGETHER))


@pytest.mark.django_db(transaction=True)  # no open transaction: the backup below reads the schema
@pytest.mark.skipif(connection.vendor != "sqlite", reason="the embedded mode runs on SQLite; PostgreSQL: the next test")
def test_twenty_processes_exporting_at_once_on_the_embedded_mode_let_exactly_ten_through(tmp_path):
    database = tmp_path / "embedded.sqlite3"
    # The suite's migrated test database copied to a file: no second migration.
    connection.ensure_connection()
    # An open transaction on the source would make the backup wait for ever: fail instead.
    assert not connection.in_atomic_block, "run outside any shared world's transaction"
    with sqlite3.connect(database) as target:
        connection.connection.backup(target)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DANGJIAN_VAR_DIR": str(tmp_path / "var")}
    env.pop("DANGJIAN_CACHE_URL", None)  # the file cache of the embedded mode, not Redis
    done = subprocess.run([sys.executable, "manage.py", "shell", "-c", AT_ONCE], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    outcomes = json.loads(done.stdout.strip().splitlines()[-1])
    assert outcomes.count("allowed") == 10 and outcomes.count("refused") == 10, outcomes
    with sqlite3.connect(database) as db:
        refusals = db.execute("SELECT count(*) FROM core_auditentry WHERE action = 'member.export' "
                              "AND result = 'denied'").fetchone()[0]
    assert refusals == 10


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="needs PostgreSQL: the SQLite test database is in memory with a shared cache, where a "
                           "second connection fails ('table is locked') instead of waiting; the embedded mode's "
                           "SQLite file is tested with processes above")
def test_twenty_threads_exporting_at_once_on_postgresql_let_exactly_ten_through(settings, tmp_path):
    # The file cache, as in the embedded mode: a counter kept there would leak again.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                                   "LOCATION": str(tmp_path / "cache")}}
    settings.DANGJIAN_EXPORT_LIMIT = 10
    world = build_world()
    barrier = threading.Barrier(TOGETHER)
    outcomes: list[str] = []
    lock = threading.Lock()

    def export(number: int):
        try:
            barrier.wait()
            exports.throttle(world.secretary_a, "member.export", org_path=world.branch_a.path)
            outcome = "allowed"
        except ExportThrottled:
            outcome = "refused"
        except Exception as error:  # noqa: BLE001 - any other error is what the test counts
            outcome = f"error: {error!r}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=export, args=(n,)) for n in range(TOGETHER)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("allowed") == 10, sorted(set(outcomes))
    assert outcomes.count("refused") == 10, sorted(set(outcomes))
    refusals = AuditEntry.objects.filter(action="member.export", result=AuditEntry.Result.DENIED)
    assert refusals.count() == 10
    assert {entry.actor_id for entry in refusals} == {world.secretary_a.pk}
