"""The id of the request (or outbox job) a line of work belongs to.

One id follows a change from the HTTP request that made it, through the outbox row it
recorded, into the worker that relayed it: every log line on that path carries it, so
``grep <id>`` tells the whole story of one click. It lives in a context variable, which
the thread pool and ``asyncio`` copy into the code they run for the request.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

HEADER = "X-Request-ID"
# A proxy's or client's id is kept when it is short and plain (no spaces, quotes or
# control characters that could forge log fields); anything else is replaced.
_SANE = re.compile(r"^[A-Za-z0-9._:@/+=-]{8,128}$")

_current: ContextVar[str | None] = ContextVar("opsdesk_request_id", default=None)


def new() -> str:
    return uuid.uuid4().hex


def accept(offered: str | None) -> str:
    """The caller's id when it is sane, else a fresh one."""
    if offered and _SANE.match(offered):
        return offered
    return new()


def current() -> str | None:
    return _current.get()


@contextmanager
def bound(request_id: str | None) -> Iterator[None]:
    """Work inside the block belongs to ``request_id`` (None: to no request)."""
    token = _current.set(request_id)
    try:
        yield
    finally:
        _current.reset(token)
