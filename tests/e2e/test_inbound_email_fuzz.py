"""Malformed mail through ``POST /api/v1/inbound/email``: a ticket or a clear 4xx, never a 500.

The API fuzzing (``test_api_fuzz.py``) cannot generate raw RFC 822 bodies, so this
builds them here: headers with 8-bit bytes, NUL bytes, encoded words in unknown
charsets, broken address lists and parameters; bodies that lie about their charset or
transfer encoding; multiparts with missing or wrong boundaries. Hypothesis runs
derandomized in the suite; ``OPSDESK_FUZZ_EXAMPLES`` asks for a deeper random run.
"""

from __future__ import annotations

import os

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opsdesk.kernel.errors import InvalidInput
from opsdesk.support.mail import parse_email

INBOUND = "/api/v1/inbound/email"
RFC822 = {"Content-Type": "message/rfc822"}
EXAMPLES = int(os.environ.get("OPSDESK_FUZZ_EXAMPLES", "0"))
FUZZ = settings(
    max_examples=EXAMPLES or 40,
    derandomize=not EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Byte snippets that have broken mail parsers: 8-bit text, NUL, CR without LF, stray
# quotes and brackets, encoded words with unknown or lying charsets, RFC 2231 values.
NASTY = [
    b"caf\xe9", b"\xff\xfe", b"\x00", b"a\rb", b'"', b"\\", b"<", b">", b"<>", b"@", b",",
    b":;", b"(comment", b"=?x-nonsense?q?a=FF?=", b"=?utf-8?b?////?=", b"=?utf-8?q?",
    b"=?iso-8859-1?q?J=F6rg?=", b"undisclosed-recipients:;", b"\xe2\x82\xac", b"\xed\xa0\x80",
    b" ", b"\t", b"x" * 300,
]  # fmt: skip
CHARSETS = ["utf-8", "us-ascii", "iso-8859-1", "x-nonsense", "utf-7", "", "utf-16"]
ENCODINGS = ["7bit", "8bit", "base64", "quoted-printable", "x-uuencode", "binary", "bogus"]

pieces = st.lists(st.one_of(st.sampled_from(NASTY), st.binary(max_size=12)), max_size=6).map(
    b"".join
)
addresses = st.one_of(
    st.just(b"Ana Lima <ana.lima@example.com>"),
    st.builds(lambda name, rest: name + b" <ana@example.com>" + rest, pieces, pieces),
    pieces,
)


@st.composite
def leaf(draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from(["text/plain", "text/html", "application/pdf", "message/rfc822"]))
    charset = draw(st.sampled_from(CHARSETS))
    head = (
        b"Content-Type: " + kind.encode() + (b"; charset=" + charset.encode() if charset else b"")
    )
    head += b"\r\nContent-Transfer-Encoding: " + draw(st.sampled_from(ENCODINGS)).encode()
    if draw(st.booleans()):
        head += b"\r\nContent-Disposition: attachment; filename*=" + draw(pieces)
    return head + b"\r\n\r\n" + draw(pieces) + b"\r\n"


@st.composite
def messages(draw: st.DrawFn) -> bytes:
    headers = [b"From: " + draw(addresses)]
    for name in (b"Subject", b"Message-ID", b"In-Reply-To", b"References", b"Date", b"To"):
        if draw(st.booleans()):
            headers.append(name + b": " + draw(pieces))
    if draw(st.booleans()):
        boundary = draw(st.sampled_from([b"XX", b"", b'"XX', b"X" * 80]))
        parts = draw(st.lists(leaf(), max_size=3))
        declared = draw(st.sampled_from([boundary, b"YY"]))
        headers.append(b"Content-Type: multipart/" + draw(st.sampled_from([b"mixed", b"alternative"]))
                       + b"; boundary=" + declared)  # fmt: skip
        body = b"".join(b"--" + boundary + b"\r\n" + p for p in parts)
        body += draw(st.sampled_from([b"--" + boundary + b"--\r\n", b""]))
    else:
        single = draw(leaf())
        head, _, body = single.partition(b"\r\n\r\n")
        headers.extend(head.split(b"\r\n"))
    return b"\r\n".join(headers) + b"\r\n\r\n" + body


@FUZZ
@given(raw=messages())
def test_any_message_is_parsed_into_storable_text_or_refused_as_invalid(raw: bytes) -> None:
    try:
        mail = parse_email(raw)
    except InvalidInput:  # anything else escaping fails the test
        return
    values = [mail.subject, mail.text, mail.html, mail.sender, mail.sender_name, mail.message_id]
    values += [a.filename for a in mail.attachments] + mail.references
    for value in values:
        assert "\x00" not in value
        value.encode("utf-8")  # no lone surrogates


@pytest.mark.xdist_group("inbound_fuzz")
@FUZZ
@given(raw=messages())
def test_malformed_mail_is_a_ticket_or_a_clear_4xx(
    raw: bytes, client: TestClient, agent_headers: dict[str, str]
) -> None:
    response = client.post(INBOUND, content=raw, headers=agent_headers | RFC822)

    assert response.status_code in (200, 201, 422), (response.status_code, response.text, raw)
    if response.status_code == 422:
        assert response.json()["error"]["code"] == "invalid_input"
