"""The worker: relays the outbox to after-commit handlers and runs scheduled jobs."""

from opsdesk.worker.runner import Worker, build_worker

__all__ = ["Worker", "build_worker"]
