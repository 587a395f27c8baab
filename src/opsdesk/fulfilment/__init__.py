"""Fulfilment: pick lists per warehouse, scan-verified packing, shipping a packed parcel,
and fulfilment error rates. Other modules use this surface only.
"""

from opsdesk.fulfilment.events import (
    FulfilmentErrorRecorded,
    FulfilmentPacked,
    FulfilmentShipped,
    PickListCreated,
)
from opsdesk.fulfilment.models import (
    Fulfilment,
    FulfilmentError,
    FulfilmentErrorKind,
    FulfilmentStatus,
    PickList,
)
from opsdesk.fulfilment.packing import (
    ScanResult,
    get_fulfilment,
    report_error,
    scan,
    ship_fulfilment,
)
from opsdesk.fulfilment.picking import create_pick_list, get_pick_list
from opsdesk.fulfilment.policy import verify_scan
from opsdesk.fulfilment.reports import ErrorRateReport, GroupBy, fulfilment_error_rates

__all__ = [
    "ErrorRateReport",
    "Fulfilment",
    "FulfilmentError",
    "FulfilmentErrorKind",
    "FulfilmentErrorRecorded",
    "FulfilmentPacked",
    "FulfilmentShipped",
    "FulfilmentStatus",
    "GroupBy",
    "PickList",
    "PickListCreated",
    "ScanResult",
    "create_pick_list",
    "fulfilment_error_rates",
    "get_fulfilment",
    "get_pick_list",
    "report_error",
    "scan",
    "ship_fulfilment",
    "verify_scan",
]
