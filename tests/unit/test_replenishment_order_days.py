"""Supplier order days stretch the cover a reorder point needs: hand-computed cases."""

from __future__ import annotations

from datetime import date

import pytest

from opsdesk.replenishment import order_days, plan
from opsdesk.replenishment.inputs import Item, LeadTime
from opsdesk.replenishment.policy import Terms

MONDAY, TUESDAY, THURSDAY, SUNDAY = (date(2026, 12, d) for d in (7, 8, 10, 13))
MON_THU = order_days.parse("mon,thu")


def test_order_days_parse_to_weekdays_and_read_back() -> None:
    assert frozenset({0, 3}) == MON_THU
    assert order_days.parse("") == frozenset()
    assert order_days.label(MON_THU) == "Mon, Thu"


@pytest.mark.parametrize(
    ("today", "days", "wait", "spacing", "next_day"),
    [
        (MONDAY, MON_THU, 3, 4, THURSDAY),  # Mon → Thu (3), Thu → Mon (4)
        (TUESDAY, MON_THU, 2, 4, THURSDAY),  # Tue → Thu (2), Thu → Mon (4)
        (THURSDAY, MON_THU, 4, 3, date(2026, 12, 14)),  # Thu → Mon (4), Mon → Thu (3)
        (SUNDAY, frozenset({0}), 1, 7, date(2026, 12, 14)),  # Mondays only
        (MONDAY, frozenset({0}), 7, 7, date(2026, 12, 14)),  # ordering today: next Monday
    ],
)
def test_the_review_waits_for_the_next_order_day(
    today: date, days: frozenset[int], wait: int, spacing: int, next_day: date
) -> None:
    assert order_days.review(today, days) == order_days.Review(wait, spacing, next_day)


def test_without_order_days_any_day_will_do() -> None:
    assert order_days.review(MONDAY, frozenset()) == order_days.Review(0, 7, None)


def item(supplier_id: int | None = 3, lead: LeadTime = LeadTime(5, 0, learned=True)) -> Item:
    return Item(
        variant_id=7, sku="TEE", title="Tee", price_minor=2500, warehouse_id=1,
        warehouse_code="HAM", on_hand=70, reserved=0, on_order=0, in_transit=0, backordered=0,
        supplier="Nordwolle", supplier_id=supplier_id, lead=lead, terms=Terms(),
    )  # fmt: skip


def one(it: Item, demand: plan.Demand, days: dict[int, frozenset[int]]) -> plan.Suggestion:
    [s] = plan.suggest([it], {(7, 1): demand}, class_levels={"AX": 0.95}, overrides={},
                       history_weeks=8, today=MONDAY, supplier_days=days)  # fmt: skip
    return s


def test_mon_thu_supplier_needs_cover_until_thursdays_order_arrives() -> None:
    # 10 a day, no spread: reorder point = 10 × (5 lead + 3 to Thursday) = 80;
    # order-up-to = 80 + 10 × 4 (Thursday to Monday) = 120; position 70 → order 50.
    steady = plan.Demand(10.0, 0.0, (70.0,) * 8, "history")
    s = one(item(), steady, {3: MON_THU})
    assert (s.targets.reorder_point, s.targets.order_up_to, s.quantity) == (80, 120, 50)
    assert "next order day Thu 10 Dec (+3 days)" in s.reason
    # any day: reorder point 10 × 5 = 50 < 70, nothing to order yet
    anyday = one(item(), steady, {})
    assert (anyday.targets.reorder_point, anyday.quantity) == (50, 0)
    assert "order day" not in anyday.reason


def test_the_wait_adds_to_the_safety_stock_horizon() -> None:
    # σ_d 4/day, lead 4 days exact, 95 % (z 1.6449): the buffer covers 4 + 3 = 7 days:
    # SS = 1.6449 × √(7 × 16) = 17.408; ROP = 70 + 17.408; S = ROP + 40.
    noisy = plan.Demand(10.0, 4.0, (70.0,) * 8, "history")
    s = one(item(lead=LeadTime(4, 0, learned=True)), noisy, {3: MON_THU})
    assert s.targets.safety_stock == pytest.approx(17.408, abs=1e-3)
    assert s.targets.reorder_point == pytest.approx(87.408, abs=1e-3)
    assert s.targets.order_up_to == pytest.approx(127.408, abs=1e-3)


def test_an_item_without_a_supplier_record_ignores_order_days() -> None:
    steady = plan.Demand(10.0, 0.0, (70.0,) * 8, "history")
    s = one(item(supplier_id=None), steady, {3: MON_THU})
    assert s.targets.reorder_point == 50
