"""The bulk desk of big demo stores: solved tickets written in bulk read back exactly as
the support services would have stored them."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from opsdesk import demo, orders, support
from opsdesk.demo.bulk_tickets import TICKETS_PER_ORDER
from opsdesk.support import sla_status
from tests.factories.support import make_ticket

NOW = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)
# The tiny store's data under a bulk size's name: the bulk path runs, in seconds.
TINY_AS_MEDIUM = dataclasses.replace(demo.SIZES["tiny"], name="medium")
SLA_FIELDS = ("sla_policy", "sla_status", "sla_due_at", "sla_at_risk_at", "sla_breach_at",
              "sla_paused", "sla_next_check_at")  # fmt: skip


def _bulk_tickets(session: Session) -> list[support.Ticket]:
    played = sa.select(sa.func.min(support.TicketMessage.ticket_id)).where(
        support.TicketMessage.email_message_id.like("%bulk@%")
    )
    first = session.scalar(played)
    assert first is not None
    return list(session.scalars(sa.select(support.Ticket).where(support.Ticket.id >= first)))


def test_a_bulk_size_gets_solved_tickets_in_proportion_to_its_orders(engine: Engine) -> None:
    report = demo.generate_store(engine, TINY_AS_MEDIUM, 5, NOW)

    with Session(engine) as session:
        bulk = _bulk_tickets(session)
        orders = session.scalar(sa.select(sa.func.count()).select_from(sa.table("orders")))
    assert orders
    assert len(bulk) >= 0.8 * TICKETS_PER_ORDER["medium"] * orders  # most orders are delivered
    assert report.rows["tickets"] >= len(bulk)
    assert {t.status for t in bulk} == {support.sla.TicketStatus.SOLVED}
    for ticket in bulk[:50]:
        assert ticket.created_at < ticket.first_response_at <= ticket.solved_at < NOW  # type: ignore[operator]


def test_bulk_tickets_carry_the_sla_fields_the_services_would_compute(engine: Engine) -> None:
    demo.generate_store(engine, TINY_AS_MEDIUM, 5, NOW)

    with Session(engine) as session:
        for ticket in _bulk_tickets(session)[:60]:
            stored = {name: getattr(ticket, name) for name in SLA_FIELDS}
            sla_status.refresh(session, ticket, NOW)  # replays the stored history
            assert {name: getattr(ticket, name) for name in SLA_FIELDS} == stored
            messages = session.scalars(
                sa.select(support.TicketMessage.author_kind)
                .where(support.TicketMessage.ticket_id == ticket.id)
                .order_by(support.TicketMessage.id)
            ).all()
            assert [m.value for m in messages] == ["customer", "agent", "agent"]
        session.rollback()


def test_small_sizes_get_no_bulk_desk(engine: Engine) -> None:
    demo.generate_store(engine, demo.SIZES["tiny"], 5, NOW)

    with Session(engine) as session:
        bulk = session.scalar(
            sa.select(sa.func.count()).where(support.TicketMessage.email_message_id.like("%bulk@%"))
        )
    assert bulk == 0


def _index_names(engine: Engine) -> set[str]:
    tables = ("tickets", "ticket_messages", "ticket_events", "ticket_order_links")
    return {
        index["name"] or "" for table in tables for index in sa.inspect(engine).get_indexes(table)
    }


def test_the_bulk_load_leaves_every_index_of_the_desk_tables_in_place(engine: Engine) -> None:
    # PostgreSQL drops the secondary and full-text indexes for the load and rebuilds them.
    before = _index_names(engine)

    demo.generate_store(engine, TINY_AS_MEDIUM, 5, NOW)

    assert _index_names(engine) == before
    if engine.dialect.name == "postgresql":
        assert {"ix_tickets_subject_fts", "ix_ticket_messages_body_fts"} <= before


def test_bulk_tickets_are_found_by_full_text_search(engine: Engine) -> None:
    demo.generate_store(engine, TINY_AS_MEDIUM, 5, NOW)

    with Session(engine) as session:
        ticket = _bulk_tickets(session)[7]
        link = support.TicketOrderLink
        number = session.scalar(
            sa.select(orders.Order.number)
            .join(link, link.order_id == orders.Order.id)
            .where(link.ticket_id == ticket.id)
        )
        assert number
        assert number in ticket.subject
        found = set(session.scalars(support.search.matching_ticket_ids(session, number)))
    assert ticket.id in found


def test_tickets_opened_after_a_bulk_seed_get_fresh_ids(engine: Engine) -> None:
    demo.generate_store(engine, TINY_AS_MEDIUM, 5, NOW)

    with Session(engine) as session, session.begin():
        highest = {
            table: session.scalar(sa.text(f"SELECT max(id) FROM {table}"))
            for table in ("tickets", "ticket_messages", "ticket_events")
        }
        ticket = make_ticket(session, now=NOW)
        session.flush()
        ticket_id = ticket.id
        message_ids = session.scalars(
            sa.select(support.TicketMessage.id).where(support.TicketMessage.ticket_id == ticket_id)
        ).all()
        event_ids = session.scalars(
            sa.select(support.TicketHistoryEvent.id).where(
                support.TicketHistoryEvent.ticket_id == ticket_id
            )
        ).all()
    assert ticket_id == highest["tickets"] + 1
    assert message_ids
    assert min(message_ids) > highest["ticket_messages"]
    assert event_ids
    assert min(event_ids) > highest["ticket_events"]
