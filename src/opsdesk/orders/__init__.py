"""Orders: intake, the order state machine, cancellation, shipping status, the timeline."""

from opsdesk.orders.events import OrderCancelled, OrderPlaced, OrderStatusChanged
from opsdesk.orders.intake import new_order_number, place_order
from opsdesk.orders.lifecycle import (
    cancel_order,
    mark_delivered,
    mark_shipped,
    transition,
)
from opsdesk.orders.models import Order, OrderEvent, OrderLine, OrderStatus
from opsdesk.orders.policy import CANCELLABLE, TRANSITIONS, can_transition, check_transition
from opsdesk.orders.queries import (
    OrderFilter,
    list_orders,
    order_id_by_number,
    read_order,
    read_order_by_number,
)
from opsdesk.orders.schemas import (
    OrderCancel,
    OrderCreate,
    OrderCustomer,
    OrderLineCreate,
    OrderRead,
    OrderSummary,
    ShippingAddress,
    TimelineEntry,
)
from opsdesk.orders.timeline import add_timeline_event, timeline

__all__ = [
    "CANCELLABLE",
    "TRANSITIONS",
    "Order",
    "OrderCancel",
    "OrderCancelled",
    "OrderCreate",
    "OrderCustomer",
    "OrderEvent",
    "OrderFilter",
    "OrderLine",
    "OrderLineCreate",
    "OrderPlaced",
    "OrderRead",
    "OrderStatus",
    "OrderStatusChanged",
    "OrderSummary",
    "ShippingAddress",
    "TimelineEntry",
    "add_timeline_event",
    "can_transition",
    "cancel_order",
    "check_transition",
    "list_orders",
    "mark_delivered",
    "mark_shipped",
    "new_order_number",
    "order_id_by_number",
    "place_order",
    "read_order",
    "read_order_by_number",
    "timeline",
    "transition",
]
