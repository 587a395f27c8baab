"""Run a coroutine to completion from a sync test, whatever loop the worker holds.

An xdist worker that ran a Playwright test keeps an event loop running in its main
thread, where ``asyncio.run`` refuses to start another: this runs it in a thread of its
own, with a new loop, and hands back the result (or raises its exception).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def run_async(make: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """``make()`` is called inside the new thread, so no coroutine is left un-awaited."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(make())).result()
