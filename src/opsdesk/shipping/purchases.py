"""Label purchases that are never lost nor paid twice, the way payment systems do it.

A label costs money the moment the carrier sells it, but the shipment that uses it is
written later, in the caller's transaction, which may still fail (a constraint, a crash).
So every purchase leaves a trail in its own short transactions, keyed by a deterministic
reference (one per parcel):

1. ``pending``  — committed *before* the carrier is called, with the reference the carrier
   receives, so a process that dies mid-call leaves a row to reconcile;
2. ``bought``   — committed right after the carrier answers, with its ids and the label;
3. ``attached`` — written in the caller's transaction together with the shipment, so it is
   true exactly when the shipment exists.

A retry with the same reference reuses a bought-but-unattached label instead of buying a
second one. Left-overs are settled by :mod:`opsdesk.shipping.reconcile`: attached when the
shipment exists after all, else voided (refunded) through the carrier.

The purchase sessions come from ``factory``; the caller holds no open transaction of its
own meanwhile (SQLite lets one writer in at a time), see :func:`purchase_label`.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import asdict
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from opsdesk.kernel.db import Base, BigIntPK, JSONType, UTCDateTime, str_enum, utcnow
from opsdesk.kernel.errors import Conflict
from opsdesk.shipping.carriers.base import (
    Carrier,
    Label,
    LabelDocument,
    LabelRequest,
    Lane,
    Rate,
    ServiceLevel,
)

# A pending purchase younger than this may still be talking to the carrier: a second
# request for the same parcel waits rather than buying too.
IN_FLIGHT = timedelta(minutes=2)


class PurchaseStatus(enum.StrEnum):
    PENDING = "pending"  # intent committed, carrier called (or about to be)
    BOUGHT = "bought"  # the carrier sold the label; no shipment uses it yet
    ATTACHED = "attached"  # a committed shipment carries it
    VOIDED = "voided"  # refunded through the carrier: never attached
    ABANDONED = "abandoned"  # the carrier never sold it (died before or refused)
    VOID_FAILED = "void_failed"  # the carrier refused the refund: someone must look


class LabelPurchase(Base):
    __tablename__ = "label_purchases"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    # The deterministic reference of the parcel (order number and fulfilment): the key a
    # retry finds, and what the carrier receives as its own reference.
    reference: Mapped[str] = mapped_column(sa.String(120), unique=True)
    # No foreign key: the order may exist only in the caller's uncommitted transaction.
    order_id: Mapped[int] = mapped_column(sa.BigInteger, index=True)
    carrier: Mapped[str] = mapped_column(sa.String(40))
    status: Mapped[PurchaseStatus] = mapped_column(
        str_enum(PurchaseStatus), default=PurchaseStatus.PENDING
    )
    tracking_number: Mapped[str] = mapped_column(sa.String(64), default="")
    carrier_reference: Mapped[str] = mapped_column(sa.String(80), default="")
    label: Mapped[dict[str, Any]] = mapped_column(JSONType(), default=dict)
    shipment_id: Mapped[int | None] = mapped_column(sa.BigInteger, nullable=True)
    attempts: Mapped[int] = mapped_column(sa.Integer, default=1)
    note: Mapped[str] = mapped_column(sa.String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (sa.Index("ix_label_purchases_status_updated", "status", "updated_at"),)


def label_to_data(label: Label) -> dict[str, Any]:
    data = asdict(label)
    data["estimated_delivery_date"] = label.estimated_delivery_date.isoformat()
    if label.document is not None:
        data["document"] = {"media_type": label.document.media_type, "url": label.document.url}
    return data


def label_of_data(data: dict[str, Any]) -> Label:
    document = data.get("document")
    rate = data.get("rate")
    return Label(
        carrier=data["carrier"],
        tracking_number=data["tracking_number"],
        tracking_url=data.get("tracking_url", ""),
        service_level=ServiceLevel(data["service_level"]),
        lane=Lane(data["lane"]),
        estimated_delivery_date=date.fromisoformat(data["estimated_delivery_date"]),
        document=LabelDocument(document["media_type"], None, document["url"]) if document else None,
        rate=Rate(**{**rate, "service_level": ServiceLevel(rate["service_level"])})
        if rate
        else None,
        carrier_reference=data.get("carrier_reference", ""),
    )


def _find(session: Session, reference: str, *, lock: bool = False) -> LabelPurchase | None:
    query = sa.select(LabelPurchase).where(LabelPurchase.reference == reference)
    return session.scalar(query.with_for_update() if lock else query)


def _claim(
    factory: sessionmaker[Session], reference: str, order_id: int, carrier: str, at: datetime
) -> tuple[PurchaseStatus | None, Label | None]:
    """Step 1, committed: a new pending row (None), or what an earlier attempt left."""
    with factory() as session, session.begin():
        row = _find(session, reference, lock=True)
        if row is None:
            try:
                with session.begin_nested():
                    session.add(
                        LabelPurchase(
                            reference=reference,
                            order_id=order_id,
                            carrier=carrier,
                            created_at=at,
                            updated_at=at,
                        )
                    )
            except sa.exc.IntegrityError:
                raise Conflict(f"the label for {reference} is being bought right now") from None
            return None, None
        return _resume(row, carrier, at)


def _resume(row: LabelPurchase, carrier: str, at: datetime) -> tuple[PurchaseStatus, Label | None]:
    if row.status is PurchaseStatus.ATTACHED:
        raise Conflict(f"the label for {row.reference} is on shipment {row.shipment_id} already")
    if row.status is PurchaseStatus.BOUGHT:
        return PurchaseStatus.BOUGHT, label_of_data(row.label)
    in_flight = row.status is PurchaseStatus.PENDING and not row.note
    if in_flight and at - row.updated_at < IN_FLIGHT:
        raise Conflict(f"the label for {row.reference} is being bought right now")
    # A stale or failed attempt (the buyer died mid-call, the carrier was down), voided
    # or abandoned: buy (again), after asking the carrier whether a pending one sold.
    status = row.status
    row.status, row.carrier, row.updated_at = PurchaseStatus.PENDING, carrier, at
    row.note = ""
    row.attempts += 1
    return status, None


def _record_bought(
    factory: sessionmaker[Session], reference: str, label: Label, at: datetime
) -> None:
    """Step 2, committed at once: from here on the label can be reused or refunded."""
    with factory() as session, session.begin():
        session.execute(
            sa.update(LabelPurchase)
            .where(LabelPurchase.reference == reference)
            .values(
                status=PurchaseStatus.BOUGHT,
                tracking_number=label.tracking_number,
                carrier_reference=label.carrier_reference[:80],
                label=label_to_data(label),
                carrier=label.carrier,
                updated_at=at,
            )
        )


def _record_failure(
    factory: sessionmaker[Session], reference: str, status: PurchaseStatus, why: str, at: datetime
) -> None:
    """A refusal sold nothing (abandoned); an outage may hide a sale, so the row stays
    pending with a note: a retry may start at once, asking the carrier first."""
    with factory() as session, session.begin():
        session.execute(
            sa.update(LabelPurchase)
            .where(LabelPurchase.reference == reference)
            .values(status=status, note=(why or "failed")[:300], updated_at=at)
        )


def purchase_label(
    factory: sessionmaker[Session],
    *,
    order_id: int,
    carrier: Carrier,
    request: LabelRequest,
    buy: Callable[[Carrier, LabelRequest], Label],
    now: datetime | None = None,
) -> Label:
    """The label for ``request.reference``: bought once, whatever retries come.

    Commits in its own sessions from ``factory``; the caller must hold no open write
    transaction meanwhile (on SQLite it would block the purchase's own commits). ``buy``
    calls the carrier (and turns its errors into ours). A stale pending attempt is first
    looked up at the carrier, which may have sold it before the buyer died.
    """
    at = now or utcnow()
    reference = request.reference
    previous, label = _claim(factory, reference, order_id, carrier.name, at)
    if label is not None:
        return label
    if previous is PurchaseStatus.PENDING:
        label = carrier.find_label(reference)
    if label is None:
        try:
            label = buy(carrier, request)
        except Exception as exc:
            refused = getattr(exc, "status_code", 500) == 422
            status = PurchaseStatus.ABANDONED if refused else PurchaseStatus.PENDING
            _record_failure(factory, reference, status, str(exc), at)
            raise
    _record_bought(factory, reference, label, at)
    return label


def attach(session: Session, reference: str, shipment_id: int, *, now: datetime) -> None:
    """Step 3, in the caller's transaction with the shipment: the label is in use."""
    session.execute(
        sa.update(LabelPurchase)
        .where(LabelPurchase.reference == reference)
        .values(status=PurchaseStatus.ATTACHED, shipment_id=shipment_id, updated_at=now)
    )


def purchase(session: Session, reference: str) -> LabelPurchase | None:
    return _find(session, reference)
