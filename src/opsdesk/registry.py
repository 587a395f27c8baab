"""Where every module's tables are loaded onto the shared metadata (for Alembic and tests)."""

from __future__ import annotations

import importlib

from sqlalchemy import MetaData

MODEL_MODULES = (
    "opsdesk.kernel.events",
    "opsdesk.kernel.idempotency",
    "opsdesk.staff.models",
)


def load_models() -> MetaData:
    for name in MODEL_MODULES:
        importlib.import_module(name)
    from opsdesk.kernel.db import Base

    return Base.metadata
