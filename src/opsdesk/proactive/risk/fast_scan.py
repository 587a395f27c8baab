"""The scan on PostgreSQL: read, score, explain and write whole batches as arrays.

Same results as the portable path in ``scan.py`` (stored rows, crossing events,
``at_risk_since``; a test runs both on the same shipments): the batch is read with
``fast_read``, explained with ``explain_batch`` and written with ``bulk_write``. The
caller sees a :class:`ScoredBatch`, which builds a ``ShipmentRisk`` only for the rows
it is asked for (the worker's job asks for none, a crossing event for its own row).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime
from typing import overload

import numpy as np
from numpy.typing import NDArray
from sqlalchemy.orm import Session

from opsdesk.kernel import events
from opsdesk.proactive.risk import bulk_write
from opsdesk.proactive.risk.explain_batch import BatchReasons, explain_batch
from opsdesk.proactive.risk.fast_read import InFlightBatch, read_batch
from opsdesk.proactive.risk.matching import ActiveDisruption
from opsdesk.proactive.risk.model import RiskModel
from opsdesk.proactive.risk.scan import ScanScope, ShipmentRisk, crossing_event

FAST_BATCH_SIZE = 100_000
# An INSERT takes at most 65,535 parameters; an outbox row has nine.
EVENTS_PER_INSERT = 5_000


def rounded(probability: NDArray[np.float64]) -> NDArray[np.float64]:
    """``round(p, 4)`` per value, as Python rounds it: NumPy's rounding agrees except
    near a half, where Python's own (decimal, correctly rounded) decides."""
    result = np.round(probability, 4)
    scaled = probability * 10_000
    near_half = np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6
    for row in np.flatnonzero(near_half).tolist():
        result[row] = round(float(probability[row]), 4)
    return result


class ScoredBatch(Sequence[ShipmentRisk]):
    """A stored batch as a read-only sequence of risks, built row by row on demand."""

    def __init__(
        self,
        batch: InFlightBatch,
        probability: NDArray[np.float64],
        at_risk: NDArray[np.bool_],
        reasons: BatchReasons,
        now: datetime,
    ) -> None:
        self.batch, self.probability, self.at_risk = batch, probability, at_risk
        self.reasons, self.now = reasons, now
        self.crossed = at_risk & ~batch.was_at_risk

    def __len__(self) -> int:
        return len(self.batch)

    @overload
    def __getitem__(self, index: int) -> ShipmentRisk: ...
    @overload
    def __getitem__(self, index: slice) -> list[ShipmentRisk]: ...
    def __getitem__(self, index: int | slice) -> ShipmentRisk | list[ShipmentRisk]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        row = range(len(self))[index]
        return ShipmentRisk(
            shipment_id=int(self.batch.shipment_id[row]),
            order_id=int(self.batch.order_id[row]),
            probability=float(self.probability[row]),
            at_risk=bool(self.at_risk[row]),
            reasons=self.reasons.of(row),
            promised_delivery_date=date.fromisoformat(str(self.batch.promised[row])),
            scored_at=self.now,
            crossed=bool(self.crossed[row]),
        )


def score_batch(
    batch: InFlightBatch,
    model: RiskModel,
    disruptions: list[ActiveDisruption],
    now: datetime,
    threshold: float,
) -> ScoredBatch:
    breakdown = model.in_flight(batch.state, now, disruptions)
    at_risk = np.asarray(breakdown.probability >= threshold, dtype=bool)
    reasons = explain_batch(breakdown, batch.state.facts, disruptions)
    return ScoredBatch(batch, rounded(breakdown.probability), at_risk, reasons, now)


def store(session: Session, scored: ScoredBatch, model_id: int | None, threshold: float) -> None:
    """Upsert the batch, then record one ``ShipmentAtRisk`` per crossing (one INSERT)."""
    batch = scored.batch
    payload = bulk_write.binary_rows(
        batch.shipment_id, batch.order_id, scored.probability, scored.at_risk,
        scored.reasons.index,
    )  # fmt: skip
    bulk_write.upsert(session, payload, scored.reasons.lists, model_id=model_id, now=scored.now)
    crossed = np.flatnonzero(scored.crossed).tolist()
    for start in range(0, len(crossed), EVENTS_PER_INSERT):
        with events.batched(session):
            for row in crossed[start : start + EVENTS_PER_INSERT]:
                events.record(session, crossing_event(scored[row], threshold), now=scored.now)


def iter_fast_scan(
    session: Session,
    now: datetime,
    *,
    model: tuple[int | None, RiskModel],
    disruptions: list[ActiveDisruption],
    threshold: float,
    scope: ScanScope,
    batch_size: int = FAST_BATCH_SIZE,
) -> Iterator[ScoredBatch]:
    """Score in-flight shipments batch by batch, storing each batch before yielding it."""
    model_id, fitted = model
    after = 0
    while True:
        batch = read_batch(
            session, after_id=after, limit=batch_size, region=scope.region, carrier=scope.carrier
        )
        if not len(batch):
            return
        scored = score_batch(batch, fitted, disruptions, now, threshold)
        store(session, scored, model_id, threshold)
        yield scored
        after = int(batch.shipment_id[-1])
