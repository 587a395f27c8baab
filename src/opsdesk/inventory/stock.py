"""Stock figures per SKU x warehouse, on-hand changes outside orders, and the ledger check."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import catalog
from opsdesk.inventory import backorders, ledger
from opsdesk.inventory.events import StockAdjusted
from opsdesk.inventory.models import (
    MovementKind,
    Reservation,
    ReservationStatus,
    StockLevel,
    StockMovement,
    Warehouse,
)
from opsdesk.inventory.schemas import (
    AdjustmentResult,
    MovementRead,
    StockLevelRead,
)
from opsdesk.kernel import events
from opsdesk.kernel.db import utcnow
from opsdesk.kernel.errors import InsufficientStock, InvalidInput, NotFound

CHECK_BATCH = 500


@dataclass(frozen=True)
class Drift:
    """A stock figure that differs from what the ledger (or the reservations) say."""

    variant_id: int
    sku: str
    warehouse_id: int
    measure: str  # on_hand | reserved (ledger) | reserved_by_reservations
    recorded: int
    expected: int


def adjust(
    session: Session,
    *,
    sku: str,
    warehouse_id: int,
    delta: int,
    reason: str,
    actor: str,
    now: datetime | None = None,
) -> AdjustmentResult:
    """Correct on-hand stock (a count, damage found); never below what is reserved.

    Units added go to waiting (backordered) reservations first, oldest first.
    """
    if not reason.strip():
        raise InvalidInput("an adjustment needs a reason", details={"field": "reason"})
    variant_id = _variant_id(session, sku)
    return _change(
        session, variant_id, warehouse_id, delta, MovementKind.ADJUSTMENT,
        reason=reason, reference="", actor=actor, now=now or utcnow(), serve_backorders=True,
    )  # fmt: skip


def return_to_stock(
    session: Session,
    *,
    variant_id: int,
    warehouse_id: int,
    quantity: int,
    actor: str,
    reference: str,
    now: datetime | None = None,
) -> AdjustmentResult:
    """Put returned units back on the shelf; they stay available.

    A return is often booked in and straight out again (written off), so waiting orders
    are not served here: call ``fill_backorders`` once the units are known resellable.
    """
    _positive(quantity)
    return _change(
        session, variant_id, warehouse_id, quantity, MovementKind.RETURN_TO_STOCK,
        reason="returned to stock", reference=reference, actor=actor, now=now or utcnow(),
    )  # fmt: skip


def write_off(
    session: Session,
    *,
    variant_id: int,
    warehouse_id: int,
    quantity: int,
    actor: str,
    reason: str,
    reference: str = "",
    now: datetime | None = None,
) -> AdjustmentResult:
    """Remove unsellable units from stock; reserved units cannot be written off."""
    _positive(quantity)
    return _change(
        session, variant_id, warehouse_id, -quantity, MovementKind.WRITE_OFF,
        reason=reason or "written off", reference=reference, actor=actor, now=now or utcnow(),
    )  # fmt: skip


def check_consistency(
    session: Session, *, on_progress: Callable[[int, int], None] | None = None
) -> list[Drift]:
    """Recompute stock from the ledger and the reservations; report every difference.

    Works through the catalog in batches of variants so memory stays flat on large
    catalogs; ``on_progress(done, total)`` is called after each batch.
    """
    variant_ids = list(session.scalars(sa.select(catalog.Variant.id).order_by(catalog.Variant.id)))
    drifts: list[Drift] = []
    for start in range(0, len(variant_ids), CHECK_BATCH):
        batch = variant_ids[start : start + CHECK_BATCH]
        drifts.extend(_check_batch(session, batch))
        if on_progress is not None:
            on_progress(min(start + CHECK_BATCH, len(variant_ids)), len(variant_ids))
    return drifts


def _check_batch(session: Session, variant_ids: list[int]) -> list[Drift]:
    recorded = {
        (r.variant_id, r.warehouse_id): (r.on_hand, r.reserved)
        for r in session.execute(
            sa.select(StockLevel.variant_id, StockLevel.warehouse_id, StockLevel.on_hand,
                      StockLevel.reserved).where(StockLevel.variant_id.in_(variant_ids))
        )
    }  # fmt: skip
    from_ledger = {
        (r.variant_id, r.warehouse_id): (int(r.on_hand), int(r.reserved))
        for r in session.execute(
            sa.select(StockMovement.variant_id, StockMovement.warehouse_id,
                      sa.func.sum(StockMovement.on_hand_delta).label("on_hand"),
                      sa.func.sum(StockMovement.reserved_delta).label("reserved"))
            .where(StockMovement.variant_id.in_(variant_ids))
            .group_by(StockMovement.variant_id, StockMovement.warehouse_id)
        )
    }  # fmt: skip
    held: dict[tuple[int, int], int] = defaultdict(int)
    for r in session.execute(
        sa.select(Reservation.variant_id, Reservation.warehouse_id,
                  sa.func.sum(Reservation.quantity).label("quantity"))
        .where(Reservation.variant_id.in_(variant_ids),
               Reservation.status == ReservationStatus.ACTIVE)
        .group_by(Reservation.variant_id, Reservation.warehouse_id)
    ):  # fmt: skip
        held[(r.variant_id, r.warehouse_id)] = int(r.quantity)
    skus = dict(
        session.execute(
            sa.select(catalog.Variant.id, catalog.Variant.sku).where(
                catalog.Variant.id.in_(variant_ids)
            )
        ).all()
    )
    return _compare(recorded, from_ledger, held, skus)


def _compare(
    recorded: dict[tuple[int, int], tuple[int, int]],
    from_ledger: dict[tuple[int, int], tuple[int, int]],
    held: dict[tuple[int, int], int],
    skus: dict[int, str],
) -> list[Drift]:
    drifts: list[Drift] = []
    for key in sorted(set(recorded) | set(from_ledger) | set(held)):
        on_hand, reserved = recorded.get(key, (0, 0))
        expected_on_hand, expected_reserved = from_ledger.get(key, (0, 0))
        checks = (
            ("on_hand", on_hand, expected_on_hand),
            ("reserved", reserved, expected_reserved),
            ("reserved_by_reservations", reserved, held.get(key, 0)),
        )
        drifts.extend(
            Drift(key[0], skus.get(key[0], "?"), key[1], measure, got, want)
            for measure, got, want in checks
            if got != want
        )
    return drifts


def _change(
    session: Session,
    variant_id: int,
    warehouse_id: int,
    delta: int,
    kind: MovementKind,
    *,
    reason: str,
    reference: str,
    actor: str,
    now: datetime,
    serve_backorders: bool = False,
) -> AdjustmentResult:
    sku = _require_pair(session, variant_id, warehouse_id)
    ledger.ensure_stock_rows(session, [(variant_id, warehouse_id)], now)
    if not ledger.change_on_hand(
        session, variant_id=variant_id, warehouse_id=warehouse_id, delta=delta, now=now
    ):
        raise _short(session, sku, variant_id, warehouse_id, delta)
    movement = StockMovement(
        variant_id=variant_id, warehouse_id=warehouse_id, kind=kind, on_hand_delta=delta,
        reserved_delta=0, reason=reason[:200], reference=reference[:64], actor=actor[:120],
        created_at=now,
    )  # fmt: skip
    session.add(movement)
    session.flush()
    if delta > 0 and serve_backorders:
        backorders.fill_backorders(session, [(variant_id, warehouse_id)], actor=actor, now=now)
    result = _result(session, movement)
    events.record(
        session,
        StockAdjusted(
            variant_id=variant_id, sku=sku, warehouse_id=warehouse_id, kind=kind.value,
            on_hand_delta=delta, on_hand=result.stock.on_hand, reason=reason,
        ),
        now=now,
    )  # fmt: skip
    return result


def _result(session: Session, movement: StockMovement) -> AdjustmentResult:
    level = ledger.level(session, movement.variant_id, movement.warehouse_id)
    assert level is not None  # the caller changed this row
    return AdjustmentResult(
        movement=MovementRead.model_validate(movement),
        stock=StockLevelRead(
            variant_id=level.variant_id, warehouse_id=level.warehouse_id, on_hand=level.on_hand,
            reserved=level.reserved, available=level.on_hand - level.reserved,
        ),
    )  # fmt: skip


def _short(
    session: Session, sku: str, variant_id: int, warehouse_id: int, delta: int
) -> InsufficientStock:
    level = ledger.level(session, variant_id, warehouse_id)
    on_hand, reserved = (level.on_hand, level.reserved) if level else (0, 0)
    return InsufficientStock(
        f"cannot remove {-delta} of {sku}: {on_hand - reserved} available "
        f"({on_hand} on hand, {reserved} reserved)",
        details={
            "sku": sku, "warehouse_id": warehouse_id, "requested": -delta,
            "on_hand": on_hand, "reserved": reserved, "available": on_hand - reserved,
        },
    )  # fmt: skip


def _variant_id(session: Session, sku: str) -> int:
    variant_id = session.scalar(sa.select(catalog.Variant.id).where(catalog.Variant.sku == sku))
    if variant_id is None:
        raise NotFound("variant", sku)
    return variant_id


def _require_pair(session: Session, variant_id: int, warehouse_id: int) -> str:
    sku = session.scalar(sa.select(catalog.Variant.sku).where(catalog.Variant.id == variant_id))
    if sku is None:
        raise NotFound("variant", variant_id)
    if session.get(Warehouse, warehouse_id) is None:
        raise NotFound("warehouse", warehouse_id)
    return sku


def _positive(quantity: int) -> None:
    if quantity <= 0:
        raise InvalidInput("quantity must be positive", details={"field": "quantity"})
