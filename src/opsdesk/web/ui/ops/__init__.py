"""The operations workspace: stock, orders, purchasing, fulfilment, returns, catalog and
customers, for the people who keep stock right and get parcels out.

Each screen is one module here with its own router and its own templates under
``templates/ops/<screen>/``; ``web.routes.OPS_ROUTERS`` mounts them. The operations
role changes things, agents and leads read (:data:`READERS`, :data:`WRITERS`)."""

from __future__ import annotations

from opsdesk.kernel.http import Role

READERS = (Role.OPERATIONS, Role.AGENT)
WRITERS = (Role.OPERATIONS,)

__all__ = ["READERS", "WRITERS"]
