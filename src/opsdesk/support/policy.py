"""Pure service-desk decisions: ticket transitions, order numbers in text, round-robin
choice, e-mail threading. Plain values in, plain values out; no database."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from opsdesk.kernel.errors import IllegalTransition
from opsdesk.support.sla import TicketStatus

S = TicketStatus
_WORKING = frozenset({S.OPEN, S.PENDING_CUSTOMER, S.PENDING_OPERATIONS, S.SOLVED, S.CLOSED})

# Nothing returns to ``new``; ``closed`` is final (a later e-mail opens a new ticket).
TRANSITIONS: Mapping[TicketStatus, frozenset[TicketStatus]] = {
    S.NEW: _WORKING,
    S.OPEN: _WORKING - {S.OPEN},
    S.PENDING_CUSTOMER: _WORKING - {S.PENDING_CUSTOMER},
    S.PENDING_OPERATIONS: _WORKING - {S.PENDING_OPERATIONS},
    S.SOLVED: frozenset({S.OPEN, S.CLOSED}),
    S.CLOSED: frozenset(),
}

ACTIVE_STATUSES = frozenset({S.NEW, S.OPEN, S.PENDING_CUSTOMER, S.PENDING_OPERATIONS})
"""Statuses that occupy an agent: counted against their capacity."""

REOPENED_BY_CUSTOMER = frozenset({S.PENDING_CUSTOMER, S.PENDING_OPERATIONS, S.SOLVED})


def check_transition(current: TicketStatus, target: TicketStatus) -> None:
    if target not in TRANSITIONS[current]:
        raise IllegalTransition("ticket", current.value, target.value)


def status_after_customer_reply(current: TicketStatus) -> TicketStatus:
    """A customer's answer puts a waiting or solved ticket back in the agents' court."""
    return S.OPEN if current in REOPENED_BY_CUSTOMER else current


def status_after_agent_reply(current: TicketStatus, requested: TicketStatus | None) -> TicketStatus:
    """An agent replying to a new ticket opens it, unless they chose a status."""
    if requested is not None:
        return requested
    return S.OPEN if current is S.NEW else current


# -- order numbers mentioned in text --------------------------------------------------

# Prefixed codes as stores print them: OD-7K3M9Q2X4B (OpsDesk), OD-100123, OL-<hex> …
_PREFIXED = re.compile(r"(?<![\w-])([A-Za-z]{2,4}-[0-9A-Za-z]{4,32})(?![\w-])")
# Shopify style "#1001", or a bare number right after the word "order".
_HASHED = re.compile(r"(?<![\w#])#\s?(\d{3,12})\b")
_AFTER_WORD = re.compile(
    r"\b(?:order|bestellung|commande|pedido|encomenda)\s*(?:number|no\.?|nr\.?|n[º°o]\.?|#)?"
    r"\s*:?\s*#?(\d{4,12})\b",
    re.IGNORECASE,
)
MAX_ORDER_CANDIDATES = 8


def order_number_candidates(text: str) -> list[str]:
    """Order numbers a message may mention, in order of appearance, at most a handful.

    Candidates are only guesses: the caller keeps those that are real orders. A Shopify
    number is offered both bare ("1001") and with its hash ("#1001").
    """
    found: list[tuple[int, str]] = []
    for match in _PREFIXED.finditer(text):
        found.append((match.start(), match.group(1).upper()))
    for pattern in (_HASHED, _AFTER_WORD):
        for match in pattern.finditer(text):
            found.extend([(match.start(), match.group(1)), (match.start(), "#" + match.group(1))])
    unique: list[str] = []
    for _, number in sorted(found, key=lambda item: item[0]):
        if number not in unique:
            unique.append(number)
    return unique[: MAX_ORDER_CANDIDATES * 2]


# -- round-robin assignment -------------------------------------------------------------


@dataclass(frozen=True)
class AgentLoad:
    agent_id: int
    open_tickets: int
    capacity: int
    last_assigned_at: datetime | None


def choose_agent(agents: Iterable[AgentLoad]) -> int | None:
    """The next agent in turn: among those under capacity, the one who waited longest
    since their last assignment (never assigned first), ties by id. None when all are full.

    Waiting time rather than a pointer into a list keeps the turn fair when agents come
    online or go offline between tickets.
    """
    free = [a for a in agents if a.open_tickets < a.capacity]
    if not free:
        return None
    never = [a for a in free if a.last_assigned_at is None]
    if never:
        return min(a.agent_id for a in never)
    return min(free, key=lambda a: (a.last_assigned_at, a.agent_id)).agent_id


# -- e-mail threading -------------------------------------------------------------------

_TOKEN = re.compile(r"\[#T-(\d{1,18})\]", re.IGNORECASE)


def subject_token(ticket_id: int) -> str:
    return f"[#T-{ticket_id}]"


def ticket_id_in_subject(subject: str) -> int | None:
    match = _TOKEN.search(subject)
    return int(match.group(1)) if match else None


def reply_subject(subject: str, ticket_id: int) -> str:
    """``Re: <subject> [#T-n]`` without stacking prefixes or tokens."""
    base = _TOKEN.sub("", subject).strip()
    while base.lower().startswith(("re:", "aw:", "sv:", "fw:", "fwd:")):
        base = base.split(":", 1)[1].strip()
    return f"Re: {base} {subject_token(ticket_id)}".replace("  ", " ")


@dataclass(frozen=True)
class ThreadMatch:
    ticket_id: int | None
    how: str  # "header" | "subject" | "new"


def thread_for(
    *,
    referenced_ids: Sequence[str],
    tickets_by_message_id: Mapping[str, int],
    subject: str,
    sender: str,
    requester_of: Mapping[int, str],
) -> ThreadMatch:
    """Which ticket an incoming e-mail continues.

    1. ``In-Reply-To`` then ``References`` (newest first) naming a message we stored;
    2. else the ticket token in the subject — only when the sender is that ticket's
       requester, so a guessed token cannot slip a stranger's mail into a ticket;
    3. else a new ticket.
    """
    for message_id in referenced_ids:
        if message_id in tickets_by_message_id:
            return ThreadMatch(tickets_by_message_id[message_id], "header")
    token = ticket_id_in_subject(subject)
    if token is not None and requester_of.get(token, "").lower() == sender.lower() != "":
        return ThreadMatch(token, "subject")
    return ThreadMatch(None, "new")
