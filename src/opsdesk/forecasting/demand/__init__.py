"""Demand history from the store's own orders and stock ledger: daily units per SKU x
warehouse, stockout days marked and imputed before fitting."""

from opsdesk.forecasting.demand.frames import (
    daily_demand,
    first_period,
    impute_stockouts,
    parse_id,
    period_end,
    series_id,
    stockout_days,
    to_periods,
)
from opsdesk.forecasting.demand.reads import (
    DayUnits,
    categories,
    default_warehouse,
    demand_by_day,
    ledger_by_day,
    warehouse_countries,
)

__all__ = [
    "DayUnits",
    "categories",
    "daily_demand",
    "default_warehouse",
    "demand_by_day",
    "first_period",
    "impute_stockouts",
    "ledger_by_day",
    "parse_id",
    "period_end",
    "series_id",
    "stockout_days",
    "to_periods",
    "warehouse_countries",
]
