"""Chat pacing: people typing pass, floods wait exactly until a window has room."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from opsdesk.assistant.chat.pacing import BURST, MINUTE, wait_before_next

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def _ago(*seconds: float) -> list[datetime]:
    return [NOW - timedelta(seconds=s) for s in seconds]


def test_a_message_every_three_seconds_never_waits() -> None:
    sent: list[datetime] = []
    for n in range(100):
        now = NOW + timedelta(seconds=3 * n)
        assert wait_before_next(sent, now) == 0
        sent.append(now)


def test_a_burst_waits_until_its_oldest_message_leaves_the_burst_window() -> None:
    recent = _ago(*range(BURST.most))  # one a second, the oldest five seconds ago
    assert wait_before_next(recent, NOW) == BURST.span.seconds - (BURST.most - 1)


def test_the_minute_window_holds_back_a_steady_script() -> None:
    recent = _ago(*(2.5 * n for n in range(MINUTE.most)))  # one every 2.5 s for 50 s
    assert wait_before_next(recent, NOW) == 60 - 47  # the oldest leaves at 60 s: 12.5 s


def test_messages_older_than_every_window_do_not_count() -> None:
    assert wait_before_next(_ago(*(61 + n for n in range(500))), NOW) == 0


@given(st.lists(st.floats(min_value=0, max_value=120), max_size=60))
def test_the_wait_is_exactly_long_enough(ages: list[float]) -> None:
    recent = _ago(*ages)
    wait = wait_before_next(recent, NOW)
    later = NOW + timedelta(seconds=wait)
    assert wait_before_next(recent, later) == 0
    for window in (BURST, MINUTE):
        inside = [t for t in recent if t > later - window.span]
        assert len(inside) < window.most
