"""Writing many rows at once: COPY on PostgreSQL, multi-row INSERT elsewhere (the dues ledger,
the demo's bulk phases); saving fields of many rows by id (update_rows).

The rows are plain tuples of values the callers already computed through their rules (the
ledger's through the one calculator, dangjian.dues.rules); this module only moves them into the
table. It knows no domain, so it lives in core. The ORM's
bulk_create spends ~20 µs a field preparing values — more than the whole write for the city's
22,000 lines of a month, and minutes for the demo's millions.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.db import connection


def insert_rows(model, columns: Sequence[str], rows: Iterable[tuple]) -> int:
    """Insert `rows` (tuples in the order of `columns`) into the model's table; the number written."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    written = 0
    if connection.vendor == "postgresql":
        # COPY streams rows without statements of thousands of parameters; the text format is
        # built here in blocks (psycopg's write_row costs ~9 µs a row in Python).
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            block: list[str] = []
            for row in rows:
                block.append("\t".join(map(_copy_text, row)))
                written += 1
                if len(block) == COPY_BLOCK:
                    copy.write("\n".join(block) + "\n")
                    block.clear()
            if block:
                copy.write("\n".join(block) + "\n")
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


def update_rows(objects: Sequence, names: Sequence[str]) -> int:
    """Save the fields `names` of many model instances (one model): one UPDATE by primary key,
    executed for all of them at once (psycopg pipelines the statements). Django's bulk_update
    builds a CASE of every id per field, which costs more than the writes themselves past a few
    hundred rows. The values are the fields' own (get_db_prep_save), as save() would write them."""
    if not objects:
        return 0
    meta = objects[0]._meta
    fields = [meta.get_field(name) for name in names]
    qn = connection.ops.quote_name
    # Names come from the model's meta, values are parameters: nothing from input.
    sql = (f"UPDATE {qn(meta.db_table)} SET {', '.join(f'{qn(f.column)} = %s' for f in fields)} "  # noqa: S608
           f"WHERE {qn(meta.pk.column)} = %s")
    with connection.cursor() as cursor:
        cursor.executemany(sql, [[f.get_db_prep_save(getattr(o, f.attname), connection) for f in fields] + [o.pk]
                                 for o in objects])
    return len(objects)


COPY_BLOCK = 2000  # rows per write
# COPY's text format: a backslash, a tab, a newline or a carriage return inside a value is escaped.
_NEEDS_ESCAPE = re.compile(r"[\\\t\n\r]").search
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value) -> str:
    if isinstance(value, str):  # the rule texts are long: scan them, escape only when needed
        return value.translate(_COPY_ESCAPES) if _NEEDS_ESCAPE(value) else value
    if value is None:
        return "\\N"
    if value is True or value is False:
        return "t" if value else "f"
    cls = value.__class__
    if cls in _REPEATED:  # a few distinct months, days, amounts and one timestamp among many rows
        text = _texts.get((cls, value))
        if text is None:
            text = str(value)
            if len(_texts) < 50_000:
                _texts[(cls, value)] = text
        return text
    return str(value)  # PostgreSQL reads the str() of an int, a Decimal, a date, an aware datetime


_REPEATED = (datetime.date, datetime.datetime, Decimal)
_texts: dict = {}


def _value(value):
    """SQLite stores dates and decimals as text, as Django's own adapters do."""
    if value is None or isinstance(value, str | int | float):
        return value
    if isinstance(value, datetime.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return str(value)
