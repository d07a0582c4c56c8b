"""Building blocks for data shared by the tests of a module (or class): built once inside a
transaction that is rolled back when the module is done, while each test runs in its own
savepoint (pytest-django's `db`) and gets a fresh copy of the Python objects.

Rebuilding the world for every test cost a fifth of a test run; building it once per module
and rolling each test back to it gives every test the same database as before.
"""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Iterator

import pytest
from django.db import connection, transaction

from dangjian.testing import world as world_module


@contextlib.contextmanager
def rolled_back_afterwards(django_db_blocker) -> Iterator[None]:
    """Everything written inside is undone at the end: the outer transaction of a shared world.
    Each test's `db` fixture opens a savepoint inside it and rolls back to it afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        try:
            yield
        finally:
            transaction.set_rollback(True)


def settle_deferred_checks() -> None:
    """Check, once, the deferred foreign keys the shared data queued. Django's TestCase checks
    deferred constraints before it rolls each test back, and PostgreSQL counts the checks that
    ran inside a savepoint as not done once the savepoint is rolled back: without this, every
    test re-checked all the shared data at its teardown (4 s a test after a county seed)."""
    connection.check_constraints()


class SharedWorld:
    """A world built once; `fresh()` hands each test its own deep copy of the objects (so an
    attribute changed in memory by one test is never seen by the next) and puts the ID-number
    counter back where the build left it (so add_member gives the same numbers as before)."""

    def __init__(self, world) -> None:
        self._pristine = world
        self._serial = world_module._serial

    def fresh(self):
        world_module._serial = self._serial
        return copy.deepcopy(self._pristine)


def refuse_real_transactions(request) -> None:
    """A test that commits for real (transaction=True, transactional_db, live_server) cannot run
    inside the shared world's outer transaction: it must build a world of its own."""
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(request.fixturenames))
    if transactional:
        pytest.fail(f"{request.node.nodeid} commits for real: build its world inside the test "
                    "(dangjian.testing.build_world()), not through the shared `world` fixture", pytrace=False)
