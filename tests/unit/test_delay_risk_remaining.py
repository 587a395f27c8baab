"""The late share of parcels still on the road r days before their promise, and its use."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta

import numpy as np
import pytest

from opsdesk.proactive import History, RiskModel
from opsdesk.proactive.risk import features as f
from opsdesk.proactive.risk import remaining as r
from opsdesk.proactive.risk.explain import explain
from opsdesk.proactive.risk.model import RiskBreakdown
from opsdesk.proactive.risk.remaining import RemainingDaysCurve
from tests.unit.test_delay_risk_features import HANDED, facts

DAY = f.DAY


def _curve(handed: list[float], promise: list[float], delivered: list[float]) -> RemainingDaysCurve:
    """Days as numbers; the curve works on epoch seconds."""

    def seconds(days: list[float]) -> np.ndarray:
        return np.asarray(days, dtype=np.float64) * DAY

    return RemainingDaysCurve.fit(seconds(handed), seconds(promise), seconds(delivered))


def test_the_share_counts_exactly_the_parcels_still_out_that_close_to_their_promise() -> None:
    # 120 parcels promised by day 10: 90 arrive on day 5, 18 on day 9.5, 12 late on day 12.
    delivered = [5.0] * 90 + [9.5] * 18 + [12.0] * 12
    curve = _curve([0.0] * 120, [10.0] * 120, delivered)
    base, k = 12 / 120, r.PRIOR_STRENGTH
    # One day before the end: the 18 near misses and the 12 late ones are still out.
    one_day = (12 + k * base) / (30 + k)
    assert curve.floor(np.array([1.0]))[0] == pytest.approx(one_day)
    # Half a day before: only the 12 late ones, too few to speak: the share further out.
    assert curve.floor(np.array([0.25]))[0] == pytest.approx(one_day)
    # Six days before: everything still out (120), nothing telling: about the base share.
    assert curve.floor(np.array([6.0]))[0] == pytest.approx((12 + k * base) / (120 + k))


def test_the_counting_agrees_with_checking_every_parcel_at_every_distance() -> None:
    rng = np.random.default_rng(3)
    n = 3_000
    handed = rng.uniform(0, 60, n)
    promise = handed + rng.uniform(1, 25, n)
    delivered = handed + rng.gamma(3.0, 2.5, n)
    curve = _curve(list(handed), list(promise), list(delivered))
    late = delivered > promise
    base, k = late.mean(), r.PRIOR_STRENGTH
    for days in (0.5, 1.0, 2.75, 7.0):
        out = (handed <= promise - days) & (delivered > promise - days)
        direct = ((out & late).sum() + k * base) / (out.sum() + k)
        shares_further = [
            ((o & late).sum() + k * base) / (o.sum() + k)
            for d in np.arange(0, days + 1e-9, r.GRID_STEP_DAYS)
            for o in [(handed <= promise - d) & (delivered > promise - d)]
        ]
        # the curve is the direct share, capped by every share closer to the promise
        assert curve.floor(np.array([days]))[0] == pytest.approx(min(direct, *shares_further))


def test_the_curve_never_rises_further_from_the_promise_and_ends_where_history_does() -> None:
    rng = np.random.default_rng(8)
    handed = rng.uniform(0, 30, 2_000)
    promise = handed + rng.uniform(2, 8, 2_000)
    curve = _curve(list(handed), list(promise), list(handed + rng.uniform(1, 9, 2_000)))
    assert np.all(np.diff(curve.late_share) <= 1e-12)
    assert curve.floor(np.array([r.GRID_MAX_DAYS + 1.0]))[0] == 0.0
    assert curve.floor(np.array([-2.0]))[0] == curve.late_share[0]  # overdue reads as 0 left


def test_an_empty_history_and_an_older_stored_model_give_no_floor() -> None:
    empty = RemainingDaysCurve.fit(np.zeros(0), np.zeros(0), np.zeros(0))
    assert empty.floor(np.array([1.0, 5.0])).tolist() == [0.0, 0.0]
    older = RemainingDaysCurve.from_dict({})
    assert older.floor(np.array([1.0])).tolist() == [0.0]
    curve = _curve([0.0] * 30, [10.0] * 30, [11.0] * 10 + [4.0] * 20)
    again = RemainingDaysCurve.from_dict(json.loads(json.dumps(curve.to_dict())))
    assert np.array_equal(again.late_share, curve.late_share)


@pytest.fixture(scope="module")
def model() -> RiskModel:
    """2,000 parcels SP → AM: most arrive in 2–5 days; one in six is lost for 20 days."""
    rng = np.random.default_rng(5)
    history = facts(2_000, promised=date(2026, 11, 26))  # six days after hand-over
    stuck = rng.random(2_000) < 1 / 6
    transit = np.where(stuck, 20.0, rng.uniform(2, 5, 2_000)) * DAY
    return RiskModel.fit(History(history, history.handed_over_at + transit))


def test_fitting_learns_the_curve_from_the_store_s_history(model: RiskModel) -> None:
    # A day before the end only the lost parcels are still out: nearly all of them late.
    assert model.remaining.floor(np.array([1.0]))[0] > 0.95
    # Five days before, most parcels are still out and most of those arrive in time.
    assert model.remaining.floor(np.array([5.0]))[0] < 0.3


def _scan(model: RiskModel, status: str = "in_transit") -> tuple[f.ShipmentFacts, RiskBreakdown]:
    shipment = facts(promised=date(2026, 11, 26))
    at = f.epoch(HANDED + timedelta(hours=12))
    state = f.InFlightState(shipment, np.full(1, at), np.full(1, status, dtype=object))
    return shipment, model.in_flight_at(state, at, [])


def test_the_live_risk_never_falls_below_what_history_says_of_parcels_still_out(
    model: RiskModel,
) -> None:
    _, own = _scan(model)
    assert own.probability[0] < 0.5
    assert own.remaining_floor[0] == 0.0  # the model's own figure stands
    # A store whose parcels still out this close to the promise were nearly all late:
    strict = replace(
        model, remaining=RemainingDaysCurve(np.array([0.0, 10.0]), np.array([0.95, 0.95]))
    )
    shipment, raised = _scan(strict)
    assert raised.probability[0] == pytest.approx(0.95)
    assert raised.remaining_floor[0] == pytest.approx(0.95)
    reasons = explain(raised, shipment, 0, [])
    assert reasons[0] == (
        "still on the road 6 days before the promised day; 95% of such parcels arrived late"
    )
    on_the_day = replace(raised, slack_left_days=np.array([0.3]))
    assert explain(on_the_day, shipment, 0, [])[0].startswith(
        "still on the road on the promised day; 95% of such parcels"
    )
    # On its last leg with the carrier the parcel is past what that history describes.
    _, last_leg = _scan(strict, status="out_for_delivery")
    assert last_leg.remaining_floor[0] == 0.0
    assert last_leg.probability[0] < own.probability[0]
