"""Customers' e-mail arriving through ``POST /api/v1/inbound/email`` and through the real
SMTP listener (``opsdesk smtp-inbound``): new tickets, threading, reopening, duplicates."""

from __future__ import annotations

import os
import shutil
import signal
import smtplib
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import registry, support
from opsdesk.kernel.db import make_engine
from opsdesk.support.smtp_inbound import start_listener
from tests.factories.orders import make_shop, place
from tests.factories.support import raw_email
from tests.support.clock import opsdesk_command
from tests.support.smtp import free_port

Headers = dict[str, str]
INBOUND = "/api/v1/inbound/email"
RFC822 = {"Content-Type": "message/rfc822"}


def _post(client: TestClient, headers: Headers, raw: bytes) -> Any:
    return client.post(INBOUND, content=raw, headers=headers | RFC822)


def test_a_new_email_becomes_a_ticket_linked_to_customer_and_order(
    client: TestClient, operations_headers: Headers, session_factory: sessionmaker[Session]
) -> None:
    with session_factory() as s, s.begin():
        make_shop(s)
        number = place(s).number
    photo = ("crack.jpg", "image/jpeg", b"\xff\xd8" + b"1" * 500)
    response = _post(client, operations_headers,
                     raw_email(body=f"My order {number} came broken.", attachment=photo))  # fmt: skip
    assert response.status_code == 201, response.text
    result = response.json()
    assert (result["created"], result["duplicate"], result["threaded_by"]) == (True, False, "new")
    with session_factory() as s:
        view = support.read_ticket(s, result["ticket_id"])
    assert (view.channel, view.subject, view.requester_email) == (
        "email", "Mug still not here", "ana.lima@example.com",
    )  # fmt: skip
    assert [o.number for o in view.orders] == [number]
    (message,) = view.messages
    assert message.email_message_id == "<first.1@mail.example.com>"
    assert [(a.filename, a.size) for a in message.attachments] == [("crack.jpg", 502)]


def test_a_reply_threads_by_header_or_token_and_reopens_a_solved_ticket(
    client: TestClient, agent_headers: Headers, session_factory: sessionmaker[Session]
) -> None:
    first = _post(client, agent_headers, raw_email()).json()
    ticket_id = first["ticket_id"]
    with session_factory() as s, s.begin():
        support.update_ticket(s, ticket_id, support.TicketUpdate(status="solved"),
                              author=support.Author(actor="agent:test"))  # fmt: skip
    by_header = _post(client, agent_headers, raw_email(
        body="It broke again.\n\nOn Mon, Ana wrote:\n> Hello", message_id="<second@mail.example.com>",
        in_reply_to="<first.1@mail.example.com>",
    ))  # fmt: skip
    assert by_header.status_code == 200
    assert (by_header.json()["ticket_id"], by_header.json()["threaded_by"]) == (ticket_id, "header")
    by_token = _post(client, agent_headers, raw_email(
        subject=f"Re: Mug still not here [#T-{ticket_id}]", message_id="<third@mail.example.com>",
    ))  # fmt: skip
    assert by_token.json()["threaded_by"] == "subject"
    stranger = _post(client, agent_headers, raw_email(
        subject=f"Re: [#T-{ticket_id}]", sender="mallory@example.net",
        message_id="<fourth@mail.example.net>",
    ))  # fmt: skip
    assert stranger.json()["created"] is True
    assert stranger.json()["ticket_id"] != ticket_id
    with session_factory() as s:
        view = support.read_ticket(s, ticket_id)
    assert view.status == "open"
    assert [m.body_text for m in view.messages][1] == "It broke again."


def test_the_same_message_delivered_twice_is_stored_once(
    client: TestClient, agent_headers: Headers, session_factory: sessionmaker[Session]
) -> None:
    first = _post(client, agent_headers, raw_email())
    again = _post(client, agent_headers, raw_email())
    assert again.status_code == 200
    assert again.json() | {"duplicate": False} == first.json()
    assert again.json()["duplicate"] is True
    with session_factory() as s:
        items, _ = support.list_tickets(s, support.TicketFilter())
        assert len(items) == 1
        assert len(support.read_ticket(s, items[0].id).messages) == 1


def test_bad_requests_are_refused_clearly(client: TestClient, agent_headers: Headers) -> None:
    assert client.post(INBOUND, content=raw_email(), headers=RFC822).status_code == 401
    wrong_type = client.post(INBOUND, content=raw_email(),
                             headers=agent_headers | {"Content-Type": "text/plain"})  # fmt: skip
    assert wrong_type.status_code == 415
    no_sender = _post(client, agent_headers, b"Subject: hi\r\n\r\nHello\r\n")
    assert no_sender.status_code == 422
    assert _post(client, agent_headers, b"   ").status_code == 422


def nested_parts(levels: int) -> bytes:
    """A message whose multipart parts nest ``levels`` deep around one line of text."""
    head = b"From: Ana Lima <ana.lima@example.com>\r\nSubject: deep\r\nMIME-Version: 1.0\r\n"
    opening = b"".join(
        b'Content-Type: multipart/mixed; boundary="b%d"\r\n\r\n--b%d\r\n' % (i, i)
        for i in range(levels)
    )
    closing = b"".join(b"\r\n--b%d--\r\n" % i for i in reversed(range(levels)))
    return head + opening + b"Content-Type: text/plain\r\n\r\nhello" + closing


def _ticket_count(factory: sessionmaker[Session]) -> int:
    with factory() as s:
        return len(support.list_tickets(s, support.TicketFilter())[0])


def test_mail_nested_thousands_of_parts_deep_is_422_not_500(
    client: TestClient, agent_headers: Headers, session_factory: sessionmaker[Session]
) -> None:
    deep = _post(client, agent_headers, nested_parts(2000))
    shallow = _post(client, agent_headers, nested_parts(5))

    assert deep.status_code == 422, deep.text
    assert "nests more than 20 levels" in deep.json()["error"]["message"]
    assert shallow.status_code == 201, shallow.text
    assert _ticket_count(session_factory) == 1


def test_the_smtp_listener_refuses_absurd_mail_for_good(
    session_factory: sessionmaker[Session],
) -> None:
    """A permanent 5xx: a 4xx (as a 500 inside once gave) makes the sender retry forever."""
    port = free_port()
    controller = start_listener(session_factory, "127.0.0.1", port, max_bytes=1024 * 1024)
    try:
        with smtplib.SMTP("127.0.0.1", port, timeout=10) as smtp:
            with pytest.raises(smtplib.SMTPDataError) as deep:
                smtp.sendmail("ana.lima@example.com", ["care@nordlicht.example"],
                              nested_parts(2000))  # fmt: skip
            smtp.rset()
            with pytest.raises(smtplib.SMTPResponseException) as large:  # refused at MAIL
                smtp.sendmail("ana.lima@example.com", ["care@nordlicht.example"],
                              raw_email(body="x" * 1_100_000))  # fmt: skip
    finally:
        controller.stop()
    assert deep.value.smtp_code == 550
    assert b"nests more than 20 levels" in deep.value.smtp_error
    assert large.value.smtp_code == 552
    assert _ticket_count(session_factory) == 0


def test_the_smtp_listener_files_mail_as_tickets(session_factory: sessionmaker[Session]) -> None:
    port = free_port()
    controller = start_listener(session_factory, "127.0.0.1", port)
    try:
        with smtplib.SMTP("127.0.0.1", port, timeout=10) as smtp:
            smtp.sendmail("ana.lima@example.com", ["care@nordlicht.example"],
                          raw_email(body="Sent over SMTP."))  # fmt: skip
            smtp.sendmail("ana.lima@example.com", ["care@nordlicht.example"],
                          raw_email(body="Sent over SMTP."))  # fmt: skip
            refused = smtp.docmd("MAIL FROM:<x@example.com>")
            assert refused[0] == 250
            smtp.docmd("RCPT TO:<care@nordlicht.example>")
            code, _ = smtp.data(b"Subject: no sender\r\n\r\nHello\r\n")
            assert code == 550
    finally:
        controller.stop()
    with session_factory() as s:
        items, _ = support.list_tickets(s, support.TicketFilter())
        assert [t.requester_email for t in items] == ["ana.lima@example.com"]
        assert [m.body_text for m in support.read_ticket(s, items[0].id).messages] == [
            "Sent over SMTP."
        ]


def _wait_for_port(port: int, process: subprocess.Popen[str], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read() if process.stderr else ""
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError("opsdesk smtp-inbound did not start listening")


def test_the_smtp_inbound_command_receives_mail_until_stopped(
    sqlite_template: Path, tmp_path: Path
) -> None:
    shutil.copyfile(sqlite_template, tmp_path / "opsdesk.sqlite3")
    port = free_port()
    env = {**os.environ, "OPSDESK_DATA_DIR": str(tmp_path)}
    env.pop("OPSDESK_DATABASE_URL", None)
    process = subprocess.Popen(
        opsdesk_command("smtp-inbound", "--host", "127.0.0.1", "--port", str(port)),
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        _wait_for_port(port, process)
        with smtplib.SMTP("127.0.0.1", port, timeout=10) as smtp:
            smtp.sendmail("ana.lima@example.com", ["care@nordlicht.example"], raw_email())
    finally:
        process.send_signal(signal.SIGTERM)
        _out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    engine = make_engine(f"sqlite:///{tmp_path / 'opsdesk.sqlite3'}")
    with registry.session_factory(engine)() as s:
        items, _ = support.list_tickets(s, support.TicketFilter())
    engine.dispose()
    assert [(t.subject, t.channel) for t in items] == [("Mug still not here", "email")]
