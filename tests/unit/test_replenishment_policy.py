"""Replenishment maths by hand, and the properties every suggestion keeps."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opsdesk.replenishment import policy
from opsdesk.replenishment.policy import Levels, Terms


def test_safety_stock_covers_demand_and_lead_time_spread_at_98_percent() -> None:
    # sigma_LT = sqrt(9 * 3² + 10² * 2²) = sqrt(481) = 21.93; z(98 %) = 2.0537
    found = policy.levels(daily_mean=10, daily_sd=3, lead_days=9, lead_sd=2,
                          service_level=0.98, review_days=7)  # fmt: skip
    assert found.safety_stock == pytest.approx(2.0537 * math.sqrt(481), abs=0.01)  # 45.04
    assert found.reorder_point == pytest.approx(90 + 45.04, abs=0.01)
    assert found.order_up_to == pytest.approx(135.04 + 70, abs=0.01)


def test_a_certain_lead_time_leaves_only_the_forecast_error() -> None:
    found = policy.levels(daily_mean=10, daily_sd=4, lead_days=4, lead_sd=0,
                          service_level=0.5, review_days=0)  # fmt: skip
    assert found.safety_stock == 0  # z(50 %) = 0
    assert found.reorder_point == 40
    assert policy.lead_time_sigma(10, 4, 4, 0) == 8  # sqrt(4 × 16)


@pytest.mark.parametrize(
    ("quantity", "moq", "pack", "expected"),
    [(0, 50, 12, 0), (-3, 1, 1, 0), (37, 50, 12, 60), (61, 50, 12, 72), (24, 1, 12, 24),
     (24.2, 1, 1, 25), (5, 1, 1, 5)],
)  # fmt: skip
def test_orders_round_up_to_moq_then_whole_packs(
    quantity: float, moq: int, pack: int, expected: int
) -> None:
    assert policy.round_to_terms(quantity, Terms(moq, pack)) == expected


def test_nothing_is_ordered_above_the_reorder_point() -> None:
    target = Levels(safety_stock=5, reorder_point=20, order_up_to=50)
    assert policy.order_quantity(21, target, Terms()) == 0
    assert policy.order_quantity(20, target, Terms()) == 30
    assert policy.order_quantity(-10, target, Terms(moq=10, pack_size=25)) == 75


def test_abc_by_share_of_value_and_xyz_by_variability() -> None:
    assert policy.abc_classes({1: 80.0, 2: 15.0, 3: 5.0}) == {1: "A", 2: "B", 3: "C"}
    assert policy.xyz_class([10, 10, 10]) == "X"
    assert policy.xyz_class([5, 10, 15]) == "Y"  # cv exactly 0.5
    assert policy.xyz_class([0, 20]) == "Z"
    assert policy.xyz_class([]) == "Z"


def test_the_override_beats_the_class_and_bad_levels_are_refused() -> None:
    assert policy.level_for("AX", {"AX": 0.97}) == 0.97
    assert policy.level_for("AX", {"AX": 0.97}, 0.9) == 0.9
    assert policy.z_for(0.98) == pytest.approx(2.0537, abs=1e-4)
    with pytest.raises(ValueError, match="service level"):
        policy.z_for(1.0)


def test_days_of_cover() -> None:
    assert policy.days_of_cover(45, 5) == 9
    assert policy.days_of_cover(-3, 5) == 0
    assert policy.days_of_cover(10, 0) is None


sizes = st.integers(min_value=1, max_value=500)


@given(quantity=st.floats(-1e6, 1e6, allow_nan=False), moq=sizes, pack=sizes)
def test_a_rounded_order_is_never_negative_below_moq_or_off_pack(
    quantity: float, moq: int, pack: int
) -> None:
    ordered = policy.round_to_terms(quantity, Terms(moq, pack))
    assert ordered >= 0
    assert ordered % pack == 0
    if quantity > 0:
        assert ordered >= moq
        assert ordered >= quantity - 1e-9
        assert ordered - pack < max(math.ceil(quantity - 1e-9), moq)  # the smallest such


@given(
    mean=st.floats(0, 1e4, allow_nan=False), sd=st.floats(0, 1e4, allow_nan=False),
    lead=st.floats(0, 120, allow_nan=False), lead_sd=st.floats(0, 30, allow_nan=False),
    level=st.floats(0.5, 0.999), review=st.floats(0, 30, allow_nan=False),
    position=st.integers(-10_000, 100_000), moq=sizes, pack=sizes,
)  # fmt: skip
def test_suggestions_are_never_negative_and_keep_the_terms(
    mean: float, sd: float, lead: float, lead_sd: float, level: float, review: float,
    position: int, moq: int, pack: int,
) -> None:  # fmt: skip
    target = policy.levels(daily_mean=mean, daily_sd=sd, lead_days=lead, lead_sd=lead_sd,
                           service_level=level, review_days=review)  # fmt: skip
    assert 0 <= target.safety_stock <= target.reorder_point <= target.order_up_to
    ordered = policy.order_quantity(position, target, Terms(moq, pack))
    assert ordered >= 0
    assert ordered % pack == 0
    assert ordered == 0 or ordered >= moq
    if ordered:
        assert position + ordered >= target.order_up_to - 1e-6
