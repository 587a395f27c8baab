"""How long a customer waits for a person, and what they are told: pure, from the queue
and the ticket's own SLA (one policy, one promise)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from opsdesk import support

MINUTES_PER_CHAT = 4
MIN_WAIT_MINUTES = 2
MINUTE = timedelta(minutes=1)


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


@dataclass(frozen=True)
class Promise:
    """What a customer handed over to a person is told."""

    reply_by: datetime  # the first-response due instant of the ticket's SLA
    join_minutes: int | None = None  # an agent joins the chat in about this many minutes
    back_at: datetime | None = None  # the team is off duty until then


def promise(
    now: datetime, *, reply_by: datetime, hours: support.sla.BusinessCalendar,
    queue_ahead: int, agents_online: int,
) -> Promise:  # fmt: skip
    """The promise to a customer whose ticket's first response is due at ``reply_by``,
    counted on ``hours`` (the team's business calendar).

    An agent joining the chat is the first response, so the expected wait is capped by
    the SLA: the customer is told "in about N minutes" only when the team is at work for
    all of those minutes and N is no later than the due instant. Outside business hours
    they are told when the team is back and the due instant; with nobody online (or the
    day ending before their turn), the due instant alone.
    """
    if not hours.is_open(now):
        return Promise(reply_by, back_at=hours.next_open(now))
    wait = expected_wait_minutes(queue_ahead, agents_online)
    if wait is None:
        return Promise(reply_by)
    join = min(now + wait * MINUTE, reply_by)
    if hours.business_time_between(now, join) < join - now:  # the team leaves first
        return Promise(reply_by)
    return Promise(reply_by, join_minutes=max(1, math.ceil((join - now) / MINUTE)))
