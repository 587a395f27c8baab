"""What a carrier handed over with a label beyond the tracking number: its document's URL,
its own shipment id and the rate bought. Kept beside ``shipments`` (one row per shipment,
only for carriers that return something) so the hot shipments table stays narrow."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, Session, mapped_column

from opsdesk.kernel.db import Base, BigIntPK, UTCDateTime, utcnow
from opsdesk.shipping.carriers.base import Label


class ShipmentLabel(Base):
    __tablename__ = "shipment_labels"

    shipment_id: Mapped[int] = mapped_column(
        BigIntPK, sa.ForeignKey("shipments.id", ondelete="CASCADE"), primary_key=True
    )
    carrier_reference: Mapped[str] = mapped_column(sa.String(80), default="")
    # The carrier that really moves the parcel when an aggregator (EasyPost) sold the label.
    company: Mapped[str] = mapped_column(sa.String(40), default="")
    service: Mapped[str] = mapped_column(sa.String(80), default="")
    label_url: Mapped[str] = mapped_column(sa.String(1000), default="")
    media_type: Mapped[str] = mapped_column(sa.String(64), default="application/pdf")
    amount_minor: Mapped[int | None] = mapped_column(sa.BigInteger, nullable=True)
    currency: Mapped[str] = mapped_column(sa.String(3), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def record_label(session: Session, shipment_id: int, label: Label) -> ShipmentLabel | None:
    """Keep what the carrier returned, if anything beyond the number (the simulated carriers
    return nothing to keep: their label is drawn by OpsDesk on demand)."""
    document = label.document
    if document is None and not label.carrier_reference:
        return None
    rate = label.rate
    row = ShipmentLabel(
        shipment_id=shipment_id,
        carrier_reference=label.carrier_reference[:80],
        company=(rate.carrier if rate else "")[:40],
        service=(rate.service if rate else "")[:80],
        label_url=(document.url if document else "")[:1000],
        media_type=document.media_type if document else "application/pdf",
        amount_minor=rate.amount_minor if rate else None,
        currency=rate.currency if rate else "",
    )
    session.add(row)
    return row


def label_of(session: Session, shipment_id: int) -> ShipmentLabel | None:
    return session.get(ShipmentLabel, shipment_id)
