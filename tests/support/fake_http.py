"""A tiny real HTTP server on a loopback port for fakes of outside APIs (EasyPost, Shopify).

The adapters under test talk real HTTP to it through their real clients; the fake records
every request and answers from a Python function, so a test states what the outside
system says and checks what it was sent.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: Any


@dataclass
class Answer:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


Responder = Callable[[Call], Answer]


class _Handler(BaseHTTPRequestHandler):
    responder: Responder
    calls: list[Call]

    def log_message(self, format: str, *args: Any) -> None:  # quiet test output
        pass

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        parts = urlsplit(self.path)
        call = Call(
            self.command, parts.path, parse_qs(parts.query),
            {k.lower(): v for k, v in self.headers.items()},
            json.loads(raw) if raw else None,
        )  # fmt: skip
        self.calls.append(call)
        answer = self.responder(call)
        if answer.delay:
            threading.Event().wait(answer.delay)
        payload = b"" if answer.body is None else json.dumps(answer.body).encode()
        self.send_response(answer.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        for key, value in answer.headers.items():
            self.send_header(key, value)
        self.end_headers()
        with suppress(BrokenPipeError, ConnectionResetError):  # the client timed out, left
            self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_DELETE = _serve


@contextmanager
def serve(responder: Responder, calls: list[Call]) -> Iterator[str]:
    """Run the fake until the block ends; yields its root URL (http://127.0.0.1:PORT)."""
    handler = type("Handler", (_Handler,), {"responder": staticmethod(responder), "calls": calls})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
