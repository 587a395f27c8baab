"""Delay-risk scan throughput: 1M in-flight shipments through the vectorised core,
a per-row loop as the baseline, and the end-to-end database scan on a smaller store.

    .venv/bin/python bench/delay_risk_scan.py [--rows 1000000] [--db-rows 20000]

With ``--postgres 1000000`` it fills a scratch PostgreSQL database with that many
parcels in flight (COPY, ~1–13 min depending on load; ``--pg-database NAME --keep``
keeps it for the next run, ``--pg-database NAME --reuse`` scans it without refilling)
and times the whole scan — read, score, explain, write, crossings — against the
reference scan on the same first ``--sample`` shipments, ``--rounds`` times: a first
scan (no stored score) and a rescan 15 minutes later with ``--changed`` (2 %) of the
parcels scanned by their carrier in between.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import sqlalchemy as sa

import _delay_risk_store as store
from _common import database_url, scratch_database
from opsdesk import orders, proactive, shipping
from opsdesk.kernel import migrate
from opsdesk.kernel.db import make_engine, table_of, transaction
from opsdesk.proactive.risk.facts import ShipmentRiskFacts
from opsdesk.proactive.risk.features import DAY, InFlightState, ShipmentFacts, lane_classes
from opsdesk.proactive.risk.store import save_model
from opsdesk.registry import session_factory

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)
REGIONS = np.array(["SP", "RJ", "MG", "RS", "PR", "SC", "BA", "PE", "CE", "AM", "PA", "GO", "DF"])
REGION_WEIGHTS = np.array([40, 13, 12, 6, 5, 4, 4, 3, 3, 2, 2, 3, 3], dtype=float)
CARRIERS = np.array(["correios", "jadlog", "loggi"])
SERVICES = np.array(["economy", "standard", "express"])


def synthetic_facts(rng: np.random.Generator, n: int, *, now: float) -> ShipmentFacts:
    """Parcels handed over in the last 8 days, promised 3–15 days after hand-over."""
    p = REGION_WEIGHTS / REGION_WEIGHTS.sum()
    origin = rng.choice(REGIONS, size=n, p=p).astype(object)
    destination = rng.choice(REGIONS, size=n, p=p).astype(object)
    country = np.full(n, "BR", dtype=object)
    handed = now - rng.uniform(0, 8, size=n) * DAY
    placed = handed - rng.gamma(2.0, 1.2, size=n) * DAY
    promise = np.ceil((handed + rng.uniform(3, 15, size=n) * DAY) / DAY) * DAY
    value = rng.lognormal(4.5, 0.9, size=n)
    return ShipmentFacts(
        carrier=rng.choice(CARRIERS, size=n, p=[0.6, 0.25, 0.15]).astype(object),
        service_level=rng.choice(SERVICES, size=n, p=[0.3, 0.6, 0.1]).astype(object),
        origin_region=origin,
        destination_region=destination,
        lane_class=lane_classes(country, origin, country, destination),
        placed_at=placed,
        handed_over_at=handed,
        promise_end=promise,
        order_value=value,
        freight_value=value * rng.uniform(0.05, 0.4, size=n),
        weight_g=rng.lognormal(6.5, 1.0, size=n),
        item_count=rng.integers(1, 4, size=n).astype(np.float64),
        # Eight warehouses and 300 postal districts, so that the per-place transit shifts
        # are looked up as in a real store.
        origin_point=np.asarray([f"warehouse:{i}" for i in rng.integers(1, 9, size=n)], object),
        destination_district=np.asarray([f"{i:03d}" for i in rng.integers(0, 300, size=n)], object),
    )


def trained_model(rng: np.random.Generator) -> proactive.RiskModel:
    """A model fitted on 50k synthetic deliveries (transit grows with the lane's class)."""
    facts = synthetic_facts(rng, 50_000, now=NOW.timestamp() - 30 * DAY)
    base = np.where(facts.lane_class == "same_region", 2.0, 6.0)
    transit = rng.gamma(4.0, base / 4.0) * DAY
    return proactive.RiskModel.fit(proactive.History(facts, facts.handed_over_at + transit))


def in_flight(rng: np.random.Generator, n: int) -> InFlightState:
    facts = synthetic_facts(rng, n, now=NOW.timestamp())
    # Carriers scan about daily: the last scan is usually less than a day old.
    last_scan = np.maximum(
        facts.handed_over_at, NOW.timestamp() - rng.exponential(0.6, size=n) * DAY
    )
    status = rng.choice(
        ["in_transit", "out_for_delivery", "exception"], size=n, p=[0.9, 0.08, 0.02]
    )
    return InFlightState(facts, last_scan, status.astype(object))


def disruptions() -> list[proactive.ActiveDisruption]:
    return [
        proactive.ActiveDisruption(
            1, "hub_closure", "high", "SP", "", NOW - timedelta(days=1), NOW + timedelta(days=3)
        ),
        proactive.ActiveDisruption(2, "weather", "medium", "RS", "", NOW, NOW + timedelta(days=2)),
    ]


def bench_core(model: proactive.RiskModel, state: InFlightState, chunk: int) -> tuple[float, float]:
    active = disruptions()
    start = time.perf_counter()
    risky = 0
    for lo in range(0, len(state.facts), chunk):
        index = np.arange(lo, min(lo + chunk, len(state.facts)))
        part = InFlightState(
            state.facts.take(index), state.last_scan_at[index], state.last_status[index]
        )
        risky += int((model.in_flight(part, NOW, active).probability >= 0.3).sum())
    return time.perf_counter() - start, risky / len(state.facts)


def bench_row_loop(model: proactive.RiskModel, state: InFlightState, sample: int) -> float:
    """Baseline: the same model called once per shipment, as a naive scan would."""
    active = disruptions()
    start = time.perf_counter()
    for i in range(sample):
        index = np.array([i])
        part = InFlightState(
            state.facts.take(index), state.last_scan_at[index], state.last_status[index]
        )
        model.in_flight(part, NOW, active)
    return (time.perf_counter() - start) / sample


def seed_store(url: str, rows: int, rng: np.random.Generator) -> None:
    engine = make_engine(url)
    migrate.upgrade(engine)
    facts = synthetic_facts(rng, rows, now=NOW.timestamp())
    to_dt = lambda t: datetime.fromtimestamp(float(t), tz=UTC)  # noqa: E731
    order_rows = [
        {
            "number": f"BENCH-{i}",
            "currency": "BRL",
            "subtotal_minor": int(facts.order_value[i] * 100),
            "shipping_minor": int(facts.freight_value[i] * 100),
            "ship_country": "BR",
            "ship_region": facts.destination_region[i],
            "placed_at": to_dt(facts.placed_at[i]),
            "updated_at": to_dt(facts.placed_at[i]),
            "status": orders.OrderStatus.SHIPPED,
        }
        for i in range(rows)
    ]
    with engine.begin() as conn:
        ids = [
            r[0]
            for r in conn.execute(
                sa.insert(orders.Order).returning(orders.Order.id, sort_by_parameter_order=True),
                order_rows,
            )
        ]
        conn.execute(
            sa.insert(shipping.Shipment),
            [
                {
                    "order_id": oid,
                    "carrier": facts.carrier[i],
                    "service_level": facts.service_level[i],
                    "status": shipping.ShipmentStatus.IN_TRANSIT,
                    "origin_region": facts.origin_region[i],
                    "destination_region": facts.destination_region[i],
                    "packages": [{"weight_g": int(facts.weight_g[i])}],
                    "promised_delivery_date": to_dt(facts.promise_end[i] - DAY).date(),
                    "shipped_at": to_dt(facts.handed_over_at[i]),
                    "last_event_at": to_dt(facts.handed_over_at[i]),
                    "created_at": to_dt(facts.handed_over_at[i]),
                }
                for i, oid in enumerate(ids)
            ],
        )
    engine.dispose()


def bench_db_scan(rows: int, rng: np.random.Generator) -> tuple[float, float, int]:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        seed_store(url, rows, rng)
        engine = make_engine(url)
        factory = session_factory(engine)
        timings = []
        for _ in range(2):  # first scan inserts every row, the second updates them
            start = time.perf_counter()
            with transaction(factory) as session:
                risks = proactive.scan_in_flight(session, NOW)
            timings.append(time.perf_counter() - start)
        engine.dispose()
    return timings[0], timings[1], sum(r.at_risk for r in risks)


STAGES: dict[str, list[float]] = {}


def time_stages() -> None:
    """Time the fast scan's stages (facts backfill, read, score, write) as it runs."""
    from opsdesk.proactive.risk import fast_scan

    def timed(name: str, inner: Any) -> Any:
        def run(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return inner(*args, **kwargs)
            finally:
                STAGES.setdefault(name, []).append(time.perf_counter() - start)

        return run

    for name in ("prepare", "read_batch", "score_batch", "store"):
        setattr(fast_scan, name, timed(name, getattr(fast_scan, name)))


def bench_postgres(args: argparse.Namespace, model: proactive.RiskModel) -> None:
    rng = np.random.default_rng(7)
    existing = contextlib.nullcontext(make_engine(database_url(args.pg_database or "")))
    with (
        existing
        if args.reuse
        else scratch_database("postgresql", args.pg_database, keep=args.keep) as engine
    ):
        if not args.reuse:
            start = time.perf_counter()
            facts = synthetic_facts(rng, args.postgres + args.postgres // 10, now=NOW.timestamp())
            store.fill(engine, facts, rng, NOW, delivered=args.postgres // 10)
            print(f"filled {args.postgres:,} in flight in {time.perf_counter() - start:.0f} s")
        # A store kept from before the facts table: add it (the first scan backfills it).
        ShipmentRiskFacts.metadata.create_all(engine, tables=[table_of(ShipmentRiskFacts)])
        with transaction(session_factory(engine)) as session:
            if args.drop_facts:
                session.execute(sa.delete(ShipmentRiskFacts))
            session.execute(sa.delete(proactive.ShipmentRiskRecord))
            session.execute(sa.text("DELETE FROM outbox_events"))
            save_model(session, model, now=NOW)
        time_stages()
        results = store.scan_rounds(
            engine, NOW, rounds=args.rounds, sample=args.sample, changed=args.changed
        )
    for stage, seconds in STAGES.items():
        calls = " ".join(f"{s:.2f}" for s in seconds)
        print(f"stage {stage:<12} calls {len(seconds):>4}  total {sum(seconds):7.2f} s: {calls}")
    for name, rounds in results.items():
        seconds = sorted(r.seconds for r in rounds)
        loads = [round(r.load, 1) for r in rounds]
        print(
            f"{name:<17} {rounds[0].rows:>9,} rows  min {seconds[0]:6.2f} s  median "
            f"{statistics.median(seconds):6.2f} s  max {seconds[-1]:6.2f} s  "
            f"({rounds[0].rows / statistics.median(seconds):,.0f} rows/s)  load {loads}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--db-rows", type=int, default=20_000)
    parser.add_argument("--chunk", type=int, default=250_000)
    parser.add_argument("--postgres", type=int, default=0, help="parcels in flight on PostgreSQL")
    parser.add_argument("--pg-database", default=None)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument(
        "--drop-facts", action="store_true", help="empty the facts table: the first scan refills it"
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sample", type=int, default=20_000)
    parser.add_argument(
        "--changed", type=float, default=0.02, help="share of parcels with a new carrier scan"
    )
    args = parser.parse_args()
    rng = np.random.default_rng(2026)
    model = trained_model(rng)
    if args.postgres or args.reuse:
        bench_postgres(args, model)
        return
    state = in_flight(rng, args.rows)
    seconds, risky = bench_core(model, state, args.chunk)
    per_row = bench_row_loop(model, state, 2_000)
    print(
        f"vectorised core: {args.rows:,} in-flight shipments in {seconds:.2f} s "
        f"({args.rows / seconds:,.0f} rows/s), {risky:.1%} at risk ≥ 0.30"
    )
    print(
        f"baseline, per-row loop: {per_row * 1e3:.2f} ms/row → {per_row * args.rows:,.0f} s "
        f"extrapolated for {args.rows:,} ({per_row * args.rows / seconds:,.0f}× slower)"
    )
    first, second, at_risk = bench_db_scan(args.db_rows, rng)
    print(
        f"end-to-end DB scan (SQLite, {args.db_rows:,} in flight): first {first:.2f} s "
        f"({args.db_rows / first:,.0f} rows/s), rescan {second:.2f} s "
        f"({args.db_rows / second:,.0f} rows/s), {at_risk:,} at risk"
    )


if __name__ == "__main__":
    main()
