"""Statements compiled once per dialect: SQL with positional marks and the types' processors."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlalchemy.sql.elements import BindParameter
from sqlalchemy.types import TypeEngine

_PYFORMAT = re.compile(r"%\(([^)]+)\)s|%%")

Processor = Callable[[Any], Any] | None


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
            found = self._compiled[dialect.name] = compile_statement(self.statement, dialect)
        return found


def compile_statement(statement: sa.Executable, dialect: Dialect) -> Compiled:
    compiled = statement.compile(dialect=dialect)  # type: ignore[attr-defined]
    if compiled.literal_execute_params or compiled.post_compile_params:
        raise TypeError("expanding or literal-execute parameters cannot be precompiled")
    sql, names, pieces = positional(compiled, dialect)
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


def result_readers(compiled: Compiled, description: Any, dialect: Dialect) -> tuple[Processor, ...]:
    if not compiled.column_types:
        return ()
    if len(description) != len(compiled.column_types):
        raise TypeError(f"the driver returned other columns than expected for: {compiled.sql}")
    readers = tuple(
        kind.dialect_impl(dialect).result_processor(dialect, column[1])
        for kind, column in zip(compiled.column_types, description, strict=True)
    )
    return readers if any(r is not None for r in readers) else ()


def positional(compiled: Any, dialect: Dialect) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
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
    return numbered(pieces, 0), tuple(names_seen), tuple(pieces)


def numbered(pieces: Sequence[str], offset: int) -> str:
    """The SQL around the marks joined by ``$n`` marks, numbered from ``offset + 1``."""
    marks = [f"${offset + n}" for n in range(1, len(pieces))]
    return "".join(piece + mark for piece, mark in zip(pieces, [*marks, ""], strict=True))
