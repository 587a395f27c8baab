"""Allocation decisions over plain values: strategies, splits, backorders and promises."""

from __future__ import annotations

from datetime import date

import pytest

from opsdesk.inventory.policy import (
    Candidate,
    Demand,
    Destination,
    Incoming,
    Plan,
    Site,
    Strategy,
    Supply,
    distance_km,
    plan,
    promise_date,
)
from opsdesk.inventory.waiting_dates import Queued, date_queue
from opsdesk.kernel.errors import InsufficientStock, InvalidInput

TODAY = date(2026, 3, 2)
MUG, TEE, CAP = 1, 2, 3

# Hamburg (priority 1), Munich (priority 2), Leipzig (priority 3).
HAMBURG = Site(10, priority=1, region="HH", country="DE", latitude=53.5511, longitude=9.9937)
MUNICH = Site(20, priority=2, region="BY", country="DE", latitude=48.1351, longitude=11.5820)
LEIPZIG = Site(30, priority=3, region="SN", country="DE", latitude=51.3397, longitude=12.3731)
SITES = (HAMBURG, MUNICH, LEIPZIG)
BERLIN = Destination(region="BE", country="DE", latitude=52.52, longitude=13.405)
STUTTGART = Destination(region="BW", country="DE", latitude=48.7758, longitude=9.1829)


def stock(*rows: tuple[int, int, int]) -> list[Candidate]:
    """Rows of (variant, warehouse, available)."""
    return [Candidate(v * 1000 + w, v, w, available) for v, w, available in rows]


def want(
    variant: int, quantity: int, *, line: int | None = None, backorder: bool = False
) -> Demand:
    return Demand(line or variant, variant, f"SKU-{variant}", quantity, backorder)


def run(demands: list[Demand], supply: Supply, strategy: str, dest: Destination = BERLIN) -> Plan:
    return plan(demands, supply, dest, strategy, today=TODAY, handling_days=2)


def shipped(result: Plan) -> dict[tuple[int, int], int]:
    """{(variant, warehouse): quantity} of the planned reservations."""
    out: dict[tuple[int, int], int] = {}
    for r in result.reservations:
        out[(r.variant_id, r.warehouse_id)] = (
            out.get((r.variant_id, r.warehouse_id), 0) + r.quantity
        )
    return out


def test_priority_takes_the_most_preferred_warehouse_that_can_fill_the_line() -> None:
    supply = Supply(SITES, stock((MUG, 10, 5), (MUG, 20, 5), (MUG, 30, 5)))
    assert shipped(run([want(MUG, 3)], supply, "priority")) == {(MUG, 10): 3}


def test_priority_skips_a_preferred_warehouse_rather_than_split_a_line() -> None:
    supply = Supply(SITES, stock((MUG, 10, 2), (MUG, 20, 5)))
    assert shipped(run([want(MUG, 4)], supply, "priority")) == {(MUG, 20): 4}


def test_a_line_no_single_warehouse_can_fill_is_split_in_priority_order() -> None:
    supply = Supply(SITES, stock((MUG, 30, 4), (MUG, 20, 3), (MUG, 10, 2)))
    result = run([want(MUG, 8)], supply, "priority")
    assert shipped(result) == {(MUG, 10): 2, (MUG, 20): 3, (MUG, 30): 3}
    assert result.backorders == ()


def test_nearest_ships_from_the_closest_warehouse() -> None:
    supply = Supply(SITES, stock((MUG, 10, 5), (MUG, 20, 5), (MUG, 30, 5)))
    assert shipped(run([want(MUG, 1)], supply, "nearest", BERLIN)) == {(MUG, 30): 1}
    assert shipped(run([want(MUG, 1)], supply, "nearest", STUTTGART)) == {(MUG, 20): 1}


def test_nearest_without_customer_coordinates_prefers_the_same_region_then_priority() -> None:
    supply = Supply(SITES, stock((MUG, 10, 5), (MUG, 20, 5), (MUG, 30, 5)))
    bavaria = Destination(region="by", country="DE")
    assert shipped(run([want(MUG, 1)], supply, "nearest", bavaria)) == {(MUG, 20): 1}
    unknown = Destination(country="DE")
    assert shipped(run([want(MUG, 1)], supply, "nearest", unknown)) == {(MUG, 10): 1}


def test_nearest_ranks_warehouses_without_coordinates_after_located_ones() -> None:
    unlocated = Site(40, priority=0, region="BE", country="DE")
    supply = Supply((*SITES, unlocated), stock((MUG, 40, 5), (MUG, 20, 5)))
    assert shipped(run([want(MUG, 1)], supply, "nearest", BERLIN)) == {(MUG, 20): 1}


def test_fewest_shipments_prefers_one_warehouse_that_has_everything() -> None:
    supply = Supply(SITES, stock((MUG, 10, 5), (TEE, 20, 5), (MUG, 30, 5), (TEE, 30, 5)))
    demands = [want(MUG, 2), want(TEE, 2)]
    assert shipped(run(demands, supply, "priority")) == {(MUG, 10): 2, (TEE, 20): 2}
    assert shipped(run(demands, supply, "fewest_shipments")) == {(MUG, 30): 2, (TEE, 30): 2}


def test_fewest_shipments_uses_the_smallest_set_when_no_warehouse_has_everything() -> None:
    supply = Supply(
        SITES,
        stock((MUG, 10, 5), (TEE, 10, 5), (CAP, 20, 1), (CAP, 30, 5), (TEE, 30, 5), (MUG, 20, 5)),
    )
    demands = [want(MUG, 1), want(TEE, 1), want(CAP, 2)]
    result = shipped(run(demands, supply, "fewest_shipments"))
    assert {w for _v, w in result} == {10, 30}
    assert sum(result.values()) == 4


def test_fewest_shipments_still_ships_a_short_order_from_as_few_places_as_possible() -> None:
    supply = Supply(SITES, stock((MUG, 10, 1), (MUG, 20, 1), (TEE, 20, 1)), ())
    demands = [want(MUG, 1), want(TEE, 1)]
    assert shipped(run(demands, supply, "fewest_shipments")) == {(MUG, 20): 1, (TEE, 20): 1}


def test_inactive_or_unknown_warehouses_are_never_used() -> None:
    supply = Supply((HAMBURG,), stock((MUG, 99, 50), (MUG, 10, 1)))
    with pytest.raises(InsufficientStock):
        run([want(MUG, 2)], supply, "priority")


def test_a_short_reject_line_fails_the_whole_order_with_what_was_short() -> None:
    supply = Supply(SITES, stock((MUG, 10, 5), (TEE, 10, 1), (TEE, 20, 1)))
    with pytest.raises(InsufficientStock) as caught:
        run([want(MUG, 2), want(TEE, 3)], supply, "priority")
    assert caught.value.details["short"] == [
        {"sku": "SKU-2", "requested": 3, "available": 2, "reason": "not_backorderable"}
    ]


def test_backorder_reserves_what_exists_and_promises_the_rest_from_purchase_orders() -> None:
    incoming = (Incoming(TEE, date(2026, 3, 20), 4), Incoming(TEE, date(2026, 3, 9), 2))
    supply = Supply(SITES, stock((TEE, 10, 1)), incoming)
    result = run([want(TEE, 4, backorder=True)], supply, "priority")
    assert shipped(result) == {(TEE, 10): 1}
    (waiting,) = result.backorders
    # 2 units arrive on the 9th, the third on the 20th; plus two handling days.
    assert (waiting.quantity, waiting.promised_date) == (3, date(2026, 3, 22))


def test_a_promise_queues_behind_units_already_promised_to_earlier_orders() -> None:
    incoming = (Incoming(TEE, date(2026, 3, 9), 5), Incoming(TEE, date(2026, 4, 1), 10))
    supply = Supply(SITES, [], incoming, committed={TEE: 4})
    result = run([want(TEE, 2, backorder=True)], supply, "priority")
    assert result.backorders[0].promised_date == date(2026, 4, 3)


def test_two_lines_of_one_variant_do_not_share_one_promise() -> None:
    incoming = (Incoming(TEE, date(2026, 3, 9), 3), Incoming(TEE, date(2026, 3, 30), 3))
    supply = Supply(SITES, [], incoming)
    result = run(
        [want(TEE, 3, line=7, backorder=True), want(TEE, 3, line=8, backorder=True)],
        supply,
        "priority",
    )
    promised = {b.order_line_id: b.promised_date for b in result.backorders}
    assert promised == {7: date(2026, 3, 11), 8: date(2026, 4, 1)}


def test_backorder_without_any_covering_purchase_order_is_refused() -> None:
    supply = Supply(SITES, stock((TEE, 10, 1)), (Incoming(TEE, date(2026, 3, 9), 1),))
    with pytest.raises(InsufficientStock) as caught:
        run([want(TEE, 5, backorder=True)], supply, "priority")
    assert caught.value.details["short"][0]["reason"] == "no_incoming_supply"


def test_an_overdue_purchase_order_is_promised_from_today_not_the_past() -> None:
    late = (Incoming(TEE, date(2026, 2, 1), 5),)
    assert promise_date(late, committed=0, quantity=1, today=TODAY, handling_days=1) == date(
        2026, 3, 3
    )


def test_unknown_strategy_is_invalid_input() -> None:
    with pytest.raises(InvalidInput, match="fewest_shipments"):
        run([want(MUG, 1)], Supply(SITES, stock((MUG, 10, 1))), "cheapest")


def test_strategies_are_named_as_in_settings() -> None:
    assert {s.value for s in Strategy} == {"priority", "nearest", "fewest_shipments"}


def test_haversine_distance_hamburg_munich_is_about_612_km() -> None:
    km = distance_km(53.5511, 9.9937, 48.1351, 11.5820)
    assert 605 < km < 620


def test_waiting_lines_are_dated_first_in_first_out_over_the_purchase_orders() -> None:
    incoming = [
        Incoming(variant_id=7, expected_date=date(2026, 6, 20), quantity=10),
        Incoming(variant_id=7, expected_date=date(2026, 6, 12), quantity=10),
        Incoming(variant_id=8, expected_date=date(2026, 6, 30), quantity=1),
    ]
    queue = [Queued(1, 7, 8), Queued(2, 7, 5), Queued(3, 8, 1), Queued(4, 7, 20)]
    dated = date_queue(queue, incoming, today=date(2026, 6, 13), handling_days=1)
    assert dated == {
        1: date(2026, 6, 14),  # the earlier PO arrived already: from today
        2: date(2026, 6, 21),  # 8 + 5 > 10: waits for the second PO
        3: date(2026, 7, 1),
        4: None,  # no open supply left for these
    }
