"""The demo store's service desk: a team on business hours, agents, macros and tickets
about the store's own orders, in the customers' languages, with live SLA clocks."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import demo, staff, support
from opsdesk.demo import desk_texts
from opsdesk.demo.service_desk import TICKETS
from opsdesk.support.workspace import InboxQuery, InboxView, inbox
from tests.conftest import make_sqlite_engine

# A Thursday morning in Berlin: the team is at work, so SLA clocks are ticking.
NOW = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)


def _rows(conn: Connection, sql: str) -> list[Any]:
    return list(conn.execute(sa.text(sql)).all())


def _one(conn: Connection, sql: str) -> Any:
    return conn.execute(sa.text(sql)).scalar_one()


def test_the_demo_store_comes_with_a_staffed_desk_and_a_day_of_believable_work(
    engine: Engine,
) -> None:
    report = demo.generate_store(engine, demo.SIZES["tiny"], 11, NOW)

    with engine.connect() as conn:
        assert demo.store_problems(conn) == {}
        tickets = _one(conn, "SELECT count(*) FROM tickets")
        assert report.rows["tickets"] == tickets
        assert TICKETS["tiny"] * 0.75 <= tickets <= TICKETS["tiny"]
        assert _rows(conn, "SELECT name FROM support_teams") == [("Customer Care",)]
        agents = _one(conn, "SELECT count(*) FROM staff_users WHERE role = 'agent'")
        assert agents == 4
        assert _one(conn, "SELECT count(*) FROM agent_availability WHERE online") == 4
        assert _one(conn, "SELECT count(*) FROM support_macros") >= 3
        assert _rows(conn, "SELECT name FROM sla_policies ORDER BY name") == [
            ("chat",), ("default",)]  # fmt: skip
        statuses = dict(_rows(conn, "SELECT status, count(*) FROM tickets GROUP BY status"))
        assert {"new", "open", "pending_operations", "solved"} <= statuses.keys()
        channels = {c for (c,) in _rows(conn, "SELECT DISTINCT channel FROM tickets")}
        assert {"email", "web", "chat"} <= channels
        # Every ticket is the customer's own, about one of their orders, on the team's clock
        # and its channel's policy (chat's own, the default for the rest).
        assert (
            _one(
                conn,
                """SELECT count(*) FROM tickets t WHERE t.customer_id IS NULL
            OR t.team_id IS NULL
            OR t.sla_policy <> CASE WHEN t.channel = 'chat' THEN 'chat' ELSE 'default' END
            OR NOT EXISTS (SELECT 1 FROM ticket_order_links l WHERE l.ticket_id = t.id)""",
            )
            == 0
        )
        # Ratings belong to solved tickets; the desk's past sends no mail on start.
        assert (
            _one(
                conn,
                """SELECT count(*) FROM csat_responses c JOIN tickets t
            ON t.id = c.ticket_id WHERE t.status <> 'solved'""",
            )
            == 0
        )
        assert _one(conn, "SELECT count(*) FROM csat_responses") > 0
        assert (
            _one(
                conn,
                """SELECT count(*) FROM ticket_messages
            WHERE outbound_status = 'queued'""",
            )
            == 0
        )
        assert _one(conn, "SELECT count(*) FROM outbox_events WHERE processed_at IS NULL") == 0
        unassigned = _rows(conn, "SELECT status FROM tickets WHERE assignee_id IS NULL")
        assert unassigned
        assert {s for (s,) in unassigned} == {"new"}
        per_agent = _rows(
            conn,
            """SELECT count(*) FROM tickets WHERE assignee_id IS NOT NULL
            GROUP BY assignee_id""",
        )
        assert len(per_agent) == 4
        assert max(per_agent)[0] - min(per_agent)[0] <= 2, "round-robin spreads the work"


def test_customers_write_in_their_own_language_about_their_own_orders(engine: Engine) -> None:
    demo.generate_store(engine, demo.SIZES["tiny"], 12, NOW)

    with engine.connect() as conn:
        first = _rows(
            conn,
            """SELECT t.reason, c.locale, c.first_name, o.number, m.body_text
            FROM tickets t JOIN customers c ON c.id = t.customer_id
            JOIN ticket_order_links l ON l.ticket_id = t.id JOIN orders o ON o.id = l.order_id
            JOIN ticket_messages m ON m.ticket_id = t.id
            WHERE m.id = (SELECT min(id) FROM ticket_messages WHERE ticket_id = t.id)""",
        )
    languages = Counter(desk_texts.language_of(locale) for _, locale, *_ in first)
    assert len(languages) >= 4
    for kind, locale, first_name, number, body in first:
        written = [b for _s, b in desk_texts.CUSTOMER[kind][desk_texts.language_of(locale)]]
        assert number in body
        template = next((b for b in written if body.startswith(b.split("{")[0])), None)
        assert template is not None, (locale, body)
        assert "{name}" not in template or first_name in body


def test_the_inbox_now_has_new_work_at_risk_breached_and_waiting_on_operations(
    engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    demo.generate_store(engine, demo.SIZES["tiny"], 13, NOW)

    with session_factory() as session:

        def listed(view: InboxView) -> list[support.TicketSummary]:
            return inbox(session, InboxQuery(view=view), me=None, now=NOW)[0]

        at_risk = listed(InboxView.AT_RISK)
        breached = listed(InboxView.BREACHED)
        assert at_risk
        assert breached
        assert listed(InboxView.UNASSIGNED)
        assert listed(InboxView.PENDING_OPERATIONS)
        assert {t.sla_state for t in at_risk} == {support.SlaState.AT_RISK}
        assert all(t.sla_due_at and t.sla_due_at > NOW for t in at_risk)
        complaint = next(t for t in breached if t.priority is support.sla.Priority.URGENT)
        read = support.read_ticket(session, complaint.id, now=NOW)
    assert read.sla.first_response.status.value == "breached"
    assert read.sla.calendar_timezone == "Europe/Berlin"
    assert "complaint" in read.tags


def _snapshot(engine: Engine) -> list[Any]:
    """The desk as typed values (the column types even out how each backend stores them)."""
    ticket, message, agent = support.Ticket, support.TicketMessage, staff.StaffUser
    with Session(engine) as session:
        tickets = session.execute(
            sa.select(ticket.id, ticket.subject, ticket.status, ticket.priority, ticket.channel,
                      ticket.customer_id, agent.name, ticket.created_at, ticket.sla_due_at,
                      ticket.reason)
            .outerjoin(agent, agent.id == ticket.assignee_id).order_by(ticket.id)
        ).all()  # fmt: skip
        messages = session.execute(
            sa.select(message.ticket_id, message.author_kind, message.body_text,
                      message.created_at).order_by(message.id)
        ).all()  # fmt: skip
        ratings = session.execute(
            sa.text("SELECT ticket_id, score, comment FROM csat_responses ORDER BY id")
        ).all()
    return [tickets, messages, ratings]


def test_the_same_seed_and_moment_give_the_same_desk_on_any_backend(
    engine: Engine, sqlite_template: Path, tmp_path: Path
) -> None:
    twin_dir = tmp_path / "twin"
    twin_dir.mkdir()
    twin = make_sqlite_engine(sqlite_template, twin_dir)
    other_dir = tmp_path / "other"
    other_dir.mkdir()
    other = make_sqlite_engine(sqlite_template, other_dir)
    try:
        demo.generate_store(engine, demo.SIZES["tiny"], 21, NOW)
        demo.generate_store(twin, demo.SIZES["tiny"], 21, NOW)
        demo.generate_store(other, demo.SIZES["tiny"], 22, NOW)
        assert _snapshot(engine) == _snapshot(twin)
        assert _snapshot(engine)[0] != _snapshot(other)[0]
    finally:
        twin.dispose()
        other.dispose()
