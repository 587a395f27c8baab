"""The order state machine, checked against a table written out independently here."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from opsdesk.kernel.errors import IllegalTransition
from opsdesk.orders.models import OrderStatus
from opsdesk.orders.policy import (
    CANCELLABLE,
    FINAL,
    LineQuantities,
    can_transition,
    check_transition,
    every_line_cancelled,
    format_day,
    status_after_allocation,
    status_after_shipping,
)

LEGAL = {
    ("placed", "allocated"),
    ("placed", "backordered"),
    ("placed", "cancelled"),
    ("allocated", "picking"),
    ("allocated", "cancelled"),
    ("backordered", "allocated"),
    ("backordered", "cancelled"),
    ("picking", "packed"),
    ("picking", "cancelled"),
    ("packed", "shipped"),
    ("packed", "partially_shipped"),
    ("packed", "cancelled"),
    ("partially_shipped", "shipped"),
    ("partially_shipped", "delivered"),
    ("shipped", "delivered"),
    ("shipped", "returned"),
    ("delivered", "returned"),
}
ALL_PAIRS = list(itertools.product([s.value for s in OrderStatus], repeat=2))


@pytest.mark.parametrize(("current", "target"), sorted(LEGAL))
def test_a_legal_transition_is_allowed(current: str, target: str) -> None:
    assert can_transition(OrderStatus(current), OrderStatus(target))
    check_transition(OrderStatus(current), OrderStatus(target))


@pytest.mark.parametrize(("current", "target"), [p for p in ALL_PAIRS if p not in LEGAL])
def test_an_illegal_transition_raises_a_conflict_naming_both_states(
    current: str, target: str
) -> None:
    assert not can_transition(OrderStatus(current), OrderStatus(target))
    with pytest.raises(IllegalTransition) as caught:
        check_transition(OrderStatus(current), OrderStatus(target))
    error = caught.value
    assert error.status_code == 409
    assert error.details == {"kind": "order", "from": current, "to": target}
    assert f"from {current} to {target}" in error.message


def test_the_table_covers_every_pair_of_states() -> None:
    assert len(ALL_PAIRS) == len(OrderStatus) ** 2 == 100


def test_orders_can_be_cancelled_only_before_anything_ships() -> None:
    assert {s.value for s in CANCELLABLE} == {
        "placed",
        "allocated",
        "backordered",
        "picking",
        "packed",
    }


def test_cancelled_and_returned_are_final() -> None:
    assert {s.value for s in FINAL} == {"cancelled", "returned"}


def test_refusing_to_cancel_a_shipped_order_suggests_a_return() -> None:
    with pytest.raises(IllegalTransition, match="return it instead"):
        check_transition(OrderStatus.SHIPPED, OrderStatus.CANCELLED)


def test_an_order_is_shipped_only_when_no_line_has_units_left() -> None:
    done = LineQuantities(quantity=3, cancelled=1, shipped=2)
    half = LineQuantities(quantity=2, shipped=1)
    assert done.open == 0
    assert half.open == 1
    assert status_after_shipping([done]) is OrderStatus.SHIPPED
    assert status_after_shipping([done, half]) is OrderStatus.PARTIALLY_SHIPPED


def test_allocation_outcome_decides_allocated_or_backordered() -> None:
    assert status_after_allocation(fully_allocated=True) is OrderStatus.ALLOCATED
    assert status_after_allocation(fully_allocated=False) is OrderStatus.BACKORDERED


def test_an_order_is_wholly_cancelled_only_when_every_line_is() -> None:
    assert every_line_cancelled([LineQuantities(2, cancelled=2)])
    assert not every_line_cancelled([LineQuantities(2, cancelled=2), LineQuantities(1)])


def test_timeline_dates_read_day_month_year() -> None:
    assert format_day(date(2026, 12, 4)) == "4 Dec 2026"
