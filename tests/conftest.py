"""Fixtures shared by the API and access tests: a client logged in as a named persona."""

from collections import Counter

import pytest
from django.test import Client

from dangjian.testing import login


@pytest.fixture
def client_as(world):
    """client_as("secretary_a") -> a test client logged in as that persona (second factor done)."""

    def make(persona: str, **client_kwargs) -> Client:
        client = Client(**client_kwargs)
        login(client, world.personas[persona])
        return client

    return make


# The matrix's counts, summed over the parallel workers (each sends its own when it ends).
MATRIX_COUNTS: Counter = Counter()
MATRIX_LEAKS: list[str] = []


def _matrix_module():
    import sys

    return sys.modules.get("test_permission_matrix")


def pytest_sessionfinish(session):
    matrix = _matrix_module()
    if matrix is None:
        return
    if hasattr(session.config, "workeroutput"):  # an xdist worker: the controller prints the summary
        session.config.workeroutput["matrix"] = {"counts": dict(matrix.STATS), "leaks": list(matrix.LEAKS)}
    else:
        MATRIX_COUNTS.update(matrix.STATS)
        MATRIX_LEAKS.extend(matrix.LEAKS)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    sent = getattr(node, "workeroutput", {}).get("matrix")
    if sent:
        MATRIX_COUNTS.update(sent["counts"])
        MATRIX_LEAKS.extend(sent["leaks"])


def pytest_terminal_summary(terminalreporter):
    """After a run that included the permission matrix, say how big it was and how it went."""
    if not MATRIX_COUNTS["cases"]:
        return
    terminalreporter.write_sep("=", "permission matrix")
    terminalreporter.write_line(f"cases: {MATRIX_COUNTS['cases']} (failed: {MATRIX_COUNTS['failed']}), "
                                f"requests: {MATRIX_COUNTS['requests']}, leaks: {len(MATRIX_LEAKS)}")
    for leak in MATRIX_LEAKS:
        terminalreporter.write_line(f"LEAK {leak}")
