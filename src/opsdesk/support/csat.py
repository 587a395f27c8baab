"""Customer satisfaction: the survey sent when a ticket is solved, its answers, reports.

The survey link is ``{public_url}/survey/{token}``: the ticket id signed for the purpose
``csat`` (``kernel.signing``), valid for 30 days, no login. One answer per ticket,
which the customer may change for 24 hours (``csat_policy``). Services take a session
and never commit.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import customers, notifications
from opsdesk.config import Settings
from opsdesk.kernel import events as outbox
from opsdesk.kernel.db import utcnow
from opsdesk.kernel.errors import Conflict, Forbidden, InvalidInput, NotFound
from opsdesk.kernel.signing import sign, verify
from opsdesk.support import csat_policy
from opsdesk.support.actions.service import voice_of
from opsdesk.support.csat_policy import Submission
from opsdesk.support.csat_schemas import CsatRead, CustomerCsat
from opsdesk.support.desk_events import CsatReceived
from opsdesk.support.history import get_ticket
from opsdesk.support.models import CsatResponse, Ticket
from opsdesk.support.sla import TicketStatus

PURPOSE = "csat"
_FORM = b"opsdesk:csat-form:"
SURVEYED_STATUSES = frozenset({TicketStatus.SOLVED, TicketStatus.CLOSED})


class SurveyClosed(Conflict):
    code = "csat_already_answered"


# -- links -----------------------------------------------------------------------------


def survey_token(secret: str, ticket_id: int) -> str:
    return sign(secret, PURPOSE, {"t": ticket_id})


def survey_url(settings: Settings, ticket_id: int) -> str:
    return (
        f"{settings.public_url.rstrip('/')}/survey/{survey_token(settings.secret_key, ticket_id)}"
    )


def ticket_id_from_token(secret: str, token: str) -> int:
    """The ticket a genuine, unexpired survey token rates; ``Forbidden`` (403) otherwise."""
    max_age = int(csat_policy.SURVEY_MAX_AGE.total_seconds())
    payload = verify(secret, PURPOSE, token, max_age_seconds=max_age)
    ticket_id = payload.get("t") if isinstance(payload, dict) else None
    if not isinstance(ticket_id, int) or isinstance(ticket_id, bool) or ticket_id < 1:
        raise Forbidden("this link is not valid")
    return ticket_id


def form_token(secret: str, token: str) -> str:
    """The survey form's CSRF token: only a page opened with this link can post it."""
    return hmac.new(secret.encode(), _FORM + token.encode(), hashlib.sha256).hexdigest()


def form_token_matches(secret: str, token: str, candidate: str) -> bool:
    return hmac.compare_digest(form_token(secret, token).encode(), candidate.encode())


# -- sending the survey ------------------------------------------------------------------


def queue_survey(
    session: Session, ticket_id: int, *, settings: Settings, now: datetime | None = None
) -> notifications.Message | None:
    """Queue the survey e-mail of a solved ticket, once per ticket; None when the ticket
    has no customer or is no longer solved (reopened before the worker got to it)."""
    ticket = get_ticket(session, ticket_id)
    if ticket.status not in SURVEYED_STATUSES or ticket.customer_id is None:
        return None
    customer = session.get(customers.Customer, ticket.customer_id)
    if customer is None:
        return None
    first_name = customer.first_name or (ticket.requester_name.split() or [""])[0]
    return notifications.queue_for_customer(
        session, message_type=notifications.MessageType.CSAT_SURVEY, customer_id=customer.id,
        context={"customer_first_name": first_name,
                 "survey_url": survey_url(settings, ticket.id)},
        cause=f"csat:ticket:{ticket.id}", voice=voice_of(settings), now=now,
    )  # fmt: skip


# -- answering -------------------------------------------------------------------------


@dataclass(frozen=True)
class SurveyView:
    """What the public survey page shows for one ticket."""

    ticket_id: int
    reference: str
    subject: str
    locale: str  # the customer's, "" when unknown
    score: int | None
    comment: str
    revisable: bool


def survey_view(session: Session, ticket_id: int, *, now: datetime | None = None) -> SurveyView:
    at = now or utcnow()
    ticket = get_ticket(session, ticket_id)
    customer = session.get(customers.Customer, ticket.customer_id) if ticket.customer_id else None
    answer = _answer(session, ticket.id)
    decision = csat_policy.submission(answer.submitted_at if answer else None, at)
    return SurveyView(
        ticket_id=ticket.id, reference=ticket.reference, subject=ticket.subject,
        locale=customer.locale if customer else "",
        score=answer.score if answer else None, comment=answer.comment if answer else "",
        revisable=decision is not Submission.TOO_LATE,
    )  # fmt: skip


def _answer(session: Session, ticket_id: int) -> CsatResponse | None:
    return session.scalar(sa.select(CsatResponse).where(CsatResponse.ticket_id == ticket_id))


def submit_response(
    session: Session,
    ticket_id: int,
    *,
    score: object,
    comment: str = "",
    locale: str = "en",
    now: datetime | None = None,
) -> tuple[CsatResponse, Submission]:
    """Store the customer's rating, or revise it within the window; later: 409.

    The ticket row is locked first, so two racing first answers end as one answer
    (the second revises the first) on both backends.
    """
    at = now or utcnow()
    value = csat_policy.valid_score(score)
    if value is None:
        raise InvalidInput("score must be a whole number from 1 to 5",
                           details={"errors": [{"field": "score", "reason": "1 to 5"}]})  # fmt: skip
    ticket = get_ticket(session, ticket_id, lock=True)
    answer = _answer(session, ticket.id)
    decision = csat_policy.submission(answer.submitted_at if answer else None, at)
    if decision is Submission.TOO_LATE:
        raise SurveyClosed(f"ticket {ticket.reference} was rated already; an answer can be "
                           f"changed for {csat_policy.REVISION_WINDOW.total_seconds() / 3600:.0f} "
                           "hours")  # fmt: skip
    if answer is None:
        answer = CsatResponse(ticket_id=ticket.id, submitted_at=at)
        session.add(answer)
    answer.score, answer.comment = value, csat_policy.clean_comment(comment)
    answer.customer_id, answer.assignee_id = ticket.customer_id, ticket.assignee_id
    answer.team_id, answer.locale, answer.updated_at = ticket.team_id, locale[:16], at
    session.flush()
    outbox.record(session, CsatReceived(
        ticket_id=ticket.id, response_id=answer.id, score=value, has_comment=bool(answer.comment),
        customer_id=ticket.customer_id, assignee_id=ticket.assignee_id, team_id=ticket.team_id,
        revised=decision is Submission.REVISE,
    ), now=at)  # fmt: skip
    return answer, decision


# -- reading ---------------------------------------------------------------------------


def csat_for_customer(
    session: Session, customer_id: int, *, limit: int = 50, known: bool = False
) -> CustomerCsat:
    """The customer's ratings, newest first, with their average (all of them).

    ``known``: the caller has just read the customer, so its existence is not checked again.
    """
    if not known and not customers.customer_exists(session, customer_id):
        raise NotFound("customer", customer_id)
    rows = session.execute(
        sa.select(CsatResponse, Ticket.subject)
        .join(Ticket, Ticket.id == CsatResponse.ticket_id)
        .where(CsatResponse.customer_id == customer_id)
        .order_by(CsatResponse.submitted_at.desc(), CsatResponse.id.desc())
        .limit(limit)
    ).all()
    counts = session.execute(
        sa.select(CsatResponse.score, sa.func.count())
        .where(CsatResponse.customer_id == customer_id)
        .group_by(CsatResponse.score)
    ).all()
    summary = csat_policy.summarise({int(s): int(n) for s, n in counts})
    return CustomerCsat(
        customer_id=customer_id, count=summary.count, average=summary.average,
        responses=[csat_read(answer, subject) for answer, subject in rows],
    )  # fmt: skip


def csat_read(answer: CsatResponse, subject: str) -> CsatRead:
    return CsatRead(
        id=answer.id, ticket_id=answer.ticket_id, ticket_reference=f"T-{answer.ticket_id}",
        subject=subject, score=answer.score, comment=answer.comment,
        assignee_id=answer.assignee_id, team_id=answer.team_id,
        submitted_at=answer.submitted_at, updated_at=answer.updated_at,
    )  # fmt: skip


def default_period(now: datetime | None = None) -> tuple[datetime, datetime]:
    """The last 28 days up to now."""
    end = now or utcnow()
    return end - timedelta(days=28), end
