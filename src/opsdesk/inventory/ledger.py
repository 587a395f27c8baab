"""Low-level stock writes: every change of a stock level goes with a ledger row.

Stock levels change only through conditional UPDATEs, so two transactions can never
both take the same unit: the database re-checks the condition on the row it locked.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from opsdesk.inventory.models import MovementKind, StockLevel, StockMovement
from opsdesk.kernel import fastsql
from opsdesk.kernel.db import UTCDateTime, table_of
from opsdesk.kernel.errors import InsufficientStock

_RESERVED_WITHIN_ON_HAND = "ck_stock_levels_reserved_within_on_hand"
_INSERT_MOVEMENTS = fastsql.InsertValues(
    table_of(StockMovement),
    ("variant_id", "warehouse_id", "kind", "on_hand_delta", "reserved_delta", "reason",
     "reference", "actor", "created_at"),
)  # fmt: skip


@dataclass(frozen=True)
class Movement:
    variant_id: int
    warehouse_id: int
    kind: MovementKind
    on_hand_delta: int = 0
    reserved_delta: int = 0
    reason: str = ""
    reference: str = ""


def order_reference(order_id: int) -> str:
    return f"order:{order_id}"


def ensure_stock_rows(session: Session, pairs: Iterable[tuple[int, int]], now: datetime) -> None:
    """Create missing (variant, warehouse) rows at zero; safe against concurrent creators."""
    values = [
        {"variant_id": v, "warehouse_id": w, "on_hand": 0, "reserved": 0, "updated_at": now}
        for v, w in sorted(set(pairs))
    ]
    if not values:
        return
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(StockLevel).on_conflict_do_nothing(
        index_elements=["variant_id", "warehouse_id"]
    )
    session.execute(statement, values)


def change_on_hand(
    session: Session, *, variant_id: int, warehouse_id: int, delta: int, now: datetime
) -> bool:
    """Add ``delta`` to on-hand unless that would leave less than what is reserved."""
    result = session.execute(
        sa.update(StockLevel)
        .where(
            StockLevel.variant_id == variant_id,
            StockLevel.warehouse_id == warehouse_id,
            StockLevel.on_hand + delta >= StockLevel.reserved,
        )
        .values(on_hand=StockLevel.on_hand + delta, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return _rowcount(result) == 1


def reserve(session: Session, *, stock_id: int, quantity: int, now: datetime) -> bool:
    """Hold ``quantity`` more units of one stock row if they are still available."""
    result = session.execute(
        sa.update(StockLevel)
        .where(StockLevel.id == stock_id, StockLevel.on_hand - StockLevel.reserved >= quantity)
        .values(reserved=StockLevel.reserved + quantity, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return _rowcount(result) == 1


def reserve_rows(session: Session, quantities: Mapping[int, int], *, now: datetime) -> set[int]:
    """Hold more units of several stock rows (by id) in one statement; returns the rows taken.

    A row is taken only if its quantity is still available; the caller compares the
    result with what it asked for. Rows are updated in one statement, so the caller must
    already hold their locks in a fixed order (``supply.load``) or touch one row only.
    """
    statement = _reserve_statement(len(quantities))
    return {row[0] for row in fastsql.run(session, statement, _row_quantities(quantities, now))}


def hold_rows(session: Session, quantities: Mapping[int, int], *, now: datetime) -> None:
    """Hold more units of several locked stock rows (by id), unconditionally, in one statement.

    For a caller that planned from the rows' figures under their locks (``supply.load``):
    nothing can have changed since, so the statement needs no condition and returns
    nothing, which lets it leave with a ``fastsql.deferred`` block's other writes. The
    table's CHECK constraint (reserved ≤ on hand) still refuses an oversold row; see
    :func:`oversell_refused`.
    """
    fastsql.run(session, _hold_statement(len(quantities)), _row_quantities(quantities, now))


@contextmanager
def oversell_refused() -> Iterator[None]:
    """Around a ``fastsql.deferred`` block that holds stock with :func:`hold_rows`: a row
    refused by the CHECK constraint while the block's writes leave is ``InsufficientStock``
    (409), not a driver error. It cannot happen while ``supply.load``'s locks hold; it is
    the guard should that ever be untrue."""
    try:
        yield
    except IntegrityError as exc:
        if _RESERVED_WITHIN_ON_HAND not in str(exc.orig):
            raise
        raise taken_meanwhile() from exc


def taken_meanwhile() -> InsufficientStock:
    """The refusal when other orders took the planned units (409, retry)."""
    return InsufficientStock(
        "the stock was taken by other orders while allocating; try again",
        details={"short": [], "reason": "concurrent_allocation"},
    )


def unreserve_rows(session: Session, quantities: Mapping[int, int], *, now: datetime) -> None:
    """Give back units that ``reserve_rows`` took in this transaction (its rows stay locked)."""
    if not quantities:
        return
    given = sa.case(quantities, value=StockLevel.id)
    session.execute(
        sa.update(StockLevel)
        .where(StockLevel.id.in_(sorted(quantities)))
        .values(reserved=StockLevel.reserved - given, updated_at=now)
        .execution_options(synchronize_session=False)
    )


def _row_quantities(quantities: Mapping[int, int], now: datetime) -> dict[str, Any]:
    """Parameters of ``_wanted``'s marks, rows in id order, and ``now``."""
    params: dict[str, Any] = {"now": now}
    for n, stock_id in enumerate(sorted(quantities)):
        params[f"id{n}"], params[f"q{n}"] = stock_id, quantities[stock_id]
    return params


@functools.cache
def _reserve_statement(rows: int) -> fastsql.Statement:
    """``reserved += q`` for ``rows`` rows if each has q available, built once per row count
    (on the intake path, building the statement cost more than running it)."""
    table = table_of(StockLevel)
    ids, wanted = _wanted(rows)
    return fastsql.Statement(
        sa.update(table)
        .where(table.c.id.in_(ids), table.c.on_hand - table.c.reserved >= wanted)
        .values(
            reserved=table.c.reserved + wanted, updated_at=sa.bindparam("now", type_=UTCDateTime)
        )
        .returning(table.c.id)
    )


@functools.cache
def _hold_statement(rows: int) -> fastsql.Statement:
    """``reserved += q`` for ``rows`` rows, no condition and nothing returned."""
    table = table_of(StockLevel)
    ids, wanted = _wanted(rows)
    return fastsql.Statement(
        sa.update(table)
        .where(table.c.id.in_(ids))
        .values(
            reserved=table.c.reserved + wanted, updated_at=sa.bindparam("now", type_=UTCDateTime)
        )
    )


def _wanted(rows: int) -> tuple[list[sa.BindParameter[int]], sa.Case[Any]]:
    """``id0 … idN`` marks and ``CASE id WHEN id0 THEN q0 …`` for a per-row quantity."""
    table = table_of(StockLevel)
    ids = [sa.bindparam(f"id{n}", type_=sa.BigInteger) for n in range(rows)]
    wanted = sa.case(
        *[(table.c.id == ids[n], sa.bindparam(f"q{n}", type_=sa.Integer)) for n in range(rows)]
    )
    return ids, wanted


def unreserve(
    session: Session,
    *,
    variant_id: int,
    warehouse_id: int,
    quantity: int,
    take_off_shelf: bool,
    now: datetime,
) -> bool:
    """Give back held units, or (``take_off_shelf``) remove them from stock as picked."""
    values: dict[str, Any] = {"reserved": StockLevel.reserved - quantity, "updated_at": now}
    if take_off_shelf:
        values["on_hand"] = StockLevel.on_hand - quantity
    result = session.execute(
        sa.update(StockLevel)
        .where(
            StockLevel.variant_id == variant_id,
            StockLevel.warehouse_id == warehouse_id,
            StockLevel.reserved >= quantity,
        )
        .values(values)
        .execution_options(synchronize_session=False)
    )
    return _rowcount(result) == 1


def record(session: Session, movements: Sequence[Movement], *, actor: str, now: datetime) -> None:
    """Append ledger rows in one statement.

    A plain INSERT (``kernel.fastsql``), outside the unit of work: nothing pending in the
    session can be referenced by a ledger row (variants and warehouses exist before stock
    moves).
    """
    if not movements:
        return
    fastsql.insert_values(
        session,
        _INSERT_MOVEMENTS,
        [
            {
                "variant_id": m.variant_id,
                "warehouse_id": m.warehouse_id,
                "kind": m.kind,
                "on_hand_delta": m.on_hand_delta,
                "reserved_delta": m.reserved_delta,
                "reason": m.reason[:200],
                "reference": m.reference[:64],
                "actor": actor[:120],
                "created_at": now,
            }
            for m in movements
        ],
    )


def level(session: Session, variant_id: int, warehouse_id: int) -> StockLevel | None:
    return session.execute(
        sa.select(StockLevel)
        .where(StockLevel.variant_id == variant_id, StockLevel.warehouse_id == warehouse_id)
        .execution_options(populate_existing=True)
    ).scalar_one_or_none()


def _rowcount(result: sa.Result[Any]) -> int:
    return int(getattr(result, "rowcount", 0))
