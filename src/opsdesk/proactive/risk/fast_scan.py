"""The scan on PostgreSQL: read, score, explain and write whole batches as arrays.

Same results as the portable path in ``scan.py`` (stored rows, crossing events,
``at_risk_since``; a test runs both on the same shipments): the batch is read with
``fast_read``, explained with ``explain_batch`` and written with ``bulk_write``. The
caller sees a :class:`ScoredBatch`, which builds a ``ShipmentRisk`` only for the rows
it is asked for (the worker's job asks for none, a crossing event for its own row).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from typing import overload

import numpy as np
from numpy.typing import NDArray
from sqlalchemy.orm import Session

from opsdesk.kernel import events
from opsdesk.proactive.events import ShipmentAtRisk
from opsdesk.proactive.risk import bulk_write, crossings, facts
from opsdesk.proactive.risk.explain_batch import BatchReasons, explain_batch
from opsdesk.proactive.risk.fast_read import InFlightBatch, in_flight, read_batch
from opsdesk.proactive.risk.matching import ActiveDisruption
from opsdesk.proactive.risk.model import RiskModel
from opsdesk.proactive.risk.scan import ScanScope, ShipmentRisk, crossing_event

FAST_BATCH_SIZE = 100_000


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


@functools.lru_cache(maxsize=1 << 16)
def reasons_json(reasons: tuple[str, ...]) -> str:
    """A reason list's JSON text, as ``shipment_risks.reasons`` is written: a million
    rows share a few ten thousand lists, the same from one batch to the next."""
    return json.dumps(list(reasons), ensure_ascii=False)


_HASHES_KEY = "risk_scan_reason_hashes"
_HASH = (
    "SELECT jsonb_hash_extended(CAST(t AS jsonb), 0) FROM unnest(CAST(%s AS text[]))"
    " WITH ORDINALITY AS u(t, n) ORDER BY n"
)


def reason_hashes(session: Session, lists: list[list[str]]) -> NDArray[np.int64]:
    """PostgreSQL's hash of each reason list as it would be stored (what ``fast_read``
    reads of the stored ones); asked once per distinct list in the session."""
    known: dict[str, int] = session.info.setdefault(_HASHES_KEY, {})
    texts = [reasons_json(tuple(r)) for r in lists]
    missing = list(dict.fromkeys(t for t in texts if t not in known))
    if missing:
        connection = session.connection().connection.driver_connection
        with connection.cursor() as cursor:  # type: ignore[union-attr]
            cursor.execute(_HASH, [missing])
            known.update(zip(missing, (int(h) for (h,) in cursor.fetchall()), strict=True))
    return np.asarray([known[t] for t in texts], dtype=np.int64)


def unchanged(session: Session, scored: ScoredBatch, model_id: int | None) -> NDArray[np.bool_]:
    """Rows whose stored score an agent would see the same (``scan.changed`` is False).

    Only a shortcut: the upsert checks the same in SQL, so a row wrongly kept here is
    merely compared there.
    """
    stored = scored.batch.stored
    hashes = reason_hashes(session, scored.reasons.lists)
    same_model = np.isnan(stored.model_id) if model_id is None else stored.model_id == model_id
    return np.asarray(
        ~np.isnan(stored.probability)
        & (np.rint(stored.probability * 100) == np.rint(scored.probability * 100))
        & (scored.batch.was_at_risk == scored.at_risk)
        & same_model
        & (hashes[scored.reasons.index] == stored.reasons_hash),
        dtype=bool,
    )


def store(session: Session, scored: ScoredBatch, model_id: int | None, threshold: float) -> None:
    """Upsert the rows whose score changed, then record one ``ShipmentAtRisk`` per crossing."""
    batch = scored.batch
    rows = np.flatnonzero(~unchanged(session, scored, model_id))
    if len(rows):
        payload = bulk_write.binary_rows(
            batch.shipment_id[rows], batch.order_id[rows], scored.probability[rows],
            scored.at_risk[rows], scored.reasons.index[rows],
        )  # fmt: skip
        lists = scored.reasons.lists
        used = np.unique(scored.reasons.index[rows]).tolist()
        texts = [(i, reasons_json(tuple(lists[i]))) for i in used]
        bulk_write.upsert(session, payload, texts, model_id=model_id, now=scored.now)
    crossed = np.flatnonzero(scored.crossed).tolist()
    subscribed = session.info.get(events.SUBSCRIPTIONS_KEY, {}).get(ShipmentAtRisk)
    if subscribed:  # reactions in the transaction need the events themselves
        for row in crossed:
            events.record(session, crossing_event(scored[row], threshold), now=scored.now)
    elif crossed:
        crossings.write(session, crossings.outbox_rows(scored, crossed, threshold))


def prepare(session: Session, scope: ScanScope) -> None:
    """Facts for shipments in scope that have none yet; the scan's commit need not wait
    for its WAL to reach the disk (a crash loses a scan that the next one redoes)."""
    condition, values = in_flight(scope.region, scope.carrier)
    facts.backfill(session, condition, values)
    session.connection().exec_driver_sql("SET LOCAL synchronous_commit = off")


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
    """Score in-flight shipments batch by batch, storing each batch before yielding it.

    The next batch is read on a helper thread while this one is scored (PostgreSQL and
    the parsing work while NumPy does); the connection is only ever used by one thread
    at a time, and never by the helper while the caller holds a yielded batch.
    """
    model_id, fitted = model
    prepare(session, scope)

    def read(after: int) -> InFlightBatch:
        return read_batch(
            session, after_id=after, limit=batch_size, region=scope.region, carrier=scope.carrier
        )

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="risk-scan-read") as reader:
        batch = read(0)
        while len(batch):
            following = reader.submit(read, int(batch.shipment_id[-1]))
            scored = score_batch(batch, fitted, disruptions, now, threshold)
            batch = following.result()
            store(session, scored, model_id, threshold)
            yield scored
