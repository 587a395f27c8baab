"""Places (origins, destination districts) whose parcels travel slower than their lanes' usual."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import numpy as np
import pytest

from opsdesk.proactive import History, RiskModel
from opsdesk.proactive.risk import features as f
from opsdesk.proactive.risk import shifts
from opsdesk.proactive.risk.explain import explain
from opsdesk.proactive.risk.olist import _area
from tests.unit.test_delay_risk_features import facts
from tests.unit.test_delay_risk_model import NOW, in_flight


def test_the_excess_is_the_log_ratio_to_the_lane_median() -> None:
    excess = shifts.log_excess(np.array([8.0, 4.0, 0.0]), np.array([4.0, 4.0, 4.0]))
    assert excess[0] == pytest.approx(np.log(2))
    assert excess[1] == pytest.approx(0.0)
    assert np.isfinite(excess[2])  # same-day parcels are floored, not -inf
    assert excess[2] < 0


def test_shifts_are_shrunk_toward_zero_and_unknown_origins_teach_nothing() -> None:
    keys = np.array(["w1"] * 10 + ["w2"] * 1000 + [""] * 5, dtype=object)
    excess = np.array([1.0] * 10 + [0.5] * 1000 + [3.0] * 5)
    fitted = shifts.TransitShifts.fit(keys, excess)
    got = fitted.shift(np.array(["w1", "w2", "w3", ""], dtype=object))
    assert got[0] == pytest.approx(10 / (10 + shifts.SHRINK_STRENGTH))  # half believed
    assert got[1] == pytest.approx(0.5, abs=0.01)  # a thousand parcels: almost fully
    assert got[2] == got[3] == 0.0
    assert "" not in fitted.shifts


def test_a_training_row_only_sees_deliveries_before_its_own_hand_over() -> None:
    keys = np.array(["w1", "w1", "w1", "w2"], dtype=object)
    delivered = np.array([10.0, 20.0, 30.0, 5.0])
    excess = np.array([1.0, 2.0, 4.0, 8.0])
    handed = np.array([2.0, 10.0, 25.0, 1.0])
    past = shifts.past_shift(keys, delivered, excess, handed)
    k = shifts.SHRINK_STRENGTH
    # Row 0: nothing of w1 delivered before 2; row 1: delivery at 10 is not *before* 10;
    # row 2 sees the deliveries at 10 and 20 but neither its own (30) nor w2's.
    assert past.tolist() == pytest.approx([0.0, 0.0, 3.0 / (2 + k), 0.0])


def test_shifts_survive_a_json_round_trip() -> None:
    keys = np.array(["w1", "w2", "w1"], dtype=object)
    fitted = shifts.TransitShifts.fit(keys, np.array([0.3, -0.2, 0.1]))
    again = shifts.TransitShifts.from_dict(json.loads(json.dumps(fitted.to_dict())))
    assert np.allclose(again.shift(keys), fitted.shift(keys), atol=1e-5)


def test_a_district_is_the_region_and_three_postal_characters() -> None:
    keys = shifts.district_keys(
        np.array(["sp ", "RJ", "AM"], dtype=object),
        np.array(["013", "200", ""], dtype=object),
    )
    assert keys.tolist() == ["SP|013", "RJ|200", shifts.UNKNOWN_PLACE]
    assert _area("4571", shifts.DISTRICT_PREFIX) == "045"  # Olist lost the leading zero


def _history_with_slow_places(n: int = 2_000) -> History:
    """SP → AM parcels from two warehouses to two districts; those from ``slow`` take
    three days longer, those to district 690 two days longer."""
    rng = np.random.default_rng(4)
    base = facts(n, promised=date(2026, 11, 26))
    shift = rng.uniform(-60, 0, size=n) * f.DAY
    point = np.where(np.arange(n) % 2 == 0, "slow", "fast").astype(object)
    district = np.where((np.arange(n) // 2) % 2 == 0, "690", "680").astype(object)
    shifted = replace(
        base,
        placed_at=base.placed_at + shift,
        handed_over_at=base.handed_over_at + shift,
        promise_end=base.promise_end + shift,
        origin_point=point,
        destination_district=district,
    )
    days = rng.uniform(2, 7, size=n) + np.where(point == "slow", 3.0, 0.0)
    days += np.where(district == "690", 2.0, 0.0)
    return History(shifted, shifted.handed_over_at + days * f.DAY)


@pytest.fixture(scope="module")
def model() -> RiskModel:
    return RiskModel.fit(_history_with_slow_places())


def test_the_model_ranks_the_slow_origin_above_the_fast_one(model: RiskModel) -> None:
    parcels = replace(facts(3), origin_point=np.array(["slow", "fast", ""], dtype=object))
    slow, fast, unknown = model.at_handover(parcels)
    assert model.origins.shifts["slow"] > 0 > model.origins.shifts["fast"]
    assert slow > unknown > fast


def test_the_model_ranks_the_slow_district_above_the_fast_one(model: RiskModel) -> None:
    parcels = replace(facts(3), destination_district=np.array(["690", "680", ""], dtype=object))
    slow, fast, unknown = model.at_handover(parcels)
    assert model.districts.shifts["AM|690"] > 0 > model.districts.shifts["AM|680"]
    assert slow > unknown > fast


def test_a_slow_origin_is_named_among_the_reasons(model: RiskModel) -> None:
    state = in_flight(1)
    state = replace(
        state, facts=replace(state.facts, origin_point=np.array(["slow"], dtype=object))
    )
    reasons = explain(model.in_flight(state, NOW, []), state.facts, 0, [])
    assert "parcels from this sender have taken longer than usual on their lanes" in reasons


def test_the_places_survive_storing_the_model(model: RiskModel) -> None:
    again = RiskModel.from_dict(json.loads(json.dumps(model.to_dict())))
    parcels = replace(
        facts(2),
        origin_point=np.array(["slow", "fast"], dtype=object),
        destination_district=np.array(["690", "680"], dtype=object),
    )
    np.testing.assert_allclose(again.at_handover(parcels), model.at_handover(parcels), rtol=1e-4)


def test_a_model_stored_with_season_terms_and_without_places_still_scores(
    model: RiskModel,
) -> None:
    stored = json.loads(json.dumps(model.to_dict()))
    stored.pop("origins")
    stored.pop("districts")
    classifier = stored["classifier"]
    new = {"origin_transit_shift", "destination_transit_shift"}
    keep = [i for i, name in enumerate(classifier["features"]) if name not in new]
    for name in ("features", "mean", "scale", "coef"):
        classifier[name] = [classifier[name][i] for i in keep]
    # As models were stored before the month-of-year terms were retired.
    classifier["features"] += list(f.RETIRED_FEATURES)
    classifier["mean"] += [0.0, 0.0]
    classifier["scale"] += [1.0, 1.0]
    classifier["coef"] += [0.3, -0.2]
    older = RiskModel.from_dict(stored)
    p = older.at_handover(facts(3, promised=date(2026, 11, 27)))
    assert np.all((p > 0) & (p < 1))
    assert not np.allclose(p, model.at_handover(facts(3, promised=date(2026, 11, 27))))
