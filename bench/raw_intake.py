"""The ceiling for order intake: the statements ``place_order`` sends, hand-written.

Per order, in one transaction, the same reads and writes as the service
(``bench/intake_cpu.py --statements`` lists both sides' statements):

1. the prices of the SKUs (variants joined to their products);
2. the customer's id, e-mail and locale;
3. the order and its lines (on PostgreSQL one ``WITH`` statement, the lines linked to
   the order's new id);
4. the stock rows of the variants in active warehouses, locked (``FOR UPDATE``) in
   variant, warehouse order, with what allocation plans from;
5. the held units, reservations, ledger rows, timeline rows, two outbox rows and the
   order's status (on PostgreSQL one data-modifying ``WITH`` statement);

then COMMIT. The plan is the simplest (first warehouse by priority with enough units);
no ORM, no validation beyond what the SQL itself enforces, no events built as objects.
"""

from __future__ import annotations

import functools
import json
import re
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.engine import Engine

_ORDER_COLUMNS = (
    "number", "channel", "external_id", "customer_id", "status", "currency", "locale",
    "subtotal_minor", "shipping_minor", "tax_minor", "discount_minor", "total_minor",
    "email", "ship_name", "ship_line1", "ship_line2", "ship_city", "ship_region",
    "ship_postal_code", "ship_country", "ship_latitude", "ship_longitude", "service_level",
    "promised_delivery_date", "replaces_order_id", "placed_at", "updated_at",
)  # fmt: skip
_LINE_COLUMNS = (
    ("line_no", "INTEGER"), ("variant_id", "BIGINT"), ("sku", "VARCHAR(64)"),
    ("title", "VARCHAR(200)"), ("quantity", "INTEGER"), ("unit_price_minor", "BIGINT"),
    ("quantity_cancelled", "INTEGER"), ("quantity_shipped", "INTEGER"),
    ("quantity_returned", "INTEGER"),
)  # fmt: skip


@functools.lru_cache(maxsize=512)
def _numbered(sql: str) -> str:
    """``%s`` marks as PostgreSQL's own ``$1, $2 …``, for a ``RawCursor`` (as the service)."""
    counter = iter(range(1, 10_000))
    return re.sub(r"%s", lambda _m: f"${next(counter)}", sql)


class _Numbering:
    """A cursor that numbers ``%s`` marks once per statement text (cached) and runs it raw."""

    def __init__(self, cursor: Any) -> None:
        self.cursor = cursor

    def execute(self, sql: str, params: Any = ()) -> None:
        self.cursor.execute(_numbered(sql), params)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.cursor, name)


class _Traced:
    """A cursor that tells ``trace`` each statement it runs."""

    def __init__(self, cursor: Any, trace: Callable[[str], None]) -> None:
        self.cursor, self.trace = cursor, trace

    def execute(self, sql: str, params: Any = ()) -> None:
        self.trace(sql)
        self.cursor.execute(sql, params)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.cursor, name)


class RawIntake:
    def __init__(self, engine: Engine, trace: Callable[[str], None] | None = None) -> None:
        self.trace = trace  # told each statement sent (``intake_cpu.py --statements``)
        self.sqlite = engine.dialect.name == "sqlite"
        self.ph = "?" if self.sqlite else "%s"
        self.json_ph = "?" if self.sqlite else "%s::jsonb"
        self.conn: Any = engine.raw_connection()
        if not self.sqlite:
            self.conn.commit()

    def close(self) -> None:
        self.conn.close()

    def _ts(self, now: datetime) -> Any:
        return now.replace(tzinfo=None).isoformat(" ") if self.sqlite else now

    def _marks(self, count: int) -> str:
        return ", ".join(self.ph for _ in range(count))

    def _values(self, rows: list[tuple[Any, ...]], json_at: int | None = None) -> str:
        width = len(rows[0])
        marks = [self.json_ph if i == json_at else self.ph for i in range(width)]
        one = "(" + ", ".join(marks) + ")"
        return ", ".join(one for _ in rows)

    def place(self, body: dict[str, Any]) -> float:
        """Place one order; returns its latency in seconds."""
        started = time.perf_counter()
        now = datetime.now(UTC)
        if self.sqlite:
            cur = self.conn.cursor()
        else:
            import psycopg

            cur = _Numbering(psycopg.RawCursor(self.conn.driver_connection))
        if self.trace is not None:
            cur = _Traced(cur, self.trace)
        if self.sqlite:
            cur.execute("BEGIN IMMEDIATE")
        try:
            self._place(cur, body, now)
        except BaseException:
            self.conn.rollback() if not self.sqlite else cur.execute("ROLLBACK")
            raise
        if self.sqlite:
            cur.execute("COMMIT")
        else:
            self.conn.commit()
        cur.close()
        return time.perf_counter() - started

    def _place(self, cur: Any, body: dict[str, Any], now: datetime) -> None:
        ts = self._ts(now)
        wanted = {line["sku"]: line["quantity"] for line in body["lines"]}
        cur.execute(
            "SELECT variants.id, variants.sku, variants.title, variants.price_minor, "
            "variants.currency, variants.active, products.title, products.active "
            "FROM variants JOIN products ON products.id = variants.product_id "
            f"WHERE variants.sku IN ({self._marks(len(wanted))})",
            sorted(wanted),
        )
        variants = sorted(cur.fetchall())  # by variant id: the lock order
        cur.execute(
            f"SELECT id, email, locale FROM customers WHERE id = {self.ph}", (body["customer_id"],)
        )
        _customer_id, email, locale = cur.fetchone()
        subtotal = sum(v[3] * wanted[v[1]] for v in variants)
        address = body["shipping_address"]
        number = "RAW-" + uuid.uuid4().hex[:12]
        order = (
            number, body["channel"], None, body["customer_id"], "placed", "EUR", locale,
            subtotal, 0, 0, 0, subtotal, email or "", address["name"], address["line1"], "",
            address["city"], address["region"], address["postal_code"], address["country"],
            address["latitude"], address["longitude"], "standard", None, None, ts, ts,
        )  # fmt: skip
        lines = [
            (n, vid, sku, f"{p_title} / {title}", wanted[sku], price, 0, 0, 0)
            for n, (vid, sku, title, price, _cur, _a, p_title, _pa) in enumerate(variants, 1)
        ]
        order_id, line_ids = self._insert_order(cur, order, lines)
        self._reserve(cur, order_id, number, total=subtotal, variants=variants,
                      wanted=wanted, line_ids=line_ids, now=now)  # fmt: skip

    def _insert_order(
        self, cur: Any, order: tuple[Any, ...], lines: list[tuple[Any, ...]]
    ) -> tuple[int, dict[int, int]]:
        ph = self.ph
        insert_order = (
            f"INSERT INTO orders ({', '.join(_ORDER_COLUMNS)}) "
            f"VALUES ({self._marks(len(_ORDER_COLUMNS))}) RETURNING id"
        )
        names = ", ".join(name for name, _type in _LINE_COLUMNS)
        if self.sqlite:
            cur.execute(insert_order, order)
            order_id = cur.fetchone()[0]
            cur.execute(
                f"INSERT INTO order_lines (order_id, {names}) "
                f"VALUES {self._values([(order_id, *line) for line in lines])} "
                "RETURNING id, line_no",
                [v for line in lines for v in (order_id, *line)],
            )
            return order_id, {no: lid for lid, no in cur.fetchall()}
        casts = ", ".join(f"CAST({ph} AS {kind})" for _name, kind in _LINE_COLUMNS)
        rows = ", ".join(f"({casts})" for _ in lines)
        cur.execute(
            f"WITH p AS ({insert_order}) INSERT INTO order_lines (order_id, {names}) "
            f"SELECT p.id, v.* FROM p, (VALUES {rows}) AS v ({names}) "
            "RETURNING order_id, id, line_no",
            [*order, *(v for line in lines for v in line)],
        )
        returned = cur.fetchall()
        return returned[0][0], {no: lid for _oid, lid, no in returned}

    def _reserve(
        self, cur: Any, order_id: int, number: str, *, total: int,
        variants: list[tuple[Any, ...]], wanted: dict[str, int], line_ids: dict[int, int],
        now: datetime,
    ) -> None:  # fmt: skip
        ph, ts = self.ph, self._ts(now)
        lock = "" if self.sqlite else " FOR UPDATE OF stock_levels"
        cur.execute(
            "SELECT variants.id, variants.sku, products.short_stock_policy, stock_levels.id, "
            "stock_levels.on_hand - stock_levels.reserved, warehouses.id, warehouses.priority, "
            "warehouses.region, warehouses.country, warehouses.latitude, warehouses.longitude, "
            "warehouses.name FROM stock_levels "
            "JOIN warehouses ON warehouses.id = stock_levels.warehouse_id "
            "JOIN variants ON variants.id = stock_levels.variant_id "
            "JOIN products ON products.id = variants.product_id "
            f"WHERE stock_levels.variant_id IN ({self._marks(len(variants))}) "
            "AND warehouses.active IS true "
            f"ORDER BY stock_levels.variant_id, stock_levels.warehouse_id{lock}",
            [v[0] for v in variants],
        )
        stock = cur.fetchall()
        held: dict[int, int] = {}
        reservations, movements, events, reserved_units = [], [], [], []
        reference = f"order:{order_id}"
        placed = f"Placed via bench: total {total / 100:.2f}"
        events.append(
            (order_id, ts, "order.placed", "bench:raw", placed, json.dumps({"number": number}))
        )
        for n, (vid, sku, *_rest) in enumerate(variants, start=1):
            quantity = wanted[sku]
            options = sorted((r[6], r[5], r[3], r[4], r[11]) for r in stock if r[0] == vid)
            _prio, wid, stock_id, _free, site = next(o for o in options if o[3] >= quantity)
            held[stock_id] = held.get(stock_id, 0) + quantity
            line_id = line_ids[n]
            reservations.append((order_id, line_id, vid, wid, quantity, "active", None, ts, ts))
            movements.append((vid, wid, "reservation", 0, quantity, "", reference, "bench:raw", ts))
            data = json.dumps({"order_line_id": line_id, "quantity": quantity})
            summary = f"Reserved {quantity} × {sku} in {site}"
            events.append((order_id, ts, "stock.reserved", "bench:raw", summary, data))
            reserved_units.append({"order_line_id": line_id, "variant_id": vid,
                                   "warehouse_id": wid, "quantity": quantity})  # fmt: skip
        outbox = [
            ("StockReserved", {"order_id": order_id, "reservations": reserved_units}),
            ("OrderPlaced", {"order_id": order_id, "number": number, "status": "allocated"}),
        ]
        ids = sorted(held)
        cases = " ".join(f"WHEN stock_levels.id = {ph} THEN {ph}" for _ in ids)
        hold = (
            f"UPDATE stock_levels SET reserved = stock_levels.reserved + CASE {cases} END, "
            f"updated_at = {ph} WHERE stock_levels.id IN ({self._marks(len(ids))})",
            [*(v for i in ids for v in (i, held[i])), ts, *ids],
        )
        promised = (now + timedelta(days=3)).date()
        writes = [
            hold,
            ("INSERT INTO reservations (order_id, order_line_id, variant_id, warehouse_id, "
             "quantity, status, promised_date, created_at, updated_at) VALUES "
             f"{self._values(reservations)}", [v for row in reservations for v in row]),
            ("INSERT INTO stock_movements (variant_id, warehouse_id, kind, on_hand_delta, "
             "reserved_delta, reason, reference, actor, created_at) VALUES "
             f"{self._values(movements)}", [v for row in movements for v in row]),
            ("INSERT INTO order_events (order_id, occurred_at, kind, actor, summary, data) "
             f"VALUES {self._values(events, json_at=5)}", [v for row in events for v in row]),
            ("INSERT INTO outbox_events (event_id, name, aggregate_type, aggregate_id, payload, "
             "occurred_at, available_at, attempts) VALUES "
             f"{self._values([(0, 0, 0, 0, 0, 0, 0, 0)] * len(outbox), json_at=4)}",
             [v for name, payload in outbox
              for v in (str(uuid.uuid4()), name, "order", str(order_id), json.dumps(payload),
                        ts, ts, 0)]),
            (f"UPDATE orders SET status = {ph}, promised_delivery_date = {ph} WHERE id = {ph}",
             ["allocated", promised, order_id]),
        ]  # fmt: skip
        if self.sqlite:
            for sql, params in writes:
                cur.execute(sql, params)
            return
        heads = ", ".join(f"w{i} AS ({sql})" for i, (sql, _p) in enumerate(writes[:-1]))
        cur.execute(f"WITH {heads} {writes[-1][0]}", [v for _sql, params in writes for v in params])
