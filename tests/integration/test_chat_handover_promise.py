"""One policy, one promise: a chat handed to a person gets the chat policy's first-response
target on the store's business hours (in the store's time zone, whatever the customer's),
and what the customer is told comes from that same due instant — a wait no later than it
while the team is at work, and when the team is back outside business hours."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from opsdesk import support
from opsdesk.assistant import answers
from opsdesk.assistant.chat import ChatConfig, customer_token, post_message, start_chat
from opsdesk.assistant.models import ChatSession
from tests.factories.customers import make_customer
from tests.factories.support import make_agent, make_ticket

CONFIG = ChatConfig(store_name="Nordlicht", secret_key="test-secret-key",
                    public_url="https://shop.example", default_locale="en",
                    default_timezone="Europe/Berlin")  # fmt: skip
CUSTOMER_ZONE = "America/Sao_Paulo"  # the browser's zone: only for showing times
VOICE = answers.Voice.for_customer("en", "en", CUSTOMER_ZONE)
CHAT_MEDIUM = support.sla.CHAT_TARGETS[support.sla.Priority.MEDIUM].first_response
# The store opens 08:00-18:00 on weekdays and 09:00-13:00 on Saturdays, Berlin time (CET).
THURSDAY_1600 = datetime(2026, 11, 19, 15, 0, tzinfo=UTC)
THURSDAY_1930 = datetime(2026, 11, 19, 18, 30, tzinfo=UTC)
FRIDAY_0800 = datetime(2026, 11, 20, 7, 0, tzinfo=UTC)
SATURDAY_1500 = datetime(2026, 11, 21, 14, 0, tzinfo=UTC)
MONDAY_0800 = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)


def _hand_over(
    session: Session, now: datetime, customer_id: int | None = None
) -> tuple[str, support.TicketRead]:
    """A customer on São Paulo's clock asks for a person; the reply and the ticket."""
    token = None if customer_id is None else customer_token(CONFIG.secret_key, customer_id)
    chat = start_chat(session, CONFIG, timezone=CUSTOMER_ZONE, customer_token=token, now=now)
    result = post_message(session, CONFIG, chat.id, "I want to talk to a human", now=now)
    row = session.get(ChatSession, chat.id)
    assert row is not None
    assert row.ticket_id is not None
    reply = "\n".join(m.body for m in result.replies)
    return reply, support.read_ticket(session, row.ticket_id, now=now)


def _agent_with_open_tickets(session: Session, count: int, now: datetime) -> int:
    agent = make_agent(session, capacity=50)
    for _ in range(count):
        make_ticket(session, assignee_id=agent, now=now - timedelta(hours=1))
    return agent


def _promised_minutes(reply: str) -> int:
    found = re.search(r"join this chat in about (\d+) minutes", reply)
    assert found, reply
    return int(found.group(1))


def _assert_on_the_chat_policy_and_the_stores_hours(ticket: support.TicketRead) -> None:
    assert ticket.channel is support.Channel.CHAT
    assert ticket.priority is support.sla.Priority.MEDIUM
    assert ticket.sla.policy == "chat"
    assert ticket.sla.calendar_timezone == "Europe/Berlin"  # the store's, not the customer's


def test_in_business_hours_a_long_queue_is_told_the_sla_due_time_not_the_queues_guess(
    session: Session,
) -> None:
    agent = _agent_with_open_tickets(session, 17, THURSDAY_1600)  # the queue says 72 minutes
    reply, ticket = _hand_over(session, THURSDAY_1600)

    _assert_on_the_chat_policy_and_the_stores_hours(ticket)
    assert ticket.assignee_id == agent
    due = ticket.sla.first_response.due_at
    assert due == THURSDAY_1600 + CHAT_MEDIUM
    assert ticket.sla_due_at == due
    assert THURSDAY_1600 + timedelta(minutes=_promised_minutes(reply)) == due
    assert "72" not in reply


def test_in_business_hours_a_short_queue_is_told_its_wait_which_is_within_the_sla(
    session: Session,
) -> None:
    _agent_with_open_tickets(session, 0, THURSDAY_1600)
    reply, ticket = _hand_over(session, THURSDAY_1600)

    _assert_on_the_chat_policy_and_the_stores_hours(ticket)
    due = ticket.sla.first_response.due_at
    assert due == THURSDAY_1600 + CHAT_MEDIUM
    promised = THURSDAY_1600 + timedelta(minutes=_promised_minutes(reply))
    assert promised == THURSDAY_1600 + timedelta(minutes=4)  # the agent's next chat
    assert promised <= due


def test_in_the_evening_the_customer_is_told_when_the_team_is_back_and_the_sla_due_time(
    session: Session,
) -> None:
    _agent_with_open_tickets(session, 17, THURSDAY_1930)  # left "online" after work
    reply, ticket = _hand_over(session, THURSDAY_1930)

    _assert_on_the_chat_policy_and_the_stores_hours(ticket)
    due = ticket.sla.first_response.due_at
    assert due == FRIDAY_0800 + CHAT_MEDIUM  # the clock starts when the team does
    assert f"away until {VOICE.moment(FRIDAY_0800)}" in reply  # 04:00 in São Paulo
    assert f"We will reply by {VOICE.moment(due)}" in reply  # 04:15 in São Paulo
    assert "join this chat" not in reply
    assert "72" not in reply


def test_at_the_weekend_the_customer_is_told_monday_morning(session: Session) -> None:
    reply, ticket = _hand_over(session, SATURDAY_1500)  # Saturday hours ended at 13:00

    _assert_on_the_chat_policy_and_the_stores_hours(ticket)
    due = ticket.sla.first_response.due_at
    assert due == MONDAY_0800 + CHAT_MEDIUM
    assert ticket.sla_due_at == due
    assert f"away until {VOICE.moment(MONDAY_0800)}" in reply
    assert f"We will reply by {VOICE.moment(due)}" in reply
    assert "join this chat" not in reply


def test_a_known_customer_at_the_weekend_is_promised_an_e_mail_by_the_sla_due_time(
    session: Session,
) -> None:
    customer = make_customer(session, email="lena@example.com")
    reply, ticket = _hand_over(session, SATURDAY_1500, customer.id)

    _assert_on_the_chat_policy_and_the_stores_hours(ticket)
    due = ticket.sla.first_response.due_at
    assert due == MONDAY_0800 + CHAT_MEDIUM
    assert f"away until {VOICE.moment(MONDAY_0800)}" in reply
    assert f"We will reply by e-mail to lena@example.com by {VOICE.moment(due)}" in reply
    assert support.REPLY_BY_EMAIL_TAG in ticket.tags


def test_every_handover_goes_to_one_chat_team_on_the_stores_hours(session: Session) -> None:
    _first_reply, first = _hand_over(session, THURSDAY_1600)
    _second_reply, second = _hand_over(session, SATURDAY_1500)
    assert first.team_id is not None
    assert first.team_id == second.team_id
    hours = support.team_calendar(session, first.team_id)
    assert hours == CONFIG.store_hours
