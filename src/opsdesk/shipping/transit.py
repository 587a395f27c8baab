"""Delivery-date arithmetic shared by the promise at order time and every carrier estimate.

The promise a customer sees when ordering and the estimate on the label come from the
same :func:`estimate_delivery`, so a parcel handed over on time meets its promise.
"""

from __future__ import annotations

from datetime import date, timedelta

from opsdesk.shipping.carriers.base import Lane, Place, ServiceLevel

# Business days in transit, per lane and service level (carriers deliver Monday to Friday).
TRANSIT_DAYS: dict[Lane, dict[ServiceLevel, int]] = {
    Lane.SAME_REGION: {ServiceLevel.EXPRESS: 1, ServiceLevel.STANDARD: 2, ServiceLevel.ECONOMY: 3},
    Lane.NEIGHBOURING: {
        ServiceLevel.EXPRESS: 1,
        ServiceLevel.STANDARD: 3,
        ServiceLevel.ECONOMY: 5,
    },
    Lane.FAR: {ServiceLevel.EXPRESS: 2, ServiceLevel.STANDARD: 5, ServiceLevel.ECONOMY: 8},
}

# Countries that share a land border (or a short ferry) are "neighbouring" lanes.
_BORDERS: dict[str, frozenset[str]] = {
    "DE": frozenset({"AT", "BE", "CH", "CZ", "DK", "FR", "LU", "NL", "PL"}),
    "FR": frozenset({"BE", "CH", "DE", "ES", "IT", "LU", "MC", "GB"}),
    "AT": frozenset({"CH", "CZ", "DE", "HU", "IT", "LI", "SI", "SK"}),
    "NL": frozenset({"BE", "DE"}),
    "BE": frozenset({"DE", "FR", "LU", "NL"}),
    "PL": frozenset({"CZ", "DE", "LT", "SK"}),
    "ES": frozenset({"FR", "PT"}),
    "IT": frozenset({"AT", "CH", "FR", "SI"}),
    "US": frozenset({"CA", "MX"}),
    "BR": frozenset({"AR", "PY", "UY"}),
}


def _are_neighbours(a: str, b: str) -> bool:
    return b in _BORDERS.get(a, frozenset()) or a in _BORDERS.get(b, frozenset())


def classify_lane(origin: Place, destination: Place) -> Lane:
    """Same region, neighbouring (same country or bordering countries), or far."""
    o_country, d_country = origin.country.upper(), destination.country.upper()
    o_region, d_region = origin.region.strip().upper(), destination.region.strip().upper()
    if o_country == d_country and o_region and o_region == d_region:
        return Lane.SAME_REGION
    if o_country == d_country or _are_neighbours(o_country, d_country):
        return Lane.NEIGHBOURING
    return Lane.FAR


def is_business_day(day: date) -> bool:
    return day.weekday() < 5


def add_business_days(start: date, days: int) -> date:
    """The date ``days`` business days after ``start`` (``start`` itself never counts)."""
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if is_business_day(current):
            remaining -= 1
    return current


def next_business_day_from(day: date) -> date:
    """``day`` itself when it is a business day, else the following Monday."""
    while not is_business_day(day):
        day += timedelta(days=1)
    return day


def transit_days(lane: Lane, service_level: ServiceLevel) -> int:
    return TRANSIT_DAYS[lane][service_level]


def estimate_delivery(ship_date: date, lane: Lane, service_level: ServiceLevel) -> date:
    """When a parcel handed to the carrier on ``ship_date`` should arrive.

    A parcel handed over at the weekend is collected on Monday, so transit counts from
    the first business day on or after ``ship_date``.
    """
    collected = next_business_day_from(ship_date)
    return add_business_days(collected, transit_days(lane, service_level))


def promised_delivery_date(
    placed_on: date, lane: Lane, service_level: ServiceLevel, *, handling_days: int = 1
) -> date:
    """The date promised at checkout: warehouse handling, then the carrier's estimate."""
    ship_date = (
        add_business_days(placed_on, handling_days)
        if handling_days > 0
        else next_business_day_from(placed_on)
    )
    return estimate_delivery(ship_date, lane, service_level)
