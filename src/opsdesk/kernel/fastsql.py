"""A compiled-statement executor for the few statements of a hot path (ADR 0007).

A Core statement is compiled once per dialect to its SQL string, the order of its
positional parameters and the bind/result processors of their types; each execution
then goes straight to a DBAPI cursor of the session's connection, inside the session's
transaction. What SQLAlchemy does per execution — the execution context, the compiled
cache lookup, parameter processing by name, the result object — is skipped; what the
column types do to values (enums to strings, ``UTCDateTime`` and dates to what SQLite
stores, JSON to JSONB) is not: each type's own bind and result processors run.

Rules (checked where they can be, at compile time):

- every parameter is an explicit ``bindparam`` the caller passes by name, or a
  constant in the statement; no ``expanding`` IN lists (use ``db.in_params``), no
  callable defaults — ``insert_values`` takes every value from the caller;
- the result is a list of plain tuples in the order of the selected/returned columns,
  processed by their types; no ORM entities;
- the connection's ``before_cursor_execute`` / ``after_cursor_execute`` listeners are
  called (statement counters, tracing); other execution events and ``echo`` are not;
- DBAPI errors are raised as SQLAlchemy's (``IntegrityError`` …), so callers catch the
  same exceptions as with ``connection.execute``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, NoReturn, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import (
    Session,
    configure_mappers,
    instrumentation,
    make_transient_to_detached,
)
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.sql.elements import BindParameter
from sqlalchemy.types import TypeEngine

_PYFORMAT = re.compile(r"%\(([^)]+)\)s|%%")
_CURSOR_KEY = "opsdesk.fastsql.cursor"
_CONNECTION_KEY = "opsdesk.fastsql.connection"
_DEFERRED_KEY = "opsdesk.fastsql.deferred"

Processor = Callable[[Any], Any] | None
T = TypeVar("T")


@dataclass(eq=False)  # compared and hashed by identity: each is built once and kept
class Compiled:
    """One statement for one dialect: SQL with positional marks and what to do to values."""

    sql: str
    names: tuple[str, ...]  # the parameter of each positional mark
    constants: Mapping[str, Any]  # values fixed in the statement (LIMIT 1 …)
    binders: tuple[Processor, ...]  # per mark
    column_types: tuple[TypeEngine[Any], ...]  # of the result columns, for ``readers``
    pieces: tuple[str, ...] = ()  # for ``$n`` marks: the SQL around them, to renumber
    # Per result column, set at the first execution from the cursor's description (the
    # driver's type codes choose some processors); empty when no column needs one.
    readers: tuple[Processor, ...] | None = None

    @property
    def returns_rows(self) -> bool:
        return bool(self.column_types)

    def parameters(self, values: Mapping[str, Any]) -> tuple[Any, ...]:
        if self.constants:
            values = {**self.constants, **values}
        try:
            raw = [values[name] for name in self.names]
        except KeyError as exc:
            raise TypeError(f"missing parameter {exc.args[0]!r} for: {self.sql}") from None
        return tuple(
            value if bind is None or value is None else bind(value)
            for value, bind in zip(raw, self.binders, strict=True)
        )


class Statement:
    """A Core statement compiled lazily, once per dialect, for :func:`run`."""

    def __init__(self, statement: sa.Executable) -> None:
        self.statement = statement
        self._compiled: dict[str, Compiled] = {}

    @functools.cached_property
    def keys(self) -> tuple[str, ...]:
        """Names of the selected (or returned) columns, in order."""
        columns: Any = getattr(self.statement, "selected_columns", None)
        if columns is None:
            columns = getattr(self.statement, "exported_columns", None)
        return tuple(columns.keys()) if columns is not None else ()

    def compiled(self, dialect: Dialect) -> Compiled:
        found = self._compiled.get(dialect.name)
        if found is None:
            found = self._compiled[dialect.name] = _compile(self.statement, dialect)
        return found


def run(session: Session, statement: Statement, values: Mapping[str, Any]) -> list[tuple[Any, ...]]:
    """Execute in the session's transaction; the rows it returns (empty for plain DML).

    Inside :func:`deferred`, a statement that returns no rows waits for the block's end.
    """
    connection = _connection(session)
    compiled = statement.compiled(connection.dialect)
    return _execute_or_defer(session, connection, compiled, compiled.parameters(values))


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
    connection = _connection(session)
    if connection.dialect.name != "postgresql" or len(pending) == 1:
        for compiled, parameters in pending:
            _execute(connection, compiled, parameters)
        return
    combined = Compiled(_with_parts(tuple(c for c, _ in pending)), (), {}, (), ())
    parameters = tuple(value for _, values in pending for value in values)
    _execute(connection, combined, parameters)


def deferring(session: Session) -> bool:
    """Whether writes that return nothing wait for the end of a :func:`deferred` block."""
    return _DEFERRED_KEY in session.info


@functools.lru_cache(maxsize=256)
def _with_parts(statements: tuple[Compiled, ...]) -> str:
    """``WITH w0 AS (first), w1 AS (second) … last``, the marks numbered through."""
    texts, offset = [], 0
    for compiled in statements:
        texts.append(_numbered(compiled.pieces, offset))
        offset += len(compiled.names)
    *parts, last = texts
    return "WITH " + ", ".join(f"w{n} AS ({sql})" for n, sql in enumerate(parts)) + " " + last


class InsertValues:
    """``INSERT INTO table (columns) VALUES (…), (…) [RETURNING …]``, one statement per row count.

    Every row gives a value for every column (no column defaults are applied).
    """

    def __init__(
        self, table: sa.Table, columns: Sequence[str], returning: Sequence[str] = ()
    ) -> None:
        unknown = set(columns) - set(table.c.keys())
        if unknown:
            raise ValueError(f"{table.name} has no columns {sorted(unknown)}")
        # In the table's order, as SQLAlchemy renders the VALUES
        self.columns = tuple(c.key for c in table.columns if c.key in set(columns))
        self.table, self.returning = table, tuple(returning)
        self._by_count: dict[int, Statement] = {}

    def statement(self, count: int) -> Statement:
        found = self._by_count.get(count)
        if found is None:
            table = self.table
            rows = [
                {c: sa.bindparam(f"{c}_{i}", type_=table.c[c].type) for c in self.columns}
                for i in range(count)
            ]
            insert = sa.insert(table).values(rows)
            if self.returning:
                insert = insert.returning(*(table.c[c] for c in self.returning))
            found = self._by_count[count] = Statement(insert)
        return found

    def compiled(self, count: int, dialect: Dialect) -> Compiled:
        statement = self.statement(count)
        known = dialect.name in statement._compiled
        compiled = statement.compiled(dialect)
        if not known:
            expected = tuple(f"{c}_{i}" for i in range(count) for c in self.columns)
            if compiled.names != expected:
                raise TypeError(f"unexpected parameter order in: {compiled.sql}")
        return compiled


def insert_values(
    session: Session, insert: InsertValues, rows: Sequence[Mapping[str, Any]]
) -> list[tuple[Any, ...]]:
    """Insert ``rows`` in one statement; the RETURNING rows (in no guaranteed order)."""
    if not rows:
        return []
    connection = _connection(session)
    compiled = insert.compiled(len(rows), connection.dialect)
    values = _flat_values(insert.table.name, insert.columns, compiled.binders, rows)
    return _execute_or_defer(session, connection, compiled, tuple(values))


class InsertWithChildren:
    """A row and its child rows, inserted by one statement on PostgreSQL.

    ``WITH p AS (INSERT INTO parent … RETURNING id) INSERT INTO child (link, …) SELECT
    p.id, v.* FROM p, (VALUES …) AS v RETURNING link, …``: one round trip instead of
    two, the children's link taken from the parent's new id. Each child value is cast
    to its column's type (a VALUES list has no target column to infer it from). On
    SQLite, where a ``WITH`` cannot write, it is two statements.
    """

    def __init__(self, parent: InsertValues, child: InsertValues, link: str) -> None:
        if parent.returning != ("id",):
            raise ValueError("the parent insert must return its id, and only that")
        if link not in child.columns:
            raise ValueError(f"{child.table.name} has no column {link!r} to link by")
        self.parent, self.child, self.link = parent, child, link
        self.columns = tuple(c for c in child.columns if c != link)
        self._compiled: dict[tuple[str, int], Compiled] = {}

    def compiled(self, count: int, dialect: Dialect) -> Compiled:
        found = self._compiled.get((dialect.name, count))
        if found is None:
            found = self._compiled[(dialect.name, count)] = self._compile(count, dialect)
        return found

    def _compile(self, count: int, dialect: Dialect) -> Compiled:
        parent = self.parent.compiled(1, dialect)
        table, width = self.child.table, len(self.columns)
        casts = [f"CAST({{}} AS {table.c[c].type.compile(dialect=dialect)})" for c in self.columns]
        offset = len(parent.names)
        rows = []
        for row in range(count):
            marks = (f"${offset + row * width + n + 1}" for n in range(width))
            rows.append(
                "(" + ", ".join(cast.format(m) for cast, m in zip(casts, marks, strict=True)) + ")"
            )
        quote = dialect.identifier_preparer.quote
        names = ", ".join(quote(c) for c in self.columns)
        returned = (self.link, *self.child.returning)
        sql = (
            f"WITH p AS ({parent.sql}) "
            f"INSERT INTO {quote(table.name)} ({quote(self.link)}, {names}) "
            f"SELECT p.id, v.* FROM p, (VALUES {', '.join(rows)}) AS v ({names}) "
            f"RETURNING {', '.join(quote(c) for c in returned)}"
        )
        binders = tuple(
            table.c[c].type.dialect_impl(dialect).bind_processor(dialect) for c in self.columns
        )
        return Compiled(
            sql=sql,
            names=parent.names + tuple(f"{c}_{i}" for i in range(count) for c in self.columns),
            constants={},
            binders=parent.binders + binders * count,
            column_types=tuple(table.c[c].type for c in returned),
        )


def insert_with_children(
    session: Session,
    insert: InsertWithChildren,
    parent: Mapping[str, Any],
    children: Sequence[Mapping[str, Any]],
) -> tuple[Any, list[tuple[Any, ...]]]:
    """Insert a row and at least one child; its id and the children's RETURNING rows.

    The children need no value for the link column: it is the parent's new id. Their
    rows come back as ``(link, *child returning)`` would, without the link, in no
    guaranteed order.
    """
    if not children:
        raise ValueError("insert_with_children needs at least one child row")
    connection = _connection(session)
    if connection.dialect.name != "postgresql":
        ((parent_id,),) = insert_values(session, insert.parent, [parent])
        rows = [{**child, insert.link: parent_id} for child in children]
        return parent_id, insert_values(session, insert.child, rows)
    compiled = insert.compiled(len(children), connection.dialect)
    head = insert.parent.compiled(1, connection.dialect)
    values = _flat_values(insert.parent.table.name, insert.parent.columns, head.binders, [parent])
    values += _flat_values(
        insert.child.table.name, insert.columns, compiled.binders[len(head.names) :], children
    )
    returned = _execute(connection, compiled, tuple(values))
    return returned[0][0], [row[1:] for row in returned]


def _flat_values(
    table: str,
    columns: Sequence[str],
    binders: Sequence[Processor],
    rows: Sequence[Mapping[str, Any]],
) -> list[Any]:
    """Every row's values in ``columns`` order, one after another, through the binders."""
    width = len(columns)
    try:
        values = [row[c] for row in rows for c in columns]
    except KeyError as exc:
        raise TypeError(f"missing value {exc.args[0]!r} for {table}") from None
    # Only the columns whose type converts values are visited (the same in every row).
    for column, bind in enumerate(binders[:width]):
        if bind is not None:
            for at in range(column, len(values), width):
                if values[at] is not None:
                    values[at] = bind(values[at])
    return values


def saved(model: type[T], values: Mapping[str, Any], **collections: list[Any]) -> T:
    """An ORM object for a row just written with this module, as if loaded from it.

    Values go straight into the object's state (no attribute events, no history), the
    given one-to-many ``collections`` are set as loaded, and the object gets its identity
    (``make_transient_to_detached``): ``session.add`` then attaches it clean, so the unit
    of work has nothing to write. Columns missing from ``values`` load on first access.
    """
    if collections and not sa.inspect(model).configured:
        configure_mappers()  # relationships exist once mappers are configured
    instance = instrumentation.manager_of_class(model).new_instance()
    instance.__dict__.update(values)
    for key, related in collections.items():
        set_committed_value(instance, key, related)
    make_transient_to_detached(instance)
    return instance


def mark_saved(session: Session, instance: object) -> None:
    """Record that the database now holds the object's current values (written here).

    What the unit of work does after it flushed an object: its changes leave its
    history and it is no longer dirty, so the next flush has nothing to write for it.
    """
    state = sa.inspect(instance)
    state._commit_all(state.dict, session.identity_map)


def _connection(session: Session) -> sa.Connection:
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


def _execute_or_defer(
    session: Session, connection: sa.Connection, compiled: Compiled, parameters: tuple[Any, ...]
) -> list[tuple[Any, ...]]:
    pending: list[tuple[Compiled, tuple[Any, ...]]] | None = session.info.get(_DEFERRED_KEY)
    if pending is None or compiled.returns_rows:
        return _execute(connection, compiled, parameters)
    pending.append((compiled, parameters))
    return []


def _execute(
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
        readers = compiled.readers = _readers(compiled, cursor.description, connection.dialect)
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


def _compile(statement: sa.Executable, dialect: Dialect) -> Compiled:
    compiled = statement.compile(dialect=dialect)  # type: ignore[attr-defined]
    if compiled.literal_execute_params or compiled.post_compile_params:
        raise TypeError("expanding or literal-execute parameters cannot be precompiled")
    sql, names, pieces = _positional(compiled, dialect)
    binds: dict[str, BindParameter[Any]] = compiled.binds
    constants = {}
    for name in names:
        bind = binds[name]
        if bind.callable is not None:
            raise TypeError(f"parameter {name!r} has a callable value")
        if not bind.required:
            constants[name] = bind.value
    binders = tuple(binds[n].type.dialect_impl(dialect).bind_processor(dialect) for n in names)
    columns = getattr(statement, "exported_columns", ())
    return Compiled(
        sql=sql,
        names=names,
        constants=constants,
        binders=binders,
        column_types=tuple(c.type for c in columns),
        pieces=pieces,
    )


def _readers(compiled: Compiled, description: Any, dialect: Dialect) -> tuple[Processor, ...]:
    if not compiled.column_types:
        return ()
    if len(description) != len(compiled.column_types):
        raise TypeError(f"the driver returned other columns than expected for: {compiled.sql}")
    readers = tuple(
        kind.dialect_impl(dialect).result_processor(dialect, column[1])
        for kind, column in zip(compiled.column_types, description, strict=True)
    )
    return readers if any(r is not None for r in readers) else ()


def _positional(compiled: Any, dialect: Dialect) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """The SQL with positional marks, the bind name of each mark and the SQL around them.

    SQLite (qmark) keeps SQLAlchemy's SQL. For psycopg the named marks become PostgreSQL's
    own ``$1, $2 …``, run by a ``RawCursor``: the driver then sends the text as it is
    instead of parsing it for ``%s`` on every execution (it caches that only for short
    statements with few parameters, which intake's combined writes are not).
    """
    unescape: dict[str, str] = {v: k for k, v in (compiled.escaped_bind_names or {}).items()}
    if compiled.positiontup is not None:
        names = tuple(unescape.get(n, n) for n in compiled.positiontup)
        return compiled.string, names, ()
    if dialect.paramstyle != "pyformat" or dialect.driver != "psycopg":
        raise TypeError(f"unsupported driver {dialect.driver} ({dialect.paramstyle})")
    pieces, names_seen, current, start = [], [], [], 0
    for match in _PYFORMAT.finditer(compiled.string):
        current.append(compiled.string[start : match.start()])
        start = match.end()
        if match.group(1) is None:  # an escaped percent sign
            current.append("%")
            continue
        pieces.append("".join(current))
        current = []
        names_seen.append(unescape.get(match.group(1), match.group(1)))
    current.append(compiled.string[start:])
    pieces.append("".join(current))
    unknown = [n for n in names_seen if n not in compiled.binds]
    if unknown:
        raise TypeError(f"could not map parameters {unknown} of: {compiled.string}")
    return _numbered(pieces, 0), tuple(names_seen), tuple(pieces)


def _numbered(pieces: Sequence[str], offset: int) -> str:
    """The SQL around the marks joined by ``$n`` marks, numbered from ``offset + 1``."""
    marks = [f"${offset + n}" for n in range(1, len(pieces))]
    return "".join(piece + mark for piece, mark in zip(pieces, [*marks, ""], strict=True))
