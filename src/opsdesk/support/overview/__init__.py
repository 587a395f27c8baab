"""The Customer 360 (``customer_overview``) behind the ticket view's customer panel and
``GET /api/v1/customers/{id}/overview``."""

from opsdesk.support.overview.schemas import (
    CustomerOverview,
    CustomerProfile,
    LineView,
    OpenTicket,
    OrderView,
    SentMessage,
    ShipmentView,
)
from opsdesk.support.overview.service import customer_overview, linked_orders_overview

__all__ = [
    "CustomerOverview",
    "CustomerProfile",
    "LineView",
    "OpenTicket",
    "OrderView",
    "SentMessage",
    "ShipmentView",
    "customer_overview",
    "linked_orders_overview",
]
