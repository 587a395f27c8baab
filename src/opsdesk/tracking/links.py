"""Signed links to an order's tracking page, and the return form's token tied to a link.

A link is ``{public_url}/t/{token}``; the token is the order id signed with the
store's secret for the purpose ``tracking`` (``kernel.signing``), so it opens exactly
one order and cannot be altered to open another. Links stay valid for
:data:`LINK_MAX_AGE_DAYS` days — long enough for the return window and the questions
that come months later; an older link shows a friendly page pointing to ``/track``,
where the order number and e-mail (or postal code) give a fresh one. Changing the
secret key invalidates every link at once.
"""

from __future__ import annotations

import hashlib
import hmac

from opsdesk.config import Settings
from opsdesk.kernel.errors import Forbidden
from opsdesk.kernel.signing import sign, verify

PURPOSE = "tracking"
LINK_MAX_AGE_DAYS = 365
_RETURN_FORM = b"opsdesk:tracking-return-form:"


def token_for_order(secret: str, order_id: int, *, read_only: bool = False) -> str:
    """A token for ``order_id``. ``read_only`` marks a token handed out by the ``/track``
    lookup (order number + e-mail or postal code typed by someone): it shows the order but
    proves no control of the order's e-mail, so changes through it need that proof first.
    Links sent by e-mail are not read-only: whoever holds one read the customer's mail."""
    return sign(secret, PURPOSE, {"o": order_id, "r": 1} if read_only else {"o": order_id})


def link_for_order(secret: str, public_url: str, order_id: int) -> str:
    """The customer's link to the tracking page of ``order_id``."""
    return f"{public_url.rstrip('/')}/t/{token_for_order(secret, order_id)}"


def tracking_url(settings: Settings, order_id: int) -> str:
    """``tracking_page_url`` for message contexts, from the app's ``Settings``."""
    return link_for_order(settings.secret_key, settings.public_url, order_id)


def order_id_from_token(secret: str, token: str) -> int:
    """The order a genuine, unexpired token opens; ``Forbidden`` (403) for anything else."""
    payload = verify(secret, PURPOSE, token, max_age_seconds=LINK_MAX_AGE_DAYS * 86_400)
    order_id = payload.get("o") if isinstance(payload, dict) else None
    if not isinstance(order_id, int) or isinstance(order_id, bool) or order_id < 1:
        raise Forbidden("this link is not valid")
    return order_id


def token_proves_control(secret: str, token: str) -> bool:
    """Whether a genuine token came by e-mail (not from the ``/track`` lookup)."""
    payload = verify(secret, PURPOSE, token, max_age_seconds=LINK_MAX_AGE_DAYS * 86_400)
    return isinstance(payload, dict) and payload.get("r") != 1


def return_form_token(secret: str, token: str) -> str:
    """The return form's CSRF token: only a page opened with this link can post it."""
    return hmac.new(secret.encode(), _RETURN_FORM + token.encode(), hashlib.sha256).hexdigest()


def return_form_token_matches(secret: str, token: str, candidate: str) -> bool:
    expected = return_form_token(secret, token).encode()
    return hmac.compare_digest(expected, candidate.encode())
