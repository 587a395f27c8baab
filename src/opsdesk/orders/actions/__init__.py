"""What an agent does to an order from a ticket: change the address, upgrade, reship.

Each is a service taking the caller's session (the ticket's transaction), checked
against the order's status (``rules``), written to the timeline and the outbox, and
returning the order the ticket note can quote. Cancelling lines is ``cancel_order``.
"""

from opsdesk.orders.actions.address import update_shipping_address
from opsdesk.orders.actions.reship import reship
from opsdesk.orders.actions.rules import (
    BEFORE_SHIPPING,
    RESHIPPABLE,
    SERVICE_LEVELS,
    OrderAction,
    OrderActionRefused,
    is_allowed,
)
from opsdesk.orders.actions.upgrade import upgrade_shipping

__all__ = [
    "BEFORE_SHIPPING",
    "RESHIPPABLE",
    "SERVICE_LEVELS",
    "OrderAction",
    "OrderActionRefused",
    "is_allowed",
    "reship",
    "update_shipping_address",
    "upgrade_shipping",
]
