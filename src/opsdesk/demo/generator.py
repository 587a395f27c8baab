"""Generate a whole demo store into an empty database, deterministically by seed.

Rows go straight to the tables in bulk (``COPY`` on PostgreSQL, Core executemany
elsewhere) in batches of ``chunk_orders`` orders, inside one transaction: a failed
run leaves the database as empty as it found it. The service desk follows in the same
transaction, played through the support services (``service_desk``).
"""

from __future__ import annotations

import random
import resource
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

from opsdesk import orders, shipping
from opsdesk.demo.baskets import BasketMaker, drafts
from opsdesk.demo.bulk_tickets import Progress
from opsdesk.demo.catalog import Site, VariantSpec, catalog_rows, warehouse_rows
from opsdesk.demo.fx_rates import seed_demo_rates
from opsdesk.demo.orders import OrderBuilder
from opsdesk.demo.people import CustomerPool
from opsdesk.demo.rows import COLUMNS, Ids, Rows
from opsdesk.demo.service_desk import STORE_TIMEZONE, seed_service_desk
from opsdesk.demo.sizes import StoreSize
from opsdesk.demo.state import StoreContext
from opsdesk.demo.stock import StockBook
from opsdesk.demo.supply import Supply, supplier_rows
from opsdesk.demo.writer import BulkWriter, writer_for
from opsdesk.kernel.errors import Conflict

BACKORDER_WINDOW = timedelta(days=21)
# Rough share of units each warehouse ships, by code (by the locales it serves first).
SITE_SHARE = {"LEJ": 0.72, "VLC": 0.16, "GRU": 0.12}
UNITS_PER_ORDER = 1.9
CUSTOMER_BATCH = 20_000
SEED_LOCK_KEY = 0x5EED_0D5C
ORDERS_STAGE = "orders"


@dataclass
class SeedReport:
    size: str
    seed: int
    now: datetime
    backend: str
    seconds: float = 0.0
    peak_rss_mb: float = 0.0
    rows: dict[str, int] = field(default_factory=dict)
    order_statuses: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {
            "size": self.size, "seed": self.seed, "now": self.now.isoformat(),
            "backend": self.backend, "seconds": round(self.seconds, 2),
            "peak_rss_mb": round(self.peak_rss_mb, 1), "rows": self.rows,
            "order_statuses": self.order_statuses,
        }  # fmt: skip


def existing_rows(conn: Connection) -> dict[str, int]:
    """How many rows the tables the generator fills already hold (non-zero only)."""
    counts = {}
    for table in ("warehouses", "products", "customers", "orders"):
        count = conn.execute(sa.text(f'SELECT count(*) FROM "{table}"')).scalar_one()
        if count:
            counts[table] = int(count)
    return counts


def generate_store(
    engine: Engine, size: StoreSize, seed: int, now: datetime, progress: Progress | None = None,
    *, timezone: str = STORE_TIMEZONE,
) -> SeedReport:  # fmt: skip
    """Fill an empty store, its service desk included (business hours in ``timezone``);
    raises ``Conflict`` when the database already has data."""
    started = time.perf_counter()
    report = SeedReport(size.name, seed, now, engine.dialect.name)
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            # Two seeders at once: the second waits here, then finds the first one's store.
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": SEED_LOCK_KEY})
        found = existing_rows(conn)
        if found:
            listing = ", ".join(f"{n} {t}" for t, n in found.items())
            raise Conflict(
                f"the database already holds data ({listing}); seed an empty database",
                details=found,
            )
        writer = writer_for(conn)
        write_store(writer, size, seed, now, report, progress)
        writer.finish(list(COLUMNS))
        if conn.dialect.name == "postgresql":
            # The desk's queries join the tables just loaded: without statistics the
            # planner guesses, and on a large store it guesses scans of a million rows
            # per batch. ANALYZE runs inside the transaction and sees its rows; only the
            # tables just loaded — a bare ANALYZE would also lock the system catalogs until
            # commit and stall every other database's ANALYZE on the server meanwhile.
            conn.execute(sa.text("ANALYZE " + ", ".join(COLUMNS)))
        with Session(bind=conn) as session:  # joins the transaction; the block commits
            # Waiting stock dated from the purchase orders as they stand at ``now``, and
            # the promises of backordered orders kept to it — the product's own arithmetic.
            shipping.keep_backorder_promises(session, now=now)
            first_day = (now - timedelta(days=size.days + 1)).date()
            rates = seed_demo_rates(session, since=first_day, now=now)
            desk = seed_service_desk(
                session, size=size, seed=seed, now=now, timezone=timezone, progress=progress
            )
            # The rows went in bypassing the services: the demand rollup is built from
            # them in one INSERT … SELECT … GROUP BY.
            orders.roll_up_demand(session, now)
            session.flush()
        report.rows.update(desk)
        report.rows["exchange_rates"] = rates
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").execute(sa.text("ANALYZE"))
    report.seconds = time.perf_counter() - started
    report.peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return report


def write_store(
    writer: BulkWriter,
    size: StoreSize,
    seed: int,
    now: datetime,
    report: SeedReport,
    progress: Progress | None = None,
) -> None:
    """Generate the store into ``writer`` batch by batch; fills ``report``'s counts."""
    _Run(size, seed, now, writer, progress).run(report)


class _Run:
    def __init__(
        self, size: StoreSize, seed: int, now: datetime, writer: BulkWriter,
        progress: Progress | None,
    ) -> None:  # fmt: skip
        self.size, self.now, self.writer, self.progress = size, now, writer, progress
        self.seed = seed
        self.rng = random.Random(seed)
        self.nrng = np.random.default_rng(seed)
        self.ids, self.rows = Ids(), Rows()
        self.book = StockBook(self.ids, self.rows)

    def flush(self) -> None:
        for table, batch in self.rows.take():
            self.writer.write(table, batch)

    def run(self, report: SeedReport) -> None:
        start = self.now - timedelta(days=self.size.days)
        sites = warehouse_rows(self.ids, self.rows, start - timedelta(days=400))
        supplier_rows(self.ids, self.rows, start - timedelta(days=400))
        variants = catalog_rows(
            self.rng, self.ids, self.rows, sites, self.size.products, start - timedelta(days=60)
        )
        customers = CustomerPool(self.nrng, self.size.customers)
        for first in range(1, self.size.customers + 1, CUSTOMER_BATCH):
            stop = min(first + CUSTOMER_BATCH, self.size.customers + 1)
            customers.write(self.ids, self.rows, first, stop, start)
            self.flush()
        ctx = self._context(sites)
        supply = Supply(self.rng, self.book, self.ids, self.rows, self.now, ctx.backorder_since)
        self._open_stock(supply, variants, sites, start)
        builder = OrderBuilder(self.rng, self.ids, self.rows, self.book, supply, ctx, customers)
        self._orders(builder, variants)
        self.book.advance_to(self.now)
        self.book.level_rows(self.now)
        self.flush()
        report.rows = dict(self.rows.written)
        report.order_statuses = dict(builder.statuses.most_common())

    def _context(self, sites: list[Site]) -> StoreContext:
        by_code = {s.site.code: s.id for s in sites}
        eu_central = (by_code["LEJ"], by_code["VLC"])
        candidates: dict[str, tuple[int, ...]] = {
            "eu-central": eu_central,
            "eu-west": eu_central,
            "eu-south": (by_code["VLC"], by_code["LEJ"]),
            "sa-east": (by_code["GRU"], by_code["LEJ"]),
        }
        return StoreContext(
            self.now, {s.id: s for s in sites}, candidates, self.now - BACKORDER_WINDOW,
            seed=self.seed,
        )  # fmt: skip

    def _open_stock(
        self, supply: Supply, variants: list[VariantSpec], sites: list[Site], start: datetime
    ) -> None:
        total_popularity = sum(v.popularity for v in variants)
        per_day = self.size.orders / self.size.days * UNITS_PER_ORDER / total_popularity
        share = {s.id: SITE_SHARE[s.site.code] for s in sites}
        supply.open_stock(variants, share, per_day, start - timedelta(days=1))

    def _orders(self, builder: OrderBuilder, variants: list[VariantSpec]) -> None:
        baskets = BasketMaker(self.rng, variants, self.size.customers)
        planned = drafts(self.rng, self.nrng, baskets, self.now, self.size.days, self.size.orders)
        for done, draft in enumerate(planned, start=1):
            builder.build(draft)
            if done % self.size.chunk_orders == 0:
                self.flush()
                if self.progress:
                    self.progress(ORDERS_STAGE, done, self.size.orders)
        if self.progress:
            self.progress(ORDERS_STAGE, self.size.orders, self.size.orders)
