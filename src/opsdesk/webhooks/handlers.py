"""Worker wiring: fan events out to subscribers, deliver each, publish to the broker."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from opsdesk.config import Settings
from opsdesk.kernel.events import OutboxEvent
from opsdesk.webhooks import catalog, delivery, service
from opsdesk.webhooks.broker import BrokerSink
from opsdesk.webhooks.events import WebhookDeliveryRequested
from opsdesk.webhooks.sender import HttpPoster, Poster

Handler = Callable[[Session, OutboxEvent], None]


def fan_out(session: Session, event: OutboxEvent) -> None:
    service.fan_out(session, event)


def handlers(poster: Poster, sink: BrokerSink | None = None) -> dict[str, list[Handler]]:
    def send(session: Session, job: OutboxEvent) -> None:
        delivery.deliver(session, job, poster)

    wired: dict[str, list[Handler]] = {name: [fan_out] for name in catalog.SOURCE_EVENTS}
    if sink is not None:
        for name in catalog.SOURCE_EVENTS:
            wired[name].append(sink.publish_event)
    wired[WebhookDeliveryRequested.name] = [send]
    return wired


def after_commit(settings: Settings) -> dict[str, list[Handler]]:
    sink = (
        BrokerSink(settings.broker_url, settings.broker_exchange) if settings.broker_url else None
    )
    return handlers(HttpPoster(timeout=settings.webhook_timeout_seconds), sink)
