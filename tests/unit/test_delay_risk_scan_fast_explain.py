"""The batch explanation says, row for row, exactly what the scalar ``explain`` says."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from opsdesk.proactive import ActiveDisruption, History, RiskModel
from opsdesk.proactive.risk import features as f
from opsdesk.proactive.risk.explain import explain
from opsdesk.proactive.risk.explain_batch import explain_batch

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)
REGIONS = np.array(["SP", "RJ", "MG", "AM", "RS", ""], dtype=object)


def varied_facts(rng: np.random.Generator, n: int, *, now: float) -> f.ShipmentFacts:
    """Lanes, services, waits, weights and promises all over the place (some missed)."""
    origin = rng.choice(REGIONS, size=n)
    destination = rng.choice(REGIONS, size=n)
    country = np.full(n, "BR", dtype=object)
    handed = now - rng.uniform(0, 10, size=n) * f.DAY
    value = rng.lognormal(4.5, 0.9, size=n)
    return f.ShipmentFacts(
        carrier=rng.choice(np.array(["correios", "jadlog"], dtype=object), size=n),
        service_level=rng.choice(np.array(f.SERVICE_LEVELS, dtype=object), size=n),
        origin_region=origin,
        destination_region=destination,
        lane_class=f.lane_classes(country, origin, country, destination),
        placed_at=handed - rng.gamma(1.5, 1.5, size=n) * f.DAY,
        handed_over_at=handed,
        promise_end=np.ceil((handed + rng.uniform(-1, 14, size=n) * f.DAY) / f.DAY) * f.DAY,
        order_value=value,
        freight_value=value * rng.uniform(0.05, 0.4, size=n),
        weight_g=rng.lognormal(6.5, 1.2, size=n),
        item_count=rng.integers(1, 5, size=n).astype(np.float64),
        destination_area=rng.choice(np.array(["01", "02", "69", ""], dtype=object), size=n),
        origin_point=rng.choice(np.array(["warehouse:1", "warehouse:2", ""], dtype=object), n),
        destination_district=rng.choice(np.array(["013", "690", ""], dtype=object), size=n),
    )


@pytest.fixture(scope="module")
def model() -> RiskModel:
    rng = np.random.default_rng(17)
    history = varied_facts(rng, 3_000, now=NOW.timestamp() - 40 * f.DAY)
    slow = np.where(history.lane_class == "same_region", 2.0, 6.0)
    transit = rng.gamma(3.0, slow / 3.0) * f.DAY
    return RiskModel.fit(History(history, history.handed_over_at + transit))


def disruptions() -> list[ActiveDisruption]:
    return [
        ActiveDisruption(1, "hub_closure", "high", "SP", "", NOW - timedelta(days=1),
                         NOW + timedelta(days=3)),
        ActiveDisruption(2, "weather", "medium", "", "jadlog", NOW, NOW + timedelta(days=2)),
    ]  # fmt: skip


def varied_state(n: int, seed: int) -> f.InFlightState:
    rng = np.random.default_rng(seed)
    facts = varied_facts(rng, n, now=NOW.timestamp())
    quiet = rng.exponential(1.5, size=n) * f.DAY
    last = np.where(rng.random(n) < 0.1, 0.0, NOW.timestamp() - quiet)
    statuses = np.array(["in_transit", "out_for_delivery", "exception", "label_created"], object)
    return f.InFlightState(facts, last, rng.choice(statuses, size=n, p=[0.7, 0.1, 0.1, 0.1]))


def test_every_row_reads_as_the_scalar_explanation(model: RiskModel) -> None:
    state = varied_state(4_000, seed=3)
    breakdown = model.in_flight(state, NOW, disruptions())

    batch = explain_batch(breakdown, state.facts, disruptions())

    expected = [explain(breakdown, state.facts, i, disruptions()) for i in range(4_000)]
    assert [batch.of(i) for i in range(4_000)] == expected
    # The data reaches every branch: missed promises, floors, disruptions, silences.
    said = {text.split(" ")[0] for reasons in expected for text in reasons}
    assert {"the", "still", "lane", "hub", "severe", "no", "handed"} <= said
    assert len(batch.lists) < 4_000  # rows share their lists


def test_exactly_tied_weights_fall_back_to_the_scalar_order(model: RiskModel) -> None:
    state = varied_state(300, seed=9)
    breakdown = model.in_flight(state, NOW, [])
    same = np.full(300, 0.8)
    groups = {**breakdown.group_logit, "parcel": same, "area": same, "origin": same}
    tied = replace(breakdown, group_logit=groups, transit_logit=same)

    batch = explain_batch(tied, state.facts, [])

    expected = [explain(tied, state.facts, i, []) for i in range(300)]
    assert [batch.of(i) for i in range(300)] == expected


def test_an_empty_batch_has_no_reasons(model: RiskModel) -> None:
    state = varied_state(0, seed=1)
    batch = explain_batch(model.in_flight(state, NOW, []), state.facts, [])
    assert batch.lists == []
    assert len(batch.index) == 0
