"""Bulk writers: PostgreSQL ``COPY`` through psycopg, the sqlite3 driver's executemany on
SQLite, SQLAlchemy Core executemany anywhere else."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from opsdesk.demo.rows import COLUMNS
from opsdesk.demo.schema import table_named, unfilled_columns
from opsdesk.kernel.db import JSONType, UTCDateTime

CORE_BATCH = 5_000
# The big child tables: their non-unique indexes are rebuilt after the load (PostgreSQL).
DEFERRED_INDEX_TABLES = frozenset(
    {"orders", "order_lines", "order_events", "reservations", "stock_movements",
     "fulfilments", "fulfilment_lines", "shipments", "tracking_events"}
)  # fmt: skip
# Indexes a load may drop and rebuild: every non-unique index not backing a constraint,
# read from the catalog so the migrations' own (full-text GIN, partial) are included.
SECONDARY_INDEXES = sa.text(
    "SELECT c.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x "
    "JOIN pg_class c ON c.oid = x.indexrelid "
    "WHERE x.indrelid = to_regclass(:table) AND NOT x.indisprimary AND NOT x.indisunique "
    "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid) "
    "ORDER BY c.relname"
)
Convert = Callable[[Any], Any]
Layouts = Mapping[str, tuple[str, ...]]  # table name -> the columns its rows carry, in order


class BulkWriter(Protocol):
    def write(self, table: str, rows: Sequence[tuple[Any, ...]]) -> None: ...

    def finish(self, tables: Sequence[str]) -> None: ...


class CoreWriter:
    """Portable path: SQLAlchemy Core executemany, with the columns' own type handling."""

    def __init__(self, conn: Connection, columns: Layouts = COLUMNS) -> None:
        self._conn = conn
        self._columns = columns

    def write(self, table: str, rows: Sequence[tuple[Any, ...]]) -> None:
        columns = self._columns[table]
        statement = table_named(table).insert()
        for start in range(0, len(rows), CORE_BATCH):
            chunk = rows[start : start + CORE_BATCH]
            self._conn.execute(statement, [dict(zip(columns, row, strict=True)) for row in chunk])

    def finish(self, tables: Sequence[str]) -> None:
        """Nothing to move on: inserts through Core leave sequences consistent."""


class _Layout:
    """The columns a raw writer sends for one table, and how to convert each value.

    Columns a model gained after the generator was written are appended with their
    model default (raw inserts, unlike Core, do not apply defaults).
    """

    def __init__(
        self, table: str, filled: tuple[str, ...], convert_for: Callable[[Any], Convert | None]
    ) -> None:
        extra = unfilled_columns(table, filled)
        self.names = (*filled, *(name for name, _ in extra))
        self.tail = tuple(value for _, value in extra)
        column_types = [table_named(table).c[name].type for name in self.names]
        self.converters = [
            (i, f) for i, f in enumerate(convert_for(t) for t in column_types) if f is not None
        ]

    def rows(self, rows: Sequence[tuple[Any, ...]]) -> Sequence[tuple[Any, ...]]:
        if not self.tail and not self.converters:
            return rows
        return [self._convert(row + self.tail) for row in rows]

    def _convert(self, row: tuple[Any, ...]) -> tuple[Any, ...]:
        values = list(row)
        for i, convert in self.converters:
            values[i] = convert(values[i])
        return tuple(values)

    def column_list(self) -> str:
        return ", ".join(f'"{c}"' for c in self.names)


class CopyWriter:
    """PostgreSQL path: ``COPY … FROM STDIN`` on the connection's own psycopg cursor."""

    def __init__(
        self, conn: Connection, columns: Layouts = COLUMNS,
        deferred: frozenset[str] = DEFERRED_INDEX_TABLES,
    ) -> None:  # fmt: skip
        self._conn = conn
        self._layouts = {name: _Layout(name, filled, _copy_converter)
                         for name, filled in columns.items()}  # fmt: skip
        self._deferrable = deferred
        self._dropped: dict[str, list[str]] = {}  # table -> CREATE INDEX statements

    def write(self, table: str, rows: Sequence[tuple[Any, ...]]) -> None:
        if table in self._deferrable and table not in self._dropped:
            self._drop_secondary_indexes(table)
        layout = self._layouts[table]
        cursor = self._conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        with cursor.copy(f'COPY "{table}" ({layout.column_list()}) FROM STDIN') as copy:
            for row in layout.rows(rows):
                copy.write_row(row)
        cursor.close()

    def _drop_secondary_indexes(self, table: str) -> None:
        """Maintaining an index row by row costs more than building it once at the end."""
        found = self._conn.execute(SECONDARY_INDEXES, {"table": table}).all()
        for name, _ in found:
            self._conn.execute(sa.text(f'DROP INDEX "{name}"'))
        self._dropped[table] = [definition for _, definition in found]

    def finish(self, tables: Sequence[str]) -> None:
        """Rebuild dropped indexes; move each id sequence past the explicit ids."""
        if self._dropped:
            self._conn.execute(sa.text("SET LOCAL maintenance_work_mem = '256MB'"))
        for definitions in self._dropped.values():
            for definition in definitions:
                self._conn.execute(sa.text(definition))
        self._dropped.clear()
        for table in tables:
            self._conn.execute(
                sa.text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f'(SELECT coalesce(max(id), 0) + 1 FROM "{table}"), false)'
                )
            )


class SqliteWriter:
    """SQLite path: the driver's own executemany over values converted once per column.

    Values are stored exactly as the column types store them (naive UTC text for
    ``UTCDateTime``, ISO dates, JSON text), so reads through the models see no difference;
    it skips SQLAlchemy's per-parameter processing, which costs most of the time here.
    """

    def __init__(self, conn: Connection, columns: Layouts = COLUMNS) -> None:
        self._conn = conn
        self._layouts = {name: _Layout(name, filled, _sqlite_converter)
                         for name, filled in columns.items()}  # fmt: skip

    def write(self, table: str, rows: Sequence[tuple[Any, ...]]) -> None:
        layout = self._layouts[table]
        placeholders = ", ".join("?" for _ in layout.names)
        sql = f'INSERT INTO "{table}" ({layout.column_list()}) VALUES ({placeholders})'
        cursor = self._conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        cursor.executemany(sql, layout.rows(rows))
        cursor.close()

    def finish(self, tables: Sequence[str]) -> None:
        """SQLite picks max(id) + 1 by itself; nothing to move on."""


def _dump_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _copy_converter(column_type: Any) -> Convert | None:
    return _dump_json if isinstance(column_type, JSONType) else None


def _sqlite_converter(column_type: Any) -> Convert | None:
    if isinstance(column_type, UTCDateTime):
        return _sqlite_datetime
    if isinstance(column_type, JSONType):
        return _dump_json
    if isinstance(column_type, sa.Date):
        return _sqlite_date
    return None


def _sqlite_datetime(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _sqlite_date(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def writer_for(
    conn: Connection, columns: Layouts = COLUMNS, deferred: frozenset[str] = DEFERRED_INDEX_TABLES
) -> BulkWriter:
    """The fastest writer the connection's driver allows, for tables laid out as
    ``columns``; on PostgreSQL the ``deferred`` tables' indexes are rebuilt by ``finish``."""
    if conn.dialect.name == "postgresql" and conn.dialect.driver == "psycopg":
        return CopyWriter(conn, columns, deferred)
    if conn.dialect.name == "sqlite" and conn.dialect.driver == "pysqlite":
        return SqliteWriter(conn, columns)
    return CoreWriter(conn, columns)
