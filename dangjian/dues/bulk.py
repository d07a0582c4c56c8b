"""Writing many ledger rows at once: COPY on PostgreSQL, multi-row INSERT elsewhere.

The rows are plain tuples of values the services already computed through the rules (the
one calculator, dangjian.dues.rules); this module only moves them into the table. The ORM's
bulk_create spends ~20 µs a field preparing values — more than the whole write for the city's
22,000 lines of a month, and minutes for the demo's millions.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from django.db import connection


def insert_rows(model, columns: Sequence[str], rows: Iterable[tuple]) -> int:
    """Insert `rows` (tuples in the order of `columns`) into the model's table; the number written."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    written = 0
    if connection.vendor == "postgresql":
        # COPY streams rows without statements of thousands of parameters.
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                written += 1
        return written
    sqlite = connection.vendor == "sqlite"
    placeholders = "(" + ", ".join(["%s"] * len(columns)) + ")"
    per_statement = max(1, (999 if sqlite else 5000) // len(columns))  # SQLite's default parameter limit
    chunk: list[tuple] = []
    with connection.cursor() as cursor:
        def flush():
            # Names come from the model's meta, values are parameters: nothing from input.
            cursor.execute(f"INSERT INTO {table} ({names}) VALUES " + ", ".join([placeholders] * len(chunk)),  # noqa: S608
                           [value for row in chunk for value in row])
            chunk.clear()

        for row in rows:
            chunk.append(tuple(_value(v) for v in row) if sqlite else row)
            written += 1
            if len(chunk) == per_statement:
                flush()
        if chunk:
            flush()
    return written


def _value(value):
    """SQLite stores dates and decimals as text (as Django's own adapters do)."""
    if value is None or isinstance(value, str | int | float):
        return value
    if isinstance(value, datetime.datetime):
        return value.isoformat(" ")
    return str(value)
