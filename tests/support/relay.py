"""Drain the outbox the way the worker does, for tests that assert what it sent."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from opsdesk.config import Settings
from opsdesk.registry import after_commit_handlers
from opsdesk.worker import Worker


def relay_all(factory: sessionmaker[Session], settings: Settings) -> None:
    """Relay batches until none is left (events recorded by handlers included)."""
    worker = Worker(factory=factory, handlers=after_commit_handlers(settings))
    while worker.relay_once():
        pass
