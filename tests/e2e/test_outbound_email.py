"""An agent's reply leaves by SMTP after commit, threaded, once; the customer's answer
comes back into the same ticket."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import notifications, support
from opsdesk.config import Settings
from opsdesk.support.models import OutboundStatus, TicketMessage
from tests.factories.support import agent_token, make_agent, raw_email
from tests.support.relay import relay_all
from tests.support.smtp import Inbox, store_mailbox

Headers = dict[str, str]
RFC822 = {"Content-Type": "message/rfc822"}


@pytest.fixture
def smtp(settings: Settings) -> Iterator[tuple[Settings, Inbox]]:
    """Replies come from the help desk's address, not the shop's."""
    with store_mailbox(settings, public_url="https://help.nordlicht.example") as mailbox:
        yield mailbox


@pytest.fixture
def bea(session_factory: sessionmaker[Session]) -> Headers:
    with session_factory() as s, s.begin():
        return agent_token(s, make_agent(s, "Bea"))


def test_a_reply_arrives_threaded_once_and_the_answer_threads_back(
    client: TestClient,
    bea: Headers,
    smtp: tuple[Settings, Inbox],
    session_factory: sessionmaker[Session],
) -> None:
    settings, inbox = smtp
    client.app.state.settings = settings  # type: ignore[attr-defined]
    ticket_id = client.post("/api/v1/inbound/email", content=raw_email(),
                            headers=bea | RFC822).json()["ticket_id"]  # fmt: skip
    reply = client.post(
        f"/api/v1/tickets/{ticket_id}/messages",
        json={"body": "Your mug ships today.\n\nKind regards, Bea"},
        headers=bea,
    )
    assert reply.status_code == 201
    assert inbox.messages == []  # nothing leaves before the worker relays the commit
    relay_all(session_factory, settings)
    relay_all(session_factory, settings)
    (mail,) = inbox.wait_for(1)
    assert mail["To"] == "ana.lima@example.com"
    assert mail["Subject"] == f"Re: Mug still not here [#T-{ticket_id}]"
    assert mail["Message-ID"] == reply.json()["email_message_id"]
    assert mail["Message-ID"].endswith("@help.nordlicht.example>")
    assert mail["In-Reply-To"] == "<first.1@mail.example.com>"
    assert mail["References"] == "<first.1@mail.example.com>"
    plain = mail.get_body(("plain",))
    assert plain is not None
    assert "Your mug ships today." in plain.get_content()
    answer = raw_email(body="Great, thank you!", message_id="<thanks@mail.example.com>",
                       subject=f"Re: {mail['Subject']}", in_reply_to=mail["Message-ID"],
                       references=f"<first.1@mail.example.com> {mail['Message-ID']}")  # fmt: skip
    threaded = client.post("/api/v1/inbound/email", content=answer, headers=bea | RFC822).json()
    assert (threaded["ticket_id"], threaded["threaded_by"]) == (ticket_id, "header")
    with session_factory() as s:
        view = support.read_ticket(s, ticket_id)
    assert [(m.author_kind, m.outbound_status) for m in view.messages] == [
        ("customer", None), ("agent", "sent"), ("customer", None),
    ]  # fmt: skip
    assert len(inbox.messages) == 1


class UnreachableRelay:
    """The mail relay is down: every send fails the way a refused connection does."""

    name = "email"

    def send(self, message: notifications.Outgoing) -> None:
        raise ConnectionRefusedError(f"cannot reach the relay for {message.recipient}")


def test_a_reply_that_could_not_be_sent_stays_queued_and_goes_out_on_retry(
    session_factory: sessionmaker[Session], smtp: tuple[Settings, Inbox]
) -> None:
    settings, inbox = smtp
    with session_factory() as s, s.begin():
        agent = make_agent(s, "Bea")
        ticket = support.receive_email(s, raw_email()).ticket_id
        message = support.add_staff_message(
            s, ticket, support.MessageCreate(body="On its way."),
            author=support.Author(actor="agent:Bea", staff_id=agent, name="Bea"),
        ).id  # fmt: skip
    with pytest.raises(ConnectionRefusedError), session_factory() as s, s.begin():
        support.send_reply(s, message, UnreachableRelay())
    with session_factory() as s:
        status = s.scalar(
            sa.select(TicketMessage.outbound_status).where(TicketMessage.id == message)
        )
        assert status is OutboundStatus.QUEUED
    relay_all(session_factory, settings)
    assert len(inbox.wait_for(1)) == 1
    with session_factory() as s, s.begin():
        assert support.send_reply(s, message, UnreachableRelay()) is False  # sent already
