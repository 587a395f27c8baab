"""A ticket's stored history replayed through the SLA clock, and the instants the inbox
filters on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from opsdesk.support import sla
from opsdesk.support.models import Channel, Ticket, TicketEventKind, TicketHistoryEvent
from opsdesk.support.schemas import SlaState
from opsdesk.support.sla_status import clock_events, state_at, store

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday
OFFICE = sla.BusinessCalendar.office_hours("UTC")


def _row(n: int, kind: TicketEventKind, minutes: int, **data: Any) -> TicketHistoryEvent:
    return TicketHistoryEvent(
        id=n, ticket_id=1, kind=kind, at=T0 + timedelta(minutes=minutes), data=data
    )


def _ticket(priority: sla.Priority = sla.Priority.HIGH) -> Ticket:
    return Ticket(id=1, subject="s", channel=Channel.EMAIL, status=sla.TicketStatus.NEW,
                  priority=priority, created_at=T0, updated_at=T0)  # fmt: skip


def _clock(rows: list[TicketHistoryEvent], minutes: int) -> sla.TicketSla:
    events = clock_events(_ticket(), rows)
    return sla.compute_sla(events, sla.DEFAULT_POLICY, OFFICE, T0 + timedelta(minutes=minutes))


def test_history_rows_become_clock_events_and_notes_are_ignored() -> None:
    rows = [
        _row(1, TicketEventKind.CREATED, 0, priority="high"),
        _row(2, TicketEventKind.TAGS, 5, to=["vip"]),
        _row(4, TicketEventKind.AGENT_REPLY, 20, message_id=9),
        _row(3, TicketEventKind.STATUS, 20, to="pending_customer"),
        _row(5, TicketEventKind.PRIORITY, 30, to="urgent"),
    ]
    assert clock_events(_ticket(), rows) == [
        sla.TicketCreated(T0, sla.Priority.HIGH),
        sla.StatusChanged(T0 + timedelta(minutes=20), sla.TicketStatus.PENDING_CUSTOMER),
        sla.AgentReplied(T0 + timedelta(minutes=20)),
        sla.PriorityChanged(T0 + timedelta(minutes=30), sla.Priority.URGENT),
    ]


def test_a_reply_in_time_fulfils_first_response_and_pending_customer_pauses_resolution() -> None:
    rows = [
        _row(1, TicketEventKind.CREATED, 0, priority="high"),
        _row(2, TicketEventKind.AGENT_REPLY, 20),
        _row(3, TicketEventKind.STATUS, 20, to="pending_customer"),
    ]
    result = _clock(rows, 300)
    assert result.first_response.status is sla.SlaStatus.FULFILLED
    assert result.resolution.paused
    assert result.resolution.elapsed == timedelta(minutes=20)
    ticket = _ticket()
    store(ticket, sla.DEFAULT_POLICY, result)
    assert (ticket.sla_due_at, ticket.sla_breach_at, ticket.sla_paused) == (None, None, True)
    assert state_at(ticket, T0 + timedelta(days=3)) is SlaState.PAUSED


def test_stored_instants_tell_at_risk_and_breached_without_replaying() -> None:
    rows = [_row(1, TicketEventKind.CREATED, 0, priority="high")]
    ticket = _ticket()
    store(ticket, sla.DEFAULT_POLICY, _clock(rows, 1))
    # High: first response 1 h, at risk in its last quarter (from 09:45), due 10:00.
    assert ticket.sla_due_at == T0 + timedelta(hours=1)
    assert ticket.sla_at_risk_at == T0 + timedelta(minutes=45)
    assert ticket.sla_next_check_at == T0 + timedelta(minutes=45)
    assert state_at(ticket, T0 + timedelta(minutes=44)) is SlaState.ON_TRACK
    assert state_at(ticket, T0 + timedelta(minutes=50)) is SlaState.AT_RISK
    assert state_at(ticket, T0 + timedelta(minutes=60)) is SlaState.BREACHED


def test_a_breach_stays_a_breach_after_the_late_reply() -> None:
    rows = [
        _row(1, TicketEventKind.CREATED, 0, priority="high"),
        _row(2, TicketEventKind.AGENT_REPLY, 90),
    ]
    ticket = _ticket()
    store(ticket, sla.DEFAULT_POLICY, _clock(rows, 95))
    assert ticket.sla_status is sla.SlaStatus.BREACHED
    assert ticket.sla_breach_at == T0 + timedelta(hours=1)
    assert state_at(ticket, T0 + timedelta(minutes=95)) is SlaState.BREACHED
