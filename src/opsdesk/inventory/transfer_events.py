"""Events of transfers between warehouses (recorded in the caller's transaction)."""

from __future__ import annotations

from typing import ClassVar

from opsdesk.inventory.models import StockTransfer
from opsdesk.kernel.events import DomainEvent


class _TransferEvent(DomainEvent):
    aggregate_type: ClassVar[str] = "stock_transfer"
    transfer_id: int
    number: str
    from_warehouse_id: int
    to_warehouse_id: int
    units: dict[int, int]  # by variant id

    def aggregate_id(self) -> str:
        return str(self.transfer_id)


class TransferDispatched(_TransferEvent):
    """Units left the source warehouse; they are incoming at the destination."""

    name: ClassVar[str] = "TransferDispatched"

    @classmethod
    def of(cls, transfer: StockTransfer) -> TransferDispatched:
        return cls(**_fields(transfer))


class TransferReceived(_TransferEvent):
    """Units of a transfer were booked in at the destination warehouse."""

    name: ClassVar[str] = "TransferReceived"

    @classmethod
    def of(cls, transfer: StockTransfer) -> TransferReceived:
        return cls(**_fields(transfer))


def _fields(transfer: StockTransfer) -> dict[str, object]:
    return {
        "transfer_id": transfer.id,
        "number": transfer.number,
        "from_warehouse_id": transfer.from_warehouse_id,
        "to_warehouse_id": transfer.to_warehouse_id,
        "units": {ln.variant_id: ln.quantity for ln in transfer.lines},
    }
