"""A generated, deterministic demo store.

``generate_store(engine, SIZES["small"], seed=42, now=...)`` fills an empty database
with a year of a small shop's life; ``store_problems(conn)`` checks its invariants;
``ensure_demo_login(session)`` gives a newcomer an admin login. The store comes with a
live service desk (``seed_service_desk``): a team, agents, macros and tickets about its
own orders.
"""

from opsdesk.demo.generator import SeedReport, existing_rows, generate_store
from opsdesk.demo.login import DEMO_ADMIN_EMAIL, DemoLogin, ensure_demo_login
from opsdesk.demo.service_desk import seed_service_desk
from opsdesk.demo.sizes import SIZES, StoreSize, size_named
from opsdesk.demo.verify import store_problems

__all__ = [
    "DEMO_ADMIN_EMAIL",
    "SIZES",
    "DemoLogin",
    "SeedReport",
    "StoreSize",
    "ensure_demo_login",
    "existing_rows",
    "generate_store",
    "seed_service_desk",
    "size_named",
    "store_problems",
]
