"""Which carriers this installation can ship with, by name, and which one a parcel takes."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy.orm import Session

from opsdesk import inventory
from opsdesk.kernel.errors import InvalidInput
from opsdesk.shipping.carriers.base import Carrier, ServiceLevel
from opsdesk.shipping.carriers.numbering import DEMO_FORMATS
from opsdesk.shipping.carriers.routing import choose_carrier_name
from opsdesk.shipping.carriers.simulated import SimulatedCarrier

FALLBACK = "simulated"


def default_carriers() -> dict[str, Carrier]:
    """The built-in set: the simulated carrier, and simulated stand-ins for the demo's
    carriers (DHL, DPD, GLS, UPS, SEUR, Correios, Jadlog), each with its own number format.
    Real carriers (EasyPost) are added by the composition root when configured."""
    carriers: dict[str, Carrier] = {FALLBACK: SimulatedCarrier()}
    for name, number_format in DEMO_FORMATS.items():
        carriers[name] = SimulatedCarrier(name=name, tracking_format=number_format)
    return carriers


def carriers_of(state: object) -> Mapping[str, Carrier]:
    """The carriers the app was configured with (``app.state.carriers``), else the defaults."""
    configured = getattr(state, "carriers", None)
    return configured if configured else default_carriers()


def resolve_carrier(carriers: Mapping[str, Carrier], name: str) -> Carrier:
    carrier = carriers.get(name)
    if carrier is None:
        known = ", ".join(sorted(carriers))
        raise InvalidInput(
            f"unknown carrier {name!r}; this installation ships with: {known}",
            details={"field": "carrier"},
        )
    return carrier


def carrier_for(
    session: Session,
    carriers: Mapping[str, Carrier],
    routes: Mapping[str, str],
    *,
    warehouse_id: int | None,
    service_level: ServiceLevel,
) -> Carrier:
    """The carrier the routes table names for a parcel from ``warehouse_id`` at this level."""
    code = inventory.get_warehouse(session, warehouse_id).code if warehouse_id else None
    fallback = FALLBACK if FALLBACK in carriers else min(carriers)
    return resolve_carrier(carriers, choose_carrier_name(routes, code, service_level, fallback))


def carrier_for_app(
    session: Session, state: object, *, warehouse_id: int | None, service_level: ServiceLevel
) -> Carrier:
    """:func:`carrier_for` with the app's carriers and its ``carrier_routes`` setting: what
    a screen calls when the packer leaves the carrier to OpsDesk."""
    settings = getattr(state, "settings", None)
    routes: Mapping[str, str] = getattr(settings, "carrier_routes", None) or {}
    return carrier_for(
        session, carriers_of(state), routes, warehouse_id=warehouse_id, service_level=service_level
    )
