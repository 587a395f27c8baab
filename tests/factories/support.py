"""Service desk test data: agents with availability, tickets, and raw e-mails."""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any

from sqlalchemy.orm import Session

from opsdesk import staff, support
from opsdesk.kernel.http import Role

AGENT = support.Author(actor="agent:Bea", name="Bea")
CUSTOMER_EMAIL = "ana.lima@example.com"


def make_agent(
    session: Session,
    name: str = "Bea",
    *,
    online: bool = True,
    capacity: int = 5,
    role: Role = Role.AGENT,
) -> int:
    user = staff.create_user(
        session, email=f"{name.lower().replace(' ', '.')}@desk.example", name=name, role=role
    )
    if role is not Role.OPERATIONS:
        support.set_availability(session, user.id, online=online, capacity=capacity)
    return user.id


def agent_token(session: Session, user_id: int, role: Role = Role.AGENT) -> dict[str, str]:
    _token, plain = staff.create_token(session, name=f"token-{user_id}", role=role, user_id=user_id)
    return {"Authorization": f"Bearer {plain}"}


def ticket_data(**overrides: Any) -> support.TicketCreate:
    values: dict[str, Any] = {
        "subject": "Where is my parcel?",
        "body": "Hello, my mug has not arrived yet. Could you check?",
        "channel": "email",
        "customer_email": CUSTOMER_EMAIL,
        "customer_name": "Ana Lima",
        "auto_assign": False,
    }
    return support.TicketCreate.model_validate(values | overrides)


def make_ticket(
    session: Session, *, now: datetime | None = None, author: support.Author | None = None,
    **overrides: Any,
) -> support.Ticket:  # fmt: skip
    customer = support.Author(actor=f"customer:{CUSTOMER_EMAIL}", email=CUSTOMER_EMAIL)
    return support.create_ticket(
        session, ticket_data(**overrides), author=author or customer, now=now
    )


def raw_email(
    *,
    subject: str = "Mug still not here",
    body: str = "Hello, my order has not arrived.",
    sender: str = "Ana Lima <ana.lima@example.com>",
    message_id: str = "<first.1@mail.example.com>",
    in_reply_to: str | None = None,
    references: str | None = None,
    html: str | None = None,
    attachment: tuple[str, str, bytes] | None = None,
    date: datetime | None = None,
) -> bytes:
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = "care@nordlicht.example"
    mail["Subject"] = subject
    mail["Message-ID"] = message_id
    if date is not None:
        mail["Date"] = format_datetime(date)
    if in_reply_to:
        mail["In-Reply-To"] = in_reply_to
    if references:
        mail["References"] = references
    if html is not None and not body:
        mail.set_content(html, subtype="html")
    else:
        mail.set_content(body)
        if html is not None:
            mail.add_alternative(html, subtype="html")
    if attachment is not None:
        filename, mime, data = attachment
        maintype, subtype = mime.split("/")
        mail.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return bytes(mail)
