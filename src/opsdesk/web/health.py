"""Probes for orchestrators: ``/healthz`` (the process answers) and ``/readyz`` (it can
serve: the database answers and its schema is the one the code expects).

A liveness probe that touched the database would restart healthy processes during a
database outage; readiness takes them out of the load balancer instead.
"""

from __future__ import annotations

import threading
import time
from functools import cache
from typing import Any

import sqlalchemy as sa
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from sqlalchemy.engine import Engine

from opsdesk.kernel import migrate

router = APIRouter(include_in_schema=False)
# /readyz is anonymous and reaches the database: within this many seconds a process answers
# from its last check, so a flood of probes costs one connection a second, not one each.
READY_FOR_SECONDS = 1.0
_checking = threading.Lock()


@cache
def _code_heads() -> set[str]:
    """The revisions this code expects: read from the scripts once, not on every probe."""
    return set(ScriptDirectory.from_config(migrate.alembic_config("sqlite://")).get_heads())


@router.get("/healthz")
def health() -> dict[str, str]:
    return {"status": "ok"}


def readiness(engine: Engine) -> tuple[bool, dict[str, Any]]:
    """(ready, what was checked): the database first, the migrations only if it answers."""
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
            current = set(MigrationContext.configure(conn).get_current_heads())
    except sa.exc.SQLAlchemyError as exc:
        reason = type(exc).__name__
        return False, {"status": "unavailable", "database": f"unreachable ({reason})"}
    heads = _code_heads()
    if current != heads:
        return False, {
            "status": "unavailable",
            "database": "ok",
            "migrations": {"current": sorted(current), "expected": sorted(heads)},
        }
    return True, {"status": "ready", "database": "ok", "migrations": "at head"}


def recent_readiness(state: Any) -> tuple[bool, dict[str, Any]]:
    """The last check of this app if it is under ``READY_FOR_SECONDS`` old, else a new one
    (one at a time: probes waiting for it take its answer)."""
    with _checking:
        last = getattr(state, "readiness", None)
        if last is not None and time.monotonic() - last[0] < READY_FOR_SECONDS:
            return last[1], last[2]
        ok, body = readiness(state.engine)
        state.readiness = (time.monotonic(), ok, body)
        return ok, body


@router.get("/readyz")
async def ready(request: Request) -> JSONResponse:
    ok, body = await run_in_threadpool(recent_readiness, request.app.state)
    return JSONResponse(body, status_code=200 if ok else 503, headers={"Cache-Control": "no-store"})
