"""Where every module's tables are loaded onto the shared metadata (for Alembic and tests)."""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy import MetaData
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from opsdesk.config import Settings
from opsdesk.kernel.db import make_sessionmaker
from opsdesk.kernel.events import SUBSCRIPTIONS_KEY, DomainEvent, Subscriber
from opsdesk.kernel.outbox import NamedHandler
from opsdesk.kernel.schedule import Job

if TYPE_CHECKING:
    from opsdesk.shipping import Carrier

# Modules whose ``handlers.SUBSCRIPTIONS`` react to other modules' events in-transaction.
HANDLER_MODULES: tuple[str, ...] = (
    "opsdesk.orders.handlers",
    "opsdesk.shipping.handlers",
    "opsdesk.proactive.risk.facts",
)

# Modules whose ``AFTER_COMMIT`` ({event name: [handler]}) and ``JOBS`` ([Job]) the
# worker runs. Retailers add their own through the ``OPSDESK_PLUGINS`` setting.
WORKER_MODULES: tuple[str, ...] = (
    "opsdesk.kernel.housekeeping",
    "opsdesk.kernel.metrics",
    "opsdesk.staff.jobs",
    "opsdesk.orders.jobs",
    "opsdesk.shipping.jobs",
    "opsdesk.notifications.handlers",
    "opsdesk.support.handlers",
    "opsdesk.support.discount_handlers",
    "opsdesk.support.csat_handlers",
    "opsdesk.proactive.jobs",
    "opsdesk.forecasting.jobs",
    "opsdesk.replenishment.jobs",
    "opsdesk.proactive.handlers",
    "opsdesk.integrations.shopify.sync_handlers",
    "opsdesk.integrations.easypost.jobs",
    "opsdesk.webhooks.handlers",
)

MODEL_MODULES = (
    "opsdesk.kernel.events",
    "opsdesk.kernel.idempotency",
    "opsdesk.kernel.outbox",
    "opsdesk.kernel.schedule",
    "opsdesk.kernel.throttle",
    "opsdesk.staff.models",
    "opsdesk.fx.models",
    "opsdesk.catalog.models",
    "opsdesk.inventory.models",
    "opsdesk.customers.models",
    "opsdesk.promotions.models",
    "opsdesk.orders.models",
    "opsdesk.orders.demand.models",
    "opsdesk.fulfilment.models",
    "opsdesk.fulfilment.box_store",
    "opsdesk.shipping.models",
    "opsdesk.shipping.carriers.records",
    "opsdesk.shipping.purchases",
    "opsdesk.returns.models",
    "opsdesk.integrations.models",
    "opsdesk.integrations.shopify.sync_models",
    "opsdesk.notifications.models",
    "opsdesk.support.models",
    "opsdesk.proactive.models",
    "opsdesk.proactive.risk.facts",
    "opsdesk.proactive.rules.models",
    "opsdesk.assistant.models",
    "opsdesk.webhooks.models",
    "opsdesk.forecasting.stored.models",
    "opsdesk.replenishment.models",
)


def load_models() -> MetaData:
    for name in MODEL_MODULES:
        importlib.import_module(name)
    from opsdesk.kernel.db import Base

    return Base.metadata


def carriers(settings: Settings) -> dict[str, Carrier]:
    """The carriers this installation ships with: the built-in (simulated) ones, and
    EasyPost when its key is set. Routes naming an unknown carrier stop the start."""
    from opsdesk import shipping
    from opsdesk.integrations.easypost.carrier import EasyPostCarrier
    from opsdesk.shipping.carriers.routing import route_problems

    found = shipping.default_carriers()
    if settings.easypost_api_key:
        found["easypost"] = EasyPostCarrier.connect(
            settings.easypost_api_key,
            api_base=settings.easypost_api_base,
            timeout=settings.easypost_timeout_seconds,
        )
    problems = route_problems(settings.carrier_routes, found)
    if problems:
        raise ValueError("OPSDESK_CARRIER_ROUTES: " + "; ".join(problems))
    return found


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


def after_commit_handlers(
    settings: Settings, plugins: Sequence[str] = ()
) -> dict[str, list[NamedHandler]]:
    """Each module offers ``AFTER_COMMIT`` or, when it needs settings, ``after_commit(settings)``."""
    merged: dict[str, list[NamedHandler]] = {}
    for name in (*WORKER_MODULES, *plugins):
        module = importlib.import_module(name)
        factory = getattr(module, "after_commit", None)
        offered = factory(settings) if factory else getattr(module, "AFTER_COMMIT", {})
        for event_name, handlers in offered.items():
            for handler in handlers:
                named = NamedHandler(f"{handler.__module__}.{handler.__qualname__}", handler)
                merged.setdefault(event_name, []).append(named)
    return merged


def scheduled_jobs(settings: Settings, plugins: Sequence[str] = ()) -> list[Job]:
    jobs: list[Job] = []
    for name in (*WORKER_MODULES, *plugins):
        module = importlib.import_module(name)
        factory = getattr(module, "jobs", None)
        jobs.extend(factory(settings) if factory else getattr(module, "JOBS", ()))
    return jobs
