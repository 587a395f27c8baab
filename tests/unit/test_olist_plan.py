"""Olist rows → an import plan: time zones, money, keys and the reasons rows are refused.

``olist_sample`` builds a small export folder from the first rows of the real files,
plus a few broken rows; the integration tests import the same folder.
"""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from opsdesk.integrations.olist import SourceError
from opsdesk.integrations.olist import mapping as m
from opsdesk.integrations.olist.plan import build_plan

GHOST_CUSTOMER_ORDER = "0" * 31 + "1"
BAD_TIME_ORDER = "0" * 31 + "2"
UNKNOWN_PRODUCT = "f" * 32


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or ()), list(reader)


def write_csv(path: Path, fields: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


def olist_sample(shared_data: Path, target: Path, *, orders: int = 40) -> dict[str, str]:
    """Write a folder with the first ``orders`` real orders and four broken rows.

    Returns the ids of the rows that must be refused, by reason code.
    """
    source = shared_data / "olist"
    order_fields, order_rows = read_csv(source / "orders.csv")
    item_fields, item_rows = read_csv(source / "order_items.csv")
    chosen = order_rows[:orders]
    ids = {o["order_id"] for o in chosen}
    items = [i for i in item_rows if i["order_id"] in ids]
    victim = next(o["order_id"] for o in chosen if o["order_status"] == "delivered")
    items.append(
        items[0] | {"order_id": victim, "order_item_id": "99", "product_id": UNKNOWN_PRODUCT}
    )
    template = chosen[0]
    broken = [
        template | {"order_id": GHOST_CUSTOMER_ORDER, "customer_id": "nobody"},
        template | {"order_id": BAD_TIME_ORDER, "order_purchase_timestamp": "31/02/2017 25:00"},
        chosen[1],  # the same order twice
    ]
    items += [items[0] | {"order_id": oid} for oid in (GHOST_CUSTOMER_ORDER, BAD_TIME_ORDER)]
    write_csv(target / "orders.csv", order_fields, chosen + broken)
    write_csv(target / "order_items.csv", item_fields, items)
    _copy_referenced(source, target, chosen, items)
    return {
        "missing_customer": GHOST_CUSTOMER_ORDER,
        "bad_timestamp": BAD_TIME_ORDER,
        "duplicate": chosen[1]["order_id"],
        "unknown_product": victim,
    }


def _copy_referenced(
    source: Path, target: Path, orders: list[dict[str, str]], items: list[dict[str, str]]
) -> None:
    wanted = {
        "customers.csv": ("customer_id", {o["customer_id"] for o in orders}),
        "olist_products_dataset.csv": ("product_id", {i["product_id"] for i in items}),
        "olist_sellers_dataset.csv": ("seller_id", {i["seller_id"] for i in items}),
    }
    for name, (key, keys) in wanted.items():
        fields, rows = read_csv(source / name)
        write_csv(target / name, fields, [r for r in rows if r[key] in keys])
    fields, rows = read_csv(source / "product_category_name_translation.csv")
    write_csv(target / "product_category_name_translation.csv", fields, rows)


def test_sample_plan_keeps_good_orders_and_names_each_refusal(
    shared_data: Path, tmp_path: Path
) -> None:
    refused = olist_sample(shared_data, tmp_path, orders=40)
    plan = build_plan(tmp_path)

    reasons = {r.key: r.code for r in plan.rejections}
    for code, order_id in refused.items():
        assert reasons.get(order_id) == code
    assert refused["unknown_product"] not in plan.orders
    assert plan.orders_read == 43
    assert len(plan.orders) + len({r.key for r in plan.rejections}) >= 40
    assert all(order.lines for order in plan.orders.values())


def test_limit_reads_only_the_first_orders(shared_data: Path, tmp_path: Path) -> None:
    olist_sample(shared_data, tmp_path, orders=40)
    plan = build_plan(tmp_path, limit=5)
    assert plan.orders_read == 5
    assert len(plan.orders) + len(plan.rejections) == 5


def test_repeated_item_rows_become_one_line_with_a_quantity(
    tmp_path: Path, shared_data: Path
) -> None:
    olist_sample(shared_data, tmp_path, orders=40)
    plan = build_plan(tmp_path)
    for order in plan.orders.values():
        assert sum(line.quantity for line in order.lines.values()) >= len(order.lines)
        assert order.subtotal_minor == sum(
            line.unit_price_minor * line.quantity for line in order.lines.values()
        )


def test_a_folder_without_the_orders_file_is_fatal(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match=r"orders\.csv"):
        build_plan(tmp_path)


def test_sao_paulo_times_become_utc_across_daylight_saving() -> None:
    # January 2017: summer time, UTC-2. June 2017: UTC-3.
    summer = m.local_to_utc("2017-01-15 10:00:00", "t")
    winter = m.local_to_utc("2017-06-15 10:00:00", "t")
    assert summer == datetime(2017, 1, 15, 12, 0, tzinfo=UTC)
    assert winter == datetime(2017, 6, 15, 13, 0, tzinfo=UTC)
    assert m.local_to_utc("", "t") is None


def test_a_malformed_timestamp_is_a_row_error_naming_the_column() -> None:
    with pytest.raises(m.RowError, match="order_approved_at") as caught:
        m.local_to_utc("yesterday", "order_approved_at")
    assert caught.value.code == "bad_timestamp"


def test_the_promise_stays_a_calendar_day() -> None:
    assert m.promise_date("2017-10-18 00:00:00", "t") == date(2017, 10, 18)


@pytest.mark.parametrize(("text", "minor"), [("199.9", 19990), ("18.14", 1814), ("0", 0)])
def test_reais_become_centavos(text: str, minor: int) -> None:
    assert m.brl_to_minor(text, "price") == minor


def test_negative_prices_are_refused() -> None:
    with pytest.raises(m.RowError):
        m.brl_to_minor("-1", "price")


def test_warehouse_codes_fit_the_column_and_keep_sellers_apart() -> None:
    a = m.warehouse_code("3442f8959a84dea7ee197c632cb2df15")
    b = m.warehouse_code("3442f8959a84dea7ee197c632cb2df16")
    assert len(a) == 32
    assert a.startswith("olist-")
    assert a != b


def test_postal_prefixes_regain_their_leading_zero() -> None:
    assert m.postal_prefix("4571") == "04571"
    assert m.postal_prefix("18682") == "18682"


def test_statuses_follow_the_data() -> None:
    assert m.status_of("delivered").order.value == "delivered"
    assert m.status_of("canceled").shipment.value == "cancelled"
    assert m.status_of("unavailable").order.value == "cancelled"
    with pytest.raises(m.RowError):
        m.status_of("teleported")


@pytest.mark.parametrize("text", ["99999999999999999999", "1e309", "inf", "NaN"])
def test_amounts_no_column_can_hold_are_refused(text: str) -> None:
    with pytest.raises(m.RowError) as caught:
        m.brl_to_minor(text, "price")
    assert caught.value.code == "bad_amount"


@pytest.mark.parametrize(("text", "grams"), [("1e309", 0), ("inf", 0), ("NaN", 0),
                                             ("99999999999", 0), ("-5", 0), ("1250.4", 1250)])  # fmt: skip
def test_measures_out_of_range_read_as_unknown(text: str, grams: int) -> None:
    assert m.grams(text) == grams


def test_a_date_at_the_end_of_the_calendar_is_a_row_error() -> None:
    with pytest.raises(m.RowError) as caught:
        m.local_to_utc("9999-12-31 23:59:59", "order_approved_at")
    assert caught.value.code == "bad_timestamp"


@pytest.mark.parametrize("text", ["", "x" * 61, "a b", "ab\u202ecd", "../x", "é"])
def test_ids_that_cannot_key_a_row_are_refused(text: str) -> None:
    assert not m.well_formed(text)
    with pytest.raises(m.RowError) as caught:
        m.identifier(text, "order_id")
    assert caught.value.code == "bad_id"
    assert m.well_formed("e481f51cbdc54678b7cc49136f2d6af7", "nobody")
