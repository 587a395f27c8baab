"""Attempt limits held in the database: across sessions, processes and concurrent callers."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from opsdesk.kernel import throttle
from opsdesk.kernel.throttle import Limit, ThrottleHit

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
FIVE_A_MINUTE = (Limit(5, timedelta(minutes=1)),)


def test_the_sixth_attempt_in_a_minute_waits_until_the_first_leaves_the_window(
    session_factory: sessionmaker[Session],
) -> None:
    for second in range(5):
        with session_factory.begin() as s:
            at = NOW + timedelta(seconds=second * 10)
            assert throttle.take(s, "login", "ana@example.com", FIVE_A_MINUTE, at) == 0
    with session_factory.begin() as s:  # a new session: the count is in the database
        at = NOW + timedelta(seconds=45)
        assert throttle.take(s, "login", "ana@example.com", FIVE_A_MINUTE, at) == 15
    with session_factory.begin() as s:
        at = NOW + timedelta(seconds=61)
        assert throttle.take(s, "login", "ana@example.com", FIVE_A_MINUTE, at) == 0


def test_keys_and_scopes_are_counted_apart_and_stored_hashed(session: Session) -> None:
    for _ in range(5):
        throttle.take(session, "login", "ana@example.com", FIVE_A_MINUTE, NOW)
    assert throttle.take(session, "login", "ana@example.com", FIVE_A_MINUTE, NOW) > 0
    assert throttle.take(session, "login", "bob@example.com", FIVE_A_MINUTE, NOW) == 0
    assert throttle.take(session, "chat-verify", "ana@example.com", FIVE_A_MINUTE, NOW) == 0
    stored = session.scalars(sa.select(ThrottleHit.key_hash)).all()
    assert len(stored) == 7
    assert all("@" not in key for key in stored)


def test_the_strictest_of_several_limits_decides(session: Session) -> None:
    limits = (Limit(3, timedelta(seconds=10)), Limit(10, timedelta(hours=1)))
    for minute in range(10):
        at = NOW + timedelta(minutes=minute)
        assert throttle.take(session, "s", "k", limits, at) == 0
    # ten in the hour: the hourly window holds the door until the first leaves it
    assert throttle.take(session, "s", "k", limits, NOW + timedelta(minutes=10)) == 50 * 60


def test_only_failures_count_when_recorded_apart_and_success_forgets_them(
    session: Session,
) -> None:
    for _ in range(5):
        assert throttle.wait_seconds(session, "login", "ana", FIVE_A_MINUTE, NOW) == 0
        throttle.record(session, "login", "ana", NOW)
    assert throttle.wait_seconds(session, "login", "ana", FIVE_A_MINUTE, NOW) == 60
    throttle.forget(session, "login", "ana")
    assert throttle.wait_seconds(session, "login", "ana", FIVE_A_MINUTE, NOW) == 0


def test_pruning_drops_only_old_attempts(session: Session) -> None:
    throttle.record(session, "s", "old", NOW - timedelta(days=3))
    throttle.record(session, "s", "new", NOW - timedelta(hours=1))
    assert throttle.prune(session, NOW) == 1
    assert session.scalar(sa.select(sa.func.count()).select_from(ThrottleHit)) == 1


def test_concurrent_attempts_never_exceed_the_limit(session_factory: sessionmaker[Session]) -> None:
    def attempt(_: int) -> int:
        with session_factory.begin() as s:
            return throttle.take(s, "chat-verify", "OD-42", FIVE_A_MINUTE, NOW)

    with ThreadPoolExecutor(max_workers=12) as pool:
        waits = list(pool.map(attempt, range(24)))
    assert waits.count(0) == 5
