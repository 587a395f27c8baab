"""A live service desk for the demo store: a team with business hours in the store's time
zone, the default SLA policy and macros, four agents, and tickets about the store's own
orders, played through the support services so clocks, links and search are real.

Tickets are few and bounded per size (``TICKETS``), not proportional to the orders: each
goes through the services (a few dozen statements), which keeps even the ``large`` store's
desk at seconds. The ``medium`` and ``large`` stores add a long solved past in bulk
(``bulk_tickets``), half a ticket per order, so the inbox is benchmarked at scale. The desk's past is settled: its replies count as sent and its outbox events as
relayed, so starting the demo mails no one about last week's tickets.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import customers, fulfilment, orders, returns, shipping, staff, support
from opsdesk.demo import bulk_tickets
from opsdesk.demo import desk_texts as texts
from opsdesk.demo.desk_plan import Case, Fate, OrderFacts, Planner
from opsdesk.demo.sizes import StoreSize
from opsdesk.kernel.events import OutboxEvent
from opsdesk.kernel.http import Role
from opsdesk.support import sla_status

STORE_TIMEZONE = "Europe/Berlin"
TEAM_NAME = "Customer Care"
TICKETS = {"tiny": 40, "small": 120, "medium": 240, "large": 400}
POOL_LIMIT = 300  # newest orders considered per kind of case: bounded on any store size
AGENTS = (("Lena Fischer", "lena.fischer"), ("Tomás Ortega", "tomas.ortega"),
          ("Camille Martin", "camille.martin"), ("Rafael Souza", "rafael.souza"))  # fmt: skip
AGENT_DOMAIN = "desk.opsdesk.example"
FIXED_HOLIDAYS = ((1, 1), (5, 1), (10, 3), (12, 25), (12, 26))
DONE_TEXT = {"late": "done_late", "angry": "done_late", "return": "done_return",
             "damaged": "done_return", "wrong_item": "done_return", "cancel": "done_cancel"}  # fmt: skip
Ord, Ship = orders.Order, shipping.Shipment
DELIVERED, IN_FLIGHT = "delivered", ("in_transit", "out_for_delivery", "exception")


@dataclass(frozen=True)
class Agent:
    id: int
    name: str

    def author(self) -> support.Author:
        return support.Author(actor=f"agent:{self.name}", staff_id=self.id, name=self.name)


def team_calendar(timezone: str, now: datetime) -> support.sla.BusinessCalendar:
    """Weekdays 8–18 and Saturday mornings, closed on the main public holidays."""
    years = range(now.year - 2, now.year + 2)
    holidays = [date(y, m, d) for y in years for m, d in FIXED_HOLIDAYS]
    hours = {day: [(time(8), time(18))] for day in range(5)} | {5: [(time(9), time(13))]}
    return support.sla.BusinessCalendar.weekly(timezone, hours, holidays)


def seed_service_desk(
    session: Session, *, size: StoreSize, seed: int, now: datetime,
    timezone: str = STORE_TIMEZONE, progress: bulk_tickets.Progress | None = None,
) -> dict[str, int]:  # fmt: skip
    """Set up the desk and play its tickets up to ``now``; the same seed, the same desk.
    Returns rows written per table."""
    calendar = team_calendar(timezone, now)
    team = support.create_team(session, TEAM_NAME, calendar)
    support.seed_default_policy(session)
    macros = support.seed_default_macros(session, now=now)
    count = TICKETS.get(size.name, TICKETS["small"])
    agents = _agents(session, capacity=count // len(AGENTS) + 10)
    outbox_before = session.scalar(sa.select(sa.func.max(OutboxEvent.id))) or 0
    policies = sla_status.load_policies(session)
    planner = Planner(random.Random(seed * 7919 + 3), now, calendar, policies)
    cases = planner.plan(pools(session), count)
    by_id = {a.id: a for a in agents}
    for case in cases:
        _play(session, case, team.id, by_id)
    bulk = bulk_tickets.seed_bulk_tickets(session, size=size, seed=seed, now=now, team_id=team.id,
                                          agents=[(a.id, a.name) for a in agents],
                                          progress=progress)  # fmt: skip
    _settle_history(session, outbox_before, now)
    return {"support_teams": 1, "support_macros": len(macros), "staff_users": len(agents),
            "tickets": len(cases) + bulk, **_message_counts(session)}  # fmt: skip


def _agents(session: Session, *, capacity: int) -> list[Agent]:
    """Four agents, online. They get no password (hashing four that nobody knows costs a
    second and a half): an admin sets one for whoever should sign in as them."""
    made = []
    for name, handle in AGENTS:
        user = staff.create_user(session, email=f"{handle}@{AGENT_DOMAIN}", name=name,
                                 role=Role.AGENT)  # fmt: skip
        support.set_availability(session, user.id, online=True, capacity=capacity)
        made.append(Agent(user.id, name))
    return made


def _message_counts(session: Session) -> dict[str, int]:
    def count(table: str) -> int:
        return int(session.scalar(sa.select(sa.func.count()).select_from(sa.table(table))) or 0)

    return {"ticket_messages": count("ticket_messages"), "csat_responses": count("csat_responses")}


# -- which orders customers write about -------------------------------------------------


def pools(session: Session) -> dict[str, list[OrderFacts]]:
    """Candidate orders per kind of case, newest first, each list bounded."""
    rr = returns.ReturnRequest
    settled_returns = (rr.status == "refunded", rr.received_at.is_not(None))
    faulty = rr.reason.in_(["damaged", "wrong_item"])
    found = {
        "delivered_late": _shipped(session, Ship.status == DELIVERED, settled=True),
        "in_flight": _shipped(session, Ship.status.in_(IN_FLIGHT)),
        "faulty": _faulty(session),
        "refunded": _returned(session, *settled_returns, sa.not_(faulty)),
        "refunded_faulty": _returned(session, *settled_returns, faulty),
        "returning": _returned(session, rr.status.in_(["requested", "approved"])),
        "cancelled": _placed(session, Ord.status == "cancelled", settled=True),
        "cancellable": _placed(session, Ord.status.in_(["placed", "allocated", "backordered"])),
    }
    found["in_flight"] += _placed(session, Ord.status == "backordered")
    return {name: _with_people(session, rows) for name, rows in found.items()}


Row = tuple[int, str, int, datetime, datetime | None]  # order, number, customer, problem, settled


def _shipped(session: Session, *where: sa.ColumnElement[bool], settled: bool = False) -> list[Row]:
    settled_at = Ship.delivered_at if settled else sa.null()
    stmt = (
        sa.select(Ord.id, Ord.number, Ord.customer_id, Ship.shipped_at, settled_at)
        .join(Ship, Ship.order_id == Ord.id)
        .where(Ord.customer_id.is_not(None), Ship.shipped_at.is_not(None), *where)
        .order_by(Ord.id.desc()).limit(POOL_LIMIT)
    )  # fmt: skip
    return _rows(session, stmt)


def _faulty(session: Session) -> list[Row]:
    """Delivered orders, those the warehouse got wrong (fulfilment errors) first."""
    error = fulfilment.FulfilmentError
    wrong = sa.select(error.order_id).where(error.kind.in_(["damaged", "wrong_item"]))
    first = _shipped(session, Ship.status == DELIVERED, Ord.id.in_(wrong))
    rest = _shipped(session, Ship.status == DELIVERED, Ord.id.not_in(wrong))
    return [(i, n, c, delivered or shipped, None) for i, n, c, shipped, delivered in
            _with_delivery(session, first + rest[: POOL_LIMIT // 2])]  # fmt: skip


def _with_delivery(session: Session, rows: list[Row]) -> list[Row]:
    """The delivery instant of each row's order (the damage shows when the box is opened)."""
    ids = [r[0] for r in rows]
    delivered = dict(session.execute(
        sa.select(Ship.order_id, sa.func.max(Ship.delivered_at)).where(Ship.order_id.in_(ids))
        .group_by(Ship.order_id)
    ).all()) if ids else {}  # fmt: skip
    return [(i, n, c, p, delivered.get(i)) for i, n, c, p, _ in rows]


def _returned(session: Session, *where: sa.ColumnElement[bool]) -> list[Row]:
    rr = returns.ReturnRequest
    stmt = (
        sa.select(Ord.id, Ord.number, Ord.customer_id, rr.created_at, rr.received_at)
        .join(rr, rr.order_id == Ord.id)
        .where(Ord.customer_id.is_not(None), *where)
        .order_by(rr.id.desc()).limit(POOL_LIMIT)
    )  # fmt: skip
    return _rows(session, stmt)


def _placed(session: Session, *where: sa.ColumnElement[bool], settled: bool = False) -> list[Row]:
    settled_at = Ord.updated_at if settled else sa.null()
    stmt = (
        sa.select(Ord.id, Ord.number, Ord.customer_id, Ord.placed_at, settled_at)
        .where(Ord.customer_id.is_not(None), *where)
        .order_by(Ord.id.desc()).limit(POOL_LIMIT)
    )  # fmt: skip
    return _rows(session, stmt)


def _rows(session: Session, stmt: sa.Executable) -> list[Row]:
    found: list[Row] = []
    for row in session.execute(stmt):
        order_id, number, customer_id, problem_at, settled_at = row
        if customer_id is not None and problem_at is not None:
            found.append((int(order_id), str(number), int(customer_id), problem_at, settled_at))
    return found


def _with_people(session: Session, rows: Sequence[Row]) -> list[OrderFacts]:
    """The customer's first name and language, and the first item, for each order."""
    customer_ids = {r[2] for r in rows}
    order_ids = [r[0] for r in rows]
    people = {} if not rows else {i: (f, loc) for i, f, loc in session.execute(
        sa.select(customers.Customer.id, customers.Customer.first_name,
                  customers.Customer.locale).where(customers.Customer.id.in_(customer_ids))
    )}  # fmt: skip
    line = orders.OrderLine
    first_line = sa.select(sa.func.min(line.id)).where(line.order_id.in_(order_ids)).group_by(
        line.order_id)  # fmt: skip
    items = {} if not rows else dict(session.execute(
        sa.select(line.order_id, line.title).where(line.id.in_(first_line))).all())  # fmt: skip
    return [
        OrderFacts(order_id, number, customer_id, people[customer_id][0] or "",
                   people[customer_id][1] or "en", items.get(order_id) or "item", problem, settled)
        for order_id, number, customer_id, problem, settled in rows if customer_id in people
    ]  # fmt: skip


# -- playing a ticket -------------------------------------------------------------------


def _play(session: Session, case: Case, team_id: int, agents: dict[int, Agent]) -> None:
    """The conversation up to now, each step at its own moment through the services."""
    words = _Words(case)
    subject, body = words.opening()
    ticket = support.create_ticket(session, support.TicketCreate(
        subject=subject, body=body, channel=support.Channel(case.channel),
        priority=case.priority, customer_id=case.facts.customer_id, team_id=team_id,
        auto_assign=not case.unassigned, tags=list(case.tags), reason=case.kind,
    ), author=words.customer(ticket_email=None), now=case.created_at)  # fmt: skip
    agent = agents.get(ticket.assignee_id or 0)
    if agent is None or case.fate in {Fate.NEW, Fate.AT_RISK}:
        return
    customer = words.customer(ticket_email=ticket.requester_email)
    at = case.created_at
    if case.fate is Fate.BREACHED:
        support.add_customer_message(session, ticket.id, body=words.chase(), author=customer,
                                     now=at + case.followed_up_after)  # fmt: skip
        return
    _answer(session, ticket.id, case, agent, customer, words)


def _answer(
    session: Session, ticket_id: int, case: Case, agent: Agent, customer: support.Author,
    words: _Words,
) -> None:  # fmt: skip
    at, fate, faulty = case.created_at, case.fate, case.kind in {"damaged", "wrong_item"}
    replied, followed = at + case.replied_after, at + case.followed_up_after
    S = support.sla.TicketStatus
    if fate is Fate.PENDING_OPERATIONS:
        note = support.MessageCreate(body=words.ask_operations(), internal=True)
        support.add_staff_message(session, ticket_id, note, author=agent.author(), now=replied)
        _reply(session, ticket_id, words.agent("checking", agent), agent,
               replied + timedelta(minutes=2), S.PENDING_OPERATIONS)  # fmt: skip
        return
    if faulty and fate in {Fate.PENDING_CUSTOMER, Fate.OPEN}:
        _reply(session, ticket_id, words.agent("photo", agent), agent, replied,
               S.PENDING_CUSTOMER)  # fmt: skip
        if fate is Fate.OPEN:
            support.add_customer_message(session, ticket_id, body=words.photos(),
                                         author=customer, now=followed)  # fmt: skip
        return
    _reply(session, ticket_id, words.agent("checking", agent), agent, replied, None)
    if fate is Fate.OPEN:
        support.add_customer_message(session, ticket_id, body=words.chase(), author=customer,
                                     now=followed)  # fmt: skip
    elif fate is Fate.SOLVED:
        solved = at + case.solved_after
        _reply(session, ticket_id, words.agent(DONE_TEXT[case.kind], agent), agent, solved,
               S.SOLVED)  # fmt: skip
        if case.csat is not None:
            support.submit_response(session, ticket_id, score=case.csat, comment=words.csat(),
                                    locale=case.facts.locale, now=solved + case.replied_after)  # fmt: skip


def _reply(
    session: Session, ticket_id: int, body: str, agent: Agent, at: datetime,
    status: support.sla.TicketStatus | None,
) -> None:  # fmt: skip
    message = support.MessageCreate(body=body, status=status)
    support.add_staff_message(session, ticket_id, message, author=agent.author(), now=at)


class _Words:
    """The texts of one case in its customer's language, with its names filled in."""

    def __init__(self, case: Case) -> None:
        self.case, self.language = case, texts.language_of(case.facts.locale)
        facts = case.facts
        self.fill = {"name": facts.first_name or "", "order": facts.number, "item": facts.item}

    def opening(self) -> tuple[str, str]:
        variants = texts.CUSTOMER[self.case.kind][self.language]
        subject, body = variants[self.case.facts.order_id % len(variants)]
        return subject.format(**self.fill), body.format(**self.fill).rstrip()

    def customer(self, *, ticket_email: str | None) -> support.Author:
        email = ticket_email or f"customer-{self.case.facts.customer_id}"
        return support.Author(actor=f"customer:{email}", email=ticket_email or "",
                              name=self.fill["name"])  # fmt: skip

    def chase(self) -> str:
        return texts.CHASE[self.language].format(**self.fill)

    def photos(self) -> str:
        return texts.PHOTO_SENT[self.language].format(**self.fill)

    def ask_operations(self) -> str:
        return texts.OPERATIONS_ASK[self.case.kind].format(**self.fill)

    def agent(self, purpose: str, agent: Agent) -> str:
        first = agent.name.split()[0]
        return texts.AGENT[purpose][self.language].format(**self.fill, agent=first)

    def csat(self) -> str:
        comments = texts.CSAT_COMMENTS.get(self.case.csat or 0)
        return comments[self.language] if comments else ""


def _settle_history(session: Session, outbox_before: int, now: datetime) -> None:
    """The desk's past happened already: its replies were sent, its events relayed."""
    message = support.TicketMessage
    session.flush()
    session.execute(
        sa.update(message).where(message.outbound_status == "queued")
        .values(outbound_status="sent", sent_at=message.created_at)
    )  # fmt: skip
    session.execute(
        sa.update(OutboxEvent).where(OutboxEvent.id > outbox_before,
                                     OutboxEvent.processed_at.is_(None))
        .values(processed_at=now)
    )  # fmt: skip
