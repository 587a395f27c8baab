"""Destination areas (postal-code prefixes) as a delay-risk input."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta

import numpy as np
import pytest

from opsdesk.proactive import History, RiskModel
from opsdesk.proactive.risk import areas
from opsdesk.proactive.risk import features as f
from opsdesk.proactive.risk.olist import _area
from tests.unit.test_delay_risk_features import facts


def test_a_postal_area_is_the_code_s_leading_characters() -> None:
    assert areas.postal_area("01310-100") == "01"
    assert areas.postal_area(" sw1a 1aa") == "SW"
    assert areas.postal_area("7") == areas.UNKNOWN_AREA


def test_olist_prefixes_get_their_lost_leading_zero_back() -> None:
    assert _area("4571") == "04"
    assert _area("18682") == "18"
    assert _area("") == ""


def test_area_rates_shrink_small_areas_toward_the_overall_share() -> None:
    keys = np.array(["AM|69"] * 10 + ["SP|01"] * 990, dtype=object)
    late = np.array([True] * 10 + [False] * 990)
    rates = areas.AreaLateRates.fit(keys, late)
    share = rates.late_share(np.array(["AM|69", "SP|01", "RJ|20", "RJ|"], dtype=object))
    assert rates.base == pytest.approx(0.01)
    # Ten late of ten is far above the base, but not believed fully from ten parcels.
    assert rates.base < share[0] < 0.5
    assert share[1] < rates.base
    assert share[2] == share[3] == pytest.approx(rates.base)


def test_unknown_areas_teach_nothing() -> None:
    keys = areas.area_keys(np.array(["SP", "SP"], dtype=object), None)
    rates = areas.AreaLateRates.fit(keys, np.array([True, False]))
    assert list(keys) == ["SP|", "SP|"]
    assert rates.rates == {}


def test_area_rates_survive_a_json_round_trip() -> None:
    keys = np.array(["SP|01", "SP|01", "RJ|20"], dtype=object)
    rates = areas.AreaLateRates.fit(keys, np.array([True, False, False]))
    again = areas.AreaLateRates.from_dict(json.loads(json.dumps(rates.to_dict())))
    assert np.allclose(again.late_share(keys), rates.late_share(keys))


def _history_with_a_slow_area(n: int = 2_000) -> History:
    """SP → AM parcels; those to area 69 take two days longer than those to area 68."""
    rng = np.random.default_rng(9)
    base = facts(n, promised=date(2026, 11, 26))
    shift = rng.uniform(-40, 0, size=n) * f.DAY
    area = np.where(np.arange(n) % 2 == 0, "69", "68").astype(object)
    shifted = replace(
        base,
        placed_at=base.placed_at + shift,
        handed_over_at=base.handed_over_at + shift,
        promise_end=base.promise_end + shift,
        destination_area=area,
    )
    transit = (rng.uniform(3, 8, size=n) + np.where(area == "69", 2.0, 0.0)) * f.DAY
    return History(shifted, shifted.handed_over_at + transit)


def test_the_model_ranks_the_slow_area_above_the_fast_one() -> None:
    model = RiskModel.fit(_history_with_a_slow_area())
    parcels = replace(facts(2), destination_area=np.array(["69", "68"], dtype=object))
    slow, fast = model.at_handover(parcels)
    assert slow > fast


def test_a_model_stored_before_areas_existed_still_scores() -> None:
    model = RiskModel.fit(_history_with_a_slow_area())
    stored = model.to_dict()
    stored.pop("areas")
    classifier = stored["classifier"]
    drop = classifier["features"].index("area_late_logit")
    for name in ("features", "mean", "scale", "coef"):
        classifier[name] = [v for i, v in enumerate(classifier[name]) if i != drop]
    older = RiskModel.from_dict(json.loads(json.dumps(stored)))
    p = older.at_handover(facts(3, promised=date(2026, 11, 26) + timedelta(days=1)))
    assert np.all((p > 0) & (p < 1))
