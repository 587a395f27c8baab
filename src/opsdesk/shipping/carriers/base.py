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
    # The full postal address, for carriers that print it (EasyPost); lanes need only the above.
    name: str = ""
    line1: str = ""
    line2: str = ""
    postal_code: str = ""


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
    # A carrier's own service name ("Priority") to buy instead of the cheapest of the level.
    service: str = ""


@dataclass(frozen=True)
class Rate:
    """One carrier's price for one service, as quoted before a label is bought."""

    carrier: str
    service: str  # the carrier's own name of the service ("Priority", "DPD Classic")
    service_level: ServiceLevel
    amount_minor: int
    currency: str
    delivery_days: int | None = None
    rate_id: str = ""  # the carrier's id of the quote, to buy exactly this one


@dataclass(frozen=True)
class LabelDocument:
    """The printable label as the carrier handed it over: its bytes, or where to fetch it.

    Carriers that return neither (the simulated ones) get OpsDesk's own 100×150 mm PDF.
    """

    media_type: str = "application/pdf"
    content: bytes | None = None
    url: str = ""


@dataclass(frozen=True)
class Label:
    carrier: str
    tracking_number: str
    tracking_url: str
    service_level: ServiceLevel
    lane: Lane
    estimated_delivery_date: date
    # Optional extras (older carriers leave them out): the carrier's document, the rate
    # that was bought and the carrier's own id of the shipment (EasyPost ``shp_…``).
    document: LabelDocument | None = None
    rate: Rate | None = None
    carrier_reference: str = ""


@dataclass(frozen=True)
class TrackingInfo:
    tracking_number: str
    status: ShipmentStatus
    estimated_delivery_date: date | None
    events: tuple[TrackingUpdate, ...] = field(default_factory=tuple)


class UnknownTrackingNumberError(LookupError):
    """The carrier does not know this tracking number."""


class CarrierRefused(ValueError):
    """The carrier refused the request (bad address, unknown service): the caller must change
    it; retrying the same request will not help."""


class CarrierUnavailable(RuntimeError):
    """The carrier could not be reached or failed on its side: worth retrying later."""


class Carrier(Protocol):
    """What OpsDesk needs from a carrier: quote, buy a label, and read its tracking."""

    @property
    def name(self) -> str: ...

    def rates(self, request: LabelRequest) -> tuple[Rate, ...]:
        """One quote per service the carrier offers for this parcel, cheapest first."""
        ...

    def create_label(self, request: LabelRequest) -> Label:
        """Buy a label; ``request.reference`` is kept by the carrier to find it again."""
        ...

    def find_label(self, reference: str) -> Label | None:
        """The label already sold for ``reference``, or None when the carrier sold none
        (how a purchase whose buyer died mid-call is settled)."""
        ...

    def void_label(self, label: Label) -> str:
        """Void (refund) a label nobody will use; returns the carrier's refund status.
        Raises :class:`CarrierRefused` when the carrier will not refund it."""
        ...

    def track(self, tracking_number: str) -> TrackingInfo:
        """Events so far, oldest first; raises :class:`UnknownTrackingNumberError`."""
        ...
