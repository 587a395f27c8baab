"""Carriers behind one small protocol, and the simulated carrier the demo and tests use."""

from opsdesk.shipping.carriers.base import (
    Carrier,
    Label,
    LabelRequest,
    Lane,
    Package,
    Place,
    ServiceLevel,
    TrackingInfo,
    TrackingUpdate,
    UnknownTrackingNumberError,
)
from opsdesk.shipping.carriers.simulated import Journey, SimulatedCarrier, simulate_journey

__all__ = [
    "Carrier",
    "Journey",
    "Label",
    "LabelRequest",
    "Lane",
    "Package",
    "Place",
    "ServiceLevel",
    "SimulatedCarrier",
    "TrackingInfo",
    "TrackingUpdate",
    "UnknownTrackingNumberError",
    "simulate_journey",
]
