"""SLA status of stored tickets: team calendars, policies from the database, the
refresh job's warnings, and the breach report."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import support
from opsdesk.kernel.events import OutboxEvent
from opsdesk.support import sla
from opsdesk.support.handlers import refresh_sla_statuses
from tests.factories.customers import make_customer
from tests.factories.support import AGENT, make_ticket

MONDAY_9 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
BERLIN = sla.BusinessCalendar.office_hours("Europe/Berlin", time(9), time(17))


def _reply(session: Session, ticket_id: int, at: datetime, **kw: object) -> None:
    support.add_staff_message(
        session,
        ticket_id,
        support.MessageCreate(body="On it.", **kw),
        author=AGENT,
        now=at,
    )


def test_a_team_calendar_counts_business_hours_only(session: Session) -> None:
    team = support.create_team(session, "Berlin desk", BERLIN)
    friday_1630 = datetime(2026, 3, 6, 15, 30, tzinfo=UTC)  # 16:30 in Berlin
    ticket = make_ticket(session, team_id=team.id, priority="high", now=friday_1630)
    view = support.read_ticket(session, ticket.id, now=friday_1630 + timedelta(hours=2))
    # 30 min on Friday, the other 30 on Monday from 09:00 Berlin (08:00 UTC).
    assert view.sla.first_response.due_at == datetime(2026, 3, 9, 8, 30, tzinfo=UTC)
    assert view.sla.first_response.elapsed_seconds == 30 * 60
    assert view.sla.calendar_timezone == "Europe/Berlin"
    assert ticket.sla_due_at == datetime(2026, 3, 9, 8, 30, tzinfo=UTC)


def test_a_customer_tag_policy_from_the_database_governs_and_may_pause_for_operations(
    session: Session,
) -> None:
    support.seed_default_policy(session)
    vip_targets = {
        p: sla.SlaTargets(timedelta(minutes=15), timedelta(hours=1)) for p in sla.Priority
    }
    support.save_policy(
        session,
        sla.SlaPolicy("vip", vip_targets, customer_tags=frozenset({"vip"}),
                      pause_on_pending_operations=True),
    )  # fmt: skip
    make_customer(session, tags=["VIP"])
    ticket = make_ticket(session, now=MONDAY_9)
    support.update_ticket(
        session, ticket.id, support.TicketUpdate(status="pending_operations"), author=AGENT,
        now=MONDAY_9 + timedelta(minutes=5),
    )  # fmt: skip
    view = support.read_ticket(session, ticket.id, now=MONDAY_9 + timedelta(hours=3))
    assert view.sla.policy == "vip"
    assert view.sla.first_response.paused
    assert view.sla.first_response.status == "on_track"
    assert view.sla.first_response.elapsed_seconds == 5 * 60
    assert view.sla_state == "paused"


def test_the_refresh_job_warns_once_when_a_ticket_becomes_at_risk_and_once_when_breached(
    session: Session,
) -> None:
    ticket = make_ticket(session, priority="high", now=MONDAY_9)
    calm = make_ticket(session, priority="low", now=MONDAY_9)

    def warnings() -> list[tuple[str, str]]:
        rows = session.scalars(sa.select(OutboxEvent).where(OutboxEvent.name == "TicketSlaChanged"))
        return [(r.aggregate_id, r.payload["status"]) for r in rows]

    refresh_sla_statuses(session, MONDAY_9 + timedelta(minutes=30))
    assert warnings() == []
    refresh_sla_statuses(session, MONDAY_9 + timedelta(minutes=50))
    refresh_sla_statuses(session, MONDAY_9 + timedelta(minutes=55))
    assert warnings() == [(str(ticket.id), "at_risk")]
    refresh_sla_statuses(session, MONDAY_9 + timedelta(minutes=61))
    refresh_sla_statuses(session, MONDAY_9 + timedelta(minutes=90))
    assert warnings() == [(str(ticket.id), "at_risk"), (str(ticket.id), "breached")]
    assert ticket.sla_status is sla.SlaStatus.BREACHED
    assert calm.sla_status is sla.SlaStatus.ON_TRACK


def test_the_breach_report_groups_rates_and_medians_by_team_priority_and_week(
    session: Session,
) -> None:
    team = support.create_team(session, "Care", sla.BusinessCalendar.always_open())
    fast = make_ticket(session, team_id=team.id, priority="high", now=MONDAY_9)
    late = make_ticket(session, team_id=team.id, priority="high", now=MONDAY_9)
    make_ticket(session, team_id=team.id, priority="high", now=MONDAY_9)
    _reply(session, fast.id, MONDAY_9 + timedelta(minutes=20), status="solved")
    _reply(session, late.id, MONDAY_9 + timedelta(minutes=100))
    next_week = make_ticket(session, priority="low", now=MONDAY_9 + timedelta(days=7))
    _reply(session, next_week.id, MONDAY_9 + timedelta(days=7, hours=2))
    report = support.sla_report(
        session,
        created_from=MONDAY_9 - timedelta(days=1),
        created_to=MONDAY_9 + timedelta(days=8),
        now=MONDAY_9 + timedelta(days=7, hours=3),
    )
    rows = {tuple(r.group.values()): r for r in report.rows}
    care = rows[("Care", "high", "2026-W10")]
    # First response: fast met, late and the unanswered one breached (1 h target).
    assert (care.first_response.settled, care.first_response.breached) == (3, 2)
    assert care.median_first_response_seconds == 60 * 60  # median of 20 min and 100 min
    assert (care.resolution.settled, care.resolution.breached) == (3, 2)
    assert care.median_resolution_seconds == 20 * 60
    later = rows[("unassigned", "low", "2026-W11")]
    assert (later.first_response.settled, later.first_response.breached) == (1, 0)
