"""Events of ticket actions, operations' answers and CSAT (past tense, ids and values)."""

from __future__ import annotations

from opsdesk.kernel.events import DomainEvent


class _TicketEvent(DomainEvent):
    aggregate_type = "ticket"
    ticket_id: int

    def aggregate_id(self) -> str:
        return str(self.ticket_id)


class TicketActionPerformed(_TicketEvent):
    """An agent acted on an order from the ticket (the order's own events say what)."""

    name = "TicketActionPerformed"
    action: str
    order_id: int | None
    note_id: int
    actor: str


class OperationsReplied(_TicketEvent):
    """Operations answered a ticket that waited on them; it is back with its assignee
    (``assignee_id``), who should be told."""

    name = "OperationsReplied"
    message_id: int
    assignee_id: int | None
    actor: str


class CsatReceived(_TicketEvent):
    """A customer rated a solved ticket (``revised``: they changed an earlier answer)."""

    name = "CsatReceived"
    response_id: int
    score: int
    has_comment: bool
    customer_id: int | None
    assignee_id: int | None
    team_id: int | None
    revised: bool
