"""Replenishment: service levels by ABC × XYZ class, safety stock from the stored
forecasts' errors over uncertain lead times, reorder suggestions that become draft
purchase orders, transfer suggestions, and the "back in stock around" date the service
side tells customers. Reads forecasts only through ``opsdesk.forecasting.stored``."""

from opsdesk.replenishment.back_in_stock import BackInStock, back_in_stock, back_in_stock_many
from opsdesk.replenishment.plan import Demand, Suggestion
from opsdesk.replenishment.policy import CLASSES, DEFAULT_LEVELS, Levels, Terms
from opsdesk.replenishment.service import (
    Plan,
    build_plan,
    class_levels,
    create_draft_orders,
    overrides,
    set_class_level,
    set_override,
)
from opsdesk.replenishment.transfers import TransferSuggestion

__all__ = [
    "CLASSES",
    "DEFAULT_LEVELS",
    "BackInStock",
    "Demand",
    "Levels",
    "Plan",
    "Suggestion",
    "Terms",
    "TransferSuggestion",
    "back_in_stock",
    "back_in_stock_many",
    "build_plan",
    "class_levels",
    "create_draft_orders",
    "overrides",
    "set_class_level",
    "set_override",
]
