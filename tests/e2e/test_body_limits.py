"""Request bodies are bounded per endpoint before they are read (issue #15, item 7).

Through the app: a declared ``Content-Length`` over the route's limit and a chunked body
that grows past it are both 413, and nothing is stored. Under uvicorn on loopback: a
100 MB upload is answered while almost all of it is still unsent, and the app is handed
no more than the limit.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
import uvicorn
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from opsdesk import orders
from opsdesk.app import create_app
from opsdesk.config import Settings
from opsdesk.integrations.models import WebhookReceipt
from tests.e2e.test_webhooks_api import SHOPIFY, signed_headers, stock_shopify_order
from tests.factories.customers import customer_payload
from tests.factories.support import raw_email
from tests.support.smtp import free_port

MB = 1024 * 1024
JSON = {"Content-Type": "application/json"}


def _chunks(total: int, size: int = 64 * 1024) -> Iterator[bytes]:
    """A body sent without Content-Length (chunked), ``total`` bytes in all."""
    for start in range(0, total, size):
        yield b" " * min(size, total - start)


def _receipts(factory: sessionmaker[Session]) -> int:
    with factory() as session:
        return session.scalar(sa.select(sa.func.count()).select_from(WebhookReceipt)) or 0


def test_an_oversized_webhook_is_413_before_its_signature_is_even_checked(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    declared = client.post(SHOPIFY, content=b"{" + b" " * (3 * MB), headers=JSON)
    chunked = client.post(SHOPIFY, content=_chunks(3 * MB), headers=JSON)

    assert declared.status_code == 413, declared.text
    assert chunked.status_code == 413, chunked.text
    assert chunked.request.headers["transfer-encoding"] == "chunked"
    error = chunked.json()["error"]
    assert error["code"] == "content_too_large"
    assert str(2 * MB) in error["message"]
    assert _receipts(session_factory) == 0


def test_a_large_signed_order_under_the_webhook_limit_is_still_processed(
    client: TestClient, shared_data: Path, session_factory: sessionmaker[Session]
) -> None:
    """1.5 MB is over the default limit of the API, but within the webhooks' own."""
    stock_shopify_order(session_factory, 20)
    order = json.loads((shared_data / "shopify" / "order.json").read_text())["order"]
    order["note"] = "x" * (3 * MB // 2)
    body = json.dumps(order).encode()

    response = client.post(SHOPIFY, content=body, headers=signed_headers(body))

    assert response.status_code == 200, response.text[:300]
    with session_factory() as session:
        assert orders.read_order(session, response.json()["order_id"]).number == "1001"


def test_the_anonymous_chat_and_tracking_form_take_only_small_bodies(
    client: TestClient,
) -> None:
    padded_chat = b'{"store": ""' + b" " * (20 * 1024) + b"}"
    chat = client.post("/api/v1/chat/sessions", content=padded_chat, headers=JSON)
    streamed_chat = client.post("/api/v1/chat/sessions", content=_chunks(MB), headers=JSON)
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    track = client.post("/track", content=b"number=1001&email=" + b"a" * (100 * 1024), headers=form)

    assert chat.status_code == 413
    assert streamed_chat.status_code == 413
    assert streamed_chat.json()["error"]["code"] == "content_too_large"
    assert track.status_code == 413
    small = client.post("/api/v1/chat/sessions", json={"store": ""})
    assert small.status_code == 201, small.text


def test_other_endpoints_have_the_configurable_default(
    settings: Settings, engine: Engine, admin_headers: dict[str, str]
) -> None:
    app = create_app(settings.model_copy(update={"max_body_bytes": 64 * 1024}), engine=engine)
    with TestClient(app, raise_server_exceptions=False) as client:
        big = client.post("/api/v1/customers", headers=admin_headers | JSON,
                          content=_chunks(65 * 1024))  # fmt: skip
        small = client.post("/api/v1/customers", headers=admin_headers, json=customer_payload())

    assert big.status_code == 413
    assert big.json()["error"]["message"].endswith("the 65536 bytes this endpoint accepts")
    assert small.status_code == 201, small.text


def test_inbound_email_takes_large_messages_up_to_its_own_configurable_limit(
    settings: Settings, engine: Engine, agent_headers: dict[str, str]
) -> None:
    photo = ("photo.jpg", "image/jpeg", b"\xff\xd8" + b"1" * (2 * MB))
    message = raw_email(attachment=photo)
    rfc822 = agent_headers | {"Content-Type": "message/rfc822"}
    with TestClient(create_app(settings, engine=engine)) as client:
        accepted = client.post("/api/v1/inbound/email", content=message, headers=rfc822)
    tight = settings.model_copy(update={"max_inbound_email_bytes": MB})
    with TestClient(create_app(tight, engine=engine), raise_server_exceptions=False) as client:
        refused = client.post("/api/v1/inbound/email", content=message, headers=rfc822)

    assert accepted.status_code == 201, accepted.text
    assert refused.status_code == 413


class _BodyMeter:
    """ASGI wrapper counting the body bytes the server hands to the app."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.received = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def counted() -> Message:
            message = await receive()
            self.received += len(message.get("body", b""))
            return message

        await self.app(scope, counted, send)


@contextmanager
def _uvicorn(app: ASGIApp) -> Iterator[int]:
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=free_port(), log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    try:
        yield server.config.port
    finally:
        server.should_exit = True
        thread.join(10)


def _upload(port: int, head: bytes, body: Iterator[bytes]) -> tuple[bytes, int]:
    """Send ``head`` then ``body`` until the server answers; (answer, body bytes sent)."""
    sent = 0
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(head)
        sock.setblocking(False)
        for chunk in body:
            try:
                answer = sock.recv(4096)
            except BlockingIOError:
                answer = b""
            if answer:
                return _rest_of(sock, answer), sent
            try:
                sent += sock.send(chunk)
            except BlockingIOError:
                time.sleep(0.01)
            except (BrokenPipeError, ConnectionResetError):
                break
        return _rest_of(sock, b""), sent


def _rest_of(sock: socket.socket, answer: bytes) -> bytes:
    """The whole answer (headers and a short body) once its first bytes are in."""
    sock.settimeout(10)
    while not _complete(answer):
        more = sock.recv(4096)
        if not more:
            break
        answer += more
    return answer


def _complete(answer: bytes) -> bool:
    head, found, body = answer.partition(b"\r\n\r\n")
    length = re.search(rb"(?im)^content-length: *(\d+)", head)
    return bool(found and length and len(body) >= int(length.group(1)))


@pytest.fixture
def metered(settings: Settings, engine: Engine) -> Iterator[tuple[_BodyMeter, int]]:
    meter = _BodyMeter(create_app(settings, engine=engine))
    with _uvicorn(meter) as port:
        yield meter, port


def test_a_100_mb_upload_is_refused_before_it_is_sent(
    metered: tuple[_BodyMeter, int],
) -> None:
    meter, port = metered
    head = (f"POST {SHOPIFY} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Content-Length: {100 * MB}\r\n\r\n").encode()  # fmt: skip

    answer, sent = _upload(port, head, _chunks(100 * MB))

    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert sent < 20 * MB  # only what the sockets' buffers took before the answer came
    assert meter.received <= 64 * 1024  # the app read nothing of it


def test_a_chunked_upload_is_cut_off_at_the_route_limit(
    metered: tuple[_BodyMeter, int],
) -> None:
    meter, port = metered
    head = (b"POST /api/v1/chat/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")  # fmt: skip
    piece = b" " * 4096
    framed = (b"%x\r\n%s\r\n" % (len(piece), piece) for _ in range(100 * MB // len(piece)))

    answer, sent = _upload(port, head, framed)

    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert b"content_too_large" in answer
    assert sent < 20 * MB
    # the 16 KiB limit plus what uvicorn had buffered for the reads (64 KiB each) around it
    assert meter.received < 256 * 1024
