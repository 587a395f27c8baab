"""``opsdesk import olist`` on damaged exports: bad cells are reported rows, never a crash.

Each round takes the small real sample (``olist_sample``), gives its orders fresh ids,
damages a few cells anywhere in the five files (empty, text where numbers go, huge or
negative numbers, impossible dates, NUL, very long or non-Latin text, stray quotes and
line breaks) and imports it. The import must finish with a report whose counts add up,
and every row it wrote must be readable as an order. Seeded, so every run is the same;
``OPSDESK_FUZZ_EXAMPLES`` sets the number of rounds for a deeper local run.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import orders
from opsdesk.integrations.olist import import_olist
from tests.unit.test_olist_plan import olist_sample, read_csv, write_csv

ROUNDS = int(os.environ.get("OPSDESK_FUZZ_EXAMPLES", "12"))
FILES = (
    "orders.csv", "order_items.csv", "customers.csv", "olist_products_dataset.csv",
    "olist_sellers_dataset.csv",
)  # fmt: skip
DAMAGE = [
    "", " ", "abc", "-1", "0", "-0.01", "1e309", "NaN", "inf", "99999999999999999999",
    "1,5", "2017-02-30 10:00:00", "0000-00-00 00:00:00", "9999-12-31 23:59:59",
    "2017-10-02T10:56:33+99:00", "\x00", "x" * 600, "😀", "São Paulo \u202e", '"', "a\nb",
]  # fmt: skip


def _damaged_copy(sample: Path, target: Path, rng: random.Random, round_no: int) -> None:
    """The sample with its order ids made unique to the round, then a few cells damaged."""
    target.mkdir()
    tables = {}
    for path in sample.iterdir():
        fields, rows = read_csv(path)
        for row in rows:
            if "order_id" in row:
                row["order_id"] = f"r{round_no:03d}{row['order_id'][4:]}"
        tables[path.name] = (fields, rows)
    for _ in range(rng.randint(1, 6)):
        fields, rows = tables[rng.choice(FILES)]
        if rows:
            row = rng.choice(rows)
            row[rng.choice(fields)] = rng.choice(DAMAGE)
    for name, (fields, rows) in tables.items():
        write_csv(target / name, fields, rows)


def test_damaged_exports_import_with_a_report_and_readable_orders(
    session_factory: sessionmaker[Session], shared_data: Path, tmp_path: Path
) -> None:
    sample = tmp_path / "sample"
    sample.mkdir()
    olist_sample(shared_data, sample, orders=12)
    rng = random.Random(20261126)

    for round_no in range(ROUNDS):
        folder = tmp_path / f"round{round_no}"
        _damaged_copy(sample, folder, rng, round_no)
        with session_factory() as session, session.begin():
            report = import_olist(session, folder)

        assert report.orders_imported + len(report.rejections) >= report.orders_read - 1
        with session_factory() as session:
            imported = session.scalars(
                sa.select(orders.Order.id).where(
                    orders.Order.external_id.startswith(f"r{round_no:03d}")
                )
            ).all()
            assert len(imported) == report.orders_imported
            for order_id in imported:
                orders.read_order(session, order_id)  # every written order reads back whole
