"""Prometheus metrics the processes count as they work (``/metrics`` reads them).

Counted in-process: requests, relayed events, jobs. Several processes (``serve
--workers``, a worker beside the web app) each write their own files into
``PROMETHEUS_MULTIPROC_DIR`` and a scrape sums them; without that variable the numbers
live in this process. The metrics are made on first use, not at import, so a CLI that
sets the variable just before starting the app is still in time.

What the database already knows (outbox backlog, parked events) is read at scrape time
by ``web.metrics_route`` instead: it is right whichever process did the work.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from prometheus_client import CollectorRegistry, Counter, Histogram, values
from prometheus_client.multiprocess import MultiProcessCollector
from sqlalchemy.orm import Session

from opsdesk.kernel.events import OutboxEvent

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
# Seconds: a page answers in ms, a slow report in seconds; a risk scan takes minutes.
HTTP_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
JOB_BUCKETS = (0.1, 0.5, 1.0, 5.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0)
LAG_BUCKETS = (0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0, 900.0, 3600.0)


@dataclass(frozen=True)
class Metrics:
    registry: CollectorRegistry
    requests: Counter
    request_seconds: Histogram
    relay_lag_seconds: Histogram
    events_relayed: Counter
    job_seconds: Histogram
    job_failures: Counter
    sla_breaches: Counter
    webhook_attempts: Counter
    broker_published: Counter


def _build(registry: CollectorRegistry) -> Metrics:
    def counter(name: str, doc: str, labels: tuple[str, ...] = ()) -> Counter:
        return Counter(name, doc, labels, registry=registry)

    return Metrics(
        registry=registry,
        requests=counter(
            "opsdesk_http_requests", "HTTP requests answered.", ("method", "route", "status")
        ),
        request_seconds=Histogram(
            "opsdesk_http_request_duration_seconds",
            "Time to answer an HTTP request.",
            ("method", "route"),
            buckets=HTTP_BUCKETS,
            registry=registry,
        ),
        relay_lag_seconds=Histogram(
            "opsdesk_worker_lag_seconds",
            "From an outbox event falling due to a worker taking it up.",
            buckets=LAG_BUCKETS,
            registry=registry,
        ),
        events_relayed=counter(
            "opsdesk_outbox_events_relayed", "Outbox events relayed.", ("event", "outcome")
        ),
        job_seconds=Histogram(
            "opsdesk_job_duration_seconds",
            "Run time of scheduled jobs (proactive.delay_risk_scan is the risk scan).",
            ("job",),
            buckets=JOB_BUCKETS,
            registry=registry,
        ),
        job_failures=counter("opsdesk_job_failures", "Scheduled job runs that failed.", ("job",)),
        sla_breaches=counter("opsdesk_sla_breaches", "Tickets whose SLA became breached."),
        webhook_attempts=counter(
            "opsdesk_webhook_attempts", "Outbound webhook delivery attempts.", ("outcome",)
        ),
        broker_published=counter(
            "opsdesk_broker_messages_published", "Events published to the message broker."
        ),
    )


@cache
def metrics() -> Metrics:
    """The process's metrics, made once (after ``PROMETHEUS_MULTIPROC_DIR`` is settled)."""
    values.ValueClass = values.get_value_class()  # read the variable now, not at import
    return _build(CollectorRegistry(auto_describe=True))


def multiprocess() -> bool:
    return bool(os.environ.get(MULTIPROC_ENV))


def scrape_registry() -> CollectorRegistry:
    """What a scrape reads: every process's files summed, or this process's metrics."""
    if not multiprocess():
        return metrics().registry
    registry = CollectorRegistry()
    MultiProcessCollector(registry)
    return registry


def prepare_multiprocess_dir(path: Path) -> None:
    """Empty ``path`` and point this process (and those it starts) at it: counts left by
    an earlier run would otherwise be summed into this one's."""
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    os.environ[MULTIPROC_ENV] = str(path.resolve())


def count_sla_breach(_session: Session, event: OutboxEvent) -> None:
    """The support module records ``TicketSlaChanged``; a breach is counted once per event
    (the outbox runs a handler once per event)."""
    if event.payload.get("status") == "breached":
        metrics().sla_breaches.inc()


# Run by the worker (registry.WORKER_MODULES).
AFTER_COMMIT = {"TicketSlaChanged": [count_sla_breach]}
