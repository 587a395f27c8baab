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

from opsdesk.kernel.fastsql.compiled import Compiled, Statement
from opsdesk.kernel.fastsql.inserts import (
    InsertValues,
    InsertWithChildren,
    insert_values,
    insert_with_children,
    mark_saved,
    saved,
)
from opsdesk.kernel.fastsql.running import deferred, deferring, run, run_mappings

__all__ = [
    "Compiled",
    "InsertValues",
    "InsertWithChildren",
    "Statement",
    "deferred",
    "deferring",
    "insert_values",
    "insert_with_children",
    "mark_saved",
    "run",
    "run_mappings",
    "saved",
]
