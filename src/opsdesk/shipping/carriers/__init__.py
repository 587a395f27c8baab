"""Carriers behind one small protocol, and the simulated carrier the demo and tests use."""

from opsdesk.shipping.carriers.base import (
    Carrier,
    CarrierRefused,
    CarrierUnavailable,
    Label,
    LabelDocument,
    LabelRequest,
    Lane,
    Package,
    Place,
    Rate,
    ServiceLevel,
    TrackingInfo,
    TrackingUpdate,
    UnknownTrackingNumberError,
)
from opsdesk.shipping.carriers.simulated import Journey, SimulatedCarrier, simulate_journey

__all__ = [
    "Carrier",
    "CarrierRefused",
    "CarrierUnavailable",
    "Journey",
    "Label",
    "LabelDocument",
    "LabelRequest",
    "Lane",
    "Package",
    "Place",
    "Rate",
    "ServiceLevel",
    "SimulatedCarrier",
    "TrackingInfo",
    "TrackingUpdate",
    "UnknownTrackingNumberError",
    "simulate_journey",
]
