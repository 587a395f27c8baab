"""A token bucket per client address, kept in this process's memory.

Enough to slow down someone guessing order numbers and postal codes on ``/track``:
each attempt takes a token, tokens come back at a steady rate. The buckets live in one
process, so N web workers allow N times the rate and a restart forgets them; a
deployment that needs one shared limit puts it in the reverse proxy instead.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class _Bucket:
    tokens: float
    updated: float


class TokenBucketLimiter:
    def __init__(
        self,
        *,
        capacity: int = 10,
        refill_per_second: float = 1 / 60,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = 10_000,
    ) -> None:
        self.capacity = capacity
        self.refill_per_second = refill_per_second
        self._clock = clock
        self._max_keys = max_keys
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        """Take one token for ``key``; False when its bucket is empty."""
        with self._lock:
            bucket = self._refilled(key)
            if bucket.tokens < 1:
                return False
            bucket.tokens -= 1
            return True

    def retry_after(self, key: str) -> int:
        """Seconds until ``key`` may try again (0 when it may now)."""
        with self._lock:
            missing = 1 - self._refilled(key).tokens
        return max(0, math.ceil(missing / self.refill_per_second))

    def _refilled(self, key: str) -> _Bucket:
        now = self._clock()
        bucket = self._buckets.get(key)
        if bucket is None:
            self._forget_idle(now)
            bucket = self._buckets[key] = _Bucket(float(self.capacity), now)
        elapsed = max(0.0, now - bucket.updated)
        bucket.tokens = min(self.capacity, bucket.tokens + elapsed * self.refill_per_second)
        bucket.updated = now
        return bucket

    def _forget_idle(self, now: float) -> None:
        """Bound memory: drop buckets that have filled up again (they hold no state)."""
        if len(self._buckets) < self._max_keys:
            return
        full_after = self.capacity / self.refill_per_second
        for key, bucket in list(self._buckets.items()):
            if now - bucket.updated >= full_after:
                del self._buckets[key]
        if len(self._buckets) >= self._max_keys:  # all busy: forget the oldest half
            oldest = sorted(self._buckets, key=lambda k: self._buckets[k].updated)
            for key in oldest[: len(oldest) // 2]:
                del self._buckets[key]
