"""Replenishment: service levels by ABC × XYZ class, safety stock from the stored
forecasts' errors over uncertain lead times, reorder suggestions that become draft
purchase orders, transfer suggestions, and the "back in stock around" date the service
side tells customers. Reads forecasts only through ``opsdesk.forecasting.stored``."""

from opsdesk.replenishment.back_in_stock import BackInStock, back_in_stock, back_in_stock_many
from opsdesk.replenishment.level_overrides import OverrideView, list_overrides, set_for_sku
from opsdesk.replenishment.models import PlanRow, PlanRun
from opsdesk.replenishment.order_days import Review
from opsdesk.replenishment.plan import Demand, Suggestion
from opsdesk.replenishment.plan_reads import PlanFilters, PlanPage, latest_run, read_page
from opsdesk.replenishment.plans import ensure_plan, store_plan
from opsdesk.replenishment.policy import CLASSES, DEFAULT_LEVELS, Levels, Terms
from opsdesk.replenishment.service import (
    Checked,
    Drafts,
    Plan,
    build_plan,
    class_levels,
    create_draft_orders,
    order_from_plan,
    overrides,
    set_class_level,
    set_override,
    supplier_order_days,
)
from opsdesk.replenishment.transfers import TransferSuggestion

__all__ = [
    "CLASSES",
    "DEFAULT_LEVELS",
    "BackInStock",
    "Checked",
    "Demand",
    "Drafts",
    "Levels",
    "OverrideView",
    "Plan",
    "PlanFilters",
    "PlanPage",
    "PlanRow",
    "PlanRun",
    "Review",
    "Suggestion",
    "Terms",
    "TransferSuggestion",
    "back_in_stock",
    "back_in_stock_many",
    "build_plan",
    "class_levels",
    "create_draft_orders",
    "ensure_plan",
    "latest_run",
    "list_overrides",
    "order_from_plan",
    "overrides",
    "read_page",
    "set_class_level",
    "set_for_sku",
    "set_override",
    "store_plan",
    "supplier_order_days",
]
