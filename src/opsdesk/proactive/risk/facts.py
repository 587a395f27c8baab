"""What the risk scan needs from a shipment's order, parcels and warehouse, kept per shipment.

Reading these at every scan joined four tables per row (the order, its lines summed for
the item count, the warehouse, the parcels' JSON weighed, the postal code cleaned). They
are fixed once a parcel is handed over, so PostgreSQL keeps them in one narrow row per
shipment (``risk_shipment_facts``), written when the shipment is created (the hand-over,
a reship), rewritten when the order's address changes, and backfilled by the scan for
any shipment in flight that has none yet (a store from before this table, rows written
behind the services' back). The scan then joins the shipment, this row and its last score.

The values are those the scan's reader computed in the same SQL before; the portable
path (SQLite) reads the four tables as it always did and does not use this table.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, Session, mapped_column

from opsdesk.kernel.db import Base
from opsdesk.kernel.events import DomainEvent, Subscriber
from opsdesk.orders import OrderAddressChanged
from opsdesk.proactive.risk.areas import AREA_PREFIX
from opsdesk.proactive.risk.shifts import DISTRICT_PREFIX
from opsdesk.shipping import ShipmentCreated

TABLE = "risk_shipment_facts"
_ASCII = "'^[ -~]*$'"


class ShipmentRiskFacts(Base):
    """One shipment's facts fixed at hand-over, as the scan reads them (PostgreSQL)."""

    __tablename__ = TABLE

    shipment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("shipments.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    weight_g: Mapped[float] = mapped_column(sa.Float)  # the parcels' weights summed
    placed: Mapped[int] = mapped_column(sa.BigInteger)  # the order's placed_at, epoch µs
    subtotal_minor: Mapped[int] = mapped_column(sa.BigInteger)
    shipping_minor: Mapped[int] = mapped_column(sa.BigInteger)
    ship_country: Mapped[str] = mapped_column(sa.String(2))
    # An ASCII postal code upper-cased, letters and digits only, cut to the longest
    # prefix the model uses; any other code as it was written (``postal_area`` reads it).
    postal_prefix: Mapped[str | None] = mapped_column(sa.String(16), nullable=True)
    postal_other: Mapped[str | None] = mapped_column(sa.String(32), nullable=True)
    origin_country: Mapped[str] = mapped_column(sa.String(2))  # the warehouse's, else the order's
    items: Mapped[int] = mapped_column(sa.BigInteger)  # units on the order's lines (1 if none)


_COLUMNS = ("shipment_id", "weight_g", "placed", "subtotal_minor", "shipping_minor",
            "ship_country", "postal_prefix", "postal_other", "origin_country", "items")  # fmt: skip
_SELECT = f"""
SELECT s.id,
       CASE WHEN jsonb_typeof(s.packages) <> 'array' THEN 0
            WHEN jsonb_array_length(s.packages) = 1
                 AND jsonb_typeof(s.packages -> 0 -> 'weight_g') = 'number'
            THEN (s.packages -> 0 ->> 'weight_g')::float8
            ELSE (SELECT coalesce(sum(CASE WHEN jsonb_typeof(p -> 'weight_g') = 'number'
                                      THEN (p ->> 'weight_g')::float8 ELSE 0 END), 0)
                  FROM jsonb_array_elements(s.packages) AS p WHERE jsonb_typeof(p) = 'object')
       END,
       (extract(epoch FROM o.placed_at) * 1000000)::int8,
       o.subtotal_minor, o.shipping_minor, o.ship_country,
       CASE WHEN o.ship_postal_code ~ {_ASCII}
            THEN left(upper(regexp_replace(o.ship_postal_code, '[^A-Za-z0-9]', '', 'g')),
                      {max(AREA_PREFIX, DISTRICT_PREFIX)})
       END,
       CASE WHEN o.ship_postal_code !~ {_ASCII} THEN o.ship_postal_code END,
       coalesce(w.country, o.ship_country),
       coalesce((SELECT sum(l.quantity) FROM order_lines AS l WHERE l.order_id = s.order_id), 1)
FROM shipments AS s
JOIN orders AS o ON o.id = s.order_id
LEFT JOIN warehouses AS w ON w.id = s.warehouse_id
WHERE {{where}}
"""
_UPSERT = f"""
INSERT INTO {TABLE} ({", ".join(_COLUMNS)})
{_SELECT}
ON CONFLICT (shipment_id) DO UPDATE SET
""" + ", ".join(f"{c} = excluded.{c}" for c in _COLUMNS[1:])
_BACKFILL = f"""
INSERT INTO {TABLE} ({", ".join(_COLUMNS)})
{_SELECT}
ON CONFLICT (shipment_id) DO NOTHING
"""


def _postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def write_for(session: Session, *, shipment_ids: Iterable[int] = (), order_id: int = 0) -> None:
    """Write (or rewrite) the facts of these shipments, or of every shipment of the order."""
    if not _postgres(session):
        return
    session.flush()  # the rows the SQL reads may still be in the unit of work
    ids = [int(i) for i in shipment_ids]
    if ids:
        where = "s.id = ANY(:ids)"
        session.execute(sa.text(_UPSERT.format(where=where)), {"ids": ids})
    if order_id:
        session.execute(sa.text(_UPSERT.format(where="s.order_id = :order")), {"order": order_id})


def backfill(session: Session, in_flight: str, values: dict[str, str]) -> None:
    """Facts for every shipment matching ``in_flight`` (SQL over ``s``) that has none.

    ``values`` holds the condition's parameters (psycopg's ``%(name)s`` style); the
    statement runs on the driver connection of the scan's transaction.
    """
    where = f"{in_flight} AND NOT EXISTS (SELECT 1 FROM {TABLE} AS x WHERE x.shipment_id = s.id)"
    connection = session.connection().connection.driver_connection
    with connection.cursor() as cursor:  # type: ignore[union-attr]
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(_BACKFILL.format(where=where), values or None)
        cursor.execute("SET LOCAL jit TO DEFAULT")


def on_shipment_created(session: Session, event: ShipmentCreated) -> None:
    write_for(session, shipment_ids=[event.shipment_id])


def on_address_changed(session: Session, event: OrderAddressChanged) -> None:
    write_for(session, order_id=event.order_id)


# Wired by the composition root (``registry.HANDLER_MODULES``): in the same transaction.
SUBSCRIPTIONS: dict[type[DomainEvent], list[Subscriber]] = {
    ShipmentCreated: [on_shipment_created],
    OrderAddressChanged: [on_address_changed],
}
