"""Ticket services against SQLite and PostgreSQL: intake with automatic linking, replies,
changes with their history, and the inbox list."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import support
from opsdesk.kernel.errors import IllegalTransition, InvalidInput
from opsdesk.kernel.events import OutboxEvent
from opsdesk.kernel.http import Role
from opsdesk.support.models import OutboundStatus, TicketHistoryEvent
from opsdesk.support.sla import TicketStatus
from tests.factories.orders import make_shop, place
from tests.factories.support import AGENT, make_agent, make_ticket

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_an_email_ticket_links_the_customer_and_the_orders_they_name(
    session: Session,
) -> None:
    make_shop(session)
    own = place(session)
    other = place(session, customer={"email": "bo@example.com", "first_name": "Bo"})
    ticket = make_ticket(
        session,
        subject=f"Order {own.number}",
        body=f"Also, what about {other.number}? Thanks",
    )
    view = support.read_ticket(session, ticket.id)
    assert view.customer is not None
    assert view.customer.email == "ana.lima@example.com"
    assert view.customer_id == own.customer_id
    assert [(o.number, o.automatic, o.status) for o in view.orders] == [
        (own.number, True, "allocated")
    ]
    notes = [m.body_text for m in view.messages if m.author_kind == "system"]
    assert len(notes) == 1
    assert other.number in notes[0]
    assert view.status is TicketStatus.NEW
    assert view.reference == f"T-{ticket.id}"


def test_an_agent_reply_opens_the_ticket_and_is_queued_for_email_with_thread_headers(
    session: Session,
) -> None:
    agent = make_agent(session)
    ticket = make_ticket(session, now=T0)
    reply = support.add_staff_message(
        session,
        ticket.id,
        support.MessageCreate(body="It is on its way.", status="pending_customer"),
        author=support.Author(actor="agent:Bea", staff_id=agent, name="Bea"),
        mail_domain="nordlicht.example",
        now=T0 + timedelta(minutes=10),
    )
    assert reply.outbound_status is OutboundStatus.QUEUED
    assert reply.email_message_id is not None
    assert reply.email_message_id.endswith("@nordlicht.example>")
    assert (reply.in_reply_to, reply.references) == (None, [])  # the ticket came by API
    session.refresh(ticket)
    assert ticket.status is TicketStatus.PENDING_CUSTOMER
    assert ticket.first_response_at == T0 + timedelta(minutes=10)
    replied = session.scalars(
        sa.select(OutboxEvent.payload).where(OutboxEvent.name == "TicketReplied")
    ).all()
    assert replied == [{"ticket_id": ticket.id, "message_id": reply.id}]


def test_an_internal_note_changes_nothing_the_customer_or_the_clock_sees(
    session: Session,
) -> None:
    ticket = make_ticket(session, now=T0)
    note = support.add_staff_message(
        session, ticket.id, support.MessageCreate(body="Warehouse asked.", internal=True),
        author=AGENT, now=T0 + timedelta(minutes=5),
    )  # fmt: skip
    assert note.outbound_status is None
    assert note.email_message_id is None
    assert ticket.status is TicketStatus.NEW
    assert ticket.first_response_at is None
    view = support.read_ticket(session, ticket.id, include_internal=False, now=T0)
    assert [m.author_kind for m in view.messages] == ["customer"]


def test_an_illegal_status_change_is_refused_and_leaves_the_ticket_as_it_was(
    session: Session,
) -> None:
    ticket = make_ticket(session, now=T0)
    support.update_ticket(
        session, ticket.id, support.TicketUpdate(status="closed"), author=AGENT,
        now=T0 + timedelta(minutes=1),
    )  # fmt: skip
    with pytest.raises(IllegalTransition):
        support.update_ticket(
            session, ticket.id, support.TicketUpdate(status="open", priority="urgent"),
            author=AGENT,
        )  # fmt: skip
    assert (ticket.status, ticket.priority.value) == (TicketStatus.CLOSED, "medium")


def test_changes_are_written_to_the_history_and_tags_are_filterable(session: Session) -> None:
    agent = make_agent(session)
    ticket = make_ticket(session, now=T0)
    support.update_ticket(
        session,
        ticket.id,
        support.TicketUpdate(
            priority="high", assignee_id=agent, tags=["Late", "vip"], reason="wismo"
        ),
        author=AGENT,
        now=T0 + timedelta(minutes=3),
    )
    kinds = session.scalars(
        sa.select(TicketHistoryEvent.kind).where(TicketHistoryEvent.ticket_id == ticket.id)
        .order_by(TicketHistoryEvent.id)
    ).all()  # fmt: skip
    assert [k.value for k in kinds] == ["created", "priority", "assignee", "tags", "reason"]
    items, _ = support.list_tickets(session, support.TicketFilter(tag="late"))
    assert [t.id for t in items] == [ticket.id]
    assert items[0].tags == ["late", "vip"]
    assert items[0].assignee_id == agent
    with pytest.raises(InvalidInput):
        support.update_ticket(session, ticket.id, support.TicketUpdate(team_id=999), author=AGENT)


def test_the_inbox_pages_through_every_ticket_once_newest_first(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory() as s, s.begin():
        ids = [make_ticket(s, now=T0 + timedelta(minutes=i)).id for i in range(7)]
    seen: list[int] = []
    cursor = None
    with session_factory() as s:
        while True:
            items, cursor = support.list_tickets(s, support.TicketFilter(), cursor=cursor, limit=3)
            seen.extend(t.id for t in items)
            if cursor is None:
                break
    assert seen == ids[::-1]


def test_sla_filters_find_at_risk_and_breached_tickets_at_the_moment_asked(
    session: Session,
) -> None:
    now = T0 + timedelta(minutes=50)
    at_risk = make_ticket(session, priority="high", now=T0)  # 1 h first response, due 10:00
    breached = make_ticket(session, priority="urgent", now=T0)  # 30 min, due 09:30
    make_ticket(session, priority="low", now=T0)  # 24 h
    found = {
        f: [t.id for t in support.list_tickets(session, support.TicketFilter(sla=f), now=now)[0]]
        for f in support.SlaFilter
    }
    assert found == {"at_risk": [at_risk.id], "breached": [breached.id]}
    by_due, _ = support.list_tickets(
        session, support.TicketFilter(), sort=support.Sort.SLA_DUE, now=now
    )
    assert [t.id for t in by_due][:2] == [breached.id, at_risk.id]
    assert by_due[0].sla_state == "breached"


class StatementCounter:
    """Counts the SQL statements an engine runs while active."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.count = 0

    def _seen(self, *_args: object) -> None:
        self.count += 1

    def __enter__(self) -> StatementCounter:
        sa.event.listen(self.engine, "before_cursor_execute", self._seen)
        return self

    def __exit__(self, *_exc: object) -> None:
        sa.event.remove(self.engine, "before_cursor_execute", self._seen)


def test_the_inbox_page_and_the_ticket_view_take_a_fixed_number_of_queries(
    engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    with session_factory() as s, s.begin():
        make_shop(s, mugs=40)
        numbers = [place(s).number for _ in range(3)]
        support.create_team(s, "Care", support.sla.BusinessCalendar.always_open())
        ids = [
            make_ticket(s, body=f"About {' and '.join(numbers)}", tags=["late"], now=T0).id
            for _ in range(25)
        ]
        for ticket_id in ids[:5]:
            for n in range(4):
                support.add_customer_message(s, ticket_id, body=f"More {n}", author=AGENT)
    with session_factory() as s:
        s.connection()  # the transaction's BEGIN is not the page's work
        with StatementCounter(engine) as page:
            items, _ = support.list_tickets(s, support.TicketFilter(tag="late"), limit=20)
        with StatementCounter(engine) as view:
            ticket = support.read_ticket(s, ids[0])
    assert len(items) == 20
    assert len(ticket.orders) == 3
    assert len(ticket.messages) == 5
    assert page.count == 1
    assert view.count <= 7


def test_whoever_solves_an_unassigned_ticket_takes_it(session: Session) -> None:
    bea = make_agent(session)
    ops = make_agent(session, "Olaf Ops", role=Role.OPERATIONS)
    by_reply, by_status, by_ops = (make_ticket(session, now=T0) for _ in range(3))
    support.add_staff_message(
        session, by_reply.id, support.MessageCreate(body="Refunded.", status="solved"),
        author=support.Author(actor="agent:Bea", staff_id=bea, name="Bea"),
        mail_domain="nordlicht.example", now=T0 + timedelta(minutes=5),
    )  # fmt: skip
    support.update_ticket(
        session, by_status.id, support.TicketUpdate(status="solved"),
        author=support.Author(actor="agent:Bea", staff_id=bea, name="Bea"),
        now=T0 + timedelta(minutes=6),
    )  # fmt: skip
    support.update_ticket(
        session, by_ops.id, support.TicketUpdate(status="solved"),
        author=support.Author(actor="operations:Olaf", staff_id=ops, name="Olaf"),
        now=T0 + timedelta(minutes=7),
    )  # fmt: skip
    session.flush()
    assert (by_reply.assignee_id, by_status.assignee_id) == (bea, bea)
    assert by_ops.assignee_id is None  # operations staff do not work tickets
    kinds = session.scalars(
        sa.select(TicketHistoryEvent.kind).where(TicketHistoryEvent.ticket_id == by_status.id)
    ).all()
    assert "assignee" in {k.value for k in kinds}  # the claim is on the ticket's history
