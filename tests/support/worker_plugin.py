"""A worker plugin used by the tests: each ping leaves exactly one effect row.

Loaded by worker processes through ``OPSDESK_PLUGINS=tests.support.worker_plugin``.
"""

from __future__ import annotations

import time

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk.kernel.events import DomainEvent, OutboxEvent

effects_metadata = sa.MetaData()
effects = sa.Table(
    "test_worker_effects",
    effects_metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("event_id", sa.Integer, nullable=False),
    sa.Column("handler", sa.String(40), nullable=False),
)


class Pinged(DomainEvent):
    name = "TestPinged"
    aggregate_type = "test"
    n: int

    def aggregate_id(self) -> str:
        return str(self.n)


def record_effect(session: Session, event: OutboxEvent) -> None:
    time.sleep(0.01)  # leave a window for the crash test to land mid-batch
    session.execute(effects.insert().values(event_id=event.id, handler="record_effect"))


AFTER_COMMIT = {"TestPinged": [record_effect]}
