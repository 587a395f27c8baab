"""Three weeks of a small desk and warehouse for the report pages, and a parked event.

Tickets of two teams over three ISO weeks (2026-W45 … W47), some answered and solved
late, some on time; CSAT answers from 1 to 5; two packers in Berlin, one of whom
reported missing and damaged items.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from opsdesk import fulfilment, support
from opsdesk.kernel.events import OutboxEvent
from tests.factories.fulfilment import ACTOR, TUESDAY, picking_order
from tests.factories.orders import MUG, place
from tests.factories.support import AGENT, make_ticket

# Mondays 09:00 UTC of ISO weeks 45, 46 and 47 of 2026.
WEEKS = tuple(datetime(2026, 11, 2, 9, 0, tzinfo=UTC) + timedelta(weeks=n) for n in range(3))
# (priority, minutes to the first reply, hours to solving, CSAT score or None) per ticket.
Case = tuple[str, int, int, int | None]
CASES: tuple[Case, ...] = (
    ("urgent", 20, 1, 5), ("high", 90, 6, 2), ("medium", 30, 3, 4), ("low", 60, 30, None),
    ("high", 30, 2, 5), ("medium", 600, 40, 1), ("urgent", 45, 5, 3),
)  # fmt: skip


@dataclass(frozen=True)
class ReportHistory:
    team_names: tuple[str, str]
    tickets: int
    csat_answers: int
    fulfilment_errors: int


def _care_teams(session: Session) -> tuple[support.Team, support.Team]:
    around_the_clock = support.sla.BusinessCalendar.always_open("UTC")
    return (
        support.create_team(session, "Care Berlin", around_the_clock),
        support.create_team(session, "Care Lisbon", around_the_clock),
    )


def _ticket(session: Session, team_id: int, start: datetime, case: Case) -> bool:
    priority, reply_minutes, solve_hours, score = case
    ticket = make_ticket(session, now=start, priority=priority, team_id=team_id)
    reply = support.MessageCreate(body="Thank you for writing; I am looking into it now.")
    support.add_staff_message(session, ticket.id, reply, author=AGENT,
                              now=start + timedelta(minutes=reply_minutes))  # fmt: skip
    solved = start + timedelta(hours=solve_hours)
    support.update_ticket(session, ticket.id, support.TicketUpdate(status="solved"),
                          author=AGENT, now=solved)  # fmt: skip
    if score is None:
        return False
    support.submit_response(session, ticket.id, score=score, now=solved + timedelta(hours=1))
    return True


def _better(case: Case, week: int) -> Case:
    """The desk improves week by week: quicker replies and solutions, happier customers."""
    priority, reply_minutes, solve_hours, score = case
    pace = (1.6, 1.0, 0.6)[week]
    happier = None if score is None else max(1, min(5, score + week - 1))
    return priority, round(reply_minutes * pace), max(1, round(solve_hours * pace)), happier


def report_history(session: Session) -> ReportHistory:
    support.seed_default_policy(session)
    teams = _care_teams(session)
    answers = tickets = 0
    for week, monday in enumerate(WEEKS):
        for n, case in enumerate(CASES[: len(CASES) - week]):
            start = monday + timedelta(hours=n)
            answers += _ticket(session, teams[n % 2].id, start, _better(case, week))
            tickets += 1
    errors = _packing_history(session)
    return ReportHistory((teams[0].name, teams[1].name), tickets, answers, errors)


def _packing_history(session: Session) -> int:
    """One fulfilment packed by Jonas; one by Mia, who reported two problems first."""
    jonas = picking_order(session)
    fulfilment.scan(session, jonas.fulfilment_id, code=MUG, quantity=2, packer="Jonas",
                    actor=ACTOR, now=TUESDAY)  # fmt: skip
    place(session, {MUG: 2}, now=TUESDAY)
    pick_list = fulfilment.create_pick_list(
        session, warehouse_id=jonas.shop.berlin, actor=ACTOR, now=TUESDAY
    )
    _, (mia, *_) = fulfilment.get_pick_list(session, pick_list.id)
    kinds = (fulfilment.FulfilmentErrorKind.MISSING_ITEM, fulfilment.FulfilmentErrorKind.DAMAGED)
    for kind in kinds:
        fulfilment.report_error(session, mia.id, kind=kind, sku=MUG, quantity=1, packer="Mia",
                                actor=ACTOR, now=TUESDAY)  # fmt: skip
    fulfilment.scan(session, mia.id, code=MUG, quantity=2, packer="Mia", actor=ACTOR, now=TUESDAY)
    return len(kinds)


def parked_event(session: Session, *, error: str = "smtp: ConnectionRefusedError: 111") -> int:
    """An event the worker gave up on after eight attempts."""
    at = datetime(2026, 11, 18, 8, 0, tzinfo=UTC)
    row = OutboxEvent(
        event_id=str(uuid.uuid4()), name="TicketReplied", aggregate_type="ticket",
        aggregate_id="7", payload={"ticket_id": 7, "message_id": 3}, occurred_at=at,
        available_at=at, attempts=8, parked_at=at + timedelta(hours=2), last_error=error,
    )  # fmt: skip
    session.add(row)
    session.flush()
    return row.id
