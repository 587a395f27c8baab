"""Every operations screen, list and detail, on a seeded store: server-side p50/p95 of each
page (first page, a deep keyset page, selective and unselective filters) against its main
statement replayed raw in the same run.

    .venv/bin/python bench/ops_pages.py --url postgresql+psycopg://…/opsdesk_large
    .venv/bin/python bench/ops_pages.py --size medium [--requests 50] [--only orders] [--json]

The "main statement" of a page is the slowest statement its first request ran (captured
with SQLAlchemy's cursor events, so parameters and cursor included); the baseline replays
it through a raw DB-API cursor. The page's other statements, Python and templating make
the difference. ``bench/ops_lists.py`` stays the order list's focused variant.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import httpx
import sqlalchemy as sa
from sqlalchemy.engine import Engine

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import scratch_database
from ops_lists import operations_login, percentiles, report
from opsdesk import demo
from opsdesk.app import create_app
from opsdesk.config import Settings
from opsdesk.kernel.db import make_engine
from opsdesk.web.ui.ops.listing import encode_cursor
from reads import ServerTimer
from workspace import _log_in

DEEP = 0.9  # deep pages start 90 % down their list
SHOW_PLANS = False  # --explain: print each main statement's plan to stderr


class SlowestStatement:
    """Times every statement of one request and keeps the slowest with its parameters."""

    def __init__(self) -> None:
        self.sql: str | None = None
        self.params: Any = None
        self.seconds = -1.0
        self.count = 0

    def before(self, conn: Any, _cur: Any, sql: str, params: Any, *_rest: Any) -> None:
        conn.info["_bench_began"] = time.perf_counter()

    def after(self, conn: Any, _cur: Any, sql: str, params: Any, *_rest: Any) -> None:
        took = time.perf_counter() - conn.info.pop("_bench_began", time.perf_counter())
        self.count += 1
        if took > self.seconds and sql.lstrip().upper().startswith(("SELECT", "WITH")):
            self.sql, self.params, self.seconds = sql, params, took

    def listen(self, engine: Engine) -> None:
        sa.event.listen(engine, "before_cursor_execute", self.before)
        sa.event.listen(engine, "after_cursor_execute", self.after)

    def remove(self, engine: Engine) -> None:
        sa.event.remove(engine, "before_cursor_execute", self.before)
        sa.event.remove(engine, "after_cursor_execute", self.after)


def _one(conn: sa.Connection, sql: str) -> Any:
    return conn.execute(sa.text(sql)).first()


def _deep(conn: sa.Connection, select: str, table: str) -> str | None:
    """A cursor 90 % down a list (``select`` names the key columns in list order)."""
    total = conn.scalar(sa.text(f"SELECT count(*) FROM {table}")) or 0
    row = _one(conn, f"{select} LIMIT 1 OFFSET {int(total * DEEP)}")
    if row is None:
        return None
    values = [v.replace(tzinfo=v.tzinfo or UTC) if isinstance(v, datetime) else v for v in row]
    return encode_cursor([v.isoformat() if isinstance(v, date) else v for v in values])


def _with(path: str, **query: Any) -> str:
    kept = {k: v for k, v in query.items() if v not in (None, "")}
    return path + (f"?{urlencode(kept)}" if kept else "")


def store_values(conn: sa.Connection) -> dict[str, Any]:
    """Ids and values from the store that make realistic page addresses."""
    q = {
        "warehouse": "SELECT min(id) FROM warehouses",
        "country": "SELECT ship_country FROM orders GROUP BY 1 ORDER BY count(*) LIMIT 1",
        "sku": "SELECT v.sku FROM stock_movements m JOIN variants v ON v.id = m.variant_id "
        "WHERE m.id = (SELECT max(id) FROM stock_movements)",
        "order": "SELECT number FROM orders WHERE id = (SELECT max(id) FROM orders)",
        "po": "SELECT max(id) FROM purchase_orders",
        "supplier": "SELECT min(id) FROM suppliers",
        "pick_list": "SELECT max(id) FROM pick_lists",
        "fulfilment": "SELECT max(id) FROM fulfilments",
        "return": "SELECT max(id) FROM return_requests",
        "product": "SELECT max(id) FROM products",
        "customer": "SELECT customer_id FROM orders WHERE customer_id IS NOT NULL "
        "GROUP BY 1 ORDER BY count(*) DESC LIMIT 1",
        "shipment": "SELECT max(id) FROM shipments",
        "email": "SELECT email FROM orders ORDER BY id DESC LIMIT 1",
    }
    values = {name: conn.scalar(sa.text(sql)) for name, sql in q.items()}
    values["deep_orders"] = _deep(
        conn, "SELECT placed_at, id FROM orders ORDER BY placed_at DESC, id DESC", "orders"
    )
    values["deep_customers"] = _deep(conn, "SELECT id FROM customers ORDER BY id DESC", "customers")
    values["deep_returns"] = _deep(
        conn,
        "SELECT created_at, id FROM return_requests ORDER BY created_at DESC, id DESC",
        "return_requests",
    )
    values["deep_catalog"] = _deep(conn, "SELECT sku FROM variants ORDER BY sku", "variants")
    values["deep_stock"] = _deep(
        conn,
        "SELECT v.sku, s.id FROM stock_levels s JOIN variants v ON v.id = s.variant_id "
        "ORDER BY v.sku, s.id",
        "stock_levels",
    )
    values["deep_pos"] = _deep(
        conn, "SELECT id FROM purchase_orders ORDER BY id DESC", "purchase_orders"
    )
    return values


def pages(v: dict[str, Any]) -> dict[str, str]:
    """Every operations screen's list and detail pages worth timing, by name."""
    return _stock_and_orders(v) | _other_screens(v)


def _stock_and_orders(v: dict[str, Any]) -> dict[str, str]:
    w = v["warehouse"]
    return {
        "stock list": "/workspace/stock",
        "stock list, deep": _with("/workspace/stock", cursor=v["deep_stock"]),
        "stock, low": _with("/workspace/stock", state="low"),
        "stock, out, warehouse": _with("/workspace/stock", state="out", warehouse=w),
        "stock, search": _with("/workspace/stock", q=str(v["sku"])[:6]),
        "SKU page": f"/workspace/stock/sku/{quote(str(v['sku']))}",
        "transfers": "/workspace/stock/transfers",
        "orders list": "/workspace/orders",
        "orders, deep": _with("/workspace/orders", cursor=v["deep_orders"]),
        "orders, shipped, deep": _with(
            "/workspace/orders", status="shipped", cursor=v["deep_orders"]
        ),
        "orders, allocated": _with("/workspace/orders", status="allocated"),
        "orders, rare country": _with("/workspace/orders", country=v["country"]),
        "orders, warehouse": _with("/workspace/orders", warehouse=w),
        "orders, late": _with("/workspace/orders", late=1),
        "orders, at risk": _with("/workspace/orders", at_risk=1),
        "orders, backordered": _with("/workspace/orders", backordered=1),
        "orders, open ticket": _with("/workspace/orders", ticket=1),
        "orders, e-mail": _with("/workspace/orders", q=v["email"]),
        "orders, name": _with("/workspace/orders", q="Mar"),
        "order page": f"/workspace/orders/{v['order']}",
    }


def _other_screens(v: dict[str, Any]) -> dict[str, str]:
    w = v["warehouse"]
    return {
        "purchase orders": "/workspace/purchase-orders",
        "POs, deep": _with("/workspace/purchase-orders", cursor=v["deep_pos"]),
        "POs, open, supplier": _with(
            "/workspace/purchase-orders", state="open", supplier=v["supplier"]
        ),
        "PO page": f"/workspace/purchase-orders/{v['po']}",
        "suppliers": "/workspace/suppliers",
        "supplier page": f"/workspace/suppliers/{v['supplier']}",
        "dock": "/workspace/dock",
        "pick lists": "/workspace/fulfilment",
        "pick lists, all": _with("/workspace/fulfilment", state="all", warehouse=w),
        **(
            {"pick list page": f"/workspace/fulfilment/pick-lists/{v['pick_list']}"}
            if v["pick_list"]
            else {}
        ),
        "packing station": "/workspace/packing",
        "packing, parcel": f"/workspace/packing/{v['fulfilment']}",
        "returns queue": "/workspace/returns",
        "returns, deep": _with("/workspace/returns", cursor=v["deep_returns"]),
        "returns, received": _with("/workspace/returns", state="received"),
        "return page": f"/workspace/returns/{v['return']}",
        "return reasons": "/workspace/returns/reasons",
        "catalog list": "/workspace/catalog",
        "catalog, deep": _with("/workspace/catalog", cursor=v["deep_catalog"]),
        "catalog, fragile": _with("/workspace/catalog", fragile="yes"),
        "catalog, search": _with("/workspace/catalog", q="a"),
        "product page": f"/workspace/catalog/products/{v['product']}",
        "customers list": "/workspace/customers",
        "customers, deep": _with("/workspace/customers", cursor=v["deep_customers"]),
        "customers, open ticket": _with("/workspace/customers", open_ticket="true"),
        "customers, rare country": _with("/workspace/customers", country=v["country"]),
        "customers, search": _with("/workspace/customers", q="Mar"),
        "customer page (most orders)": f"/workspace/customers/{v['customer']}",
        "shipment label (PDF)": f"/workspace/shipments/{v['shipment']}/label.pdf",
    }


def explain(engine: Engine, sql: str, params: Any) -> str:
    """PostgreSQL's plan of a captured statement, as it ran (ANALYZE)."""
    conn: Any = engine.raw_connection()
    try:
        cursor = conn.cursor()
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        return "\n".join(str(row[0]) for row in cursor.fetchall())
    finally:
        conn.rollback()
        conn.close()


def raw_timings(engine: Engine, sql: str, params: Any, runs: int) -> list[float]:
    conn: Any = engine.raw_connection()
    latencies = []
    try:
        cursor = conn.cursor()
        for _ in range(runs):
            began = time.perf_counter()
            cursor.execute(sql, params)
            cursor.fetchall()
            conn.commit()
            latencies.append(time.perf_counter() - began)
    finally:
        conn.close()
    return latencies


async def _page(c: httpx.AsyncClient, timer: ServerTimer, engine: Engine, path: str,
                runs: int, warmup: int) -> dict[str, Any]:  # fmt: skip
    slowest = SlowestStatement()
    slowest.listen(engine)
    try:
        first = await c.get(path)
    except Exception as error:  # a page that fails is reported, not the end of the run
        return {"status": f"error: {type(error).__name__}"}
    finally:
        slowest.remove(engine)
    if first.status_code != 200:
        return {"status": first.status_code}
    for _ in range(warmup):
        await c.get(path)
    timer.latencies = []
    for _ in range(runs):
        if (await c.get(path)).status_code != 200:
            raise RuntimeError(f"{path} stopped answering 200")
    raw = raw_timings(engine, slowest.sql, slowest.params, runs) if slowest.sql else []
    if SHOW_PLANS and slowest.sql:
        print(f"{path}\n{slowest.sql}\n{explain(engine, slowest.sql, slowest.params)}\n",
              file=sys.stderr)  # fmt: skip
    return {"page": percentiles(timer.latencies), "raw_sql": percentiles(raw) if raw else {},
            "statements": slowest.count, "main_sql": slowest.sql}  # fmt: skip


async def _measure(engine: Engine, only: str, runs: int, warmup: int) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        chosen = {n: p for n, p in pages(store_values(conn)).items() if only in n}
    settings = Settings(database_url=engine.url.render_as_string(hide_password=False))
    app = create_app(settings, engine=engine)
    timer = ServerTimer(app)
    rows: list[dict[str, Any]] = []
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=timer), base_url="http://b") as c,
    ):
        await _log_in(c, *operations_login(engine))
        for name, path in chosen.items():
            result = await _page(c, timer, engine, path, runs, warmup)
            rows.append({"list": name, "path": path, **result})
            shown = result.get("page", {}).get("p95_ms", float("nan"))
            print(f"  {name}: p95 {shown:.1f} ms {result.get('status', '')}", file=sys.stderr)
    return rows


def _report(title: str, rows: list[dict[str, Any]], as_json: bool) -> None:
    measured = [r for r in rows if "page" in r]
    report(title, measured, as_json)
    if not as_json:
        for r in rows:
            if "page" not in r:
                print(f"{r['list']:<30} not measured: HTTP {r['status']} ({r['path']})")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--url", help="an already seeded database")
    source.add_argument("--size", choices=sorted(demo.SIZES), default="small",
                        help="seed a scratch PostgreSQL database of this size (default small)")  # fmt: skip
    parser.add_argument("--requests", type=int, default=50, help="measured requests per page")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--only", default="", help="only pages whose name contains this")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--explain", action="store_true", help="print each main plan (stderr)")
    args = parser.parse_args()
    global SHOW_PLANS
    SHOW_PLANS = args.explain
    if args.url:
        engine = make_engine(args.url, pool_size=5)
        rows = asyncio.run(_measure(engine, args.only, args.requests, args.warmup))
        engine.dispose()
        _report(f"ops pages ({engine.url.database})", rows, args.json)
        return
    with scratch_database(
        "postgresql", f"opsdesk_bench_pages_{args.size}", keep=args.keep
    ) as engine:
        demo.generate_store(engine, demo.SIZES[args.size], 42, datetime.now(UTC))
        rows = asyncio.run(_measure(engine, args.only, args.requests, args.warmup))
    _report(f"ops pages, {args.size} store (postgresql)", rows, args.json)


if __name__ == "__main__":
    main()
