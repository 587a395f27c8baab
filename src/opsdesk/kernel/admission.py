"""Admission control: at most as many requests hold a database session as there are
connections for them; the rest wait in line on the event loop, and a request that would
wait too long is turned away at once with 503 and ``Retry-After``.

Without it, a burst deadlocks a process: each request opens its session before its
endpoint runs in the thread pool and gives it back after a second hop for the commit,
so with more requests in flight than connections, threads wait for connections that
are held by requests waiting for a thread — until the pool's timeout answers everyone
with a 500 (issue #17: 200 simultaneous requests, 200 timeouts). Waiting here costs no
thread and no connection, and the line is bounded in length and in time.
"""

from __future__ import annotations

import asyncio
import math
from dataclasses import dataclass, field

from opsdesk.kernel.errors import Overloaded


@dataclass
class Admission:
    slots: int  # requests with a session at once: the pool's connections
    max_waiting: int = 1000  # beyond this many in line, refuse at once
    max_wait_seconds: float = 10.0  # a request waits at most this long for a slot
    _free: asyncio.Semaphore | None = field(default=None, repr=False)
    _waiting: int = field(default=0, repr=False)

    def _semaphore(self) -> asyncio.Semaphore:
        if self._free is None:  # made in the serving loop, not where the app is built
            self._free = asyncio.Semaphore(self.slots)
        return self._free

    async def enter(self) -> None:
        free = self._semaphore()
        if not free.locked():  # a slot is free: in at once, without queueing
            await free.acquire()
            return
        if self._waiting >= self.max_waiting:
            raise self._refusal()
        self._waiting += 1
        try:
            await asyncio.wait_for(free.acquire(), timeout=self.max_wait_seconds)
        except TimeoutError:
            raise self._refusal() from None
        finally:
            self._waiting -= 1

    def leave(self) -> None:
        self._semaphore().release()

    def _refusal(self) -> Overloaded:
        retry = max(1, math.ceil(self.max_wait_seconds / 2))
        return Overloaded(
            "the server is busy: too many requests at once; try again shortly",
            details={"retry_after_seconds": retry},
        )
