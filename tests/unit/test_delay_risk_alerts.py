"""Live scans replayed over a history: who is told before the promise runs out, and when."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np
import pytest

from opsdesk.proactive import History, RiskModel
from opsdesk.proactive.risk import alerts
from opsdesk.proactive.risk import features as f
from opsdesk.proactive.risk.notice_rules import BUILTIN_RULE, COMBINED_RULE, NoticeRule
from opsdesk.proactive.rules.builtin import BUILTIN_RULES
from tests.unit.test_delay_risk_features import facts

DAY = f.DAY


def _history(handed: list[float], promise_end: list[float], delivered: list[float]) -> History:
    """Three parcels on one lane; times in days from the first hand-over."""
    n = len(handed)
    start = facts(n, promised=date(2026, 11, 26)).handed_over_at[0]

    def at(days: list[float]) -> np.ndarray:
        return start + np.asarray(days, dtype=np.float64) * DAY

    shipment = replace(
        facts(n, promised=date(2026, 11, 26)),
        handed_over_at=at(handed),
        promise_end=at(promise_end),
    )
    return History(shipment, at(delivered))


def test_scans_run_from_hand_over_until_delivery_or_the_end_of_the_promise() -> None:
    history = _history(
        handed=[0.0, 0.0, 5.0], promise_end=[3.0, 3.0, 4.0], delivered=[1.1, 4.0, 6.0]
    )
    index, moments = alerts._scan_moments(history, 0.25)
    start = history.facts.handed_over_at[0]
    days = (moments - start) / DAY
    # delivered after 1.1 days: scanned at 0, 0.25 … 1.0
    assert days[index == 0].tolist() == [0.0, 0.25, 0.5, 0.75, 1.0]
    # late: scanned until its promise ran out (not after)
    assert days[index == 1].tolist() == pytest.approx(np.arange(0.0, 3.0, 0.25).tolist())
    # handed over after its promise had already run out: no scan could warn in time
    assert not (index == 2).any()


def test_the_baseline_tells_whoever_is_still_out_a_day_before_the_promise_ends() -> None:
    history = _history(
        handed=[0.0, 0.0, 0.0, 2.5],
        promise_end=[3.0, 3.0, 3.0, 3.0],
        delivered=[1.5, 2.5, 4.0, 5.0],  # on time, near miss (told needlessly), late, late
    )
    _model_report, baseline = alerts.replay(RiskModel.prior(), history)
    assert baseline.name == alerts.BASELINE
    assert (baseline.late, baseline.on_time) == (2, 2)
    # the parcel handed over half a day before the end could not be told a day ahead
    assert (baseline.warned_late, baseline.warned_on_time) == (1, 1)
    assert baseline.warned_late_day_ahead == 1
    assert baseline.median_lead_days == pytest.approx(1.0)
    assert (baseline.recall, baseline.precision) == (0.5, 0.5)


def test_the_model_is_told_no_later_than_the_promise_and_counts_its_needless_notices() -> None:
    rng = np.random.default_rng(2)
    n = 1_500
    handed = rng.uniform(0, 60, n)
    promise = handed + 6.0
    stuck = rng.random(n) < 0.15
    delivered = handed + np.where(stuck, rng.uniform(8, 15, n), rng.uniform(1, 5.5, n))
    history = _history(list(handed), list(promise), list(delivered))
    model = RiskModel.fit(history)
    first = alerts.first_warnings(model, history)
    told = np.isfinite(first)
    assert (first[told] >= history.facts.handed_over_at[told]).all()
    assert (first[told] < history.facts.promise_end[told]).all()
    assert (first[told] < history.delivered_at[told]).all()
    report, _ = alerts.replay(model, history)
    assert report.late == int(history.late.sum())
    assert report.warned_late == int((told & history.late).sum())
    assert report.warned_on_time == int((told & ~history.late).sum())
    # every lost parcel is still out a day before its promise, and is told by then
    assert report.warned_late_day_ahead == report.late
    assert report.as_dict()["recall"] == report.recall == 1.0


def test_the_notice_threshold_is_the_built_in_rule_s() -> None:
    rule = BUILTIN_RULES["shipment_at_risk"]
    assert rule.conditions == {"fact": "risk", "op": ">=", "value": alerts.NOTICE_THRESHOLD}
    assert NoticeRule.from_condition(rule.conditions) == BUILTIN_RULE


def _midnight_history(
    handed: list[float], promise_end: list[float], delivered: list[float]
) -> History:
    """As :func:`_history`, with day 0 starting at midnight UTC (promises end at midnight)."""
    history = _history(handed, promise_end, delivered)
    shift = history.facts.handed_over_at[0] % DAY - handed[0] * DAY

    def back(values: np.ndarray) -> np.ndarray:
        return np.asarray(values - shift)

    facts = replace(
        history.facts,
        placed_at=back(history.facts.placed_at),
        handed_over_at=back(history.facts.handed_over_at),
        promise_end=back(history.facts.promise_end),
    )
    return History(facts, back(history.delivered_at))


def test_the_replay_scans_at_the_start_of_the_promised_day_and_counts_calendar_days() -> None:
    history = _midnight_history(handed=[0.1, 0.3], promise_end=[3.0, 3.0], delivered=[2.5, 4.0])
    start = history.facts.handed_over_at[0] - 0.1 * DAY
    assert start % DAY == 0
    scans = alerts.scan_risks(RiskModel.prior(), history)
    day_of = start + 2.0 * DAY  # the promised day begins a day before the promise ends
    # both were still out then: each has a scan exactly at that moment, 0 days to go
    at_day_of = np.isclose(scans.moments, day_of, rtol=0.0, atol=1.0)
    assert sorted(set(scans.index[at_day_of].tolist())) == [0, 1]
    assert (scans.days_to_promise[at_day_of] == 0).all()
    assert scans.days_to_promise.max() == 2  # handed over two calendar days before
    days = alerts.days_to_promise(np.array([start + 3.0 * DAY]), np.array([start + 0.5 * DAY]))
    assert days.tolist() == [2]


def test_told_on_the_promised_day_the_model_ties_the_no_model_rule() -> None:
    """Telling on the promised day whoever the model still rates 0.6 tells exactly the
    parcels still out a day before the promise ends, when the remaining-days floor is high
    there; telling at 0.6 whenever it is reached tells earlier and more needlessly."""
    rng = np.random.default_rng(5)
    n = 1_500
    handed = np.floor(rng.uniform(0, 60, n)) + 0.4
    handed[0] = 0.4
    promise = np.floor(handed) + 7.0
    stuck = rng.random(n) < 0.2
    delivered = handed + np.where(stuck, rng.uniform(6.8, 9, n), rng.uniform(1, 6, n))
    history = _midnight_history(list(handed), list(promise), list(delivered))
    model = RiskModel.fit(history)
    scans = alerts.scan_risks(model, history)
    baseline = alerts.baseline_report(history)
    anytime, combined = alerts.rule_reports(scans, history, (BUILTIN_RULE, COMBINED_RULE))
    assert combined.beats(baseline)
    assert combined.warned_late_day_ahead == baseline.warned_late_day_ahead
    assert anytime.median_lead_days is not None
    assert anytime.median_lead_days > 1.0
    assert anytime.warned_on_time > combined.warned_on_time
    assert not anytime.beats(baseline)
