from __future__ import annotations

from datetime import timedelta

from opsdesk.kernel.outbox import RetryPolicy


def test_backoff_doubles_until_the_cap() -> None:
    policy = RetryPolicy(base=timedelta(seconds=2), cap=timedelta(seconds=30), max_attempts=5)
    delays = [policy.delay(n).total_seconds() for n in range(1, 7)]
    assert delays == [2, 4, 8, 16, 30, 30]


def test_an_event_is_parked_only_after_the_last_attempt() -> None:
    policy = RetryPolicy(max_attempts=3)
    assert [policy.should_park(n) for n in (1, 2, 3, 4)] == [False, False, True, True]
