"""Writing many rows at once: COPY on PostgreSQL, multi-row INSERT elsewhere (the dues ledger,
the demo's bulk phases); saving fields of many rows by id (update_rows).

The rows are plain tuples of values the callers already computed through their rules (the
ledger's through the one calculator, dangjian.dues.rules); this module only moves them into the
table. It knows no domain, so it lives in core. The ORM's
bulk_create spends ~20 µs a field preparing values — more than the whole write for the city's
22,000 lines of a month, and minutes for the demo's millions.
"""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Iterable, Iterator, Sequence

from django.db import connection, transaction
from psycopg.types.json import Jsonb


def insert_rows(model, columns: Sequence[str], rows: Iterable[tuple]) -> int:
    """Insert `rows` (tuples in the order of `columns`) into the model's table; the number written."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    written = 0
    if connection.vendor == "postgresql":
        # COPY with the table's own column types (read from the catalogue), so that psycopg's
        # compiled dumpers write each value; the text was assembled value by value in Python
        # before, which was 57 % of the city seed's organizational life and two thirds of its dues.
        # Binary where the table has no numeric column: 300,000 attendance rows 0.07 CPU-s against
        # 0.16 as text (0.39 before); but a Decimal's binary form costs more than its text, so a
        # table with money goes as text (200,000 ledger lines 0.31 CPU-s, 0.69 binary). Each value
        # must already be of its column's type, as the ORM would give it: a str for a date fails
        # the write instead of being parsed.
        with connection.cursor() as cursor:
            types = _column_types(cursor, model._meta.db_table, columns)
            binary = not any(oid in _NUMERIC_TYPES for oid in types)
            json_at = [i for i, oid in enumerate(types) if oid in _JSON_TYPES]
            if not binary:  # as text, the JSON the field wrote is sent as it is
                types = [_TEXT_TYPE if oid in _JSON_TYPES else oid for oid in types]
                json_at = []
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN" + (" (FORMAT BINARY)" if binary else "")
                                    ) as copy:
                copy.set_types(types)
                for row in rows:
                    if json_at:
                        row = _encoded_json(row, json_at)
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


@contextlib.contextmanager
def indexes_built_after(*models) -> Iterator[None]:
    """For a bulk load of millions of rows into `models`' tables (the demo's years of attendance
    and dues): on PostgreSQL their secondary indexes and unique constraints are dropped for the
    load and built again from their definitions at its end, one sorted build each instead of a
    random insertion per row (PostgreSQL's advice for loading data, "Populating a Database").
    Measured on the city's 4.9 million attendance rows: 18.5 s written with the three indexes,
    3.8 s without and 6.9 s to build them. The primary key stays (ids grow, its insertions are
    cheap, and a load reads the last id). Uniqueness is checked when the constraint is added
    again: a duplicate fails the load, as it would have row by row. Elsewhere than PostgreSQL
    nothing changes."""
    if connection.vendor != "postgresql":
        yield
        return
    tables = [model._meta.db_table for model in models]
    # In a savepoint of its own: a load that fails half-way (or a duplicate refused at the end)
    # takes the DROPs back with it, even where the caller goes on after the error.
    with transaction.atomic():
        with connection.cursor() as cursor:
            # The definitions are the catalogue's own, not input.
            cursor.execute(
                "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
                "WHERE c.contype = 'u' AND c.conrelid = ANY(%s::regclass[]) ORDER BY 1, 2", [tables])
            constraints = cursor.fetchall()
            cursor.execute(
                "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                "WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) ORDER BY 1",
                [tables])
            indexes = cursor.fetchall()
            for table, name, _ in constraints:
                cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {connection.ops.quote_name(name)}")
            for name, _ in indexes:
                cursor.execute(f"DROP INDEX {name}")
        yield
        with connection.cursor() as cursor:
            # PostgreSQL builds no index on a table with foreign-key checks still queued for the
            # commit (Django's keys are deferred): they are run now, then deferred again, as every
            # deferrable constraint of the schema is declared. (The demo drops its keys for the
            # whole load: none are queued.)
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            for _, definition in indexes:
                cursor.execute(definition)
            for table, name, definition in constraints:
                cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {connection.ops.quote_name(name)} {definition}")


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


def _column_types(cursor, table: str, columns: Sequence[str]) -> list[int]:
    """The type of each of `columns` in `table`, as PostgreSQL's catalogue gives it."""
    cursor.execute("SELECT attname, atttypid FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 "
                   "AND NOT attisdropped", [connection.ops.quote_name(table)])
    by_name = dict(cursor.fetchall())
    return [by_name[column] for column in columns]


_JSON_TYPES = {114, 3802}  # json, jsonb
_NUMERIC_TYPES = {1700}
_TEXT_TYPE = 25


def _encoded_json(row, positions: list[int]) -> tuple:
    """A JSON column's value comes as the text the field itself would write (json.dumps with its
    encoder, e.g. appraisal's rating events): in a binary COPY it is sent as it is, not encoded a
    second time."""
    row = list(row)
    for i in positions:
        if row[i] is not None:
            row[i] = Jsonb(row[i], dumps=str)
    return tuple(row)


def _value(value):
    """SQLite stores dates and decimals as text, as Django's own adapters do."""
    if value is None or isinstance(value, str | int | float):
        return value
    if isinstance(value, datetime.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return str(value)
