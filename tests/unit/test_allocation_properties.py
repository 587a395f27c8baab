"""Properties every allocation plan keeps, whatever the stock and the strategy."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from opsdesk.inventory.policy import (
    Candidate,
    Demand,
    Destination,
    Incoming,
    Plan,
    Site,
    Supply,
    plan,
)
from opsdesk.kernel.errors import InsufficientStock

TODAY = date(2026, 3, 2)
SITES = tuple(
    Site(w, priority=p, region=r, latitude=lat, longitude=lon)
    for w, p, r, lat, lon in [
        (1, 3, "HH", 53.55, 9.99),
        (2, 1, "BY", 48.14, 11.58),
        (3, 2, "SN", None, None),
        (4, 5, "BE", 52.52, 13.40),
    ]
)

stock_rows = st.lists(
    st.tuples(st.integers(1, 3), st.integers(1, 4), st.integers(0, 6)),
    max_size=12,
    unique_by=lambda r: (r[0], r[1]),
)
demand_rows = st.lists(
    st.tuples(st.integers(1, 3), st.integers(1, 8), st.booleans()), min_size=1, max_size=4
)


@settings(max_examples=300, deadline=None)
@given(
    rows=stock_rows,
    wanted=demand_rows,
    strategy=st.sampled_from(["priority", "nearest", "fewest_shipments"]),
    incoming=st.integers(0, 20),
)
def test_a_plan_never_takes_more_than_is_available_and_accounts_for_every_unit(
    rows: list[tuple[int, int, int]],
    wanted: list[tuple[int, int, bool]],
    strategy: str,
    incoming: int,
) -> None:
    candidates = [Candidate(v * 10 + w, v, w, a) for v, w, a in rows]
    # A variant's backorder policy belongs to its product: the same for all its lines.
    backorderable = {v: b for v, _q, b in wanted}
    demands = [Demand(i, v, f"SKU-{v}", q, backorderable[v]) for i, (v, q, _b) in enumerate(wanted)]
    supply = Supply(SITES, candidates, [Incoming(v, date(2026, 3, 9), incoming) for v in (1, 2, 3)])
    dest = Destination(region="BE", latitude=52.5, longitude=13.4)
    result = _plan_or_refusal(demands, supply, dest, strategy)
    if isinstance(result, InsufficientStock):
        _assert_refusal_is_justified(result, demands, candidates)
        return

    taken: dict[tuple[int, int], int] = defaultdict(int)
    for r in result.reservations:
        assert r.quantity > 0
        taken[(r.variant_id, r.warehouse_id)] += r.quantity
    available = {(c.variant_id, c.warehouse_id): c.available for c in candidates}
    assert all(q <= available[key] for key, q in taken.items())

    per_line: dict[int, int] = defaultdict(int)
    for r in result.reservations:
        per_line[r.order_line_id] += r.quantity
    for b in result.backorders:
        assert backorderable[b.variant_id]
        assert b.promised_date > TODAY
        per_line[b.order_line_id] += b.quantity
    assert per_line == {d.order_line_id: d.quantity for d in demands}


def _plan_or_refusal(
    demands: list[Demand], supply: Supply, dest: Destination, strategy: str
) -> Plan | InsufficientStock:
    try:
        return plan(demands, supply, dest, strategy, today=TODAY, handling_days=1)
    except InsufficientStock as exc:
        return exc


def _assert_refusal_is_justified(
    refusal: InsufficientStock, demands: list[Demand], candidates: list[Candidate]
) -> None:
    """Every SKU named as short really is: more was asked than all warehouses hold."""
    assert refusal.details["short"]
    for short in refusal.details["short"]:
        variant = int(short["sku"].removeprefix("SKU-"))
        asked = sum(d.quantity for d in demands if d.variant_id == variant)
        held = sum(c.available for c in candidates if c.variant_id == variant)
        assert (short["requested"], short["available"]) == (asked, min(asked, held))
        assert asked > held
