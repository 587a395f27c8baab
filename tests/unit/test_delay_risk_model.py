"""The risk model end to end on arrays: fitting, live signals, explanations, persistence."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest

from opsdesk.proactive import ActiveDisruption, History, RiskModel
from opsdesk.proactive.risk import features as f
from opsdesk.proactive.risk import model as risk_model
from opsdesk.proactive.risk.classifier import CalibratedLogistic
from opsdesk.proactive.risk.explain import explain
from tests.unit.test_delay_risk_features import HANDED, facts

NOW = HANDED + timedelta(days=2)


@pytest.fixture(scope="module")
def model() -> RiskModel:
    """Fitted on 2,000 parcels SP → AM taking 3–9 days, promised 6 days after hand-over."""
    rng = np.random.default_rng(5)
    history_facts = facts(2_000, promised=date(2026, 11, 26))
    shift = rng.uniform(-40, 0, size=2_000) * f.DAY
    history_facts = replace(
        history_facts,
        placed_at=history_facts.placed_at + shift,
        handed_over_at=history_facts.handed_over_at + shift,
        promise_end=history_facts.promise_end + shift,
    )
    transit = rng.uniform(3, 9, size=2_000) * f.DAY
    return RiskModel.fit(History(history_facts, history_facts.handed_over_at + transit))


def in_flight(n: int = 1, *, status: str = "in_transit", quiet_days: float = 0.0,
              promised: date = date(2026, 11, 26)) -> f.InFlightState:  # fmt: skip
    shipment = facts(n, promised=promised)
    last_scan = np.full(n, f.epoch(NOW - timedelta(days=quiet_days)))
    return f.InFlightState(shipment, last_scan, np.full(n, status, dtype=object))


def test_fitted_probabilities_follow_the_lane_s_late_share(model: RiskModel) -> None:
    # 6 days of slack on a 3–9 day lane: about a third arrive late.
    p = model.at_handover(facts(promised=date(2026, 11, 26)))[0]
    assert 0.15 < p < 0.55
    assert model.late_share == pytest.approx(0.5, abs=0.2)


def test_a_silent_carrier_raises_the_risk(model: RiskModel) -> None:
    chatty = model.in_flight(in_flight(quiet_days=0.5), NOW, []).probability[0]
    silent = model.in_flight(
        in_flight(quiet_days=2.0 + 0.0), NOW + timedelta(days=2), []
    ).probability[0]
    assert silent > chatty


def test_out_for_delivery_lowers_and_an_exception_raises_the_risk(model: RiskModel) -> None:
    base = model.in_flight(in_flight(), NOW, []).probability[0]
    assert model.in_flight(in_flight(status="out_for_delivery"), NOW, []).probability[0] < base
    assert model.in_flight(in_flight(status="exception"), NOW, []).probability[0] > base


def test_a_missed_promise_is_certain_and_says_so(model: RiskModel) -> None:
    state = in_flight(promised=date(2026, 11, 21))
    breakdown = model.in_flight(state, NOW, [])
    assert breakdown.probability[0] == 1.0
    assert explain(breakdown, state.facts, 0, []) == [
        "the promised delivery date (21 Nov) has passed without delivery"
    ]


def test_a_disruption_leads_the_reasons(model: RiskModel) -> None:
    hub = ActiveDisruption(3, "hub_closure", "high", "AM", "", NOW, NOW + timedelta(days=6))
    state, later = in_flight(), NOW + timedelta(days=4)  # last scan 4 days before `later`
    breakdown = model.in_flight(state, later, [hub])
    reasons = explain(breakdown, state.facts, 0, [hub])
    assert reasons[0].startswith("hub closed in region AM (disruption until")
    assert "no carrier scan for 4 days" in reasons
    assert breakdown.probability[0] > model.in_flight(state, later, []).probability[0]


def test_a_calm_parcel_is_explained_by_its_lane(model: RiskModel) -> None:
    state = in_flight(promised=date(2026, 12, 10))
    breakdown = model.in_flight(state, NOW, [])
    assert explain(breakdown, state.facts, 0, [])[-1].startswith("lane SP → AM usually takes")


def test_a_stored_model_scores_exactly_like_the_fitted_one(model: RiskModel) -> None:
    again = RiskModel.from_dict(json.loads(json.dumps(model.to_dict())))
    shipments = in_flight(3, quiet_days=3)
    np.testing.assert_allclose(
        again.in_flight(shipments, NOW, []).probability,
        model.in_flight(shipments, NOW, []).probability,
        rtol=1e-4,
    )


def test_the_prior_scores_before_any_history_exists() -> None:
    p = RiskModel.prior().in_flight(in_flight(), NOW, []).probability[0]
    assert 0.0 < p < 0.5


def test_too_little_history_is_refused() -> None:
    few = facts(10)
    with pytest.raises(ValueError, match="too little"):
        RiskModel.fit(History(few, few.handed_over_at + f.DAY))


def test_hand_over_scores_never_see_the_delivery_time(model: RiskModel) -> None:
    early, late = facts(promised=date(2026, 11, 26)), facts(promised=date(2026, 11, 26))
    assert model.at_handover(early)[0] == model.at_handover(late)[0]
    assert datetime.now(UTC) > HANDED  # the fixture's parcels are history


def test_near_late_holds_every_late_parcel_and_those_that_came_close() -> None:
    # Promised 6 days after hand-over (to the end of 25 Nov, handed over 20 Nov 09:00).
    shipments = facts(4, promised=date(2026, 11, 25))
    slack = f.slack_days(shipments, shipments.handed_over_at)[0]
    share = risk_model.NEAR_LATE_SHARE
    transit = np.array([0.5 * slack, (share + 0.01) * slack, slack + 0.5, (share - 0.01) * slack])
    history = History(shipments, shipments.handed_over_at + transit * f.DAY)
    assert history.late.tolist() == [False, False, True, False]
    assert history.near_late.tolist() == [False, True, True, False]


def test_a_history_where_nearly_every_parcel_came_close_still_trains() -> None:
    # Promised ~5.6 days out; 60 on time but all past the near-late share, 10 late.
    shipments = facts(70, promised=date(2026, 11, 25))
    slack = f.slack_days(shipments, shipments.handed_over_at)[0]
    transit = np.where(np.arange(70) < 60, 0.98 * slack, slack + 1.0)
    history = History(shipments, shipments.handed_over_at + transit * f.DAY)
    assert history.near_late.all()
    model = RiskModel.fit(history)
    assert model.at_handover(facts(promised=date(2026, 11, 25)))[0] == pytest.approx(1 / 7, abs=0.1)


def _rare_inside_common(n: int = 4_000) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One input; a common outcome that follows it and a rare one inside the common one."""
    rng = np.random.default_rng(3)
    x = rng.normal(size=(n, 1))
    common = x[:, 0] + rng.normal(size=n) > 1.0
    rare = common & (rng.uniform(size=n) < 0.15)
    return x, common, rare


def test_a_classifier_ranked_by_a_common_outcome_is_calibrated_to_the_rare_one() -> None:
    x, common, rare = _rare_inside_common()
    fitted = CalibratedLogistic.fit(("x",), x, rare, rank_by=common)
    p = fitted.predict(x)
    assert p.mean() == pytest.approx(rare.mean(), abs=0.01)  # not the common outcome's share
    assert p.mean() < common.mean() / 3
    order = np.argsort(x[:, 0])
    assert np.all(np.diff(p[order]) >= 0)  # more of the input, never less risk
    assert fitted.coef[0] > 0
    assert np.all(np.diff(fitted.calibration_y) > 0)  # no ties from the calibration


def test_the_ranking_label_needs_both_outcomes() -> None:
    x, _common, rare = _rare_inside_common(200)
    with pytest.raises(ValueError, match="both outcomes"):
        CalibratedLogistic.fit(("x",), x, rare, rank_by=np.zeros(200, dtype=bool))
