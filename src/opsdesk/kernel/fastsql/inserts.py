"""Multi-row INSERTs, a row with its children, and ORM objects for rows just written."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import (
    Session,
    configure_mappers,
    instrumentation,
    make_transient_to_detached,
)
from sqlalchemy.orm.attributes import set_committed_value

from opsdesk.kernel.fastsql.compiled import Compiled, Processor, Statement
from opsdesk.kernel.fastsql.running import connection_of, execute, execute_or_defer

T = TypeVar("T")


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
    connection = connection_of(session)
    compiled = insert.compiled(len(rows), connection.dialect)
    values = _flat_values(insert.table.name, insert.columns, compiled.binders, rows)
    return execute_or_defer(session, connection, compiled, tuple(values))


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
            found = self._compiled[(dialect.name, count)] = self.compile_statement(count, dialect)
        return found

    def compile_statement(self, count: int, dialect: Dialect) -> Compiled:
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
    connection = connection_of(session)
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
    returned = execute(connection, compiled, tuple(values))
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
