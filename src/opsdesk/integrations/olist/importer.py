"""``import_olist``: plan the folder, then write what is not there yet, in one transaction.

The caller owns the transaction (the CLI commits once at the end), so a failure
leaves nothing half-imported; a second run skips everything already present.
"""

from __future__ import annotations

import resource
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from opsdesk.integrations.olist import loader
from opsdesk.integrations.olist.orders_writer import (
    IdMaps,
    WriteCounts,
    batches,
    existing_orders,
    write_orders,
)
from opsdesk.integrations.olist.plan import Rejection, build_plan
from opsdesk.kernel.db import utcnow

# (stage, done, total): the CLI draws progress bars from these calls.
Progress = Callable[[str, int, int], None]
ORDER_BATCH = 1000


@dataclass
class ImportReport:
    orders_read: int = 0
    orders_imported: int = 0
    orders_already_present: int = 0
    customers_created: int = 0
    products_created: int = 0
    warehouses_created: int = 0
    written: WriteCounts = field(default_factory=WriteCounts)
    rejections: list[Rejection] = field(default_factory=list)
    seconds: float = 0.0
    peak_memory_mb: float = 0.0

    def rejected_by_reason(self) -> dict[str, int]:
        return dict(Counter(r.code for r in self.rejections).most_common())

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["rejected_by_reason"] = self.rejected_by_reason()
        return data


def import_olist(
    session: Session,
    directory: Path,
    *,
    limit: int | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import an Olist folder; rows that cannot be imported are reported, never fatal."""
    started = time.perf_counter()
    report_progress = progress or _silent
    report_progress("reading files", 0, 1)
    plan = build_plan(directory, limit=limit)
    report_progress("reading files", 1, 1)
    report = ImportReport(orders_read=plan.orders_read, rejections=plan.rejections)
    now = utcnow()
    present = existing_orders(session)
    todo = [o for oid, o in plan.orders.items() if oid not in present]
    report.orders_already_present = len(plan.orders) - len(todo)
    ids = _reference_data(session, plan, report, now, report_progress)
    for batch in batches(todo, ORDER_BATCH):
        write_orders(session, batch, ids, now=now, counts=report.written)
        report_progress("orders", report.written.orders, len(todo))
    report_progress("orders", report.written.orders, len(todo))
    report.orders_imported = report.written.orders
    report.seconds = round(time.perf_counter() - started, 2)
    report.peak_memory_mb = peak_memory_mb()
    return report


def _reference_data(
    session: Session, plan: Any, report: ImportReport, now: Any, progress: Progress
) -> IdMaps:
    progress("sellers, products, customers", 0, 3)
    warehouses, report.warehouses_created = loader.load_warehouses(session, plan, now)
    progress("sellers, products, customers", 1, 3)
    variants, report.products_created = loader.load_products(session, plan, now)
    progress("sellers, products, customers", 2, 3)
    customers, report.customers_created = loader.load_customers(session, plan)
    progress("sellers, products, customers", 3, 3)
    states = {sid: place.state for sid, place in plan.sellers.items()}
    return IdMaps(customers, variants, warehouses, states)


def peak_memory_mb() -> float:
    """Peak resident memory of this process (ru_maxrss is KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    divisor = 1024 * 1024 if sys.platform == "darwin" else 1024
    return round(peak / divisor, 1)


def _silent(_stage: str, _done: int, _total: int) -> None:
    return None
