"""Which declared disruptions touch which shipments, and how much they raise the odds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
from numpy.typing import NDArray

from opsdesk.proactive.risk.features import ShipmentFacts, epoch

# Log-odds added by a disruption of each severity: expert priors, not fitted — a store's
# history rarely holds enough declared disruptions to learn them. "high" turns a
# 10 % risk into about 55 %.
SEVERITY_LOGIT: dict[str, float] = {"low": 0.7, "medium": 1.4, "high": 2.4}

KIND_WORDS: dict[str, str] = {
    "weather": "severe weather",
    "hub_closure": "hub closed",
    "strike": "strike",
    "carrier_outage": "carrier outage",
    "other": "disruption",
}


@dataclass(frozen=True)
class ActiveDisruption:
    """A declared disruption as plain values: region and/or carrier, window, severity."""

    id: int
    kind: str
    severity: str
    region: str  # "" = any region
    carrier: str  # "" = any carrier
    starts_at: datetime
    ends_at: datetime
    note: str = ""

    def describe(self) -> str:
        """``hub closed in region SP (disruption until 28 Nov)``."""
        where = []
        if self.region:
            where.append(f"in region {self.region}")
        if self.carrier:
            where.append(f"at carrier {self.carrier}")
        until = f"{self.ends_at.day} {self.ends_at:%b}"
        return f"{KIND_WORDS.get(self.kind, 'disruption')} {' '.join(where)} (disruption until {until})"


def affects(
    disruption: ActiveDisruption, facts: ShipmentFacts, now: float | NDArray[np.float64]
) -> NDArray[np.bool_]:
    """Shipments whose remaining journey (now → promised day) overlaps the disruption.

    A region matches the origin or the destination (a closed hub holds parcels in both
    directions); a carrier matches by name; both given means both must match.
    """
    mask = np.ones(len(facts), dtype=bool)
    if disruption.region:
        region = disruption.region.strip().upper()
        mask &= _equals(facts.origin_region, region) | _equals(facts.destination_region, region)
    if disruption.carrier:
        mask &= _equals(facts.carrier, disruption.carrier.strip().upper())
    journey_end = np.maximum(facts.promise_end, now)
    mask &= (epoch(disruption.starts_at) < journey_end) & (epoch(disruption.ends_at) > now)
    return mask


def _equals(column: NDArray[Any], wanted_upper: str) -> NDArray[np.bool_]:
    """Case-insensitive equality, comparing only the few spellings present in ``column``."""
    mask = np.zeros(len(column), dtype=bool)
    for spelling in set(column.tolist()):
        if str(spelling).strip().upper() == wanted_upper:
            mask |= column == spelling
    return mask


def disruption_effects(
    facts: ShipmentFacts, now: float | NDArray[np.float64], disruptions: list[ActiveDisruption]
) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """Per shipment: the log-odds added by its worst disruption and that disruption's
    position in ``disruptions`` (-1 when none applies). Overlapping disruptions do not
    add up: a parcel held by a closed hub is not held twice by a storm over it."""
    bump = np.zeros(len(facts), dtype=np.float64)
    which = np.full(len(facts), -1, dtype=np.int64)
    for position, disruption in enumerate(disruptions):
        weight = SEVERITY_LOGIT.get(disruption.severity, SEVERITY_LOGIT["medium"])
        stronger = affects(disruption, facts, now) & (weight > bump)
        bump[stronger] = weight
        which[stronger] = position
    return bump, which
