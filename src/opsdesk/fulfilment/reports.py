"""Fulfilment error rates per warehouse or packer and ISO week."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import inventory
from opsdesk.fulfilment import policy
from opsdesk.fulfilment.models import Fulfilment, FulfilmentError
from opsdesk.kernel.errors import InvalidInput

MAX_REPORT_DAYS = 366


class GroupBy(enum.StrEnum):
    WAREHOUSE = "warehouse"
    PACKER = "packer"


@dataclass(frozen=True)
class ErrorRateReport:
    group_by: GroupBy
    start: date
    end: date
    weeks: list[policy.ErrorRate]
    totals: list[policy.ErrorRate]


def fulfilment_error_rates(
    session: Session, *, group_by: GroupBy, start: date, end: date
) -> ErrorRateReport:
    """Errors per 100 fulfilments packed, from ``start`` to ``end`` inclusive (UTC days).

    Weeks are counted in Python after a range-limited fetch, so that an ISO week means
    the same on SQLite and PostgreSQL; the range is capped at a year to keep it bounded.
    """
    if end < start:
        raise InvalidInput("`to` must not be before `from`", details={"field": "to"})
    if (end - start).days > MAX_REPORT_DAYS:
        raise InvalidInput("report at most one year at a time", details={"field": "from"})
    low = datetime.combine(start, time.min, tzinfo=UTC)
    high = datetime.combine(end + timedelta(days=1), time.min, tzinfo=UTC)
    f_key: sa.orm.QueryableAttribute[Any] = (
        Fulfilment.warehouse_id if group_by is GroupBy.WAREHOUSE else Fulfilment.packed_by
    )
    e_key: sa.orm.QueryableAttribute[Any] = (
        FulfilmentError.warehouse_id if group_by is GroupBy.WAREHOUSE else FulfilmentError.packer
    )
    fulfilled = session.execute(
        sa.select(f_key, Fulfilment.packed_at).where(
            Fulfilment.packed_at >= low, Fulfilment.packed_at < high
        )
    ).all()
    errors = session.execute(
        sa.select(e_key, FulfilmentError.created_at).where(
            FulfilmentError.created_at >= low, FulfilmentError.created_at < high
        )
    ).all()
    label = _labeller(session, group_by)
    weeks = policy.error_rates(
        [(label(k), at) for k, at in fulfilled if at is not None],
        [(label(k), at) for k, at in errors],
    )
    return ErrorRateReport(group_by, start, end, weeks, policy.totals(weeks))


def error_rate_totals(
    session: Session, *, group_by: GroupBy, start: date, end: date
) -> list[policy.ErrorRate]:
    """The same counts as :func:`fulfilment_error_rates`' totals, summed by the database
    (two grouped index-range scans), for a screen that shows them on every view."""
    low = datetime.combine(start, time.min, tzinfo=UTC)
    high = datetime.combine(end + timedelta(days=1), time.min, tzinfo=UTC)
    by_warehouse = group_by is GroupBy.WAREHOUSE
    f_key: sa.orm.QueryableAttribute[Any] = (
        Fulfilment.warehouse_id if by_warehouse else Fulfilment.packed_by
    )
    e_key: sa.orm.QueryableAttribute[Any] = (
        FulfilmentError.warehouse_id if by_warehouse else FulfilmentError.packer
    )
    done = session.execute(
        sa.select(f_key, sa.func.count())
        .where(Fulfilment.packed_at >= low, Fulfilment.packed_at < high)
        .group_by(f_key)
    ).all()
    failed = session.execute(
        sa.select(e_key, sa.func.count())
        .where(FulfilmentError.created_at >= low, FulfilmentError.created_at < high)
        .group_by(e_key)
    ).all()
    label = _labeller(session, group_by)
    counts: dict[str, list[int]] = {}
    for key, n in done:
        counts.setdefault(label(key), [0, 0])[0] += n
    for key, n in failed:
        counts.setdefault(label(key), [0, 0])[1] += n
    return [policy.ErrorRate(g, "all", d, e) for g, (d, e) in sorted(counts.items())]


def _labeller(session: Session, group_by: GroupBy) -> Callable[[Any], str]:
    """Readable group names: packers as recorded, warehouses by their code."""
    if group_by is GroupBy.PACKER:
        return lambda key: str(key or "unknown")
    codes = {w.id: w.code for w in inventory.list_warehouses(session)}
    return lambda key: codes.get(key, str(key))
