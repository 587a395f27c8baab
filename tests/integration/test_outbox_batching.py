"""``events.batched``: several events, one INSERT at the end, nothing when the block fails."""

from __future__ import annotations

from typing import ClassVar

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk.kernel import events
from opsdesk.kernel.events import SUBSCRIPTIONS_KEY, DomainEvent, OutboxEvent


class ParcelWeighed(DomainEvent):
    name: ClassVar[str] = "ParcelWeighed"
    aggregate_type: ClassVar[str] = "parcel"

    parcel: int
    grams: int

    def aggregate_id(self) -> str:
        return str(self.parcel)


def _outbox(session: Session) -> list[tuple[str, int]]:
    rows = session.scalars(sa.select(OutboxEvent).order_by(OutboxEvent.id))
    return [(row.aggregate_id, row.payload["grams"]) for row in rows]


def test_batched_events_are_written_together_in_recording_order(session: Session) -> None:
    heard: list[int] = []
    session.info[SUBSCRIPTIONS_KEY] = {ParcelWeighed: [lambda _s, e: heard.append(e.parcel)]}
    with events.batched(session):
        events.record(session, ParcelWeighed(parcel=1, grams=500))
        with events.batched(session):  # nested: the outer block writes
            events.record(session, ParcelWeighed(parcel=2, grams=750))
        assert _outbox(session) == []  # not yet written...
        assert heard == [1, 2]  # ...but subscribers already reacted
    assert _outbox(session) == [("1", 500), ("2", 750)]


def _weigh_then_fail(session: Session) -> None:
    with events.batched(session):
        events.record(session, ParcelWeighed(parcel=1, grams=500))
        raise RuntimeError("scale broke")


def test_a_failing_batch_writes_nothing_and_leaves_recording_as_usual(session: Session) -> None:
    with pytest.raises(RuntimeError, match="scale broke"):
        _weigh_then_fail(session)
    assert _outbox(session) == []

    events.record(session, ParcelWeighed(parcel=3, grams=90))  # written at once again
    assert _outbox(session) == [("3", 90)]
