"""Settling label purchases a crash or a failed commit left behind (worker job).

A purchase still ``bought`` (or ``pending``) some minutes after it started was never
attached to a shipment by its request. If the shipment exists after all, the purchase is
attached; otherwise the label is voided (refunded) through its carrier, and the order's
timeline says so. A pending purchase is first looked up at the carrier by reference: a
label it never sold is simply closed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import orders
from opsdesk.shipping.carriers.base import Carrier, CarrierRefused, CarrierUnavailable, Label
from opsdesk.shipping.models import Shipment
from opsdesk.shipping.purchases import (
    LabelPurchase,
    PurchaseStatus,
    label_of_data,
    label_to_data,
)

ACTOR = "system:label-reconciliation"
SETTLE_AFTER = timedelta(minutes=10)
BATCH = 100
OPEN = (PurchaseStatus.PENDING, PurchaseStatus.BOUGHT)


@dataclass(frozen=True)
class Settled:
    attached: int = 0
    voided: int = 0
    abandoned: int = 0
    failed: int = 0


def reconcile_purchases(
    session: Session,
    carriers: Mapping[str, Carrier],
    *,
    now: datetime,
    older_than: timedelta = SETTLE_AFTER,
) -> Settled:
    """Attach, void or close every purchase left open longer than ``older_than``."""
    rows = session.scalars(
        sa.select(LabelPurchase)
        .where(LabelPurchase.status.in_(OPEN), LabelPurchase.updated_at < now - older_than)
        .order_by(LabelPurchase.id)
        .limit(BATCH)
    ).all()
    counts = {"attached": 0, "voided": 0, "abandoned": 0, "failed": 0}
    for row in rows:
        outcome = _settle(session, row, carriers.get(row.carrier), now)
        if outcome:
            counts[outcome] += 1
    session.flush()
    return Settled(**counts)


def _settle(session: Session, row: LabelPurchase, carrier: Carrier | None, now: datetime) -> str:
    if carrier is None:
        return ""  # a carrier this process lacks (EasyPost without its key): leave it
    label = label_of_data(row.label) if row.status is PurchaseStatus.BOUGHT else None
    try:
        label = label or carrier.find_label(row.reference)
    except CarrierUnavailable:
        return ""  # ask again next run
    if label is None:
        row.status, row.updated_at = PurchaseStatus.ABANDONED, now
        row.note = "the carrier sold no label for this reference"
        return "abandoned"
    shipment_id = session.scalar(
        sa.select(Shipment.id).where(Shipment.tracking_number == label.tracking_number)
    )
    if shipment_id is not None:
        row.status, row.shipment_id, row.updated_at = PurchaseStatus.ATTACHED, shipment_id, now
        return "attached"
    return _void(session, row, carrier, label, now)


def _void(
    session: Session, row: LabelPurchase, carrier: Carrier, label: Label, now: datetime
) -> str:
    try:
        refund = carrier.void_label(label)
    except CarrierUnavailable:
        return ""
    except CarrierRefused as exc:
        row.status, row.note, row.updated_at = PurchaseStatus.VOID_FAILED, str(exc)[:300], now
        _tell(session, row, label, f"could not be voided ({exc}): ask {row.carrier} for a refund",
              now)  # fmt: skip
        return "failed"
    row.status, row.note, row.updated_at = PurchaseStatus.VOIDED, f"refund {refund}", now
    row.tracking_number, row.label = label.tracking_number, label_to_data(label)
    _tell(session, row, label, f"voided (refund {refund}): bought but never attached to a "
          "shipment", now)  # fmt: skip
    return "voided"


def _tell(session: Session, row: LabelPurchase, label: Label, what: str, now: datetime) -> None:
    if session.get(orders.Order, row.order_id) is None:
        return  # the order itself never committed: nothing to write a timeline on
    orders.add_timeline_event(
        session, row.order_id, kind="shipment.label_voided",
        summary=f"{label.carrier} label {label.tracking_number} {what}", actor=ACTOR,
        data={"reference": row.reference, "tracking_number": label.tracking_number,
              "carrier": label.carrier, "status": row.status.value},
        occurred_at=now,
    )  # fmt: skip
