"""A desk's long past in bulk: hundreds of thousands of solved tickets for big stores.

Playing a ticket through the support services costs a few dozen statements, fine for the
few hundred open cases (``service_desk``) but minutes too many for the ``large`` store's
half a million. Its solved history is written here with Core executemany instead: each
ticket is a customer asking where a delivered order is, an agent's first answer and the
agent's closing reply, stored as the services would store it (the history rows the SLA
clock replays, the automatic order link, sent replies with their Message-IDs) and with
the SLA fields computed by the same pure clock the services run.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from opsdesk import customers, orders, shipping
from opsdesk.demo import desk_texts as texts
from opsdesk.demo.sizes import StoreSize
from opsdesk.support import (
    AuthorKind,
    Channel,
    OutboundStatus,
    Ticket,
    TicketEventKind,
    TicketHistoryEvent,
    TicketMessage,
    TicketOrderLink,
    sla,
    sla_status,
)

# Solved tickets per order: ``large`` (1M orders) gets its ≥ 500k; small sizes get none.
TICKETS_PER_ORDER = {"medium": 0.5, "large": 0.55}
BATCH_ORDERS = 5_000
SYSTEM_ACTOR = "system:support"
MAIL_DOMAIN = "desk.opsdesk.example"
CHANNELS = (Channel.EMAIL, Channel.EMAIL, Channel.WEB, Channel.CHAT)
Ord, Ship, Cust = orders.Order, shipping.Shipment, customers.Customer


@dataclass(frozen=True)
class Desk:
    """What every bulk ticket shares: the team, its clock, the agents who answer."""

    team_id: int
    agents: Sequence[tuple[int, str]]  # staff id, display name
    policy: sla.SlaPolicy
    calendar: sla.BusinessCalendar
    now: datetime


@dataclass(frozen=True)
class Story:
    """One solved ticket: the order asked about and the three moments of its thread."""

    order_id: int
    number: str
    customer_id: int
    email: str
    first_name: str
    locale: str
    item: str
    created_at: datetime
    replied_at: datetime
    solved_at: datetime
    agent: tuple[int, str]
    channel: Channel
    priority: sla.Priority


def seed_bulk_tickets(
    session: Session, *, size: StoreSize, seed: int, now: datetime, team_id: int,
    agents: Sequence[tuple[int, str]],
) -> int:  # fmt: skip
    """Write ``TICKETS_PER_ORDER`` solved tickets per order (none for small sizes);
    returns how many. Orders are visited in id order in batches, so memory stays flat."""
    ratio = TICKETS_PER_ORDER.get(size.name, 0.0)
    if not ratio or not agents:
        return 0
    calendar = sla_status.load_calendars(session, [team_id])[team_id]
    policy = sla.select_policy(
        sla_status.load_policies(session),
        sla.TicketFacts(priority=sla.Priority.MEDIUM, channel="email", customer_tags=frozenset()),
    )
    desk = Desk(team_id, agents, policy, calendar, now)
    rng = random.Random(seed * 104_729 + 11)
    share = min(1.0, ratio * size.orders / max(1, _delivered_count(session, now)))
    written, after = 0, 0
    while True:
        batch = _delivered_batch(session, after, now)
        if not batch:
            return written
        after = batch[-1][0]
        stories = [s for row in batch if rng.random() < share for s in [_story(rng, row, desk)]]
        written += write_stories(session, stories, desk)


# -- which orders ------------------------------------------------------------------------


def _delivered_where(now: datetime) -> tuple[sa.ColumnElement[bool], ...]:
    settled_before = now - timedelta(days=2)
    return (Ord.customer_id.is_not(None), Ship.status == "delivered",
            Ship.shipped_at.is_not(None), Ship.delivered_at < settled_before)  # fmt: skip


def _delivered_count(session: Session, now: datetime) -> int:
    stmt = sa.select(sa.func.count()).select_from(Ord).join(Ship, Ship.order_id == Ord.id)
    return int(session.scalar(stmt.where(*_delivered_where(now))) or 0)


Row = tuple[int, str, int, str, str, str, datetime, datetime, str]


def _delivered_batch(session: Session, after: int, now: datetime) -> list[Row]:
    """The next delivered orders after id ``after``, with their customer and first item."""
    line, any_line = orders.OrderLine, aliased(orders.OrderLine)
    first_line = (sa.select(sa.func.min(any_line.id)).where(any_line.order_id == Ord.id)
                  .correlate(Ord).scalar_subquery())  # fmt: skip
    stmt = (
        sa.select(Ord.id, Ord.number, Ord.customer_id, Cust.email, Cust.first_name, Cust.locale,
                  Ship.shipped_at, Ship.delivered_at,
                  sa.select(line.title).where(line.id == first_line).correlate(Ord).scalar_subquery())
        .join(Ship, Ship.order_id == Ord.id).join(Cust, Cust.id == Ord.customer_id)
        .where(Ord.id > after, *_delivered_where(now)).order_by(Ord.id).limit(BATCH_ORDERS)
    )  # fmt: skip
    return [tuple(row) for row in session.execute(stmt)]


def _story(rng: random.Random, row: Row, desk: Desk) -> Story:
    """The customer writes a few days after shipping; the agent answers within hours and
    closes the ticket once the parcel is delivered."""
    order_id, number, customer_id, email, first_name, locale, shipped, delivered, item = row
    created = min(shipped + timedelta(days=rng.uniform(2, 6)), desk.now - timedelta(days=2))
    replied = created + timedelta(minutes=rng.randint(15, 600))
    solved = max(delivered, replied) + timedelta(minutes=rng.randint(30, 1440))
    priority = sla.Priority.HIGH if rng.random() < 0.1 else sla.Priority.MEDIUM
    return Story(order_id, number, customer_id, email or "", first_name or "", locale or "en",
                 item or "item", created, replied, solved,
                 desk.agents[order_id % len(desk.agents)], rng.choice(CHANNELS), priority)  # fmt: skip


# -- the rows ----------------------------------------------------------------------------


def write_stories(session: Session, stories: Sequence[Story], desk: Desk) -> int:
    """Insert the tickets, their messages, history and order links; returns the count."""
    if not stories:
        return 0
    inserted = session.execute(
        sa.insert(Ticket).returning(Ticket.id, sort_by_parameter_order=True),
        [ticket_row(s, desk) for s in stories],
    )
    ids = list(inserted.scalars())
    messages = [m for s, tid in zip(stories, ids, strict=True) for m in message_rows(s, tid)]
    message_ids = list(session.execute(
        sa.insert(TicketMessage).returning(TicketMessage.id, sort_by_parameter_order=True),
        messages,
    ).scalars())  # fmt: skip
    replies = iter(message_ids[i] for i in range(len(message_ids)) if i % 3)
    events = [e for s, tid in zip(stories, ids, strict=True)
              for e in event_rows(s, tid, next(replies), next(replies))]  # fmt: skip
    session.execute(sa.insert(TicketHistoryEvent), events)
    session.execute(sa.insert(TicketOrderLink), [
        {"ticket_id": tid, "order_id": s.order_id, "automatic": True,
         "linked_by": SYSTEM_ACTOR, "linked_at": s.created_at}
        for s, tid in zip(stories, ids, strict=True)
    ])  # fmt: skip
    return len(ids)


def clock_replay(story: Story) -> list[sla.TicketEvent]:
    """The history the SLA clock sees, as ``sla_status.clock_events`` would read it."""
    return [sla.TicketCreated(story.created_at, story.priority),
            sla.AgentReplied(story.replied_at),
            sla.StatusChanged(story.replied_at, sla.TicketStatus.OPEN),
            sla.AgentReplied(story.solved_at),
            sla.StatusChanged(story.solved_at, sla.TicketStatus.SOLVED)]  # fmt: skip


def ticket_row(story: Story, desk: Desk) -> dict[str, Any]:
    words = _words(story)
    ticket = Ticket(status=sla.TicketStatus.SOLVED)  # transient: only carries the SLA fields
    result = sla.compute_sla(clock_replay(story), desk.policy, desk.calendar, desk.now)
    sla_status.store(ticket, desk.policy, result)
    return {
        "subject": words["subject"], "channel": story.channel, "status": sla.TicketStatus.SOLVED,
        "priority": story.priority, "assignee_id": story.agent[0], "team_id": desk.team_id,
        "customer_id": story.customer_id, "requester_email": story.email,
        "requester_name": story.first_name, "tags": [], "reason": "late",
        "created_at": story.created_at, "updated_at": story.solved_at,
        "first_response_at": story.replied_at, "solved_at": story.solved_at,
        "sla_policy": ticket.sla_policy, "sla_status": ticket.sla_status,
        "sla_due_at": ticket.sla_due_at, "sla_at_risk_at": ticket.sla_at_risk_at,
        "sla_breach_at": ticket.sla_breach_at, "sla_paused": ticket.sla_paused,
        "sla_next_check_at": ticket.sla_next_check_at,
    }  # fmt: skip


def message_rows(story: Story, ticket_id: int) -> list[dict[str, Any]]:
    """The customer's question, the agent's first answer, the agent's closing reply."""
    words = _words(story)
    staff_id, agent_name = story.agent
    opening = {"ticket_id": ticket_id, "author_kind": AuthorKind.CUSTOMER,
               "author_staff_id": None, "author_name": story.first_name,
               "author_email": story.email, "body_text": words["body"],
               "outbound_status": None, "sent_at": None, "email_message_id": None,
               "created_at": story.created_at}  # fmt: skip
    replies = [
        {**opening, "author_kind": AuthorKind.AGENT, "author_staff_id": staff_id,
         "author_name": agent_name, "author_email": "", "body_text": words[purpose],
         "outbound_status": OutboundStatus.SENT, "sent_at": at, "created_at": at,
         "email_message_id": f"<t{ticket_id}.{n}bulk@{MAIL_DOMAIN}>"}
        for n, (purpose, at) in enumerate(
            (("checking", story.replied_at), ("done_late", story.solved_at)), start=1)
    ]  # fmt: skip
    return [opening, *replies]


def event_rows(story: Story, ticket_id: int, first: int, last: int) -> list[dict[str, Any]]:
    """History as ``create_ticket``, ``link_mentioned_orders``, ``auto_assign`` and two
    ``add_staff_message`` calls record it."""
    customer = f"customer:{story.email or f'customer-{story.customer_id}'}"
    agent = f"agent:{story.agent[1]}"
    New, Open, Solved = (s.value for s in (sla.TicketStatus.NEW, sla.TicketStatus.OPEN,
                                            sla.TicketStatus.SOLVED))  # fmt: skip
    K, at0 = TicketEventKind, story.created_at
    steps: list[tuple[TicketEventKind, datetime, str, dict[str, Any]]] = [
        (K.CREATED, at0, customer, {"priority": story.priority.value}),
        (K.ORDER_LINKED, at0, SYSTEM_ACTOR, {"order_id": story.order_id}),
        (K.ASSIGNEE, at0, customer, {"from": None, "to": story.agent[0]}),
        (K.AGENT_REPLY, story.replied_at, agent, {"message_id": first}),
        (K.STATUS, story.replied_at, agent, {"from": New, "to": Open}),
        (K.AGENT_REPLY, story.solved_at, agent, {"message_id": last}),
        (K.STATUS, story.solved_at, agent, {"from": Open, "to": Solved}),
    ]
    return [{"ticket_id": ticket_id, "kind": kind, "at": at, "actor": actor, "data": data}
            for kind, at, actor, data in steps]  # fmt: skip


def _words(story: Story) -> dict[str, str]:
    language = texts.language_of(story.locale)
    fill = {"name": story.first_name, "order": story.number, "item": story.item,
            "agent": story.agent[1].split()[0]}  # fmt: skip
    variants = texts.CUSTOMER["late"][language]
    subject, body = variants[story.order_id % len(variants)]
    return {"subject": subject.format(**fill), "body": body.format(**fill).rstrip(),
            "checking": texts.AGENT["checking"][language].format(**fill),
            "done_late": texts.AGENT["done_late"][language].format(**fill)}  # fmt: skip
