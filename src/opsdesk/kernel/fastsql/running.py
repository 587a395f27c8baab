"""Running compiled statements on the session's DBAPI cursor, at once or deferred."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, NoReturn

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk.kernel.fastsql.compiled import Compiled, Statement, numbered, result_readers

_CURSOR_KEY = "opsdesk.fastsql.cursor"
_CONNECTION_KEY = "opsdesk.fastsql.connection"
_DEFERRED_KEY = "opsdesk.fastsql.deferred"


def run(session: Session, statement: Statement, values: Mapping[str, Any]) -> list[tuple[Any, ...]]:
    """Execute in the session's transaction; the rows it returns (empty for plain DML).

    Inside :func:`deferred`, a statement that returns no rows waits for the block's end.
    """
    connection = connection_of(session)
    compiled = statement.compiled(connection.dialect)
    return execute_or_defer(session, connection, compiled, compiled.parameters(values))


def run_mappings(
    session: Session, statement: Statement, values: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """:func:`run` for a SELECT, each row as a dict keyed by the selected columns' names."""
    keys = statement.keys
    return [dict(zip(keys, row, strict=True)) for row in run(session, statement, values)]


@contextmanager
def deferred(session: Session) -> Iterator[None]:
    """Send the writes that return nothing, made inside the block, together when it ends.

    On PostgreSQL they leave as one statement (each a data-modifying ``WITH`` part): one
    round trip and one statement for the server instead of several. The parts run in no
    set order (rows within one INSERT keep theirs, and so their ids), so two writes that
    depend on each other's order or touch the same row do not belong in one block.
    Elsewhere they run one after the other, in the order they were made, at the end.

    Until then nothing in the transaction sees those rows: use it around the tail of a
    hot path whose writes nobody reads back before it ends (intake's ledger,
    reservations, timeline, outbox and status). If the block raises, nothing is sent
    (the caller rolls back). Nested blocks send with the outermost one.
    """
    if _DEFERRED_KEY in session.info:
        yield
        return
    pending: list[tuple[Compiled, tuple[Any, ...]]] = []
    session.info[_DEFERRED_KEY] = pending
    try:
        yield
    finally:
        del session.info[_DEFERRED_KEY]
    if not pending:
        return
    connection = connection_of(session)
    if connection.dialect.name != "postgresql" or len(pending) == 1:
        for compiled, parameters in pending:
            execute(connection, compiled, parameters)
        return
    combined = Compiled(_with_parts(tuple(c for c, _ in pending)), (), {}, (), ())
    parameters = tuple(value for _, values in pending for value in values)
    execute(connection, combined, parameters)


def deferring(session: Session) -> bool:
    """Whether writes that return nothing wait for the end of a :func:`deferred` block."""
    return _DEFERRED_KEY in session.info


@functools.lru_cache(maxsize=256)
def _with_parts(statements: tuple[Compiled, ...]) -> str:
    """``WITH w0 AS (first), w1 AS (second) … last``, the marks numbered through."""
    texts, offset = [], 0
    for compiled in statements:
        texts.append(numbered(compiled.pieces, offset))
        offset += len(compiled.names)
    *parts, last = texts
    return "WITH " + ", ".join(f"w{n} AS ({sql})" for n, sql in enumerate(parts)) + " " + last


def connection_of(session: Session) -> sa.Connection:
    """``session.connection()``, remembered for the session's current transaction.

    Asking the session costs more than a small statement's execution; the connection of
    a transaction does not change until it ends (a new transaction is a new object).
    """
    transaction = session.get_transaction()
    kept = session.info.get(_CONNECTION_KEY)
    if transaction is not None and kept is not None and kept[0] is transaction:
        connection: sa.Connection = kept[1]
        if not connection.closed and not connection.invalidated:
            return connection
    connection = session.connection()
    session.info[_CONNECTION_KEY] = (session.get_transaction(), connection)
    return connection


def execute_or_defer(
    session: Session, connection: sa.Connection, compiled: Compiled, parameters: tuple[Any, ...]
) -> list[tuple[Any, ...]]:
    pending: list[tuple[Compiled, tuple[Any, ...]]] | None = session.info.get(_DEFERRED_KEY)
    if pending is None or compiled.returns_rows:
        return execute(connection, compiled, parameters)
    pending.append((compiled, parameters))
    return []


def execute(
    connection: sa.Connection, compiled: Compiled, parameters: tuple[Any, ...]
) -> list[tuple[Any, ...]]:
    cursor = _cursor(connection)
    sql = compiled.sql
    dispatch = connection.dispatch
    if dispatch.before_cursor_execute:
        dispatch.before_cursor_execute(connection, cursor, sql, parameters, None, False)
    try:
        cursor.execute(sql, parameters)
        rows = cursor.fetchall() if compiled.returns_rows else []
    except connection.dialect.loaded_dbapi.Error as exc:
        _raise_wrapped(connection, exc, sql, parameters)
    if dispatch.after_cursor_execute:
        dispatch.after_cursor_execute(connection, cursor, sql, parameters, None, False)
    readers = compiled.readers
    if readers is None:
        readers = compiled.readers = result_readers(
            compiled, cursor.description, connection.dialect
        )
    if not readers or not rows:
        return rows
    return [
        tuple(
            v if read is None or v is None else read(v)
            for v, read in zip(row, readers, strict=True)
        )
        for row in rows
    ]


def _cursor(connection: sa.Connection) -> Any:
    """One cursor per DBAPI connection, kept with it (creating one per statement costs)."""
    dbapi_connection = connection.connection.dbapi_connection
    info = connection.connection.info
    kept = info.get(_CURSOR_KEY)
    if kept is None or kept[0] is not dbapi_connection:
        kept = info[_CURSOR_KEY] = (dbapi_connection, _new_cursor(connection))
    return kept[1]


def _new_cursor(connection: sa.Connection) -> Any:
    dbapi_connection: Any = connection.connection.dbapi_connection
    if connection.dialect.driver == "psycopg":
        import psycopg  # only with PostgreSQL

        return psycopg.RawCursor(dbapi_connection)  # ``$n`` marks, see ``_positional``
    return dbapi_connection.cursor()


def _raise_wrapped(
    connection: sa.Connection, exc: Any, sql: str, parameters: tuple[Any, ...]
) -> NoReturn:
    dialect = connection.dialect
    if dialect.is_disconnect(exc, connection.connection.dbapi_connection, None):
        connection.invalidate(exc)
    raise sa.exc.DBAPIError.instance(
        sql, parameters, exc, dialect.loaded_dbapi.Error, dialect=dialect
    ) from exc
