"""A carrier simulated in-process, for the demo and the tests.

Everything is derived from the seed and the tracking number, so the same parcel tells
the same story in every process: the tracking number encodes service level, lane and
hand-over time, and the journey is drawn from a random generator seeded with it.
Transit follows :mod:`opsdesk.shipping.transit`; on top of it a share of parcels is
late (more when handed over just before a weekend), some arrive a day early, and a few
go wrong: lost, damaged, or returned to sender after failed delivery attempts.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from opsdesk.kernel.clock import Clock, system_clock
from opsdesk.shipping.carriers.base import (
    CarrierRefused,
    Label,
    LabelRequest,
    Lane,
    Rate,
    ServiceLevel,
    TrackingInfo,
    TrackingUpdate,
)
from opsdesk.shipping.carriers.numbering import SIMULATED, TrackingFormat
from opsdesk.shipping.models import ShipmentStatus
from opsdesk.shipping.transit import (
    add_business_days,
    classify_lane,
    estimate_delivery,
    is_business_day,
    next_business_day_from,
    transit_days,
)

LATE_PROBABILITY = {
    ServiceLevel.EXPRESS: 0.04,
    ServiceLevel.STANDARD: 0.07,
    ServiceLevel.ECONOMY: 0.10,
}
# Parcels handed over Friday to Sunday meet the Monday backlog.
WEEKEND_HANDOVER_EXTRA_LATE = 0.06
EARLY_PROBABILITY = {
    ServiceLevel.EXPRESS: 0.0,
    ServiceLevel.STANDARD: 0.08,
    ServiceLevel.ECONOMY: 0.15,
}
DELAY_DAYS = (1, 2, 3)
DELAY_WEIGHTS = (0.6, 0.3, 0.1)
MISHAPS = (("lost", 0.004), ("damaged", 0.008), ("returned", 0.006))
DELAY_REASONS = (
    "high parcel volume at the hub",
    "severe weather on the route",
    "missed connection at the hub",
    "vehicle breakdown",
)
# Each delay reason's event code, as EasyPost's ``status_detail`` would name it.
DELAY_CODES = {
    "high parcel volume at the hub": "delayed",
    "severe weather on the route": "weather_delay",
    "missed connection at the hub": "missed_connection",
    "vehicle breakdown": "delayed",
}
HUBS = (
    "Hamburg",
    "Hanover",
    "Leipzig",
    "Cologne",
    "Frankfurt",
    "Nuremberg",
    "Munich",
    "Dortmund",
    "Berlin",
    "Stuttgart",
)
HUB_COUNT = {Lane.SAME_REGION: 1, Lane.NEIGHBOURING: 2, Lane.FAR: 3}
# Simulated prices per service level and lane, in cents: (base, per started kilogram).
PRICES = {
    ServiceLevel.ECONOMY: (390, 40),
    ServiceLevel.STANDARD: (490, 60),
    ServiceLevel.EXPRESS: (990, 120),
}
SOLD_KEPT = 10_000  # labels a simulated carrier remembers, to find again by reference
LANE_SURCHARGE = {Lane.SAME_REGION: 0, Lane.NEIGHBOURING: 100, Lane.FAR: 250}


@dataclass(frozen=True)
class JourneyEvent:
    update: TrackingUpdate
    estimated_delivery_date: date | None  # the carrier's estimate once this scan is known


@dataclass(frozen=True)
class Journey:
    events: tuple[JourneyEvent, ...]
    initial_estimate: date
    outcome: ShipmentStatus
    delivered_on: date | None

    @property
    def late(self) -> bool:
        return self.delivered_on is not None and self.delivered_on > self.initial_estimate


def draw_delivery_date(
    rng: random.Random, ship_date: date, lane: Lane, service_level: ServiceLevel
) -> date:
    """The day the parcel really arrives: mostly the estimate, sometimes late or early."""
    estimate = estimate_delivery(ship_date, lane, service_level)
    weekend_extra = WEEKEND_HANDOVER_EXTRA_LATE if ship_date.weekday() >= 4 else 0.0
    if rng.random() < LATE_PROBABILITY[service_level] + weekend_extra:
        return add_business_days(estimate, rng.choices(DELAY_DAYS, DELAY_WEIGHTS)[0])
    days = transit_days(lane, service_level)
    if days > 1 and rng.random() < EARLY_PROBABILITY[service_level]:
        return add_business_days(next_business_day_from(ship_date), days - 1)
    return estimate


def _draw_mishap(rng: random.Random) -> str | None:
    roll = rng.random()
    for mishap, probability in MISHAPS:
        if roll < probability:
            return mishap
        roll -= probability
    return None


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)


def _pickup(rng: random.Random, ship_at: datetime) -> datetime:
    if is_business_day(ship_at.date()):
        return ship_at + timedelta(minutes=rng.randint(60, 240))
    return _at(next_business_day_from(ship_at.date()), 9, rng.randint(0, 59))


def _event(
    at: datetime,
    status: ShipmentStatus,
    text: str,
    where: str,
    estimate: date | None,
    code: str = "",
) -> JourneyEvent:
    """One scan; its code defaults to its status (``label_created``, ``delivered``)."""
    return JourneyEvent(TrackingUpdate(at, status, text, where, code or status.value), estimate)


def _transit_events(
    rng: random.Random, ship_at: datetime, hubs: list[str], estimate: date, arrival: date
) -> list[JourneyEvent]:
    """Label, pick-up and one scan per hub, spread until the morning of arrival."""
    pickup = _pickup(rng, ship_at)
    events = [
        _event(ship_at, ShipmentStatus.LABEL_CREATED, "Shipping label created", "", estimate),
        _event(
            pickup, ShipmentStatus.IN_TRANSIT, "Picked up by carrier", "", estimate, "picked_up"
        ),
    ]
    span = _at(min(estimate, arrival), 6) - pickup
    for index, hub in enumerate(hubs, start=1):
        at = pickup + span * index / (len(hubs) + 1)
        events.append(
            _event(
                at,
                ShipmentStatus.IN_TRANSIT,
                "Arrived at sorting hub",
                f"{hub} hub",
                estimate,
                "arrived_at_facility",
            )
        )
    if arrival > estimate:
        reason = rng.choice(DELAY_REASONS)
        events.append(
            _event(
                _at(estimate, 7, 30),
                ShipmentStatus.IN_TRANSIT,
                f"Delayed: {reason}",
                f"{hubs[-1]} hub",
                arrival,
                DELAY_CODES[reason],
            )
        )
    return events


def _final_events(
    rng: random.Random, mishap: str | None, arrival: date, last_hub: str
) -> tuple[list[JourneyEvent], ShipmentStatus]:
    """How the journey ends: delivered, or the mishap drawn for it."""
    if mishap == "lost":
        text = "Parcel could not be located; investigation closed"
        at = _at(add_business_days(arrival, 5), 12)
        return [_event(at, ShipmentStatus.LOST, text, "", None)], ShipmentStatus.LOST
    if mishap == "damaged":
        at = _at(arrival, 6, rng.randint(0, 59))
        text = "Parcel damaged in transit"
        return [
            _event(at, ShipmentStatus.EXCEPTION, text, f"{last_hub} hub", None, "damaged")
        ], ShipmentStatus.EXCEPTION
    out = _event(
        _at(arrival, 7, rng.randint(0, 59)),
        ShipmentStatus.OUT_FOR_DELIVERY,
        "Out for delivery",
        "Delivery area",
        arrival,
    )
    if mishap == "returned":
        failed = _event(
            _at(arrival, 13, rng.randint(0, 59)),
            ShipmentStatus.EXCEPTION,
            "Delivery attempt failed: recipient not available",
            "Delivery area",
            None,
            "attempted_delivery",
        )
        back_at = _at(add_business_days(arrival, 3), 10)
        back = _event(back_at, ShipmentStatus.RETURNED_TO_SENDER, "Returned to sender", "", None)
        return [out, failed, back], ShipmentStatus.RETURNED_TO_SENDER
    delivered_at = _at(arrival, rng.randint(10, 17), rng.randint(0, 59))
    delivered = _event(
        delivered_at, ShipmentStatus.DELIVERED, "Delivered", "Delivery area", arrival
    )
    return [out, delivered], ShipmentStatus.DELIVERED


def simulate_journey(
    seed: str, ship_at: datetime, lane: Lane, service_level: ServiceLevel
) -> Journey:
    """Every scan of one parcel, oldest first. Same arguments, same journey."""
    rng = random.Random(seed)
    ship_date = ship_at.date()
    estimate = estimate_delivery(ship_date, lane, service_level)
    arrival = draw_delivery_date(rng, ship_date, lane, service_level)
    mishap = _draw_mishap(rng)
    hubs = rng.sample(HUBS, k=HUB_COUNT[lane])
    events = _transit_events(rng, ship_at, hubs, estimate, arrival)
    if mishap == "lost":  # the trail goes cold after the first hub
        events = events[:3]
    finals, outcome = _final_events(rng, mishap, arrival, hubs[-1])
    delivered_on = arrival if outcome is ShipmentStatus.DELIVERED else None
    return Journey(tuple(events + finals), estimate, outcome, delivered_on)


def simulated_rates(carrier: str, request: LabelRequest) -> tuple[Rate, ...]:
    """Every service level's price for the parcel, cheapest first (heavier and farther costs
    more), so the demo can show and compare quotes like a real carrier's."""
    lane = classify_lane(request.origin, request.destination)
    weight_g = sum(p.weight_g for p in request.packages) or 1000
    kilos = -(-weight_g // 1000)
    quotes = []
    for level, (base, per_kg) in PRICES.items():
        amount = base + per_kg * kilos + LANE_SURCHARGE[lane]
        days = transit_days(lane, level)
        quotes.append(Rate(carrier, f"{carrier} {level.value}", level, amount, "EUR", days))
    return tuple(sorted(quotes, key=lambda r: r.amount_minor))


class SimulatedCarrier:
    """A deterministic carrier: same seed and tracking number, same story.

    ``tracking_format`` gives it a real carrier's look (DPD, GLS, Correios …) for the demo.
    """

    def __init__(
        self,
        *,
        seed: int = 0,
        clock: Clock = system_clock,
        name: str = "simulated",
        tracking_base_url: str = "",
        tracking_format: TrackingFormat = SIMULATED,
    ) -> None:
        self.seed = seed
        self._clock = clock
        self._name = name
        self._format = tracking_format
        self._tracking_base_url = (
            tracking_base_url
            or tracking_format.tracking_url
            or "https://track.simulated-carrier.invalid/"
        )
        # What this carrier sold and refunded, by reference and tracking number: so a
        # purchase can be found again and voided, and tests can count what was paid.
        self.sold: dict[str, Label] = {}
        self.voided: dict[str, str] = {}

    @property
    def name(self) -> str:
        return self._name

    def rates(self, request: LabelRequest) -> tuple[Rate, ...]:
        return simulated_rates(self.name, request)

    def create_label(self, request: LabelRequest) -> Label:
        lane = classify_lane(request.origin, request.destination)
        ship_at = request.ship_at.astimezone(UTC).replace(second=0, microsecond=0)
        digest = hashlib.sha256(f"{self.seed}:{request.reference}".encode()).hexdigest()
        number = self._format.encode(request.service_level, lane, ship_at, digest)
        rate = next(r for r in self.rates(request) if r.service_level is request.service_level)
        label = Label(
            carrier=self.name,
            tracking_number=number,
            tracking_url=f"{self._tracking_base_url}{number}",
            service_level=request.service_level,
            lane=lane,
            estimated_delivery_date=estimate_delivery(ship_at.date(), lane, request.service_level),
            rate=rate,
        )
        self.sold[request.reference] = label
        if len(self.sold) > SOLD_KEPT:  # a long-running demo: forget the oldest sales
            del self.sold[next(iter(self.sold))]
        return label

    def find_label(self, reference: str) -> Label | None:
        return self.sold.get(reference)

    def void_label(self, label: Label) -> str:
        """Refunded at once, once: a label sold by another carrier is refused."""
        if label.carrier != self.name:
            raise CarrierRefused(f"{label.tracking_number} is not a {self.name} label")
        self.voided[label.tracking_number] = "refunded"
        return "refunded"

    def journey(self, tracking_number: str) -> Journey:
        service_level, lane, ship_at = self._format.decode(tracking_number)
        return simulate_journey(f"{self.seed}:{tracking_number}", ship_at, lane, service_level)

    def track(self, tracking_number: str) -> TrackingInfo:
        journey = self.journey(tracking_number)
        now = self._clock()
        seen = [e for e in journey.events if e.update.occurred_at <= now]
        if not seen:
            return TrackingInfo(
                tracking_number, ShipmentStatus.LABEL_CREATED, journey.initial_estimate
            )
        return TrackingInfo(
            tracking_number,
            seen[-1].update.status or ShipmentStatus.IN_TRANSIT,
            seen[-1].estimated_delivery_date,
            tuple(e.update for e in seen),
        )
