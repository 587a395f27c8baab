"""Demand per day from order lines, rolled up for closed days (see docs/adr)."""

from opsdesk.orders.demand.models import NO_WAREHOUSE, DemandDaily, DemandRollupState
from opsdesk.orders.demand.reads import (
    DemandDay,
    demand_days,
    rolled_through,
    units_per_day,
    units_since,
)
from opsdesk.orders.demand.roll import Rolled, reset_demand_rollup, roll_up_demand

__all__ = [
    "NO_WAREHOUSE",
    "DemandDaily",
    "DemandDay",
    "DemandRollupState",
    "Rolled",
    "demand_days",
    "reset_demand_rollup",
    "roll_up_demand",
    "rolled_through",
    "units_per_day",
    "units_since",
]
