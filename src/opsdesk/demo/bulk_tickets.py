"""A desk's long past in bulk: hundreds of thousands of solved tickets for big stores.

Playing a ticket through the support services costs a few dozen statements, fine for the
few hundred open cases (``service_desk``) but far too many for the ``large`` store's half
a million. Its solved history is written here through the generator's bulk writers
instead (``COPY`` on PostgreSQL with the tables' secondary and full-text indexes rebuilt
once at the end, the driver's executemany on SQLite), with ids handed out in advance:
each ticket is a customer asking where a delivered order is, an agent's first answer and
the agent's closing reply, stored as the services would store it (the history rows the
SLA clock replays, the automatic order link, sent replies with their Message-IDs) and
with the SLA fields computed by the same pure clock the services run.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from opsdesk import customers, orders, shipping
from opsdesk.demo import desk_texts as texts
from opsdesk.demo.sizes import StoreSize
from opsdesk.demo.writer import BulkWriter, writer_for
from opsdesk.support import (
    AuthorKind,
    Channel,
    OutboundStatus,
    TicketEventKind,
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
Progress = Callable[[str, int, int], None]  # (stage, done, planned)
STAGE = "solved tickets (orders read)"
# The columns each bulk row carries, in order; the rest take their model defaults.
DESK_COLUMNS: dict[str, tuple[str, ...]] = {
    "tickets": (
        "id", "subject", "channel", "status", "priority", "assignee_id", "team_id",
        "customer_id", "requester_email", "requester_name", "tags", "reason", "created_at",
        "updated_at", "first_response_at", "solved_at", "sla_policy", "sla_status",
        "sla_due_at", "sla_at_risk_at", "sla_breach_at", "sla_paused", "sla_next_check_at",
    ),
    "ticket_messages": (
        "id", "ticket_id", "author_kind", "author_staff_id", "author_name", "author_email",
        "body_text", "outbound_status", "sent_at", "email_message_id", "created_at",
    ),
    "ticket_events": ("id", "ticket_id", "kind", "at", "actor", "data"),
    "ticket_order_links": ("ticket_id", "order_id", "automatic", "linked_by", "linked_at"),
}  # fmt: skip
ID_TABLES = ("tickets", "ticket_messages", "ticket_events")
Row = tuple[Any, ...]  # one bulk row, in its table's DESK_COLUMNS order
NEW, OPEN, SOLVED = (s.value for s in (sla.TicketStatus.NEW, sla.TicketStatus.OPEN,
                                       sla.TicketStatus.SOLVED))  # fmt: skip
CUSTOMER, AGENT, SENT = AuthorKind.CUSTOMER.value, AuthorKind.AGENT.value, OutboundStatus.SENT.value


@dataclass(frozen=True)
class Desk:
    """What every bulk ticket shares: the team, its clock, the agents who answer."""

    team_id: int
    agents: Sequence[tuple[int, str]]  # staff id, display name
    policies: Sequence[sla.SlaPolicy]  # the stored ones, as the services select from
    calendar: sla.BusinessCalendar
    now: datetime

    def policy_for(self, channel: Channel, priority: sla.Priority) -> sla.SlaPolicy:
        return sla.select_policy(self.policies, sla.TicketFacts(priority, channel=channel.value))


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
    agents: Sequence[tuple[int, str]], progress: Progress | None = None,
) -> int:  # fmt: skip
    """Write ``TICKETS_PER_ORDER`` solved tickets per order (none for small sizes);
    returns how many. Orders are visited in id order in batches, so memory stays flat."""
    ratio = TICKETS_PER_ORDER.get(size.name, 0.0)
    if not ratio or not agents:
        return 0
    calendar = sla_status.load_calendars(session, [team_id])[team_id]
    desk = Desk(team_id, agents, sla_status.load_policies(session), calendar, now)
    rng = random.Random(seed * 104_729 + 11)
    delivered = _delivered_count(session, now)
    share = min(1.0, ratio * size.orders / max(1, delivered))
    session.flush()  # the played cases first: their ids come before the bulk ones
    conn = session.connection()
    writer = writer_for(conn, DESK_COLUMNS, deferred=frozenset(DESK_COLUMNS))
    ids = DeskIds(conn)
    written, visited, after = 0, 0, 0
    while batch := _delivered_batch(session, after, now):
        after, visited = batch[-1][0], visited + len(batch)
        stories = [s for row in batch if rng.random() < share for s in [_story(rng, row, desk)]]
        written += write_stories(writer, ids, stories, desk)
        if progress:
            progress(STAGE, visited, delivered)
    writer.finish(ID_TABLES)
    return written


class DeskIds:
    """Primary keys handed out ahead of the insert, after the highest already stored, so
    messages and history can point at their ticket without a round trip per batch
    (``finish`` moves the sequences past them on PostgreSQL)."""

    def __init__(self, conn: sa.Connection) -> None:
        self._last = {
            table: int(conn.execute(sa.text(f'SELECT coalesce(max(id), 0) FROM "{table}"'))
                       .scalar_one())
            for table in ID_TABLES
        }  # fmt: skip

    def take(self, table: str, count: int) -> range:
        first = self._last[table] + 1
        self._last[table] += count
        return range(first, first + count)


# -- which orders ------------------------------------------------------------------------


def _delivered_where(now: datetime) -> tuple[sa.ColumnElement[bool], ...]:
    settled_before = now - timedelta(days=2)
    return (Ord.customer_id.is_not(None), Ship.status == "delivered",
            Ship.shipped_at.is_not(None), Ship.delivered_at < settled_before)  # fmt: skip


def _delivered_count(session: Session, now: datetime) -> int:
    stmt = sa.select(sa.func.count()).select_from(Ord).join(Ship, Ship.order_id == Ord.id)
    return int(session.scalar(stmt.where(*_delivered_where(now))) or 0)


Delivered = tuple[int, str, int, str, str, str, datetime, datetime, str]


def _delivered_batch(session: Session, after: int, now: datetime) -> list[Delivered]:
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


def _story(rng: random.Random, row: Delivered, desk: Desk) -> Story:
    """The customer writes a few days after shipping; the agent answers within hours (a
    chat within its first-response target) and closes the ticket once the parcel is
    delivered."""
    order_id, number, customer_id, email, first_name, locale, shipped, delivered, item = row
    created = min(shipped + timedelta(days=rng.uniform(2, 6)), desk.now - timedelta(days=2))
    answer = timedelta(minutes=rng.randint(15, 600))
    closing = timedelta(minutes=rng.randint(30, 1440))
    priority = sla.Priority.HIGH if rng.random() < 0.1 else sla.Priority.MEDIUM
    channel = rng.choice(CHANNELS)
    if channel is Channel.CHAT:  # a chat waits minutes, not hours
        target = desk.policy_for(channel, priority).target(priority, sla.Metric.FIRST_RESPONSE)
        answer = min(answer, target * 0.9)
    replied = created + answer
    solved = max(delivered, replied) + closing
    return Story(order_id, number, customer_id, email or "", first_name or "", locale or "en",
                 item or "item", created, replied, solved,
                 desk.agents[order_id % len(desk.agents)], channel, priority)  # fmt: skip


# -- the rows ----------------------------------------------------------------------------


def write_stories(
    writer: BulkWriter, ids: DeskIds, stories: Sequence[Story], desk: Desk
) -> int:  # fmt: skip
    """Write the tickets, their messages, history and order links; returns the count."""
    if not stories:
        return 0
    tickets, messages, events, links = [], [], [], []
    ticket_ids = ids.take("tickets", len(stories))
    message_ids = iter(ids.take("ticket_messages", 3 * len(stories)))
    for story, ticket_id in zip(stories, ticket_ids, strict=True):
        words = _words(story)
        tickets.append(ticket_row(story, ticket_id, words, desk))
        thread = message_rows(story, ticket_id, words, [next(message_ids) for _ in range(3)])
        messages.extend(thread)
        events.extend(event_rows(story, ticket_id, thread[1][0], thread[2][0]))
        links.append((ticket_id, story.order_id, True, SYSTEM_ACTOR, story.created_at))
    event_ids = ids.take("ticket_events", len(events))
    events = [(event_id, *row) for event_id, row in zip(event_ids, events, strict=True)]
    for table, rows in (("tickets", tickets), ("ticket_messages", messages),
                        ("ticket_events", events), ("ticket_order_links", links)):  # fmt: skip
        writer.write(table, rows)
    return len(stories)


def clock_replay(story: Story) -> list[sla.TicketEvent]:
    """The history the SLA clock sees, as ``sla_status.clock_events`` would read it."""
    return [sla.TicketCreated(story.created_at, story.priority),
            sla.AgentReplied(story.replied_at),
            sla.StatusChanged(story.replied_at, sla.TicketStatus.OPEN),
            sla.AgentReplied(story.solved_at),
            sla.StatusChanged(story.solved_at, sla.TicketStatus.SOLVED)]  # fmt: skip


@dataclass
class SlaFields:
    """What ``sla_status.store`` writes on a ticket, for a row that is not an entity."""

    sla_policy: str = ""
    sla_status: sla.SlaStatus | None = None
    sla_due_at: datetime | None = None
    sla_at_risk_at: datetime | None = None
    sla_breach_at: datetime | None = None
    sla_paused: bool = False
    sla_next_check_at: datetime | None = None


def ticket_row(story: Story, ticket_id: int, words: dict[str, str], desk: Desk) -> Row:
    fields = SlaFields()
    policy = desk.policy_for(story.channel, story.priority)
    result = sla.compute_sla(clock_replay(story), policy, desk.calendar, desk.now)
    sla_status.store(fields, policy, result)
    return (ticket_id, words["subject"], story.channel.value, SOLVED, story.priority.value,
            story.agent[0], desk.team_id, story.customer_id, story.email, story.first_name,
            [], "late", story.created_at, story.solved_at, story.replied_at, story.solved_at,
            fields.sla_policy, fields.sla_status and fields.sla_status.value, fields.sla_due_at,
            fields.sla_at_risk_at, fields.sla_breach_at, fields.sla_paused,
            fields.sla_next_check_at)  # fmt: skip


def message_rows(
    story: Story, ticket_id: int, words: dict[str, str], message_ids: Sequence[int]
) -> list[Row]:
    """The customer's question, the agent's first answer, the agent's closing reply."""
    staff_id, agent_name = story.agent
    opening = (message_ids[0], ticket_id, CUSTOMER, None, story.first_name, story.email,
               words["body"], None, None, None, story.created_at)  # fmt: skip
    replies = [
        (message_id, ticket_id, AGENT, staff_id, agent_name, "", words[purpose], SENT, at,
         f"<t{ticket_id}.{n}bulk@{MAIL_DOMAIN}>", at)
        for n, (message_id, purpose, at) in enumerate(
            ((message_ids[1], "checking", story.replied_at),
             (message_ids[2], "done_late", story.solved_at)), start=1)
    ]  # fmt: skip
    return [opening, *replies]


def event_rows(story: Story, ticket_id: int, first: int, last: int) -> list[Row]:
    """History as ``create_ticket``, ``link_mentioned_orders``, ``auto_assign`` and two
    ``add_staff_message`` calls record it (without their ids, handed out per batch)."""
    customer = f"customer:{story.email or f'customer-{story.customer_id}'}"
    agent = f"agent:{story.agent[1]}"
    K, at0 = TicketEventKind, story.created_at
    steps: list[tuple[TicketEventKind, datetime, str, dict[str, Any]]] = [
        (K.CREATED, at0, customer, {"priority": story.priority.value}),
        (K.ORDER_LINKED, at0, SYSTEM_ACTOR, {"order_id": story.order_id}),
        (K.ASSIGNEE, at0, customer, {"from": None, "to": story.agent[0]}),
        (K.AGENT_REPLY, story.replied_at, agent, {"message_id": first}),
        (K.STATUS, story.replied_at, agent, {"from": NEW, "to": OPEN}),
        (K.AGENT_REPLY, story.solved_at, agent, {"message_id": last}),
        (K.STATUS, story.solved_at, agent, {"from": OPEN, "to": SOLVED}),
    ]
    return [(ticket_id, kind.value, at, actor, data) for kind, at, actor, data in steps]


def _words(story: Story) -> dict[str, str]:
    language = texts.language_of(story.locale)
    fill = {"name": story.first_name, "order": story.number, "item": story.item,
            "agent": story.agent[1].split()[0]}  # fmt: skip
    variants = texts.CUSTOMER["late"][language]
    subject, body = variants[story.order_id % len(variants)]
    return {"subject": subject.format(**fill), "body": body.format(**fill).rstrip(),
            "checking": texts.AGENT["checking"][language].format(**fill),
            "done_late": texts.AGENT["done_late"][language].format(**fill)}  # fmt: skip
