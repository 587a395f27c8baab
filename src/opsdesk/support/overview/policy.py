"""Pure choices behind the Customer 360: order of orders, where live stock matters,
when an order counts as late."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date, datetime

from opsdesk import inventory, orders, shipping

# Orders whose stock picture can still change what the agent promises.
UNSETTLED = frozenset(
    {
        orders.OrderStatus.PLACED,
        orders.OrderStatus.ALLOCATED,
        orders.OrderStatus.BACKORDERED,
        orders.OrderStatus.PICKING,
        orders.OrderStatus.PACKED,
        orders.OrderStatus.PARTIALLY_SHIPPED,
    }
)
# Orders that can no longer be late: nothing more will be delivered.
FINISHED = frozenset(
    {orders.OrderStatus.DELIVERED, orders.OrderStatus.CANCELLED, orders.OrderStatus.RETURNED}
)
# The live stock of at most this many SKUs is shown per overview (read in one batch),
# so a customer with a long history cannot make the panel long or slow.
MAX_STOCK_SKUS = 12


def wants_back_in_stock(stock: inventory.StockRead) -> bool:
    """Whether the panel should say when the item is back: nothing available in any
    warehouse and no purchase order on its way (those are shown with their own dates)."""
    return not any(w.available > 0 or w.incoming for w in stock.warehouses)


def rank_orders(placed: Iterable[tuple[int, datetime]], linked: Collection[int]) -> list[int]:
    """Order ids: the ticket's linked orders first, then newest first (ties by id)."""
    return [
        order_id
        for order_id, _at in sorted(
            placed, key=lambda item: (item[0] not in linked, -item[1].timestamp(), -item[0])
        )
    ]


def wants_live_stock(status: orders.OrderStatus, linked: bool) -> bool:
    """Stock matters while an order can still be allocated, cancelled or split, and for
    the order a ticket is about (a reship of a delivered order takes fresh stock)."""
    return linked or status in UNSETTLED


def skus_for_stock(lines: Iterable[tuple[str, bool]], limit: int = MAX_STOCK_SKUS) -> list[str]:
    """Distinct SKUs of the lines that want live stock, in first-seen order, capped."""
    chosen: list[str] = []
    for sku, wanted in lines:
        if wanted and sku not in chosen:
            chosen.append(sku)
    return chosen[:limit]


def order_is_late(
    status: orders.OrderStatus,
    promised: date | None,
    shipments_late: Iterable[bool],
    has_shipments: bool,
    today: date,
) -> bool:
    """Late when a parcel is late, or nothing has shipped and the promised date passed."""
    if status is orders.OrderStatus.CANCELLED:
        return False
    if any(shipments_late):
        return True
    if has_shipments or status in FINISHED:
        return False
    return shipping.is_late(promised=promised, estimated=None, delivered_on=None, today=today)
