"""The ceiling for order intake: the writes ``place_order`` makes, as hand-written SQL.

Per order, in one transaction: read prices, read stock of the SKUs, insert the order and
its lines, reserve each line by a conditional update (in variant order), insert the
reservations, ledger rows, timeline rows and one outbox row (on PostgreSQL these four
in one statement, as the service sends them), commit. No ORM, no validation beyond
what the SQL itself enforces.
"""

from __future__ import annotations

import json
import time
import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.engine import Engine


class RawIntake:
    def __init__(self, engine: Engine) -> None:
        self.sqlite = engine.dialect.name == "sqlite"
        self.ph = "?" if self.sqlite else "%s"
        self.json_ph = "?" if self.sqlite else "%s::jsonb"
        self.conn: Any = engine.raw_connection()
        cursor = self.conn.cursor()
        cursor.execute("SELECT id FROM warehouses ORDER BY priority, id")
        self.warehouses = [row[0] for row in cursor.fetchall()]
        cursor.close()
        if not self.sqlite:
            self.conn.commit()

    def close(self) -> None:
        self.conn.close()

    def _ts(self, now: datetime) -> Any:
        return now.replace(tzinfo=None).isoformat(" ") if self.sqlite else now

    def _values(self, rows: list[tuple[Any, ...]], json_at: int | None = None) -> str:
        width = len(rows[0])
        marks = [self.json_ph if i == json_at else self.ph for i in range(width)]
        one = "(" + ", ".join(marks) + ")"
        return ", ".join(one for _ in rows)

    def place(self, body: dict[str, Any]) -> float:
        """Place one order; returns its latency in seconds."""
        started = time.perf_counter()
        now = datetime.now(UTC)
        cur = self.conn.cursor()
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
        ph, ts = self.ph, self._ts(now)
        wanted = {line["sku"]: line["quantity"] for line in body["lines"]}
        marks = ", ".join(ph for _ in wanted)
        cur.execute(
            f"SELECT id, sku, price_minor, title FROM variants WHERE sku IN ({marks})", list(wanted)
        )
        variants = sorted(cur.fetchall())
        subtotal = sum(price * wanted[sku] for _vid, sku, price, _t in variants)
        address = body["shipping_address"]
        number = "RAW-" + uuid.uuid4().hex[:12]
        cur.execute(
            "INSERT INTO orders (number, channel, customer_id, status, currency, locale, "
            "subtotal_minor, shipping_minor, tax_minor, discount_minor, total_minor, email, "
            "ship_name, ship_line1, ship_line2, ship_city, ship_region, ship_postal_code, "
            "ship_country, service_level, placed_at, updated_at) VALUES "
            f"({', '.join(ph for _ in range(22))}) RETURNING id",
            (number, body["channel"], body["customer_id"], "allocated", "EUR", "en", subtotal, 0,
             0, 0, subtotal, "", address["name"], address["line1"], "", address["city"],
             address["region"], address["postal_code"], address["country"], "standard", ts, ts),
        )  # fmt: skip
        order_id = cur.fetchone()[0]
        line_rows = [
            (order_id, n, vid, sku, title, wanted[sku], price, 0, 0, 0)
            for n, (vid, sku, price, title) in enumerate(variants, start=1)
        ]
        cur.execute(
            "INSERT INTO order_lines (order_id, line_no, variant_id, sku, title, quantity, "
            "unit_price_minor, quantity_cancelled, quantity_shipped, quantity_returned) "
            f"VALUES {self._values(line_rows)} RETURNING id, line_no",
            [v for row in line_rows for v in row],
        )
        line_ids = {no: lid for lid, no in cur.fetchall()}
        self._reserve(cur, order_id, number, variants, wanted, line_ids, ts)

    def _reserve(
        self, cur: Any, order_id: int, number: str, variants: list[tuple[Any, ...]],
        wanted: dict[str, int], line_ids: dict[int, int], ts: Any,
    ) -> None:  # fmt: skip
        ph = self.ph
        marks = ", ".join(ph for _ in variants)
        cur.execute(
            "SELECT variant_id, warehouse_id, on_hand - reserved FROM stock_levels "
            f"WHERE variant_id IN ({marks})",
            [v[0] for v in variants],
        )
        available = {(vid, wid): free for vid, wid, free in cur.fetchall()}
        reservations, movements, events = [], [], []
        events.append(
            (order_id, ts, "order.placed", "bench:raw", f"Placed via bench ({number})", "{}")
        )
        for n, (vid, sku, _price, _title) in enumerate(variants, start=1):
            quantity = wanted[sku]
            wid = next(w for w in self.warehouses if available.get((vid, w), 0) >= quantity)
            cur.execute(
                f"UPDATE stock_levels SET reserved = reserved + {ph}, updated_at = {ph} "
                f"WHERE variant_id = {ph} AND warehouse_id = {ph} AND on_hand - reserved >= {ph}",
                (quantity, ts, vid, wid, quantity),
            )
            if cur.rowcount != 1:
                raise RuntimeError(f"out of stock: {sku}")
            reservations.append((order_id, line_ids[n], vid, wid, quantity, "active", ts, ts))
            movements.append(
                (vid, wid, "reservation", 0, quantity, f"order {number}", number, "bench:raw", ts)
            )
            events.append(
                (order_id, ts, "stock.reserved", "bench:raw", f"Reserved {quantity} x {sku}", "{}")
            )
        self._insert_rest(cur, order_id, number, reservations, movements, events, ts)

    def _insert_rest(
        self, cur: Any, order_id: int, number: str, reservations: list[tuple[Any, ...]],
        movements: list[tuple[Any, ...]], events: list[tuple[Any, ...]], ts: Any,
    ) -> None:  # fmt: skip
        """The four writes that return nothing: one by one on SQLite, and on PostgreSQL
        as one data-modifying WITH statement, as the service's deferred writes go."""
        ph = self.ph
        payload = json.dumps({"order_id": order_id, "number": number})
        writes = [
            ("INSERT INTO reservations (order_id, order_line_id, variant_id, warehouse_id, "
             f"quantity, status, created_at, updated_at) VALUES {self._values(reservations)}",
             [v for row in reservations for v in row]),
            ("INSERT INTO stock_movements (variant_id, warehouse_id, kind, on_hand_delta, "
             "reserved_delta, reason, reference, actor, created_at) VALUES "
             f"{self._values(movements)}", [v for row in movements for v in row]),
            ("INSERT INTO order_events (order_id, occurred_at, kind, actor, summary, data) "
             f"VALUES {self._values(events, json_at=5)}", [v for row in events for v in row]),
            ("INSERT INTO outbox_events (event_id, name, aggregate_type, aggregate_id, payload, "
             f"occurred_at, available_at, attempts) VALUES ({ph}, {ph}, {ph}, {ph}, "
             f"{self.json_ph}, {ph}, {ph}, 0)",
             [str(uuid.uuid4()), "OrderPlaced", "order", str(order_id), payload, ts, ts]),
        ]  # fmt: skip
        if self.sqlite:
            for sql, params in writes:
                cur.execute(sql, params)
            return
        heads = ", ".join(f"w{i} AS ({sql})" for i, (sql, _p) in enumerate(writes[:-1]))
        cur.execute(f"WITH {heads} {writes[-1][0]}", [v for _sql, params in writes for v in params])
