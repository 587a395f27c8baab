"""A PostgreSQL store of a million parcels in flight for the delay-risk scan bench,
filled with COPY (orders, their lines, warehouses, shipments) in about a minute.

`opsdesk seed --size large` builds a whole store through the services (10–30 min); the
scan reads only these four tables, so the bench fills them directly from the same
synthetic facts the vectorised-core bench scores.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from opsdesk.proactive.risk.features import DAY, ShipmentFacts
from opsdesk.proactive.risk.scan import iter_scan, iter_scan_reference
from opsdesk.registry import session_factory

IN_FLIGHT_STATUSES = ("in_transit", "out_for_delivery", "exception", "label_created")
WAREHOUSES = 8


def _copy(engine: Engine, table: str, frame: pd.DataFrame) -> None:
    text = frame.to_csv(index=False, header=False, na_rep="\\N")
    columns = ", ".join(frame.columns)
    raw = engine.raw_connection()
    try:
        sql = f"COPY {table} ({columns}) FROM STDIN (FORMAT csv, NULL '\\N')"
        with raw.cursor() as cursor, cursor.copy(sql) as copy:  # type: ignore[attr-defined]
            copy.write(text)
        raw.commit()
    finally:
        raw.close()


def _stamps(moments: np.ndarray) -> np.ndarray:
    return np.datetime_as_string(moments.astype("datetime64[s]"), unit="s", timezone="UTC")


def _warehouses(engine: Engine, now: datetime) -> None:
    ids = np.arange(1, WAREHOUSES + 1)
    frame = pd.DataFrame(
        {
            "id": ids,
            "code": [f"WH{i}" for i in ids],
            "name": [f"Warehouse {i}" for i in ids],
            "address_line": "",
            "city": "",
            "region": "SP",
            "postal_code": "",
            "country": "BR",
            "timezone": "UTC",
            "priority": 100,
            "active": True,
            "created_at": now.isoformat(),
        }
    )
    _copy(engine, "warehouses", frame)


def _orders(engine: Engine, facts: ShipmentFacts, postal: np.ndarray, now: datetime) -> None:
    n = len(facts)
    ids = np.arange(1, n + 1)
    frame = pd.DataFrame(
        {
            "id": ids,
            "number": np.char.add("BENCH-", ids.astype(str)),
            "channel": "api",
            "status": "shipped",
            "currency": "BRL",
            "locale": "pt",
            "subtotal_minor": (facts.order_value * 100).astype(np.int64),
            "shipping_minor": (facts.freight_value * 100).astype(np.int64),
            "tax_minor": 0,
            "discount_minor": 0,
            "total_minor": ((facts.order_value + facts.freight_value) * 100).astype(np.int64),
            "email": "",
            "ship_name": "",
            "ship_line1": "",
            "ship_line2": "",
            "ship_city": "",
            "ship_region": facts.destination_region,
            "ship_postal_code": postal,
            "ship_country": "BR",
            "service_level": facts.service_level,
            "placed_at": _stamps(facts.placed_at),
            "updated_at": now.isoformat(),
        }
    )
    _copy(engine, "orders", frame)


def _lines(engine: Engine, facts: ShipmentFacts, rng: np.random.Generator) -> None:
    """One to three lines per order: about two million rows for the item counts to sum."""
    per_order = rng.integers(1, 4, size=len(facts))
    order_id = np.repeat(np.arange(1, len(facts) + 1), per_order)
    starts = np.repeat(np.cumsum(per_order) - per_order, per_order)
    line_no = np.arange(len(order_id)) - starts + 1
    frame = pd.DataFrame(
        {
            "order_id": order_id,
            "line_no": line_no,
            "sku": "SKU-1",
            "title": "",
            "quantity": rng.integers(1, 3, size=len(order_id)),
            "unit_price_minor": 1000,
            "quantity_cancelled": 0,
            "quantity_shipped": 0,
            "quantity_returned": 0,
        }
    )
    _copy(engine, "order_lines", frame)


def _shipments(
    engine: Engine, facts: ShipmentFacts, rng: np.random.Generator, now: datetime, delivered: int
) -> None:
    n = len(facts)
    status = rng.choice(IN_FLIGHT_STATUSES, size=n, p=[0.85, 0.08, 0.02, 0.05]).astype(object)
    status[n - delivered :] = "delivered"
    last = np.maximum(facts.handed_over_at, now.timestamp() - rng.exponential(0.6, size=n) * DAY)
    quiet = rng.random(n) < 0.1  # no scan yet
    grams = facts.weight_g.astype(np.int64)
    split = rng.random(n) < 0.2  # two packages
    packages = np.where(
        split,
        np.char.add(
            np.char.add('[{"weight_g": ', (grams // 2).astype(str)),
            np.char.add('}, {"weight_g": ', np.char.add((grams - grams // 2).astype(str), "}]")),
        ),
        np.char.add(np.char.add('[{"weight_g": ', grams.astype(str)), "}]"),
    )
    points = facts.origin_point if facts.origin_point is not None else np.full(n, "", object)
    warehouse = pd.Series([str(w).removeprefix("warehouse:") for w in points])
    warehouse = warehouse.where(rng.random(n) >= 0.05, None)  # 5 % without a warehouse
    stamps = pd.Series(_stamps(last))
    promised = (facts.promise_end - DAY).astype("datetime64[s]").astype("datetime64[D]")
    frame = pd.DataFrame(
        {
            "id": np.arange(1, n + 1),
            "order_id": np.arange(1, n + 1),
            "warehouse_id": warehouse,
            "carrier": facts.carrier,
            "service_level": facts.service_level,
            "tracking_url": "",
            "status": status,
            "origin_region": facts.origin_region,
            "destination_region": facts.destination_region,
            "packages": packages,
            "promised_delivery_date": np.datetime_as_string(promised),
            "shipped_at": _stamps(facts.handed_over_at),
            "delivered_at": stamps.where(status == "delivered", None),
            "last_event_at": stamps.where(~quiet, None),
            "created_at": _stamps(facts.handed_over_at),
        }
    )
    _copy(engine, "shipments", frame)


def fill(
    engine: Engine,
    facts: ShipmentFacts,
    rng: np.random.Generator,
    now: datetime,
    *,
    delivered: int = 0,
) -> None:
    """One order and one shipment per row of ``facts``; the last ``delivered`` are done."""
    postal = np.asarray(
        [f"{a:05d}-{b:03d}" for a, b in zip(rng.integers(0, 99_999, len(facts)),
                                             rng.integers(0, 999, len(facts)), strict=True)],
        dtype=object,
    )  # fmt: skip
    postal[rng.random(len(facts)) < 0.03] = ""
    _warehouses(engine, now)
    _orders(engine, facts, postal, now)
    _lines(engine, facts, rng)
    _shipments(engine, facts, rng, now, delivered)
    raw = engine.raw_connection()
    try:
        with raw.cursor() as cursor:  # type: ignore[attr-defined]
            for table in ("warehouses", "orders", "order_lines", "shipments"):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"
                )
                cursor.execute(f"ANALYZE {table}")
        raw.commit()
    finally:
        raw.close()


def _timed(
    factory: sessionmaker[Session],
    run: Callable[[Session], int],
    keep: bool,
    before: Callable[[Session], None] | None = None,
) -> Round:
    """One scan in its own transaction; rolled back unless ``keep`` (rounds repeat work).
    ``before`` runs first in the same transaction, untimed (the store as the scan finds it)."""
    with factory() as session:
        if before is not None:
            before(session)
        start = time.perf_counter()
        rows = run(session)
        seconds = time.perf_counter() - start
        if keep:
            session.commit()
        else:
            session.rollback()
    return Round(rows, seconds, os.getloadavg()[0])


def _forget_scores(session: Session) -> None:
    """A first scan again: no stored score (TRUNCATE is undone by the round's rollback)."""
    session.execute(sa.text("TRUNCATE shipment_risks"))


def _carrier_scans(share: float, now: datetime, seed: int) -> Callable[[Session], None]:
    """``share`` of the parcels in flight got a carrier scan since the last scan (some
    of them out for delivery, a few with a problem): what an hour brings to a store."""

    def change(session: Session) -> None:
        ids = [int(i) for (i,) in session.execute(sa.text(
            "SELECT id FROM shipments WHERE status IN ('in_transit', 'out_for_delivery',"
            " 'exception', 'label_created')"))]  # fmt: skip
        rng = np.random.default_rng(seed)
        picked = rng.choice(np.asarray(ids), size=int(len(ids) * share), replace=False)
        status = rng.choice(["in_transit", "out_for_delivery", "exception"], size=len(picked),
                            p=[0.6, 0.35, 0.05])  # fmt: skip
        session.execute(
            sa.text("UPDATE shipments AS s SET last_event_at = :at, status = c.status "
                    "FROM unnest(CAST(:ids AS int8[]), CAST(:statuses AS text[])) AS c(id, status) "
                    "WHERE s.id = c.id"),
            {"at": now - timedelta(minutes=5), "ids": picked.tolist(), "statuses": status.tolist()},
        )  # fmt: skip

    return change


@dataclass(frozen=True)
class Round:
    rows: int
    seconds: float
    load: float


def _scan(
    scan: Callable[..., Any], now: datetime, limit: int | None, batch: int | None = None
) -> Callable[[Session], int]:
    def run(session: Session) -> int:
        done = 0
        for batch_done in scan(session, now, **({"batch_size": batch} if batch else {})):
            done += len(batch_done)
            if limit is not None and done >= limit:
                break
        return done

    return run


def scan_rounds(
    engine: Engine, now: datetime, *, rounds: int, sample: int, changed: float = 0.02
) -> dict[str, list[Round]]:
    """First scan (kept; it backfills missing facts), a vacuum, then per round: a first
    scan again (no stored score), the reference and the fast scan on the first ``sample``
    shipments, and a rescan of every shipment 15 minutes later with ``changed`` of them
    scanned by their carrier since — each rolled back."""
    factory = session_factory(engine)
    later = now + timedelta(minutes=15)
    results: dict[str, list[Round]] = {
        "first (kept)": [_timed(factory, _scan(iter_scan, now, None), keep=True)]
    }
    # What autovacuum does after a million inserts: rescans read the scores by index.
    with engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
            "VACUUM ANALYZE shipment_risks, risk_shipment_facts, outbox_events"
        )
    for number in range(rounds):
        for name, run, before in (
            ("first", _scan(iter_scan, now, None), _forget_scores),
            ("reference sample", _scan(iter_scan_reference, later, sample), None),
            ("fast sample", _scan(iter_scan, later, sample, batch=sample), None),
            (f"rescan {changed:.0%} new", _scan(iter_scan, later, None),
             _carrier_scans(changed, later, number)),
        ):  # fmt: skip
            results.setdefault(name, []).append(_timed(factory, run, keep=False, before=before))
    return results
