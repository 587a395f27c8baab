"""The worker loop. Several may run at once (processes or threads) without double work."""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy.orm import Session, sessionmaker

from opsdesk import registry
from opsdesk.config import Settings
from opsdesk.kernel import outbox, schedule
from opsdesk.kernel.db import utcnow
from opsdesk.kernel.metrics import metrics

log = logging.getLogger("opsdesk.worker")


@dataclass
class Worker:
    factory: sessionmaker[Session]
    handlers: outbox.HandlerMap
    jobs: list[schedule.Job] = field(default_factory=list)
    retry: outbox.RetryPolicy = field(default_factory=outbox.RetryPolicy)
    batch_size: int = 50
    lease: timedelta = timedelta(seconds=60)
    name: str = field(default_factory=lambda: f"{socket.gethostname()}:{os.getpid()}")
    started: bool = field(default=False, init=False)

    def start_up(self) -> None:
        """Run the ``at_start`` jobs (built-in rules, say) before any event is relayed,
        so no event meets a store that is not set up yet; each must tolerate other
        workers starting at the same moment. Until it succeeds no event is relayed."""
        for job in (j for j in self.jobs if j.at_start):
            with self.factory() as session, session.begin():
                job.run(session, utcnow())
        self.started = True

    def relay_once(self) -> int:
        """Claim one batch and process it; returns how many events were finished."""
        with self.factory() as session, session.begin():
            claim = outbox.claim_batch(
                session,
                worker=self.name,
                limit=self.batch_size,
                lease=self.lease,
                handled={name for name, found in self.handlers.items() if found},
            )
        return claim.finished + sum(
            outbox.process_event(self.factory, event_id, self.handlers, retry=self.retry)
            for event_id in claim.leased
        )

    def run_due_jobs(self) -> int:
        ran = 0
        for job in self.jobs:
            with self.factory() as session, session.begin():
                if not schedule.claim_if_due(session, job):
                    continue
            started = time.perf_counter()
            try:
                with self.factory() as session, session.begin():
                    job.run(session, utcnow())
                ran += 1
            except Exception as exc:
                log.exception("job %s failed", job.name)
                metrics().job_failures.labels(job.name).inc()
                with self.factory() as session, session.begin():
                    schedule.record_job_error(session, job.name, repr(exc))
            finally:
                metrics().job_seconds.labels(job.name).observe(time.perf_counter() - started)
        return ran

    def run_until(self, stop: threading.Event, poll_seconds: float = 1.0) -> None:
        log.info("worker %s started", self.name)
        while not stop.is_set():
            try:
                if not self.started:
                    self.start_up()
                finished = self.relay_once()
                self.run_due_jobs()
            except Exception:
                log.exception("worker iteration failed; retrying")
                finished = 0
            if finished == 0:
                stop.wait(poll_seconds)
        log.info("worker %s stopped", self.name)


def build_worker(settings: Settings, factory: sessionmaker[Session]) -> Worker:
    plugins = settings.plugin_modules()
    return Worker(
        factory=factory,
        handlers=registry.after_commit_handlers(settings, plugins),
        jobs=registry.scheduled_jobs(settings, plugins),
        batch_size=settings.worker_batch_size,
        lease=timedelta(seconds=settings.worker_lease_seconds),
    )


class EmbeddedWorker:
    """The worker on a background thread of the web process (the embedded default)."""

    def __init__(self, worker: Worker, poll_seconds: float) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=worker.run_until,
            args=(self._stop, poll_seconds),
            name="opsdesk-worker",
            daemon=True,
        )

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._thread.join(timeout)
