"""Which carriers this installation can ship with, by name."""

from __future__ import annotations

from collections.abc import Mapping

from opsdesk.kernel.errors import InvalidInput
from opsdesk.shipping.carriers.base import Carrier
from opsdesk.shipping.carriers.simulated import SimulatedCarrier


def default_carriers() -> dict[str, Carrier]:
    """The built-in set: only the simulated carrier (real ones arrive as integrations)."""
    simulated = SimulatedCarrier()
    return {simulated.name: simulated}


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
