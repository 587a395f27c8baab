"""How many wrong passwords a client and an account may send (kernel.throttle: in the
database, so the limits hold across web processes and restarts).

Only failures count. A client is held back sooner than an account, so one guessing
client is stopped before it can lock the account it guesses, and every window is time-
boxed: an account's lock ends 15 minutes after its last counted failure, and attempts
refused while locked are not counted. Unknown e-mail addresses are counted exactly like
real ones, so the answers never tell whether an account exists.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from opsdesk.kernel import throttle
from opsdesk.kernel.throttle import Limit

CLIENT_SCOPE = "login.client"
ACCOUNT_SCOPE = "login.account"
CLIENT_LIMITS = (Limit(5, timedelta(minutes=5)), Limit(20, timedelta(hours=1)))
ACCOUNT_LIMITS = (Limit(10, timedelta(minutes=15)),)


def _account(email: str) -> str:
    return email.strip().lower()


def wait_seconds(session: Session, email: str, client: str, now: datetime) -> int:
    """Seconds before this client may try this account again (0: it may now)."""
    return max(
        throttle.wait_seconds(session, CLIENT_SCOPE, client, CLIENT_LIMITS, now),
        throttle.wait_seconds(session, ACCOUNT_SCOPE, _account(email), ACCOUNT_LIMITS, now),
    )


def failed(session: Session, email: str, client: str, now: datetime) -> None:
    """Count a wrong password (or an unknown or inactive account) for both keys."""
    throttle.record(session, CLIENT_SCOPE, client, now)
    throttle.record(session, ACCOUNT_SCOPE, _account(email), now)


def forget_account(session: Session, email: str) -> None:
    """Clear an account's failures: after a successful login or a password reset."""
    throttle.forget(session, ACCOUNT_SCOPE, _account(email))
