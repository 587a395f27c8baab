"""After a lead or an admin decides on a pending discount code: the ticket it was for gets
an internal note (who, when, why), and an approved code is e-mailed to its customer.

Runs in the worker after the decision commits, so a code rejected or rolled back is never
sent; the e-mail is queued under the code's cause, so a retried event sends it once.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session

from opsdesk import customers, orders, promotions
from opsdesk.config import Settings
from opsdesk.kernel.db import utcnow
from opsdesk.kernel.errors import NotFound
from opsdesk.kernel.events import OutboxEvent
from opsdesk.support import macro_text, tickets
from opsdesk.support.actions import drafts, steps
from opsdesk.support.actions.schemas import ActionKind
from opsdesk.support.actions.service import voice_of
from opsdesk.support.history import Author
from opsdesk.support.models import Ticket
from opsdesk.support.schemas import MessageCreate

Handler = Callable[[Session, OutboxEvent], None]


def after_commit(settings: Settings) -> dict[str, list[Handler]]:
    def approved(session: Session, event: OutboxEvent) -> None:
        code_approved(session, event.payload["code"], settings, now=utcnow())

    def rejected(session: Session, event: OutboxEvent) -> None:
        code_rejected(session, event.payload["code"], now=utcnow())

    return {"DiscountCodeApproved": [approved], "DiscountCodeRejected": [rejected]}


def code_approved(session: Session, code: str, settings: Settings, *, now: datetime) -> None:
    row = promotions.get_code(session, code)
    if row.status is not promotions.DiscountStatus.ACTIVE:
        return  # revoked since: nothing to send
    ticket = session.get(Ticket, row.ticket_id) if row.ticket_id else None
    customer = session.get(customers.Customer, row.customer_id) if row.customer_id else None
    if ticket is not None and customer is not None and row.source.value == "agent":
        _email(session, row, ticket, customer, settings, now)
    _note(session, row, ticket, f"approved by {row.decided_by}", now)


def code_rejected(session: Session, code: str, *, now: datetime) -> None:
    row = promotions.get_code(session, code)
    ticket = session.get(Ticket, row.ticket_id) if row.ticket_id else None
    _note(session, row, ticket, f"rejected by {row.decided_by}; nothing was sent", now)


def _email(
    session: Session,
    row: promotions.DiscountCode,
    ticket: Ticket,
    customer: customers.Customer,
    settings: Settings,
    now: datetime,
) -> None:
    order = _order(session, row.order_reference)
    ctx = steps.Context(
        session, ticket, order, customer, row.issued_by, now, voice_of(settings),
        settings.default_timezone,
    )  # fmt: skip
    zone = macro_text.time_zone(customer.timezone, settings.default_timezone)
    amount = row.value if row.kind is promotions.DiscountKind.AMOUNT else 0
    facts = drafts.Facts(
        ActionKind.ISSUE_DISCOUNT, row.issued_by, row.order_reference or "", row.reason,
        code=row.code, amount_minor=amount, currency=row.currency or "",
        percent_bp=row.value if not amount else 0,
        expires=macro_text.local_day(row.expires_at, zone),
    )  # fmt: skip
    steps.send_code(ctx, row, facts)


def _order(session: Session, number: str | None) -> orders.Order | None:
    if not number:
        return None
    try:
        return session.get(orders.Order, orders.order_id_by_number(session, number))
    except NotFound:
        return None  # another shop's order reference


def _note(
    session: Session, row: promotions.DiscountCode, ticket: Ticket | None, what: str, now: datetime
) -> None:
    if ticket is None:
        return
    body = (
        f"Discount code {row.code} (requested by {row.issued_by}: {row.reason}) was {what} "
        f"on {row.decided_at or now:%Y-%m-%d %H:%M} UTC"
        + (f": {row.decision_note}" if row.decision_note else ".")
    )
    author = Author(actor=row.decided_by or "system:support", name=row.decided_by or "OpsDesk")
    tickets.add_staff_message(
        session, ticket.id, MessageCreate(body=body, internal=True), author=author, now=now
    )
