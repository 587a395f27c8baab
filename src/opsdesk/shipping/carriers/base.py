"""The carrier protocol and the plain values that cross it.

Every carrier — the simulated one, EasyPost, a local courier — speaks these types, so
shipments, the demo and the tests never depend on one carrier's API.
"""

from __future__ import annotations

import enum
import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol

from opsdesk.shipping.models import ShipmentStatus


class ServiceLevel(enum.StrEnum):
    ECONOMY = "economy"
    STANDARD = "standard"
    EXPRESS = "express"


class Lane(enum.StrEnum):
    """How far a parcel travels: it drives transit time more than distance in km does."""

    SAME_REGION = "same_region"
    NEIGHBOURING = "neighbouring"
    FAR = "far"


@dataclass(frozen=True)
class Place:
    country: str
    region: str = ""
    city: str = ""


@dataclass(frozen=True)
class Package:
    weight_g: int
    length_mm: int = 0
    width_mm: int = 0
    height_mm: int = 0


@dataclass(frozen=True)
class TrackingUpdate:
    """One carrier scan, as any carrier reports it."""

    occurred_at: datetime
    status: ShipmentStatus | None  # None: a scan whose status the carrier left open
    description: str
    location: str = ""
    # The carrier's event code (``arrived_at_facility``); not part of the fingerprint, so
    # a scan stored before codes existed is still recognised when resent.
    code: str = ""

    def fingerprint(self) -> str:
        """Identity of the scan: the same scan sent twice has the same fingerprint."""
        raw = "|".join(
            (
                self.occurred_at.isoformat(timespec="seconds"),
                self.status.value if self.status else "",
                self.description.strip().lower(),
                self.location.strip().lower(),
            )
        )
        return hashlib.sha256(raw.encode()).hexdigest()


@dataclass(frozen=True)
class LabelRequest:
    reference: str
    service_level: ServiceLevel
    origin: Place
    destination: Place
    ship_at: datetime
    packages: tuple[Package, ...] = ()


@dataclass(frozen=True)
class Label:
    carrier: str
    tracking_number: str
    tracking_url: str
    service_level: ServiceLevel
    lane: Lane
    estimated_delivery_date: date


@dataclass(frozen=True)
class TrackingInfo:
    tracking_number: str
    status: ShipmentStatus
    estimated_delivery_date: date | None
    events: tuple[TrackingUpdate, ...] = field(default_factory=tuple)


class UnknownTrackingNumberError(LookupError):
    """The carrier does not know this tracking number."""


class Carrier(Protocol):
    """What OpsDesk needs from a carrier: buy a label, and read its tracking."""

    @property
    def name(self) -> str: ...

    def create_label(self, request: LabelRequest) -> Label: ...

    def track(self, tracking_number: str) -> TrackingInfo:
        """Events so far, oldest first; raises :class:`UnknownTrackingNumberError`."""
        ...
