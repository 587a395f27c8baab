"""The stored plan on SQLite and PostgreSQL: computed once, read a page at a time with
filters, only when finished; drafts from a stale page are re-checked against live stock;
overrides and supplier order days change what the next plan says; the nightly job
follows the forecast."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import inventory, replenishment
from opsdesk.kernel.errors import Conflict
from opsdesk.replenishment import jobs
from opsdesk.replenishment.models import PlanRun, PlanStatus
from tests.factories.catalog import make_product, variant_payload
from tests.factories.replenishment import (
    MONDAY,
    TODAY,
    Shop,
    make_replenishment_shop,
    store_forecast,
)

ALL = replenishment.PlanFilters(needs_order=False)


def shop_with_plan(session: Session) -> tuple[Shop, PlanRun]:
    shop = make_replenishment_shop(session)
    store_forecast(session, shop.tee, shop.hamburg, 42.0)
    return shop, replenishment.store_plan(session, today=TODAY, now=MONDAY)


def test_the_plan_is_stored_and_read_by_filter_a_page_at_a_time(session: Session) -> None:
    shop, run = shop_with_plan(session)
    assert (run.status, run.rows, run.to_order) == (PlanStatus.DONE, 2, 1)
    [row] = replenishment.read_page(session, replenishment.PlanFilters()).rows
    assert (row.sku, row.warehouse_id, row.demand_source) == ("TEE-NAVY-M", shop.hamburg,
                                                             "forecast")  # fmt: skip
    assert row.quantity >= 20
    assert "forecast 42/week" in row.reason
    first = replenishment.read_page(session, ALL, limit=1)
    second = replenishment.read_page(session, ALL, after=first.next_after, limit=1)
    assert [r.warehouse_id for r in first.rows + second.rows] == [shop.hamburg, shop.munich]
    assert second.next_after is None
    munich = replenishment.PlanFilters(warehouse_id=shop.munich, needs_order=False)
    assert [r.warehouse_id for r in replenishment.read_page(session, munich).rows] == [shop.munich]
    by_supplier = replenishment.PlanFilters(supplier_id=shop.supplier)
    assert len(replenishment.read_page(session, by_supplier).rows) == 1
    assert replenishment.read_page(session, replenishment.PlanFilters(no_supplier=True)).rows == []
    klass = row.klass
    assert replenishment.read_page(session, replenishment.PlanFilters(klass=klass[0])).rows
    other = "C" if klass[0] != "C" else "A"
    assert replenishment.read_page(session, replenishment.PlanFilters(klass=other)).rows == []


def test_only_a_finished_run_is_read(session: Session) -> None:
    _shop, run = shop_with_plan(session)
    session.add(PlanRun(status=PlanStatus.RUNNING, plan_date=TODAY + timedelta(days=1)))
    session.add(PlanRun(status=PlanStatus.FAILED, plan_date=TODAY + timedelta(days=1)))
    session.flush()
    assert replenishment.latest_run(session) == run
    assert replenishment.read_page(session, ALL).run == run


def test_a_stale_page_cannot_order_twice(session: Session) -> None:
    shop, _run = shop_with_plan(session)
    [row] = replenishment.read_page(session, replenishment.PlanFilters()).rows
    key, quantity = (shop.tee, shop.hamburg), row.quantity
    first = replenishment.order_from_plan(session, {key: quantity}, today=TODAY)
    assert [po.lines[0].quantity_ordered for po in first.orders] == [quantity]
    assert replenishment.read_page(session, replenishment.PlanFilters()).rows == []
    assert f"ordered {quantity} on PO-" in row.reason
    # the same stale quantity posted again (an old tab): nothing more is ordered
    with pytest.raises(Conflict, match="above the reorder point"):
        replenishment.order_from_plan(session, {key: quantity}, today=TODAY)
    orders, _ = inventory.list_purchase_orders(session)
    assert len(orders) == 1


def test_stock_that_arrived_since_the_plan_is_taken_off_the_order(session: Session) -> None:
    shop, _run = shop_with_plan(session)
    [row] = replenishment.read_page(session, replenishment.PlanFilters()).rows
    assert row.position == -2
    assert row.reorder_point > 20
    inventory.adjust(session, sku="TEE-NAVY-M", warehouse_id=shop.hamburg, delta=12,
                     reason="found in returns", actor="t")  # fmt: skip
    made = replenishment.order_from_plan(session, {(shop.tee, shop.hamburg): 60}, today=TODAY)
    [checked] = made.checked
    # 60 asked, position rose by 12 → 48, down to whole packs of 10 → 40 (≥ MOQ 20)
    assert (checked.asked, checked.ordered) == (60, 40)
    assert made.orders[0].lines[0].quantity_ordered == 40


def test_an_override_and_order_days_change_the_next_plan(session: Session) -> None:
    shop, run = shop_with_plan(session)
    [before] = replenishment.read_page(session, replenishment.PlanFilters()).rows
    replenishment.set_for_sku(session, "TEE-NAVY-M", shop.hamburg, 0.999, actor="olga")
    supplier = inventory.suppliers.get_supplier(session, shop.supplier)
    supplier.order_days = "mon,thu"
    session.flush()
    rerun = replenishment.store_plan(session, today=TODAY, requested_by="olga", now=MONDAY)
    assert rerun.id > run.id
    [after] = replenishment.read_page(session, replenishment.PlanFilters()).rows
    assert after.service_level == 0.999
    assert before.service_level != 0.999
    assert "service level 99.9 %" in after.reason
    assert "next order day Thu 10 Dec (+3 days)" in after.reason
    assert after.reorder_point > before.reorder_point + 3 * 6 - 1e-6  # 3 more days at 6/day
    assert [o.sku for o in replenishment.list_overrides(session)] == ["TEE-NAVY-M"]
    replenishment.set_for_sku(session, "TEE-NAVY-M", shop.hamburg, None, actor="olga")
    assert replenishment.list_overrides(session) == []


def test_the_job_recomputes_after_a_new_forecast_and_once_a_day(session: Session) -> None:
    shop = make_replenishment_shop(session)
    assert jobs.plan_is_stale(session, MONDAY)
    jobs.nightly_plan(session, MONDAY)
    first = replenishment.latest_run(session)
    assert first is not None
    assert first.forecast_run_id is None
    jobs.nightly_plan(session, MONDAY + timedelta(hours=1))
    assert replenishment.latest_run(session) == first  # nothing new: not recomputed
    store_forecast(session, shop.tee, shop.hamburg, 42.0)  # finishes after the plan
    session.flush()
    assert jobs.plan_is_stale(session, MONDAY + timedelta(hours=2))
    jobs.nightly_plan(session, MONDAY + timedelta(hours=2))
    second = replenishment.latest_run(session)
    assert second is not None
    assert second.id > first.id
    assert second.forecast_run_id is not None
    assert jobs.plan_is_stale(session, MONDAY + timedelta(days=1))


def test_old_runs_are_pruned(session: Session) -> None:
    make_product(session, "sock", skus=("SOCK",), variants=[variant_payload("SOCK")])
    make_replenishment_shop(session)
    runs = [replenishment.store_plan(session, today=TODAY, now=MONDAY).id for _ in range(5)]
    kept = sorted(session.scalars(sa.select(PlanRun.id)))
    assert kept == runs[-3:]
