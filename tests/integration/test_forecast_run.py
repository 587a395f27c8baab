"""From seeded orders to a stored forecast run: demand per SKU x warehouse (backorders
counted, stockout weeks marked), coherent roll-ups, and the nightly job run once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk.forecasting import demand
from opsdesk.forecasting.jobs import nightly_forecast
from opsdesk.forecasting.store_run import RunOptions, run_store_forecast
from opsdesk.forecasting.stored import ForecastRun, SeriesLevel, latest_forecasts
from tests.factories.forecast import AS_OF, STOCKOUT_WEEKS, ForecastShop, make_forecast_shop


@pytest.fixture
def shop(session: Session) -> ForecastShop:
    made = make_forecast_shop(session)
    session.commit()
    return made


def test_demand_is_grouped_per_sku_warehouse_day_with_backorders_in_the_first_warehouse(
    session: Session, shop: ForecastShop
) -> None:
    week = shop.week_start(10)
    rows = demand.demand_by_day(session, week, week + timedelta(days=6))
    found = {(r.variant_id, r.warehouse_id): r.units for r in rows}
    # 4 reserved in Hamburg + 1 backordered without a warehouse, which falls to Hamburg
    assert found == {
        (shop.mug, shop.ham): 5.0,
        (shop.mug, shop.muc): 2.0,
        (shop.tee, shop.ham): 3.0,
    }
    assert {r.day for r in rows} == {week + timedelta(days=2)}


def test_a_run_stores_every_series_with_coherent_rollups_and_stockout_weeks(
    session: Session, shop: ForecastShop
) -> None:
    summary = run_store_forecast(session, RunOptions(freq="W", horizon=6, fast=True), AS_OF)
    session.commit()
    assert (summary.series, summary.horizon) == (3, 6)
    assert summary.history_end == AS_OF - timedelta(days=1)
    base = latest_forecasts(session)
    assert set(base) == {
        (shop.mug, shop.ham, None),
        (shop.mug, shop.muc, None),
        (shop.tee, shop.ham, None),
    }
    mug_ham = base[(shop.mug, shop.ham, None)]
    assert mug_ham.first_period == AS_OF + timedelta(days=6)
    assert all(
        lo <= m <= hi for lo, m, hi in zip(mug_ham.lower, mug_ham.mean, mug_ham.upper, strict=True)
    )
    # the stockout weeks were imputed (about 5 a week), not learnt as 1 a week
    assert 4.0 <= mug_ham.mean[0] <= 6.0
    assert mug_ham.backtest_mae is not None
    assert mug_ham.error_sd is not None

    skus = latest_forecasts(session, level=SeriesLevel.SKU)
    mug = skus[(shop.mug, None, None)]
    children = [base[(shop.mug, shop.ham, None)], base[(shop.mug, shop.muc, None)]]
    assert mug.model == "bottom-up"
    assert mug.mean == pytest.approx([sum(c.mean[i] for c in children) for i in range(6)], abs=1e-3)
    categories = latest_forecasts(session, level=SeriesLevel.CATEGORY)
    assert categories[(None, None, "kitchen")].mean == pytest.approx(mug.mean, abs=1e-3)
    store = latest_forecasts(session, level=SeriesLevel.STORE)[(None, None, None)]
    every = [f.mean for f in base.values()]
    assert store.mean == pytest.approx([sum(m[i] for m in every) for i in range(6)], abs=1e-3)

    stored = session.execute(sa.text(
        "SELECT stockout_periods FROM series_forecasts WHERE variant_id = :v AND warehouse_id = :w"
    ), {"v": shop.mug, "w": shop.ham}).scalar_one()  # fmt: skip
    ends = [(shop.week_start(w) + timedelta(days=6)).isoformat() for w in STOCKOUT_WEEKS]
    assert all(end in str(stored) for end in ends)


def test_the_nightly_job_runs_once_a_night_in_its_window(
    session: Session, shop: ForecastShop
) -> None:
    night = datetime(AS_OF.year, AS_OF.month, AS_OF.day, 2, 30, tzinfo=UTC)
    nightly_forecast(session, night.replace(hour=14))
    assert session.scalar(sa.select(sa.func.count(ForecastRun.id))) == 0
    nightly_forecast(session, night)
    nightly_forecast(session, night + timedelta(hours=1))
    session.commit()
    runs = session.scalars(sa.select(ForecastRun)).all()
    assert [(r.freq, r.history_end, r.status.value) for r in runs] == [
        ("W", AS_OF - timedelta(days=1), "done")
    ]


def test_a_store_without_orders_stores_an_empty_finished_run(session: Session) -> None:
    summary = run_store_forecast(session, RunOptions(fast=True), AS_OF)
    session.commit()
    assert (summary.series, summary.stored) == (0, 0)
    assert latest_forecasts(session) == {}
    assert session.scalars(sa.select(ForecastRun)).one().status.value == "done"
