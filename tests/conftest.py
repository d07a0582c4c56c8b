"""Fixtures shared by the API and access tests: a client logged in as a named persona."""

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


def pytest_terminal_summary(terminalreporter):
    """After a run that included the permission matrix, say how big it was and how it went."""
    import sys

    matrix = sys.modules.get("test_permission_matrix")
    if matrix is None or not matrix.STATS["requests"]:
        return
    terminalreporter.write_sep("=", "permission matrix")
    terminalreporter.write_line(f"requests: {matrix.STATS['requests']}, leaks: {len(matrix.LEAKS)}")
    for leak in matrix.LEAKS:
        terminalreporter.write_line(f"LEAK {leak}")
