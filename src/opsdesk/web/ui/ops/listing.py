"""Long lists one page at a time: keyset (seek) pagination over an ordered select, with an
opaque cursor in the query string, so page 5,000 of a million orders costs what page 1
does (no OFFSET).

A list orders by a few columns that end in a unique one (``created_at DESC, id DESC``);
the cursor is the last row's values of those columns. ``page_of`` fetches one row more
than it shows to know whether there is a next page."""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Generic, TypeVar
from urllib.parse import urlencode

import sqlalchemy as sa
from sqlalchemy.orm import Session

T = TypeVar("T")
PAGE_SIZE = 50


@dataclass(frozen=True)
class SortKey:
    """One column of a list's order; ``descending`` lists newest or largest first."""

    column: Any
    descending: bool = False


@dataclass(frozen=True)
class Page(Generic[T]):
    rows: list[T]
    next_cursor: str | None
    is_first: bool


def encode_cursor(values: Sequence[Any]) -> str:
    plain = [v.isoformat() if isinstance(v, date | datetime) else v for v in values]
    raw = json.dumps(plain, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None, width: int) -> list[Any] | None:
    """The values in a cursor, or None for no cursor or one that is not ours (a tampered
    or stale link starts again from the first page rather than failing)."""
    if not cursor or len(cursor) > 512:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(values, list) or len(values) != width:
        return None
    if not all(v is None or isinstance(v, str | int | float) for v in values):
        return None
    return values


def _after(keys: Sequence[SortKey], values: Sequence[Any]) -> sa.ColumnElement[bool]:
    """Rows strictly after ``values`` in the order of ``keys`` (a row-value comparison
    written out, since the columns may sort in different directions)."""
    clauses: list[sa.ColumnElement[bool]] = []
    for i, key in enumerate(keys):
        value = _literal(key.column, values[i])
        beyond = key.column < value if key.descending else key.column > value
        equal = [keys[j].column == _literal(keys[j].column, values[j]) for j in range(i)]
        clauses.append(sa.and_(*equal, beyond))
    # The same condition again on the first column alone: PostgreSQL cannot bound an index
    # scan by the OR above (a deep page read every row before it: 500 ms at 180,000 rows
    # deep, against 0.1 ms with this bound).
    first, start = keys[0].column, _literal(keys[0].column, values[0])
    return sa.and_(first <= start if keys[0].descending else first >= start, sa.or_(*clauses))


def _literal(column: Any, value: Any) -> Any:
    """A cursor value back in the column's Python type (dates travel as ISO text)."""
    try:
        kind = getattr(column.type, "impl", column.type).python_type
    except NotImplementedError:
        kind = None
    if isinstance(value, str) and kind is datetime:
        value = datetime.fromisoformat(value)
    elif isinstance(value, str) and kind is date:
        value = date.fromisoformat(value)
    return sa.literal(value, type_=column.type)


def page_of(
    session: Session,
    stmt: sa.Select[Any],
    keys: Sequence[SortKey],
    cursor: str | None,
    *,
    size: int = PAGE_SIZE,
    scalars: bool = True,
) -> Page[Any]:
    """One page of ``stmt`` ordered by ``keys``; key columns must not be NULL and the last
    must be unique. ``scalars`` returns the first selected entity per row (an ORM object),
    else whole rows."""
    values = decode_cursor(cursor, len(keys))
    if values is not None:
        stmt = stmt.where(_after(keys, values))
    order = [k.column.desc() if k.descending else k.column.asc() for k in keys]
    stmt = stmt.order_by(*order).limit(size + 1)
    key_labels = [
        sa.type_coerce(k.column, k.column.type).label(f"_k{i}") for i, k in enumerate(keys)
    ]
    result = session.execute(stmt.add_columns(*key_labels)).all()
    more = len(result) > size
    result = result[:size]
    rows = [r[0] if scalars else tuple(r)[: -len(keys)] for r in result]
    next_cursor = encode_cursor(list(result[-1])[-len(keys) :]) if more and result else None
    return Page(rows=rows, next_cursor=next_cursor, is_first=values is None)


def link(path: str, params: dict[str, Any], **changes: Any) -> str:
    """``path`` with the list's current filters, some changed (None drops a parameter)."""
    merged = {**params, **changes}
    query = urlencode({k: v for k, v in merged.items() if v not in (None, "", False)}, doseq=True)
    return f"{path}?{query}" if query else path


__all__ = ["PAGE_SIZE", "Page", "SortKey", "decode_cursor", "encode_cursor", "link", "page_of"]
