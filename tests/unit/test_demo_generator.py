"""The generated store, captured at the writer (the database edge): determinism and shape."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

import pytest

from opsdesk.demo import SIZES, SeedReport
from opsdesk.demo.generator import write_store
from opsdesk.demo.rows import COLUMNS

NOW = datetime(2026, 3, 2, 15, 30, tzinfo=UTC)


class RecordingWriter:
    """Stands in for the database: keeps every row it is given, by table."""

    def __init__(self) -> None:
        self.tables: dict[str, list[tuple[Any, ...]]] = {name: [] for name in COLUMNS}

    def write(self, table: str, rows: Sequence[tuple[Any, ...]]) -> None:
        self.tables[table].extend(rows)

    def finish(self, tables: Sequence[str]) -> None:
        pass

    def records(self, table: str) -> list[dict[str, Any]]:
        return [dict(zip(COLUMNS[table], row, strict=True)) for row in self.tables[table]]


def _store(seed: int, size: str = "tiny") -> RecordingWriter:
    writer = RecordingWriter()
    report = SeedReport(size, seed, NOW, "memory")
    write_store(writer, SIZES[size], seed, NOW, report)
    return writer


@pytest.fixture(scope="module")
def store() -> RecordingWriter:
    return _store(42)


def test_same_seed_gives_the_same_store_and_another_seed_a_different_one(
    store: RecordingWriter,
) -> None:
    again = _store(42)
    other = _store(43)
    assert again.tables == store.tables
    assert other.tables["orders"] != store.tables["orders"]


def test_every_row_fills_every_column_and_ids_are_unique(store: RecordingWriter) -> None:
    for table, rows in store.tables.items():
        assert rows, f"{table} is empty"
        assert all(len(row) == len(COLUMNS[table]) for row in rows)
        ids = [row[0] for row in rows]
        assert len(set(ids)) == len(ids)


def test_nothing_happens_after_now(store: RecordingWriter) -> None:
    stamps = [o["placed_at"] for o in store.records("orders")]
    stamps += [e["occurred_at"] for e in store.records("order_events")]
    stamps += [t["occurred_at"] for t in store.records("tracking_events")]
    stamps += [m["created_at"] for m in store.records("stock_movements")]
    assert max(stamps) <= NOW


def test_the_present_has_orders_in_flight_and_open_purchase_orders(store: RecordingWriter) -> None:
    statuses = {o["status"] for o in store.records("orders")}
    assert {"delivered", "shipped"} <= statuses
    assert statuses & {"placed", "allocated", "picking", "packed", "backordered"}
    open_pos = [p for p in store.records("purchase_orders") if p["status"] == "open"]
    assert open_pos
    assert all(p["expected_date"] >= NOW.date() for p in open_pos)


@pytest.mark.slow
def test_a_realistic_share_of_delivered_parcels_is_late() -> None:
    shipments = _store(42, "small").records("shipments")
    delivered = [s for s in shipments if s["delivered_at"] is not None]
    late = [s for s in delivered if s["delivered_at"].date() > s["promised_delivery_date"]]
    exceptions = [s for s in shipments if s["status"] in {"lost", "returned_to_sender"}]
    assert 0.06 <= len(late) / len(delivered) <= 0.13
    assert 0.002 <= len(exceptions) / len(shipments) <= 0.02


def test_timeline_reads_like_the_services_write_it(store: RecordingWriter) -> None:
    summaries = [e["summary"] for e in store.records("order_events")]
    assert any(s.startswith("Placed via web by ") for s in summaries)
    assert any(s.startswith("Reserved ") and s.endswith(" warehouse") for s in summaries)
    assert any(s.startswith("Shipped with ") and " — tracking " in s for s in summaries)
    assert "Delivered" in summaries


def test_customers_span_the_locales_with_their_time_zones(store: RecordingWriter) -> None:
    customers = store.records("customers")
    locales = {c["locale"] for c in customers}
    assert locales == {"en", "de", "fr", "es", "pt-BR"}
    brazilians = [c for c in customers if c["locale"] == "pt-BR"]
    assert all(c["timezone"].startswith("America/") for c in brazilians)
    assert len({c["email"] for c in customers}) == len(customers)


def test_promised_dates_are_dates_and_money_adds_up(store: RecordingWriter) -> None:
    for order in store.records("orders"):
        assert isinstance(order["promised_delivery_date"], date)
        expected = order["subtotal_minor"] - order["discount_minor"] + order["shipping_minor"]
        assert order["total_minor"] == expected
