"""CSAT against a real database: the survey a solved ticket sends, one answer per
ticket (revisable for a day), the report per agent, team and week, a customer's history."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import notifications, registry, support
from opsdesk.config import Settings
from opsdesk.kernel.errors import Conflict, InvalidInput
from opsdesk.kernel.events import OutboxEvent
from opsdesk.support import csat, csat_handlers
from tests.factories.customers import make_customer
from tests.factories.support import AGENT, make_agent, make_ticket

MONDAY = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)


def _solve(session: Session, ticket_id: int, at: datetime = MONDAY) -> None:
    support.update_ticket(session, ticket_id, support.TicketUpdate(status="solved"),
                          author=AGENT, now=at)  # fmt: skip


def _run_survey_handler(session: Session, settings: Settings) -> None:
    """What the worker does after commit: every TicketStatusChanged to the CSAT handler."""
    (handler,) = csat_handlers.after_commit(settings)["TicketStatusChanged"]
    query = sa.select(OutboxEvent).where(OutboxEvent.name == "TicketStatusChanged")
    for event in session.scalars(query.order_by(OutboxEvent.id)):
        handler(session, event)


def _surveys(session: Session) -> list[notifications.Message]:
    query = sa.select(notifications.Message).where(
        notifications.Message.message_type == "csat_survey"
    )
    return list(session.scalars(query))


def test_a_solved_ticket_sends_one_survey_with_a_signed_link(
    session: Session, settings: Settings
) -> None:
    make_customer(session, locale="de")
    ticket = make_ticket(session, now=MONDAY)
    _solve(session, ticket.id)
    _run_survey_handler(session, settings)
    _run_survey_handler(session, settings)  # a redelivered event sends nothing more

    (survey,) = _surveys(session)
    assert survey.recipient == "ana.lima@example.com"
    assert survey.locale == "de"
    url = survey.context["survey_url"]
    assert url in survey.body_text
    assert url.startswith(f"{settings.public_url}/survey/")
    token = url.rsplit("/", 1)[1]
    assert csat.ticket_id_from_token(settings.secret_key, token) == ticket.id


def test_a_ticket_reopened_before_the_worker_ran_gets_no_survey(
    session: Session, settings: Settings
) -> None:
    ticket = make_ticket(session, now=MONDAY)
    _solve(session, ticket.id)
    support.update_ticket(session, ticket.id, support.TicketUpdate(status="open"), author=AGENT,
                          now=MONDAY + timedelta(minutes=5))  # fmt: skip
    _run_survey_handler(session, settings)

    assert _surveys(session) == []


def test_an_answer_is_stored_once_revised_within_a_day_then_refused(session: Session) -> None:
    ticket = make_ticket(session, now=MONDAY)
    _solve(session, ticket.id)

    first, decision = support.submit_response(session, ticket.id, score="2", comment=" slow ",
                                              now=MONDAY)  # fmt: skip
    revised, again = support.submit_response(session, ticket.id, score=4,
                                             now=MONDAY + timedelta(hours=3))  # fmt: skip
    session.commit()

    assert (decision, again) == (csat.Submission.CREATE, csat.Submission.REVISE)
    assert revised.id == first.id
    assert (revised.score, revised.comment, revised.submitted_at) == (4, "", MONDAY)
    events = session.scalars(sa.select(OutboxEvent.payload).where(
        OutboxEvent.name == "CsatReceived").order_by(OutboxEvent.id)).all()  # fmt: skip
    assert [(e["score"], e["revised"], e["has_comment"]) for e in events] == [
        (2, False, True), (4, True, False)
    ]  # fmt: skip
    with pytest.raises(Conflict):
        support.submit_response(session, ticket.id, score=5, now=MONDAY + timedelta(days=2))
    with pytest.raises(InvalidInput):
        support.submit_response(session, ticket.id, score=9, now=MONDAY)


def _rated(session: Session, score: int, *, assignee: int | None, at: datetime,
           team_id: int | None = None, **ticket: Any) -> int:  # fmt: skip
    created = make_ticket(session, now=at, assignee_id=assignee, team_id=team_id, **ticket)
    _solve(session, created.id, at)
    support.submit_response(session, created.id, score=score, now=at + timedelta(hours=1))
    return created.id


def test_the_report_adds_up_per_agent_team_and_week(session: Session) -> None:
    bea, ole = make_agent(session, "Bea"), make_agent(session, "Ole")
    team = support.create_team(session, "Care", support.sla.BusinessCalendar.always_open())
    _rated(session, 5, assignee=bea, at=MONDAY, team_id=team.id)
    _rated(session, 3, assignee=bea, at=MONDAY + timedelta(days=1), team_id=team.id)
    _rated(session, 1, assignee=ole, at=MONDAY + timedelta(days=7))
    _rated(session, 4, assignee=None, at=MONDAY + timedelta(days=40))  # outside the period
    window: dict[str, Any] = {"submitted_from": MONDAY, "submitted_to": MONDAY + timedelta(days=14)}

    by_agent = support.csat_report(session, group_by=support.CsatGroup.AGENT, **window)
    by_team = support.csat_report(session, group_by=support.CsatGroup.TEAM, **window)
    by_week = support.csat_report(session, group_by=support.CsatGroup.WEEK, **window)

    assert [(r.label, r.count, r.average) for r in by_agent.rows] == [
        ("Bea", 2, 4.0), ("Ole", 1, 1.0)
    ]  # fmt: skip
    assert by_agent.rows[0].distribution == {"1": 0, "2": 0, "3": 1, "4": 0, "5": 1}
    assert (by_agent.total.count, by_agent.total.average) == (3, 3.0)
    assert [(r.label, r.count) for r in by_team.rows] == [("Care", 2), ("no team", 1)]
    assert [(r.key, r.count, r.average) for r in by_week.rows] == [
        ("2026-W47", 2, 4.0), ("2026-W48", 1, 1.0)
    ]  # fmt: skip


def test_a_customers_history_lists_their_ratings_newest_first(session: Session) -> None:
    customer = make_customer(session)
    older = _rated(session, 2, assignee=None, at=MONDAY, subject="Broken mug")
    newer = _rated(session, 5, assignee=None, at=MONDAY + timedelta(days=3), subject="Thanks")

    history = support.csat_for_customer(session, customer.id)

    assert [(r.ticket_id, r.score, r.subject) for r in history.responses] == [
        (newer, 5, "Thanks"), (older, 2, "Broken mug")
    ]  # fmt: skip
    assert (history.count, history.average) == (2, 3.5)


def test_the_worker_runs_the_survey_handler(settings: Settings) -> None:
    names = [h.name for h in registry.after_commit_handlers(settings)["TicketStatusChanged"]]
    assert "opsdesk.support.csat_handlers.after_commit.<locals>.send_survey" in names
