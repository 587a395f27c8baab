"""Suggestions, transfers and the back-in-stock date from plain values; a small replay."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from opsdesk.forecasting.stored import SeriesLevel, StoredForecast
from opsdesk.replenishment import plan
from opsdesk.replenishment.back_in_stock import first_free_arrival
from opsdesk.replenishment.inputs import Item, LeadTime
from opsdesk.replenishment.policy import Terms
from opsdesk.replenishment.simulation import ForecastPolicy, Forecasts, LeadTimes, MinMax, replay
from opsdesk.replenishment.transfers import suggest_transfers


def item(warehouse: int, code: str, on_hand: int, **more: object) -> Item:
    values: dict[str, object] = {
        "variant_id": 7, "sku": "TEE-NAVY-M", "title": "Merino tee", "price_minor": 2500,
        "warehouse_id": warehouse, "warehouse_code": code, "on_hand": on_hand, "reserved": 0, "on_order": 0,
        "in_transit": 0, "backordered": 0, "supplier": "Nordwolle GmbH", "supplier_id": 3,
        "lead": LeadTime(14, 3, learned=True), "terms": Terms(),
    }  # fmt: skip
    return Item(**(values | more))  # type: ignore[arg-type]


def weekly_forecast(per_week: float, error_sd: float) -> StoredForecast:
    return StoredForecast(
        run_id=1, freq="W", level=SeriesLevel.SKU_WAREHOUSE, variant_id=7, warehouse_id=1,
        category=None, first_period=date(2026, 12, 14), model="SeasonalLevel",
        backtest_mae=None, backtest_rmsse=None, error_sd=error_sd, interval_level=0.9,
        mean=(per_week,) * 4, lower=(per_week - 5,) * 4, upper=(per_week + 5,) * 4,
    )  # fmt: skip


def suggest(
    items: list[Item], demands: dict[tuple[int, int], plan.Demand]
) -> list[plan.Suggestion]:
    return plan.suggest(items, demands, class_levels={"AX": 0.98}, overrides={}, history_weeks=8)


def test_a_forecast_suggestion_orders_up_to_its_level_and_says_why() -> None:
    demand = plan.from_forecast(weekly_forecast(42.0, 7.0))  # 6/day, sd 7/√7 per day
    assert demand.daily_mean == pytest.approx(6.0)
    [s] = suggest([item(1, "HAM", 54, on_order=0, reserved=0)], {(7, 1): demand})
    assert s.klass == "AX"
    assert s.service_level == 0.98
    assert s.cover_days == pytest.approx(9.0)
    # ROP = 6×14 + 2.054×sqrt(14×7 + 36×9) = 84 + 42.19; order up to ROP + 6×7
    assert s.targets.reorder_point == pytest.approx(126.19, abs=0.01)
    assert s.quantity == 115  # ceil(168.19 − 54)
    assert s.reason == "cover 9 days, lead time 14 ± 3 days, forecast 42/week, service level 98 %"


def test_without_a_forecast_the_reason_says_it_fell_back_to_history() -> None:
    demand = plan.from_history([14, 14, 14, 14, 14, 14, 14, 14])
    [s] = suggest([item(1, "HAM", 0, backordered=3, terms=Terms(moq=50, pack_size=12))],
                  {(7, 1): demand})  # fmt: skip
    assert demand.source == "history"
    assert s.item.position == -3
    assert s.quantity % 12 == 0
    assert s.quantity >= 50
    assert "no forecast yet: 8-week average 14/week" in s.reason
    assert s.reason.endswith("MOQ 50, packs of 12")


def test_an_item_nobody_buys_is_not_ordered() -> None:
    [s] = suggest([item(1, "HAM", 0)], {})
    assert s.quantity == 0
    assert s.cover_days is None
    assert s.reason.startswith("no sales to cover")


def test_a_transfer_is_suggested_when_one_warehouse_runs_out_before_the_supplier_delivers() -> None:
    demand = plan.from_history([70.0] * 8)  # 10 a day
    rows = suggest([item(1, "HAM", 600), item(2, "MUC", 20)], {(7, 1): demand, (7, 2): demand})
    [move] = suggest_transfers(rows)
    assert (move.from_code, move.to_code) == ("HAM", "MUC")
    munich = rows[1]
    assert move.quantity == int(np.ceil(munich.targets.reorder_point - 20))
    assert move.reason.startswith("MUC runs out in 2 days, before a supplier delivers (14 days)")
    hamburg = rows[0]
    assert 600 - move.quantity >= hamburg.targets.order_up_to  # the donor keeps its level


def test_no_transfer_when_nobody_has_spare_stock() -> None:
    demand = plan.from_history([70.0] * 8)
    rows = suggest([item(1, "HAM", 30), item(2, "MUC", 20)], {(7, 1): demand, (7, 2): demand})
    assert suggest_transfers(rows) == []


def test_back_in_stock_skips_units_already_promised_to_waiting_customers() -> None:
    arrivals = [(date(2026, 12, 20), 5, "PO-2"), (date(2026, 12, 14), 4, "PO-1")]
    assert first_free_arrival(arrivals, waiting=0) == (date(2026, 12, 14), "PO-1")
    assert first_free_arrival(arrivals, waiting=4) == (date(2026, 12, 20), "PO-2")
    assert first_free_arrival(arrivals, waiting=9) is None


def test_replay_scores_fill_rate_stockouts_and_stock_on_hand() -> None:
    demand = np.full((2, 60), 10.0)
    lead = LeadTimes(3, 0)
    steady = replay(demand, MinMax(np.array([30.0, 30.0])), lead, start=10)
    assert steady.demand == 2 * 50 * 10
    # min/max with a certain lead time: ordered at 30, arrives as the shelf empties
    assert steady.fill_rate == pytest.approx(1.0)
    forecasts = Forecasts(np.array([0]), np.full((1, 2), 10.0), np.zeros((1, 2)))
    tight = replay(demand, ForecastPolicy(forecasts, lead, 0.5, 1), lead, start=10)
    assert tight.fill_rate == pytest.approx(1.0)
    assert tight.average_on_hand < steady.average_on_hand
    starved = replay(demand, MinMax(np.array([0.0, 0.0])), lead, start=10)
    assert starved.fill_rate < 0.5
    assert starved.stockout_days > 0
