"""Where every module's tables are loaded onto the shared metadata (for Alembic and tests)."""

from __future__ import annotations

import importlib

from sqlalchemy import MetaData
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from opsdesk.kernel.db import make_sessionmaker
from opsdesk.kernel.events import SUBSCRIPTIONS_KEY, DomainEvent, Subscriber

# Modules whose ``handlers.SUBSCRIPTIONS`` react to other modules' events in-transaction.
HANDLER_MODULES: tuple[str, ...] = ()

MODEL_MODULES = (
    "opsdesk.kernel.events",
    "opsdesk.kernel.idempotency",
    "opsdesk.staff.models",
    "opsdesk.catalog.models",
    "opsdesk.inventory.models",
    "opsdesk.customers.models",
    "opsdesk.orders.models",
    "opsdesk.fulfilment.models",
    "opsdesk.shipping.models",
    "opsdesk.returns.models",
    "opsdesk.integrations.models",
)


def load_models() -> MetaData:
    for name in MODEL_MODULES:
        importlib.import_module(name)
    from opsdesk.kernel.db import Base

    return Base.metadata


def subscriptions() -> dict[type[DomainEvent], list[Subscriber]]:
    merged: dict[type[DomainEvent], list[Subscriber]] = {}
    for name in HANDLER_MODULES:
        module = importlib.import_module(name)
        for event_type, handlers in module.SUBSCRIPTIONS.items():
            merged.setdefault(event_type, []).extend(handlers)
    return merged


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """The one way to build sessions: with every module's in-transaction subscribers."""
    return make_sessionmaker(engine, info={SUBSCRIPTIONS_KEY: subscriptions()})
