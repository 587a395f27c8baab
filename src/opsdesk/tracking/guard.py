"""Order checks a stranger cannot brute-force: limits per order number and per client.

The tracking page's lookup and the chat's order check both take an order number plus an
e-mail address or a delivery postal code. A postal code is short (five digits in Germany),
so the number of tries must be bounded where a guesser cannot reset it: per order number
(whoever asks, from however many sessions and addresses) and per client address (however
many chats it opens), counted in the database (``kernel.throttle``) so every web process
sees the same count. Both pages share the counters: a guesser gets one budget, not two.

Every check counts, the right one too, so the count is atomic under concurrency
(``throttle.take``); the limits are far above what a customer needs — one or two checks
to find an order, a few more on a bad day — and far below what guessing needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from opsdesk.kernel import throttle
from opsdesk.tracking.policy import normalise_number
from opsdesk.tracking.service import find_order_for_customer

NUMBER_SCOPE = "order-check:number"
CLIENT_SCOPE = "order-check:client"
# One order: a handful of checks an hour, a couple of handfuls a day. Guessing one of
# ~8,000 German postal codes at 10 a day takes years; the customer needs one or two.
PER_NUMBER = (throttle.Limit(5, timedelta(hours=1)), throttle.Limit(10, timedelta(days=1)))
# One client address: a shop assistant or a family behind one router checks several
# orders, so more, but still nowhere near a guessing rate.
PER_CLIENT = (throttle.Limit(20, timedelta(hours=1)), throttle.Limit(60, timedelta(days=1)))


@dataclass(frozen=True)
class Check:
    """The outcome of one guarded check: the order found, or the seconds to wait."""

    order_id: int | None
    wait_seconds: int = 0

    @property
    def paused(self) -> bool:
        return self.wait_seconds > 0


def check_order(
    session: Session, *, number: str, contact: str, client: str, now: datetime
) -> Check:
    """Find the order for ``number`` + ``contact`` unless this client or order used its checks.

    The attempt rows live in the caller's transaction: commit it, refusal or not (a
    refused check counts nothing, so nothing is lost when a refusal rolls back).
    """
    key = normalise_number(number)
    if not key or not contact.strip():
        return Check(None)  # nothing was guessed
    wait = max(
        throttle.wait_seconds(session, CLIENT_SCOPE, client, PER_CLIENT, now),
        throttle.wait_seconds(session, NUMBER_SCOPE, key, PER_NUMBER, now),
    )
    if wait:
        return Check(None, wait)
    wait = throttle.take(session, CLIENT_SCOPE, client, PER_CLIENT, now) or throttle.take(
        session, NUMBER_SCOPE, key, PER_NUMBER, now
    )
    if wait:  # a concurrent check took the last one between the look and the take
        return Check(None, wait)
    return Check(find_order_for_customer(session, number=number, contact=contact))
