"""Fulfilment: pick lists per warehouse, scan-verified packing, shipping a packed parcel,
and fulfilment error rates. Other modules use this surface only.
"""

from opsdesk.fulfilment.bins import bin_sort_key, bins_for, set_bin
from opsdesk.fulfilment.box_store import PackingBox, boxes_for, remove_box, save_box
from opsdesk.fulfilment.boxes import STANDARD_BOXES, Box, BoxOffer, ItemSize, offered_boxes
from opsdesk.fulfilment.codes import fulfilment_code, parse_code, pick_list_code, tote_code
from opsdesk.fulfilment.events import (
    FulfilmentErrorRecorded,
    FulfilmentPacked,
    FulfilmentShipped,
    PickListCreated,
)
from opsdesk.fulfilment.labels import PaidLabel, buy_parcel_label, parcel_reference
from opsdesk.fulfilment.models import (
    BinLocation,
    Fulfilment,
    FulfilmentError,
    FulfilmentErrorKind,
    FulfilmentLine,
    FulfilmentStatus,
    PickList,
)
from opsdesk.fulfilment.packing import (
    ScanResult,
    get_fulfilment,
    report_error,
    scan,
    ship_fulfilment,
    shippable,
)
from opsdesk.fulfilment.pick_document import (
    PickRow,
    PickSheet,
    ToteRow,
    pick_list_pdf,
    pick_list_story,
    pick_sheet,
)
from opsdesk.fulfilment.picking import create_pick_list, get_pick_list
from opsdesk.fulfilment.policy import verify_scan
from opsdesk.fulfilment.reports import (
    ErrorRateReport,
    GroupBy,
    error_rate_totals,
    fulfilment_error_rates,
)
from opsdesk.fulfilment.slips import Slip, packing_slip_pdf, slip_of, slip_story
from opsdesk.fulfilment.station import (
    box_offer,
    carrier_for_parcel,
    choose_box,
    find_fulfilment,
    is_catalog_item,
    item_codes,
    item_sizes,
    ship_in_box,
)

__all__ = [
    "STANDARD_BOXES",
    "BinLocation",
    "Box",
    "BoxOffer",
    "ErrorRateReport",
    "Fulfilment",
    "FulfilmentError",
    "FulfilmentErrorKind",
    "FulfilmentErrorRecorded",
    "FulfilmentLine",
    "FulfilmentPacked",
    "FulfilmentShipped",
    "FulfilmentStatus",
    "GroupBy",
    "ItemSize",
    "PackingBox",
    "PaidLabel",
    "PickList",
    "PickListCreated",
    "PickRow",
    "PickSheet",
    "ScanResult",
    "Slip",
    "ToteRow",
    "bin_sort_key",
    "bins_for",
    "box_offer",
    "boxes_for",
    "buy_parcel_label",
    "carrier_for_parcel",
    "choose_box",
    "create_pick_list",
    "error_rate_totals",
    "find_fulfilment",
    "fulfilment_code",
    "fulfilment_error_rates",
    "get_fulfilment",
    "get_pick_list",
    "is_catalog_item",
    "item_codes",
    "item_sizes",
    "offered_boxes",
    "packing_slip_pdf",
    "parcel_reference",
    "parse_code",
    "pick_list_code",
    "pick_list_pdf",
    "pick_list_story",
    "pick_sheet",
    "remove_box",
    "report_error",
    "save_box",
    "scan",
    "set_bin",
    "ship_fulfilment",
    "ship_in_box",
    "shippable",
    "slip_of",
    "slip_story",
    "tote_code",
    "verify_scan",
]
