"""The tables the demo store fills, taken from the operations modules' models."""

from __future__ import annotations

from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.schema import CallableColumnDefault, ScalarElementColumnDefault

from opsdesk.catalog import models as catalog_models
from opsdesk.customers import models as customer_models
from opsdesk.fulfilment import models as fulfilment_models
from opsdesk.inventory import models as inventory_models
from opsdesk.orders import models as order_models
from opsdesk.returns import models as return_models
from opsdesk.shipping import models as shipping_models

# Imported for their side effect: each registers its tables on the shared metadata.
MODEL_MODULES = (
    catalog_models,
    customer_models,
    fulfilment_models,
    inventory_models,
    order_models,
    return_models,
    shipping_models,
)


def table_named(name: str) -> sa.Table:
    """Any table on the shared metadata (the desk's once its models are imported)."""
    return catalog_models.Base.metadata.tables[name]


@cache
def unfilled_columns(table: str, filled: tuple[str, ...]) -> tuple[tuple[str, Any], ...]:
    """Columns added to a model after the generator was written, with the value to store.

    Core inserts apply model defaults by themselves; ``COPY`` does not, so it appends
    these. A new NOT NULL column without any default is a clear error, not bad data.
    """
    extra: list[tuple[str, Any]] = []
    for column in table_named(table).c:
        if column.key in filled or column.server_default is not None:
            continue
        default = column.default
        if isinstance(default, ScalarElementColumnDefault):
            extra.append((column.key, default.arg))
        elif isinstance(default, CallableColumnDefault):
            extra.append((column.key, default.arg(None)))  # type: ignore[arg-type]
        elif column.nullable:
            extra.append((column.key, None))
        else:
            raise RuntimeError(f"demo generator cannot fill new column {table}.{column.key}")
    return tuple(extra)
