"""Ticket search: full text over subjects and messages, by dialect, and the customer's
name or e-mail.

SQLite: two external-content FTS5 tables (``ticket_fts`` over ``tickets.subject``,
``ticket_message_fts`` over ``ticket_messages.body_text``) kept by triggers.
PostgreSQL: expression GIN indexes on ``to_tsvector('simple', …)`` of the same columns.
Both are created by the hand-written migration ``0002_ticket_search``. The ``simple``
configuration (no stemming) keeps the two backends in agreement and suits a store
writing in several languages.

The customer is matched by substring (``LIKE``, wildcards in the query escaped): every
whitespace-separated part of the query must occur, case-insensitively, in the name or
e-mail the ticket was opened with or in its customer record as it is now, so ``Lima``,
``ana lima`` and ``ana.lima@`` all find Ana Lima's tickets.
"""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import InstrumentedAttribute, Session

from opsdesk import customers
from opsdesk.kernel.errors import InvalidInput
from opsdesk.support.models import Ticket, TicketMessage

_WORD = re.compile(r"\w+\*?", re.UNICODE)
MAX_TERMS = 12

SEARCH_TABLES = ("ticket_fts", "ticket_message_fts")
SEARCH_INDEXES = ("ix_tickets_subject_fts", "ix_ticket_messages_body_fts")


def search_terms(query: str) -> list[str]:
    """Words of a user's query (a trailing ``*`` asks for a prefix), lower-cased.

    Everything else is dropped, so no operator of either query language can be injected.
    """
    terms = [t.lower() for t in _WORD.findall(query)]
    terms = [t for t in terms if t.rstrip("*")]
    if not terms:
        raise InvalidInput("the search needs at least one word", details={"field": "q"})
    return terms[:MAX_TERMS]


def fts5_query(terms: list[str]) -> str:
    """All words must occur: ``"late" "parcel"*``."""
    parts = []
    for term in terms:
        word = term.rstrip("*").replace('"', "")
        parts.append(f'"{word}"*' if term.endswith("*") else f'"{word}"')
    return " ".join(parts)


def tsquery(terms: list[str]) -> str:
    """All words must occur: ``late & parcel:*``.

    PostgreSQL's parser reads the digits after a hyphen as a signed number (``OD-1042``
    gives ``od`` and ``-1042``), while the query's words lose the hyphen; a number matches
    either way, so order numbers are found as FTS5 finds them: ``od & (1042 | -1042)``.
    """
    return " & ".join(_ts_term(term) for term in terms)


def _ts_term(term: str) -> str:
    word, prefix = term.rstrip("*"), ":*" if term.endswith("*") else ""
    if word.isdigit():
        return f"({word}{prefix} | -{word}{prefix})"
    return f"{word}{prefix}"


def matching_ticket_ids(session: Session, query: str) -> sa.Select[int]:
    """A subquery of ids of tickets whose subject or any message matches ``query``, or
    whose customer's name or e-mail contains every part of it."""
    terms = search_terms(query)
    if session.get_bind().dialect.name == "postgresql":
        in_text = _postgres(tsquery(terms))
    else:
        in_text = _sqlite(fts5_query(terms))
    parts = query.replace("\x00", " ").split()[:MAX_TERMS]  # PostgreSQL's text holds no NUL
    return sa.select(Ticket.id).where(sa.or_(*in_text, *_customer(parts)))


def _sqlite(match: str) -> list[sa.ColumnElement[bool]]:
    subjects: sa.Select[Any] = (
        sa.select(sa.literal_column("rowid"))
        .select_from(sa.table("ticket_fts"))
        .where(sa.literal_column("ticket_fts").op("MATCH")(match))
    )
    bodies: sa.Select[Any] = (
        sa.select(sa.literal_column("rowid"))
        .select_from(sa.table("ticket_message_fts"))
        .where(sa.literal_column("ticket_message_fts").op("MATCH")(match))
    )
    in_messages = sa.select(TicketMessage.ticket_id).where(TicketMessage.id.in_(bodies))
    return [Ticket.id.in_(subjects), Ticket.id.in_(in_messages)]


def _postgres(text: str) -> list[sa.ColumnElement[bool]]:
    tsq = sa.func.to_tsquery(sa.literal_column("'simple'"), text)

    def vector(
        column: sa.ColumnElement[str] | InstrumentedAttribute[str],
    ) -> sa.ColumnElement[object]:
        return sa.func.to_tsvector(sa.literal_column("'simple'"), column)

    subjects = sa.select(Ticket.id).where(vector(Ticket.subject).op("@@")(tsq))
    bodies = sa.select(TicketMessage.ticket_id).where(vector(TicketMessage.body_text).op("@@")(tsq))
    return [Ticket.id.in_(subjects), Ticket.id.in_(bodies)]


def _customer(parts: list[str]) -> list[sa.ColumnElement[bool]]:
    """Every part in the requester's name or e-mail, or in the customer's (one subquery).

    ``autoescape`` makes ``%``, ``_`` and the escape character plain characters, and the
    explicit ``ESCAPE`` keeps PostgreSQL from reading ``\\`` as one."""
    if not parts:
        return []
    customer = customers.Customer
    requester = Ticket.requester_name + " " + Ticket.requester_email
    record = (
        customer.first_name + " " + customer.last_name + " " + sa.func.coalesce(customer.email, "")
    )
    named = sa.select(customer.id).where(*(record.icontains(p, autoescape=True) for p in parts))
    return [
        sa.and_(*(requester.icontains(p, autoescape=True) for p in parts)),
        Ticket.customer_id.in_(named),
    ]
