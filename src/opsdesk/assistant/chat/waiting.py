"""How long a customer waits for a person: a pure estimate from the queue."""

from __future__ import annotations

import math

MINUTES_PER_CHAT = 4
MIN_WAIT_MINUTES = 2


def expected_wait_minutes(
    queue_ahead: int, agents_online: int, *, minutes_per_chat: int = MINUTES_PER_CHAT
) -> int | None:
    """Minutes until an agent joins, or None when nobody is online to join at all.

    Each online agent clears about one waiting chat every ``minutes_per_chat`` minutes,
    so the customer waits for the chats ahead of them plus their own turn.
    """
    if agents_online <= 0:
        return None
    minutes = math.ceil((max(queue_ahead, 0) + 1) * minutes_per_chat / agents_online)
    return max(MIN_WAIT_MINUTES, minutes)
