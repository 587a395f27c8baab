"""Reading RFC 822 messages: sender, bodies, quoted history, attachments, thread ids."""

from __future__ import annotations

import pytest

from opsdesk.kernel.errors import InvalidInput
from opsdesk.support.mail import html_to_text, parse_email, strip_quoted_reply
from tests.factories.support import raw_email


def test_sender_subject_body_and_thread_headers_are_read() -> None:
    mail = parse_email(
        raw_email(
            in_reply_to="<r2@desk.example>",
            references="<r1@desk.example> <r2@desk.example>",
        )
    )
    assert (mail.sender, mail.sender_name) == ("ana.lima@example.com", "Ana Lima")
    assert mail.subject == "Mug still not here"
    assert mail.text == "Hello, my order has not arrived."
    assert mail.message_id == "<first.1@mail.example.com>"
    assert mail.referenced_ids() == ["<r2@desk.example>", "<r1@desk.example>"]


def test_quoted_history_is_cut_from_a_reply() -> None:
    body = (
        "Thanks, it arrived today!\n\n"
        "On Tue, 3 Mar 2026 at 10:00, Nordlicht <care@nordlicht.example> wrote:\n"
        "> Your parcel is on its way.\n"
    )
    assert strip_quoted_reply(body) == "Thanks, it arrived today!"
    assert strip_quoted_reply("Danke!\nAm 3. März 2026 schrieb Nordlicht:\n> Hallo") == "Danke!"
    assert strip_quoted_reply("> only a quote") == "> only a quote"


def test_an_html_only_message_becomes_readable_text() -> None:
    html = (
        "<html><head><style>p{color:red}</style></head><body>"
        "<p>Hello&nbsp;team,</p><p>The <b>mug</b> is broken.</p></body></html>"
    )
    mail = parse_email(raw_email(body="", html=html))
    assert mail.text == "Hello team,\n\nThe mug is broken."
    assert "<b>mug</b>" in mail.html
    assert html_to_text("<div>a<br>b</div>") == "a\nb"


def test_attachments_are_listed_with_name_type_and_size_only() -> None:
    photo = b"\x89PNG" + b"0" * 1200
    mail = parse_email(raw_email(attachment=("broken-mug.png", "image/png", photo)))
    assert [(a.filename, a.content_type, a.size) for a in mail.attachments] == [
        ("broken-mug.png", "image/png", len(photo))
    ]


def test_a_message_without_message_id_gets_a_stable_synthetic_one() -> None:
    raw = b"From: ana.lima@example.com\r\nSubject: hi\r\n\r\nHello\r\n"
    assert parse_email(raw).message_id == parse_email(raw).message_id
    assert parse_email(raw).message_id.endswith("@inbound.opsdesk>")


def test_a_message_without_sender_is_refused() -> None:
    with pytest.raises(InvalidInput):
        parse_email(b"Subject: hi\r\n\r\nHello\r\n")
    with pytest.raises(InvalidInput):
        parse_email(b"")
