"""A shop to replenish: Nordwolle supplies the merino tee (MOQ 20, packs of 10) to
Hamburg and Munich; Ana Lima waits for two tees; a forecast of 42 tees a week in Hamburg."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.orm import Session

from opsdesk import catalog, inventory
from opsdesk.forecasting.stored import SeriesLevel, finish_run, save_series, start_run
from tests.factories.catalog import make_product, variant_payload
from tests.factories.customers import make_customer
from tests.factories.inventory import make_order, make_warehouse
from tests.factories.purchasing import make_supplier

TEE = "TEE-NAVY-M"
TODAY = date(2026, 12, 7)
MONDAY = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Shop:
    hamburg: int
    munich: int
    supplier: int
    tee: int
    waiting_order: int


def make_replenishment_shop(session: Session, *, munich_stock: int = 0) -> Shop:
    hamburg = make_warehouse(session, "HAM", name="Hamburg", priority=1)
    munich = make_warehouse(session, "MUC", name="Munich", priority=2)
    supplier = make_supplier(session, lead_time_days=14)
    product = make_product(
        session, "merino-tee", skus=(TEE,), short_stock_policy="backorder", fragile=False,
        variants=[variant_payload(TEE, title="Merino tee navy M", supplier="Nordwolle GmbH")],
    )  # fmt: skip
    tee = product.variants[0].id
    variant = session.get(catalog.Variant, tee)
    assert variant is not None
    variant.moq, variant.pack_size = 20, 10
    for warehouse, units in ((hamburg, 0), (munich, munich_stock)):
        inventory.adjust(session, sku=TEE, warehouse_id=warehouse, delta=units or 1,
                         reason="opening count", actor="t")  # fmt: skip
        if not units:
            inventory.adjust(session, sku=TEE, warehouse_id=warehouse, delta=-1,
                             reason="damage: torn", actor="t")  # fmt: skip
    customer = make_customer(session, first_name="Ana", last_name="Lima",
                             email="ana.lima@example.com")  # fmt: skip
    order = make_order(session, {tee: 2})
    order.customer_id = customer.id
    # waiting with no purchase order behind it (allocation would refuse: an imported
    # backorder, or one whose purchase order was cancelled)
    [line] = order.lines
    session.add(inventory.Reservation(
        order_id=order.id, order_line_id=line.id, variant_id=tee, warehouse_id=None,
        quantity=2, status=inventory.ReservationStatus.WAITING, promised_date=None,
        created_at=MONDAY - timedelta(days=3), updated_at=MONDAY,
    ))  # fmt: skip
    session.flush()
    return Shop(hamburg, munich, supplier, tee, order.id)


def store_forecast(session: Session, variant_id: int, warehouse_id: int, per_week: float) -> int:
    run = start_run(session, freq="W", horizon=4, history_end=TODAY)
    save_series(session, run, [{
        "level": SeriesLevel.SKU_WAREHOUSE, "variant_id": variant_id,
        "warehouse_id": warehouse_id, "category": None, "first_period": date(2026, 12, 14),
        "model": "SeasonalLevel", "backtest_mae": 5.0, "backtest_rmsse": 0.8, "error_sd": 7.0,
        "mean": [per_week] * 4, "lower": [per_week - 10] * 4, "upper": [per_week + 10] * 4,
    }])  # fmt: skip
    finish_run(session, run, wall_seconds=0.1)
    session.flush()
    return run.id
