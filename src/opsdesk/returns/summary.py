"""Why products come back: returned units per SKU and reason over a recent period, with the
return rate against units sold in the same period, so a buyer sees which product has a
problem (a SKU with many "not as described" returns needs a better description, one with
many "damaged" a better box).

The rate is returned units over units ordered in the same window: returns lag their
orders by days, so over 30 days it runs a little high for a fast-growing SKU; over 90 it
settles. Rejected returns are not counted (nothing came back).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import catalog, orders
from opsdesk.returns.models import ReturnLine, ReturnReason, ReturnRequest, ReturnStatus

PERIODS_DAYS = (30, 90)
SHOWN = 50
WHOLE_STORE_FROM = 200  # SKUs returned in the period


@dataclass
class SkuReasons:
    sku: str
    title: str
    by_reason: dict[ReturnReason, int] = field(default_factory=dict)
    sold: int | None = None

    @property
    def returned(self) -> int:
        return sum(self.by_reason.values())

    @property
    def rate(self) -> float | None:
        """Returned units per unit sold, or None when nothing was sold in the period."""
        return self.returned / self.sold if self.sold else None

    @property
    def top_reason(self) -> ReturnReason | None:
        if not self.by_reason:
            return None
        return max(self.by_reason, key=lambda r: (self.by_reason[r], r.value))


def summarise(
    rows: Iterable[tuple[str, str, ReturnReason, int]], sold: Mapping[str, int]
) -> list[SkuReasons]:
    """(sku, title, reason, units) rows folded per SKU, highest return rate first; SKUs
    without sales in the period (no rate) follow, most returned first."""
    per_sku: dict[str, SkuReasons] = {}
    for sku, title, reason, units in rows:
        entry = per_sku.setdefault(sku, SkuReasons(sku=sku, title=title))
        entry.by_reason[reason] = entry.by_reason.get(reason, 0) + units
    for sku, entry in per_sku.items():
        entry.sold = sold.get(sku)
    return sorted(
        per_sku.values(),
        key=lambda e: (e.rate is None, -(e.rate or 0.0), -e.returned, e.sku),
    )


def window_start(now: datetime, days: int) -> datetime:
    """The period's first moment: midnight UTC ``days`` days before ``now``'s day, so the
    units sold come from whole days of the daily demand rollup."""
    day = now.astimezone(UTC).date() - timedelta(days=days)
    return datetime.combine(day, time(), UTC)


def reasons_by_sku(session: Session, *, since: datetime, limit: int = SHOWN) -> list[SkuReasons]:
    """The SKUs returned since ``since``, highest return rate first (at most ``limit``)."""
    ol = orders.OrderLine
    rows = session.execute(
        sa.select(
            ol.sku, sa.func.max(ol.title), ReturnRequest.reason, sa.func.sum(ReturnLine.quantity)
        )
        .join(ReturnLine, ReturnLine.return_id == ReturnRequest.id)
        .join(ol, ol.id == ReturnLine.order_line_id)
        .where(ReturnRequest.created_at >= since, ReturnRequest.status != ReturnStatus.REJECTED)
        .group_by(ol.sku, ReturnRequest.reason)
    ).all()
    folded = [
        (sku, title or "", ReturnReason(reason), int(units)) for sku, title, reason, units in rows
    ]
    return summarise(folded, _sold(session, {r[0] for r in folded}, since))[:limit]


def _sold(session: Session, skus: set[str], since: datetime) -> dict[str, int]:
    """Units ordered per SKU since ``since``, of the variants behind ``skus``: closed days
    from the daily demand rollup, the partial first day and the open days from lines."""
    if not skus:
        return {}
    if len(skus) > WHOLE_STORE_FROM:  # most of the catalogue: one pass beats a long IN list
        whole_store = orders.units_since(session, since)
        return {sku: units for sku, units in whole_store.items() if sku in skus}
    variants = sa.select(catalog.Variant.id).where(catalog.Variant.sku.in_(sorted(skus)))
    return orders.units_since(session, since, variants=variants)
