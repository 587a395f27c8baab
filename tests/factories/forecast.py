"""A small shop with a year and a half of weekly orders, for forecast runs: two SKUs in
two categories, two warehouses, and a three-week stockout of the mug in Hamburg."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.orm import Session

from opsdesk import inventory
from opsdesk.inventory.models import Reservation, ReservationStatus
from opsdesk.orders.models import Order, OrderLine
from tests.factories.catalog import make_variant
from tests.factories.inventory import make_warehouse

AS_OF = date(2026, 12, 7)  # a Monday: weeks of history end on Sundays
WEEKS = 78
STOCKOUT_WEEKS = (60, 61, 62)  # weeks counted from the first; the mug is out in Hamburg


@dataclass(frozen=True)
class ForecastShop:
    mug: int
    tee: int
    ham: int
    muc: int

    def week_start(self, week: int) -> date:
        return AS_OF - timedelta(days=7 * (WEEKS - week))


def _at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def _order(
    session: Session, number: int, day: date, lines: Sequence[tuple[int, int, int | None]]
) -> None:
    """An order placed on ``day`` with (variant, quantity, reserved warehouse or None)."""
    order = Order(number=f"F-{number:06d}", currency="EUR", placed_at=_at(day))
    order.lines = [
        OrderLine(line_no=i, variant_id=v, sku=f"V{v}", quantity=q, unit_price_minor=1000)
        for i, (v, q, _w) in enumerate(lines, start=1)
    ]
    session.add(order)
    session.flush()
    for line, (v, q, site) in zip(order.lines, lines, strict=True):
        status = ReservationStatus.PICKED if site else ReservationStatus.WAITING
        session.add(Reservation(order_id=order.id, order_line_id=line.id, variant_id=v,
                                warehouse_id=site, quantity=q, status=status))  # fmt: skip


def make_forecast_shop(session: Session) -> ForecastShop:
    """Mugs: 5 a week from Hamburg (one of them backordered, so without a warehouse: it
    falls to Hamburg, the first by priority) and 2 a week from Munich; tees: 3 a week in
    Hamburg. During the stockout weeks the mug sells 1 a week in Hamburg."""
    shop = ForecastShop(
        mug=make_variant(session, "MUG-BLUE", category="kitchen"),
        tee=make_variant(session, "TEE-M", category="clothing"),
        ham=make_warehouse(session, "HAM", priority=10, country="DE"),
        muc=make_warehouse(session, "MUC", priority=20, country="DE"),
    )
    first = shop.week_start(0)
    inventory.adjust(session, sku="MUG-BLUE", warehouse_id=shop.ham, delta=5000,
                     reason="count", actor="test", now=_at(first, 6))  # fmt: skip
    out, back = shop.week_start(STOCKOUT_WEEKS[0]), shop.week_start(STOCKOUT_WEEKS[-1] + 1)
    inventory.adjust(session, sku="MUG-BLUE", warehouse_id=shop.ham, delta=-5000,
                     reason="damage", actor="test", now=_at(out, 6))  # fmt: skip
    inventory.adjust(session, sku="MUG-BLUE", warehouse_id=shop.ham, delta=5000,
                     reason="count", actor="test", now=_at(back, 6))  # fmt: skip
    for week in range(WEEKS):
        day = shop.week_start(week) + timedelta(days=2)
        mugs = 1 if week in STOCKOUT_WEEKS else 4
        lines = [(shop.mug, mugs, shop.ham), (shop.tee, 3, shop.ham)]
        _order(session, 3 * week, day, lines)
        _order(session, 3 * week + 1, day, [(shop.mug, 2, shop.muc)])
        if week not in STOCKOUT_WEEKS:
            _order(session, 3 * week + 2, day, [(shop.mug, 1, None)])
    return shop
