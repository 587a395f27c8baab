"""The order list's filters: the query string read into typed values (a bad value is a
422 that names the filter), and the conditions about tickets, parcels and risk scores
that only the web layer may put together (the orders module must not read the service
desk or the modules above it).

What the flags mean, in the page's help too:

- **Late**: an open order (not delivered, cancelled or returned) whose promised delivery
  day has passed, or with a parcel on its way whose carrier estimate is after its promise
  (``shipping.is_late``, as the ticket panel's "Late" badge).
- **At risk**: the proactive delay-risk scan flagged one of its parcels (the latest score
  is above the model's threshold) and the order is still open.
- **Backordered**: some units wait for stock (a waiting reservation with a ready date).
- **Has open ticket**: a new, open or pending ticket is linked to the order.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import orders, proactive, shipping, support
from opsdesk.kernel.errors import InvalidInput

Order = orders.Order
OPEN_STATUSES = orders.OPEN_STATUSES
ACTIVE_TICKET = ("new", "open", "pending_customer", "pending_operations")
IN_FLIGHT = (
    shipping.ShipmentStatus.LABEL_CREATED,
    shipping.ShipmentStatus.IN_TRANSIT,
    shipping.ShipmentStatus.OUT_FOR_DELIVERY,
    shipping.ShipmentStatus.EXCEPTION,
)
FLAGS = ("late", "at_risk", "backordered", "ticket")


@dataclass(frozen=True)
class ListQuery:
    """Everything the list was asked for, as read from the query string."""

    base: orders.OrderListFilter = field(default_factory=orders.OrderListFilter)
    late: bool = False
    at_risk: bool = False
    ticket: bool = False
    cursor: str | None = None
    params: dict[str, Any] = field(default_factory=dict)


def _flag(params: Mapping[str, str], name: str) -> bool:
    return params.get(name, "") in ("1", "on", "true", "yes")


def read_query(params: Mapping[str, str]) -> ListQuery:
    """The filters from the query string; ``InvalidInput`` (422) names a bad one."""
    status = params.get("status", "").strip()
    if status and status not in set(orders.OrderStatus):
        raise InvalidInput(f"unknown status {status!r}", details={"field": "status"})
    country = params.get("country", "").strip().upper()
    if country and not (len(country) == 2 and country.isalpha()):
        raise InvalidInput("a country is two letters, like DE", details={"field": "country"})
    warehouse = params.get("warehouse", "").strip()
    if warehouse and not warehouse.isdigit():
        raise InvalidInput("choose a warehouse from the list", details={"field": "warehouse"})
    search = params.get("q", "").strip()[:120]
    base = orders.OrderListFilter(
        status=orders.OrderStatus(status) if status else None,
        country=country or None,
        warehouse_id=int(warehouse) if warehouse else None,
        backordered=_flag(params, "backordered"),
        search=search,
    )
    kept = {"status": status, "country": country, "warehouse": warehouse, "q": search}
    kept |= {name: "1" for name in FLAGS if _flag(params, name)}
    return ListQuery(
        base=base, late=_flag(params, "late"), at_risk=_flag(params, "at_risk"),
        ticket=_flag(params, "ticket"), cursor=params.get("cursor") or None,
        params={k: v for k, v in kept.items() if v},
    )  # fmt: skip


def extra_conditions(query: ListQuery, today: date) -> list[sa.ColumnElement[bool]]:
    found: list[sa.ColumnElement[bool]] = []
    if query.late:
        found.append(late(today))
    if query.at_risk:
        found.append(at_risk())
    if query.ticket:
        found.append(has_open_ticket())
    return found


def _parcel_late(today: date) -> sa.ColumnElement[bool]:
    s = shipping.Shipment
    return sa.exists().where(  # shipments.order_id's index
        s.order_id == Order.id,
        s.status.in_(IN_FLIGHT),
        sa.or_(
            s.estimated_delivery_date > s.promised_delivery_date,
            s.promised_delivery_date < today,
        ),
    )


def late(today: date) -> sa.ColumnElement[bool]:
    return sa.or_(
        orders.promise_passed(today), sa.and_(Order.status.in_(OPEN_STATUSES), _parcel_late(today))
    )


def at_risk() -> sa.ColumnElement[bool]:
    """The flagged set is small and read once through ix_shipment_risks_at_risk (an IN, not
    a correlated EXISTS: shipment_risks has no index on order_id)."""
    r = proactive.ShipmentRiskRecord
    flagged = sa.select(r.order_id).where(r.at_risk.is_(True))
    return sa.and_(Order.status.in_(OPEN_STATUSES), Order.id.in_(flagged))


def has_open_ticket() -> sa.ColumnElement[bool]:
    link, ticket = support.TicketOrderLink, support.Ticket
    return sa.exists().where(  # ix_ticket_order_links_order_ticket, then the ticket's key
        link.order_id == Order.id,
        ticket.id == link.ticket_id,
        ticket.status.in_(ACTIVE_TICKET),
    )


@dataclass(frozen=True)
class RowFlags:
    """Badges for the rows of one page, read in three statements for all of them."""

    late: set[int]
    at_risk: set[int]
    tickets: set[int]


def row_flags(session: Session, ids: list[int], today: date) -> RowFlags:
    """The three flags of every row in one statement (the same conditions as the filters)."""
    flags = RowFlags(set(), set(), set())
    if not ids:
        return flags
    rows = session.execute(
        sa.select(Order.id, late(today), at_risk(), has_open_ticket()).where(Order.id.in_(ids))
    )
    for order_id, is_late, risky, ticketed in rows:
        for wanted, found in ((is_late, flags.late), (risky, flags.at_risk),
                              (ticketed, flags.tickets)):  # fmt: skip
            if wanted:
                found.add(order_id)
    return flags
