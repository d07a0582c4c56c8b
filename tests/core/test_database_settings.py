"""The database connection as configured (config/settings.py), checked on the engine itself."""

import pytest
from django.db import connection


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting: JIT exists only there")
def test_postgresql_never_jit_compiles_our_short_queries():
    # Compiling cost more than the city's arrears query itself (121 ms against 45 ms): see settings.
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)
