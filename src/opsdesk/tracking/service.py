"""Use cases behind the public page: finding an order by what the customer knows, and
starting a return. Services take a session and never commit."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import orders, returns
from opsdesk.kernel.errors import Conflict, InvalidInput, OpsDeskError
from opsdesk.tracking import policy
from opsdesk.tracking.links import link_for_order
from opsdesk.tracking.view import RETURNABLE_STATUSES

CUSTOMER_ACTOR = "customer:tracking-page"


def find_order_for_customer(session: Session, *, number: str, contact: str) -> int | None:
    """The order whose number and e-mail (or delivery postal code) both match, else None.

    A wrong number and a wrong contact look the same to the caller, so the answer tells
    nobody which order numbers exist.
    """
    given = number.strip().lstrip("#")
    if not given or not contact.strip():
        return None
    order = orders.Order
    # As typed and upper-cased (numbers are issued upper-case): both use the unique index.
    rows = session.execute(
        sa.select(order.id, order.email, order.ship_postal_code).where(
            order.number.in_({given, policy.normalise_number(given)})
        )
    )
    for row in rows:
        if policy.contact_matches(contact, email=row.email, postal_code=row.ship_postal_code):
            return int(row.id)
    return None


def lookup_link(
    session: Session, *, number: str, contact: str, secret: str, public_url: str
) -> str | None:
    """A fresh signed link when both details match; None otherwise."""
    order_id = find_order_for_customer(session, number=number, contact=contact)
    return None if order_id is None else link_for_order(secret, public_url, order_id)


def start_return(
    session: Session,
    order_id: int,
    *,
    quantities: Mapping[int, int],
    reason: str,
    note: str = "",
    now: datetime | None = None,
) -> str:
    """Open a return the customer asked for on their page; returns the RMA number.

    Only delivered orders (422 for a bad reason or note, 409 when the order is not
    delivered or a line asks for more than can still come back; nothing is written then).
    """
    try:
        why = returns.ReturnReason(reason)
    except ValueError:
        raise InvalidInput("choose a reason for the return", details={"field": "reason"}) from None
    if len(note) > policy.MAX_NOTE:
        raise InvalidInput("the note is too long", details={"field": "note"})
    status = session.scalar(sa.select(orders.Order.status).where(orders.Order.id == order_id))
    if status not in RETURNABLE_STATUSES:
        raise Conflict(
            "returns can be started here once the order has been delivered",
            details={"status": status.value if status else None},
        )
    rma = returns.request_return(
        session,
        order_id=order_id,
        lines=quantities,
        reason=why,
        note=note.strip(),
        actor=CUSTOMER_ACTOR,
        now=now,
    )
    return rma.number


def return_error_key(error: OpsDeskError) -> str:
    """The translation key telling the customer what to fix in the return form."""
    field_name = error.details.get("field")
    if isinstance(error, InvalidInput):
        return {
            "reason": "returns.error.reason",
            "note": "returns.error.note",
        }.get(str(field_name), "returns.error.lines")
    if "returnable" in error.details:
        return "returns.error.too_many"
    return "returns.error.not_returnable"
