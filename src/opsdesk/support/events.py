"""Events the service desk records in the outbox (past tense, ids and values only)."""

from __future__ import annotations

from datetime import datetime

from opsdesk.kernel.events import DomainEvent


class _TicketEvent(DomainEvent):
    aggregate_type = "ticket"
    ticket_id: int

    def aggregate_id(self) -> str:
        return str(self.ticket_id)


class TicketCreated(_TicketEvent):
    name = "TicketCreated"
    channel: str
    priority: str
    customer_id: int | None


class TicketReplied(_TicketEvent):
    """An agent answered the customer; the worker e-mails the reply after commit."""

    name = "TicketReplied"
    message_id: int


class CustomerReplied(_TicketEvent):
    name = "CustomerReplied"
    message_id: int


class TicketStatusChanged(_TicketEvent):
    name = "TicketStatusChanged"
    previous: str
    status: str
    actor: str


class TicketAssigned(_TicketEvent):
    name = "TicketAssigned"
    assignee_id: int | None
    previous_assignee_id: int | None
    actor: str


class TicketSlaChanged(_TicketEvent):
    """A ticket's SLA moved to at risk or breached as time passed (a warning to act on)."""

    name = "TicketSlaChanged"
    status: str
    previous: str | None
    due_at: datetime | None
