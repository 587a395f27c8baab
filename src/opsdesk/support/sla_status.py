"""SLA status of tickets: the pure clock (``support.sla``) fed from stored history.

After every change of a ticket its clocks are replayed and the instants the inbox
filters on are written back (``sla_due_at``, ``sla_at_risk_at``, ``sla_breach_at``), so
``?sla=at_risk|breached`` is an indexed comparison with now. A scheduled job revisits
tickets whose status changes with time alone and records a warning event.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from opsdesk import customers
from opsdesk.kernel import events as outbox
from opsdesk.kernel.db import utcnow
from opsdesk.kernel.errors import AlreadyExists, InvalidInput
from opsdesk.support import sla
from opsdesk.support.events import TicketSlaChanged
from opsdesk.support.models import (
    SlaPolicyRecord,
    Team,
    Ticket,
    TicketEventKind,
    TicketHistoryEvent,
)
from opsdesk.support.schemas import SlaClockRead, SlaRead, SlaState

NO_TEAM_CALENDAR = sla.BusinessCalendar.always_open("UTC")
"""Tickets without a team count every hour: no business hours were agreed for them."""

REFRESH_BATCH = 500

_RANK = {
    sla.SlaStatus.FULFILLED: 0,
    sla.SlaStatus.ON_TRACK: 1,
    sla.SlaStatus.AT_RISK: 2,
    sla.SlaStatus.BREACHED: 3,
}


# -- configuration: teams and policies --------------------------------------------------


def create_team(session: Session, name: str, calendar: sla.BusinessCalendar) -> Team:
    if session.scalar(sa.select(Team.id).where(Team.name == name)) is not None:
        raise AlreadyExists(f"a team named {name} exists", details={"field": "name"})
    team = Team(name=name, calendar=sla.calendar_to_spec(calendar))
    session.add(team)
    session.flush()
    return team


def ensure_team(session: Session, name: str, calendar: sla.BusinessCalendar) -> Team:
    """The team called ``name``, created on ``calendar`` when there is none yet (a team
    that exists keeps its own calendar). Two transactions creating it at once end with one."""
    query = sa.select(Team).where(Team.name == name)
    team = session.scalar(query)
    if team is not None:
        return team
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    values = {"name": name, "calendar": sla.calendar_to_spec(calendar), "created_at": utcnow()}
    session.execute(insert(Team).values(**values).on_conflict_do_nothing())
    return session.scalars(query).one()


def team_calendar(session: Session, team_id: int | None) -> sla.BusinessCalendar:
    """The calendar the SLA clocks of a ticket in ``team_id`` count business time by."""
    if team_id is None:
        return NO_TEAM_CALENDAR
    calendar: sla.BusinessCalendar = load_calendars(session, [team_id]).get(
        team_id, NO_TEAM_CALENDAR
    )
    return calendar


def save_policy(session: Session, policy: sla.SlaPolicy, *, position: int = 0) -> SlaPolicyRecord:
    """Store (or replace, by name) an SLA policy."""
    record = session.scalar(sa.select(SlaPolicyRecord).where(SlaPolicyRecord.name == policy.name))
    if record is None:
        record = SlaPolicyRecord(name=policy.name)
        session.add(record)
    record.position = position
    record.targets = {
        p.value: {
            "first_response_minutes": int(t.first_response.total_seconds() // 60),
            "resolution_minutes": int(t.resolution.total_seconds() // 60),
        }
        for p, t in policy.targets.items()
    }
    record.channels = sorted(policy.channels)
    record.customer_tags = sorted(policy.customer_tags)
    record.priorities = sorted(p.value for p in policy.priorities)
    record.pause_on_pending_operations = policy.pause_on_pending_operations
    record.at_risk_fraction = policy.at_risk.fraction
    record.at_risk_margin_minutes = int(policy.at_risk.margin.total_seconds() // 60)
    record.active = True
    session.flush()
    return record


def seed_default_policy(session: Session) -> SlaPolicyRecord:
    """The built-in policies (``sla.BUILT_IN_POLICIES``: the issue's default targets, and
    chat's) as editable policies, each unless one of its name exists already. Returns the
    default one."""
    records = {}
    for policy in sla.BUILT_IN_POLICIES:
        existing = session.scalar(
            sa.select(SlaPolicyRecord).where(SlaPolicyRecord.name == policy.name)
        )
        records[policy.name] = existing or save_policy(session, policy, position=1000)
    return records[sla.DEFAULT_POLICY.name]


def _policy(record: SlaPolicyRecord) -> sla.SlaPolicy:
    try:
        targets = {
            sla.Priority(p): sla.SlaTargets(
                timedelta(minutes=v["first_response_minutes"]),
                timedelta(minutes=v["resolution_minutes"]),
            )
            for p, v in record.targets.items()
        }
        return sla.SlaPolicy(
            name=record.name,
            targets=targets,
            channels=frozenset(record.channels),
            customer_tags=frozenset(record.customer_tags),
            priorities=frozenset(sla.Priority(p) for p in record.priorities),
            pause_on_pending_operations=record.pause_on_pending_operations,
            at_risk=sla.AtRiskRule(
                record.at_risk_fraction, timedelta(minutes=record.at_risk_margin_minutes)
            ),
        )
    except (KeyError, ValueError, TypeError) as exc:
        raise InvalidInput(f"SLA policy {record.name} is malformed: {exc}") from exc


def load_policies(session: Session) -> list[sla.SlaPolicy]:
    records = session.scalars(
        sa.select(SlaPolicyRecord)
        .where(SlaPolicyRecord.active.is_(True))
        .order_by(SlaPolicyRecord.position, SlaPolicyRecord.id)
    )
    return [_policy(record) for record in records]


def load_calendars(session: Session, team_ids: Iterable[int | None]) -> dict[int, Any]:
    ids = {team_id for team_id in team_ids if team_id is not None}
    if not ids:
        return {}
    rows = session.execute(sa.select(Team.id, Team.calendar).where(Team.id.in_(ids)))
    return {row.id: _calendar(json.dumps(row.calendar, sort_keys=True)) for row in rows}


@lru_cache(maxsize=128)
def _calendar(spec: str) -> sla.BusinessCalendar:
    """A team's calendar, parsed once per distinct stored spec (calendars are immutable
    values; the spec in the row stays the source of truth)."""
    return sla.calendar_from_spec(json.loads(spec))


# -- replaying a ticket -----------------------------------------------------------------


def clock_events(ticket: Ticket, history: Sequence[TicketHistoryEvent]) -> list[sla.TicketEvent]:
    """The clock's view of a ticket's history, in time order."""
    replay: list[sla.TicketEvent] = []
    for row in sorted(history, key=lambda r: (r.at, r.id)):
        if row.kind is TicketEventKind.CREATED:
            replay.append(sla.TicketCreated(row.at, sla.Priority(row.data["priority"])))
        elif row.kind is TicketEventKind.STATUS:
            replay.append(sla.StatusChanged(row.at, sla.TicketStatus(row.data["to"])))
        elif row.kind is TicketEventKind.PRIORITY:
            replay.append(sla.PriorityChanged(row.at, sla.Priority(row.data["to"])))
        elif row.kind is TicketEventKind.AGENT_REPLY and not (row.data or {}).get("automated"):
            replay.append(sla.AgentReplied(row.at))  # OpsDesk's own notices answer nobody
    if not replay:
        replay.append(sla.TicketCreated(ticket.created_at, ticket.priority))
    return replay


def _customer_tags(session: Session, ids: Sequence[int | None]) -> dict[int, frozenset[str]]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = session.execute(
        sa.select(customers.Customer.id, customers.Customer.tags).where(
            customers.Customer.id.in_(wanted)
        )
    )
    return {int(row.id): frozenset(row.tags or ()) for row in rows}


class SlaContext:
    """What computing many tickets' clocks shares: policies, calendars, customer tags."""

    def __init__(
        self,
        session: Session,
        tickets: Sequence[Ticket],
        *,
        customer_tags: dict[int, frozenset[str]] | None = None,
    ) -> None:
        """``customer_tags``: the tickets' customers' tags when the caller has read them."""
        self.policies = load_policies(session)
        self.calendars = load_calendars(session, (t.team_id for t in tickets))
        known = customer_tags or {}
        missing = [t.customer_id for t in tickets if t.customer_id not in known]
        self.tags = {**known, **_customer_tags(session, missing)}

    def policy_for(self, ticket: Ticket) -> sla.SlaPolicy:
        facts = sla.TicketFacts(
            priority=ticket.priority,
            channel=ticket.channel.value,
            customer_tags=self.tags.get(ticket.customer_id or 0, frozenset()),
        )
        return sla.select_policy(self.policies, facts)

    def calendar_for(self, ticket: Ticket) -> sla.BusinessCalendar:
        if ticket.team_id is None:
            return NO_TEAM_CALENDAR
        calendar: sla.BusinessCalendar = self.calendars.get(ticket.team_id, NO_TEAM_CALENDAR)
        return calendar


def history_of(session: Session, ticket_ids: Sequence[int]) -> dict[int, list[TicketHistoryEvent]]:
    kinds = (
        TicketEventKind.CREATED,
        TicketEventKind.STATUS,
        TicketEventKind.PRIORITY,
        TicketEventKind.AGENT_REPLY,
    )
    grouped: dict[int, list[TicketHistoryEvent]] = {tid: [] for tid in ticket_ids}
    rows = session.scalars(
        sa.select(TicketHistoryEvent)
        .where(TicketHistoryEvent.ticket_id.in_(ticket_ids), TicketHistoryEvent.kind.in_(kinds))
        .order_by(TicketHistoryEvent.ticket_id, TicketHistoryEvent.id)
    )
    for row in rows:
        grouped[row.ticket_id].append(row)
    return grouped


def compute(
    ticket: Ticket, history: Sequence[TicketHistoryEvent], context: SlaContext, now: datetime
) -> tuple[sla.SlaPolicy, sla.TicketSla]:
    policy = context.policy_for(ticket)
    replay = clock_events(ticket, history)
    moment = max(now, replay[0].at)
    return policy, sla.compute_sla(replay, policy, context.calendar_for(ticket), moment)


def ticket_sla(
    session: Session, ticket: Ticket, now: datetime
) -> tuple[sla.SlaPolicy, sla.TicketSla]:
    history = history_of(session, [ticket.id])[ticket.id]
    return compute(ticket, history, SlaContext(session, [ticket]), now)


# -- writing back what the inbox filters on ---------------------------------------------


def _running(clock: sla.MetricClock) -> bool:
    return clock.fulfilled_at is None and not clock.paused


def worst_status(result: sla.TicketSla) -> sla.SlaStatus:
    return max((result.first_response.status, result.resolution.status), key=_RANK.__getitem__)


class StoredSla(Protocol):
    """The SLA instants stored on a ticket (an entity or a plain row of its columns)."""

    sla_status: sla.SlaStatus | None
    sla_breach_at: datetime | None
    sla_at_risk_at: datetime | None
    sla_due_at: datetime | None
    sla_paused: bool


class SlaRecord(StoredSla, Protocol):
    """Everything ``store`` writes: a ticket entity, or a row being built in bulk."""

    sla_policy: str
    sla_next_check_at: datetime | None


def store(ticket: SlaRecord, policy: sla.SlaPolicy, result: sla.TicketSla) -> sla.SlaStatus | None:
    """Write the clock's instants onto the ticket; returns the previous stored status."""
    clocks = (result.first_response, result.resolution)
    running = [c for c in clocks if _running(c)]
    breach_candidates = [
        c.due_at
        for c in clocks
        if c.due_at is not None and (c.status is sla.SlaStatus.BREACHED or _running(c))
    ]
    previous = ticket.sla_status
    ticket.sla_policy = policy.name
    ticket.sla_status = worst_status(result)
    ticket.sla_due_at = min((c.due_at for c in running if c.due_at), default=None)
    ticket.sla_at_risk_at = min(
        (
            c.at_risk_from
            for c in running
            if c.at_risk_from and c.status is not sla.SlaStatus.BREACHED
        ),
        default=None,
    )
    ticket.sla_breach_at = min(breach_candidates, default=None)
    ticket.sla_paused = any(c.paused for c in clocks)
    ticket.sla_next_check_at = result.next_status_change()
    return previous


def refresh(session: Session, ticket: Ticket, now: datetime) -> sla.TicketSla:
    """Recompute and store a ticket's SLA after a change to it."""
    policy, result = ticket_sla(session, ticket, now)
    store(ticket, policy, result)
    return result


def state_at(ticket: StoredSla, now: datetime) -> SlaState | None:
    """The inbox's SLA word for a ticket from its stored instants, exact at ``now``."""
    if ticket.sla_status is None:
        return None
    if ticket.sla_breach_at is not None and ticket.sla_breach_at <= now:
        return SlaState.BREACHED
    if ticket.sla_at_risk_at is not None and ticket.sla_at_risk_at <= now:
        return SlaState.AT_RISK
    if ticket.sla_due_at is not None:
        return SlaState.ON_TRACK
    return SlaState.PAUSED if ticket.sla_paused else SlaState.FULFILLED


def refresh_due(session: Session, now: datetime, *, batch: int = REFRESH_BATCH) -> int:
    """The scheduled job: tickets whose SLA status changed with time get it stored and a
    ``TicketSlaChanged`` warning event. Returns how many tickets were revisited."""
    tickets = list(
        session.scalars(
            sa.select(Ticket)
            .where(Ticket.sla_next_check_at <= now)
            .order_by(Ticket.sla_next_check_at, Ticket.id)
            .limit(batch)
        )
    )
    if not tickets:
        return 0
    context = SlaContext(session, tickets)
    histories = history_of(session, [t.id for t in tickets])
    for ticket in tickets:
        policy, result = compute(ticket, histories[ticket.id], context, now)
        previous = store(ticket, policy, result)
        if ticket.sla_status is not previous and ticket.sla_status in (
            sla.SlaStatus.AT_RISK,
            sla.SlaStatus.BREACHED,
        ):
            warning = TicketSlaChanged(
                ticket_id=ticket.id,
                status=ticket.sla_status.value,
                previous=previous.value if previous else None,
                due_at=ticket.sla_breach_at or ticket.sla_due_at,
            )
            outbox.record(session, warning, now=now)
    session.flush()
    return len(tickets)


def _clock_read(clock: sla.MetricClock) -> SlaClockRead:
    return SlaClockRead(
        status=clock.status,
        target_seconds=int(clock.target.total_seconds()),
        elapsed_seconds=int(clock.elapsed.total_seconds()),
        remaining_seconds=int(clock.remaining.total_seconds()),
        due_at=clock.due_at,
        at_risk_from=clock.at_risk_from,
        fulfilled_at=clock.fulfilled_at,
        paused=clock.paused,
    )


def sla_read(policy: sla.SlaPolicy, calendar_tz: str, result: sla.TicketSla) -> SlaRead:
    return SlaRead(
        policy=policy.name,
        calendar_timezone=calendar_tz,
        first_response=_clock_read(result.first_response),
        resolution=_clock_read(result.resolution),
    )
