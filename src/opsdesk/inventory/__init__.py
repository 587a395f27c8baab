"""Inventory: warehouses, stock per SKU x warehouse, the movement ledger, reservations and
allocation, purchase orders and receipts.

Other modules call this surface only (``from opsdesk import inventory``), passing ids and
values. Services never commit; the caller's transaction decides.
"""

# the Purchasing screens' services, used as namespaces: inventory.dock.book_receipt(…)
from opsdesk.inventory import dock, po_changes, po_document, suppliers
from opsdesk.inventory.backorders import FilledBackorder, fill_backorders
from opsdesk.inventory.counts import set_counted, set_reorder_point
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
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseOrderStatus,
    PurchaseReceipt,
    Reservation,
    ReservationStatus,
    StockLevel,
    StockMovement,
    StockTransfer,
    Supplier,
    TransferStatus,
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
    TransferCreate,
    TransferRead,
    WarehouseRead,
)
from opsdesk.inventory.stock import (
    Drift,
    adjust,
    check_consistency,
    return_to_stock,
    write_off,
)
from opsdesk.inventory.stock_policy import (
    ADJUSTMENT_REASONS,
    DEFAULT_REORDER_POINT,
    StockState,
    adjustment_reason,
    stock_state,
)
from opsdesk.inventory.stock_reads import stock_for_sku, stock_for_skus
from opsdesk.inventory.transfer_events import TransferDispatched, TransferReceived
from opsdesk.inventory.transfer_reads import list_transfers, read_transfers
from opsdesk.inventory.transfers import (
    cancel as cancel_transfer,
)
from opsdesk.inventory.transfers import (
    create_transfer,
    get_transfer,
    in_transit,
)
from opsdesk.inventory.transfers import (
    dispatch as dispatch_transfer,
)
from opsdesk.inventory.transfers import (
    receive as receive_transfer,
)
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
    "ADJUSTMENT_REASONS",
    "DEFAULT_HANDLING_DAYS",
    "DEFAULT_REORDER_POINT",
    "AdjustmentResult",
    "AllocationLine",
    "AllocationResult",
    "BackorderFilled",
    "Destination",
    "Drift",
    "FilledBackorder",
    "MovementKind",
    "PurchaseOrder",
    "PurchaseOrderLine",
    "PurchaseOrderRead",
    "PurchaseOrderReceived",
    "PurchaseOrderStatus",
    "PurchaseReceipt",
    "ReceiptLine",
    "ReceiptRead",
    "ReceiptResult",
    "Reservation",
    "ReservationRead",
    "ReservationStatus",
    "ReservedLine",
    "StockAdjusted",
    "StockBackordered",
    "StockLevel",
    "StockMovement",
    "StockPicked",
    "StockRead",
    "StockReleased",
    "StockReserved",
    "StockState",
    "StockTransfer",
    "Strategy",
    "Supplier",
    "TransferCreate",
    "TransferDispatched",
    "TransferRead",
    "TransferReceived",
    "TransferStatus",
    "WaitingLine",
    "Warehouse",
    "WarehouseRead",
    "adjust",
    "adjustment_reason",
    "allocate",
    "cancel_transfer",
    "check_consistency",
    "create_purchase_order",
    "create_transfer",
    "create_warehouse",
    "dispatch_transfer",
    "dock",
    "fill_backorders",
    "get_purchase_order",
    "get_transfer",
    "get_warehouse",
    "in_transit",
    "list_purchase_orders",
    "list_transfers",
    "list_warehouses",
    "orders_waiting",
    "oversell_refused",
    "pick",
    "po_changes",
    "po_document",
    "read_transfers",
    "receive",
    "receive_transfer",
    "redate_waiting",
    "release",
    "reservations_for_order",
    "return_to_stock",
    "set_counted",
    "set_reorder_point",
    "stock_for_sku",
    "stock_for_skus",
    "stock_state",
    "suppliers",
    "update_warehouse",
    "write_off",
]
