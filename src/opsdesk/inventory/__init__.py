"""Inventory: warehouses, stock per SKU x warehouse, the movement ledger, reservations and
allocation, purchase orders and receipts.

Other modules call this surface only (``from opsdesk import inventory``), passing ids and
values. Services never commit; the caller's transaction decides.
"""

from opsdesk.inventory.backorders import FilledBackorder, fill_backorders
from opsdesk.inventory.events import (
    BackorderFilled,
    PurchaseOrderReceived,
    StockAdjusted,
    StockBackordered,
    StockPicked,
    StockReleased,
    StockReserved,
)
from opsdesk.inventory.ledger import oversell_refused
from opsdesk.inventory.models import (
    MovementKind,
    PurchaseOrderStatus,
    Reservation,
    ReservationStatus,
    Warehouse,
)
from opsdesk.inventory.policy import Destination, Strategy
from opsdesk.inventory.purchasing import (
    ReceiptLine,
    create_purchase_order,
    get_purchase_order,
    list_purchase_orders,
    receive,
)
from opsdesk.inventory.reservations import (
    DEFAULT_HANDLING_DAYS,
    AllocationLine,
    AllocationResult,
    ReservedLine,
    WaitingLine,
    allocate,
    pick,
    release,
    reservations_for_order,
)
from opsdesk.inventory.schemas import (
    AdjustmentResult,
    PurchaseOrderRead,
    ReceiptRead,
    ReservationRead,
    StockRead,
    WarehouseRead,
)
from opsdesk.inventory.stock import (
    Drift,
    adjust,
    check_consistency,
    return_to_stock,
    write_off,
)
from opsdesk.inventory.stock_reads import stock_for_sku, stock_for_skus
from opsdesk.inventory.waiting_dates import orders_waiting, redate_waiting
from opsdesk.inventory.warehouses import (
    create_warehouse,
    get_warehouse,
    list_warehouses,
    update_warehouse,
)

# The receipt result under the name the issue uses.
ReceiptResult = ReceiptRead

__all__ = [
    "DEFAULT_HANDLING_DAYS",
    "AdjustmentResult",
    "AllocationLine",
    "AllocationResult",
    "BackorderFilled",
    "Destination",
    "Drift",
    "FilledBackorder",
    "MovementKind",
    "PurchaseOrderRead",
    "PurchaseOrderReceived",
    "PurchaseOrderStatus",
    "ReceiptLine",
    "ReceiptRead",
    "ReceiptResult",
    "Reservation",
    "ReservationRead",
    "ReservationStatus",
    "ReservedLine",
    "StockAdjusted",
    "StockBackordered",
    "StockPicked",
    "StockRead",
    "StockReleased",
    "StockReserved",
    "Strategy",
    "WaitingLine",
    "Warehouse",
    "WarehouseRead",
    "adjust",
    "allocate",
    "check_consistency",
    "create_purchase_order",
    "create_warehouse",
    "fill_backorders",
    "get_purchase_order",
    "get_warehouse",
    "list_purchase_orders",
    "list_warehouses",
    "orders_waiting",
    "oversell_refused",
    "pick",
    "receive",
    "redate_waiting",
    "release",
    "reservations_for_order",
    "return_to_stock",
    "stock_for_sku",
    "stock_for_skus",
    "update_warehouse",
    "write_off",
]
