"""Reasons in words for one scored shipment, strongest first."""

from __future__ import annotations

from datetime import UTC, datetime

from opsdesk.proactive.risk import features as f
from opsdesk.proactive.risk.matching import ActiveDisruption
from opsdesk.proactive.risk.model import RiskBreakdown

MAX_REASONS = 3
# A contribution below this many log-odds is not worth telling anyone about.
NOTABLE_LOGIT = 0.15
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _days(value: float) -> str:
    whole = round(value)
    return f"{whole} day" if whole == 1 else f"{whole} days"


def _day_label(moment: float) -> str:
    day = datetime.fromtimestamp(moment - 1, tz=UTC)
    return f"{day.day} {day:%b}"


def explain(
    breakdown: RiskBreakdown,
    facts: f.ShipmentFacts,
    row: int,
    disruptions: list[ActiveDisruption],
) -> list[str]:
    """At most :data:`MAX_REASONS` sentences an agent can read to a customer."""
    if breakdown.promise_missed[row]:
        promised = _day_label(float(facts.promise_end[row]))
        return [f"the promised delivery date ({promised}) has passed without delivery"]
    lane = f.lane_label(str(facts.origin_region[row]), str(facts.destination_region[row]))
    transit = (
        f"lane {lane} usually takes {_days(breakdown.lane_median_days[row])}, "
        f"{_days(max(breakdown.slack_left_days[row], 0.0))} of slack left"
    )
    weighed: list[tuple[float, str]] = [(float(breakdown.transit_logit[row]), transit)]
    position = int(breakdown.disruption_index[row])
    if position >= 0:
        weighed.append((float(breakdown.disruption_logit[row]), disruptions[position].describe()))
    if breakdown.silence_logit[row] > 0:
        quiet = _days(breakdown.silence_days[row])
        weighed.append((float(breakdown.silence_logit[row]), f"no carrier scan for {quiet}"))
    if breakdown.status_logit[row] > 0:
        weighed.append((float(breakdown.status_logit[row]), "the carrier reported a problem"))
    weighed.extend(_handover_reasons(breakdown, facts, row))
    notable = [
        text for _, text in sorted((w for w in weighed if w[0] >= NOTABLE_LOGIT), reverse=True)
    ]
    floor = float(breakdown.remaining_floor[row])
    if floor > 0:  # history, not the model, set the score: say so first
        left = max(float(breakdown.slack_left_days[row]), 0.0)
        when = f"{_days(left)} before the promised day" if round(left) else "on the promised day"
        notable.insert(0, f"still on the road {when}; {floor:.0%} of such parcels arrived late")
    return notable[:MAX_REASONS] or [transit]


def _handover_reasons(
    breakdown: RiskBreakdown, facts: f.ShipmentFacts, row: int
) -> list[tuple[float, str]]:
    waited = (facts.handed_over_at[row] - facts.placed_at[row]) / f.DAY
    day = int(f.weekday(facts.handed_over_at[row : row + 1])[0])
    return [
        (
            float(breakdown.group_logit["wait"][row]),
            f"handed to the carrier {_days(waited)} after the order",
        ),
        (float(breakdown.group_logit["weekday"][row]), f"handed over on a {_WEEKDAYS[day]}"),
        (float(breakdown.group_logit["parcel"][row]), "a parcel of a kind that is often late"),
        (float(breakdown.group_logit["area"][row]), "deliveries to this area are often late"),
        (
            float(breakdown.group_logit["origin"][row]),
            "parcels from this sender have taken longer than usual on their lanes",
        ),
    ]
