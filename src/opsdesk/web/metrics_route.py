"""``GET /metrics`` for Prometheus, behind a bearer token (``OPSDESK_METRICS_TOKEN``).

Off (404) until a token is set: there is no default secret, and the endpoint is on the
public listener, so it must not answer strangers. What it shows is counts and timings
by route template and event name: no customer, order number or token.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from datetime import datetime

import sqlalchemy as sa
from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy.engine import Engine

from opsdesk.kernel.db import utcnow
from opsdesk.kernel.errors import NotFound, Unauthenticated
from opsdesk.kernel.events import OutboxEvent
from opsdesk.kernel.metrics import scrape_registry

router = APIRouter(include_in_schema=False)


def _backlog(engine: Engine, now: datetime) -> tuple[int, int, float]:
    """(pending, parked, age of the oldest due event in seconds), all through the index on
    (processed_at, available_at): processed events, however many, are never read."""
    unprocessed = OutboxEvent.processed_at.is_(None)
    with engine.connect() as conn:
        pending = conn.scalar(
            sa.select(sa.func.count())
            .select_from(OutboxEvent)
            .where(unprocessed, OutboxEvent.parked_at.is_(None))
        )
        parked = conn.scalar(
            sa.select(sa.func.count())
            .select_from(OutboxEvent)
            .where(unprocessed, OutboxEvent.parked_at.is_not(None))
        )
        oldest = conn.scalar(
            sa.select(sa.func.min(OutboxEvent.available_at)).where(
                unprocessed, OutboxEvent.parked_at.is_(None), OutboxEvent.available_at <= now
            )
        )
    if oldest is not None and oldest.tzinfo is None:
        oldest = oldest.replace(tzinfo=now.tzinfo)
    age = max(0.0, (now - oldest).total_seconds()) if oldest is not None else 0.0
    return int(pending or 0), int(parked or 0), age


class OutboxCollector(Collector):
    """Read at scrape time, so the numbers are right whichever process relays."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def collect(self) -> Iterator[Metric]:
        pending, parked, age = _backlog(self.engine, utcnow())
        yield GaugeMetricFamily(
            "opsdesk_outbox_backlog", "Outbox events not yet relayed (parked excluded).", pending
        )
        yield GaugeMetricFamily(
            "opsdesk_outbox_oldest_age_seconds", "Age of the oldest due, unrelayed event.", age
        )
        yield GaugeMetricFamily(
            "opsdesk_outbox_parked", "Events parked after their last retry (need a look).", parked
        )


def _authorised(request: Request) -> None:
    token: str = request.app.state.settings.metrics_token
    if not token:
        raise NotFound("page", request.url.path)
    scheme, _, offered = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(offered.encode(), token.encode()):
        raise Unauthenticated("GET /metrics needs the metrics bearer token")


class _Scrape(Collector):
    """The processes' metrics and the database's, for one scrape (nothing registered
    globally, so concurrent scrapes cannot trip over each other)."""

    def __init__(self, *parts: Collector) -> None:
        self.parts = parts

    def collect(self) -> Iterator[Metric]:
        for part in self.parts:
            yield from part.collect()


def _exposition(engine: Engine) -> bytes:
    return generate_latest(_Scrape(scrape_registry(), OutboxCollector(engine)))


@router.get("/metrics")
async def prometheus_metrics(request: Request) -> Response:
    _authorised(request)
    body = await run_in_threadpool(_exposition, request.app.state.engine)
    return Response(body, media_type=CONTENT_TYPE_LATEST, headers={"Cache-Control": "no-store"})
