"""Shipping: carriers behind a protocol, shipments, tracking ingestion, delivery estimates.

Other modules use this surface only. Carrier adapters (EasyPost's webhook, pollers)
call :func:`apply_tracking_update`; checkout promises come from
:func:`promised_delivery_date`, the same arithmetic the carriers' estimates use.
"""

from opsdesk.shipping.carriers import (
    Carrier,
    CarrierRefused,
    CarrierUnavailable,
    Journey,
    Label,
    LabelDocument,
    LabelRequest,
    Lane,
    Package,
    Place,
    Rate,
    ServiceLevel,
    SimulatedCarrier,
    TrackingInfo,
    TrackingUpdate,
    UnknownTrackingNumberError,
    simulate_journey,
)
from opsdesk.shipping.carriers.records import ShipmentLabel, label_of
from opsdesk.shipping.directory import (
    carrier_for,
    carrier_for_app,
    carriers_of,
    default_carriers,
    resolve_carrier,
)
from opsdesk.shipping.events import ShipmentCreated
from opsdesk.shipping.models import Shipment, ShipmentStatus, TrackingEvent
from opsdesk.shipping.policy import delay_key, is_late
from opsdesk.shipping.promises import MovedPromise, keep_backorder_promises, waiting_promise
from opsdesk.shipping.purchases import LabelPurchase, PurchaseStatus
from opsdesk.shipping.reconcile import Settled, reconcile_purchases
from opsdesk.shipping.schemas import ShipmentRead
from opsdesk.shipping.service import (
    buy_label_once,
    create_shipment,
    get_shipment,
    is_shipment_late,
    label_request,
    shipments_for_order,
    unmatched_updates,
)
from opsdesk.shipping.tracking import TrackingOutcome, apply_tracking_update, refresh_tracking
from opsdesk.shipping.transit import (
    classify_lane,
    estimate_delivery,
    promised_delivery_date,
)

__all__ = [
    "Carrier",
    "CarrierRefused",
    "CarrierUnavailable",
    "Journey",
    "Label",
    "LabelDocument",
    "LabelPurchase",
    "LabelRequest",
    "Lane",
    "MovedPromise",
    "Package",
    "Place",
    "PurchaseStatus",
    "Rate",
    "ServiceLevel",
    "Settled",
    "Shipment",
    "ShipmentCreated",
    "ShipmentLabel",
    "ShipmentRead",
    "ShipmentStatus",
    "SimulatedCarrier",
    "TrackingEvent",
    "TrackingInfo",
    "TrackingOutcome",
    "TrackingUpdate",
    "UnknownTrackingNumberError",
    "apply_tracking_update",
    "buy_label_once",
    "carrier_for",
    "carrier_for_app",
    "carriers_of",
    "classify_lane",
    "create_shipment",
    "default_carriers",
    "delay_key",
    "estimate_delivery",
    "get_shipment",
    "is_late",
    "is_shipment_late",
    "keep_backorder_promises",
    "label_of",
    "label_request",
    "promised_delivery_date",
    "reconcile_purchases",
    "refresh_tracking",
    "resolve_carrier",
    "shipments_for_order",
    "simulate_journey",
    "unmatched_updates",
    "waiting_promise",
]
