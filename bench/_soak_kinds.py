"""What the soak test drives: one client loop per kind of traffic, each on its own
keep-alive ``http.client`` connection (cheap on the shared cores), counting answers.

A 2xx answer is a success, a 503 is load shed by admission control (counted apart),
anything else — another status, a dropped connection, a timeout — is an error.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import hmac
import http.client
import itertools
import json
import random
import re
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

SHOPIFY_ORDER = Path("/work/shared/data/shopify/order.json")
CSRF_FIELD = re.compile(r'name="csrf"\s+value="([^"]+)"')
CHAT_LINES = ("where is my order?", "what are your opening hours", "thank you")
VIEWS = ("open", "unassigned", "at_risk", "mine")


@dataclass
class Tally:
    """Answers of one kind: latencies of successes, shed and errors (with a few samples)."""

    latencies: list[float] = field(default_factory=list)
    shed: int = 0
    errors: int = 0
    samples: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def reset(self) -> None:
        with self.lock:
            self.latencies, self.shed, self.errors, self.samples = [], 0, 0, []

    def add(self, seconds: float, status: int, what: str) -> None:
        with self.lock:
            if 200 <= status < 400:
                self.latencies.append(seconds)
            elif status == 503:
                self.shed += 1
            else:
                self.errors += 1
                if len(self.samples) < 5:
                    self.samples.append(f"{status} {what}")


class Client:
    """One keep-alive connection; reconnects after a dropped one (counted as an error)."""

    def __init__(self, base: str, tally: Tally) -> None:
        parts = urlsplit(base)
        self.host, self.port, self.tally = parts.hostname or "127.0.0.1", parts.port or 80, tally
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        self.cookies: dict[str, str] = {}

    def call(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, bytes]:
        sent = dict(headers or {})
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        started = time.perf_counter()
        try:
            self.conn.request(method, path, body=body, headers=sent)
            response = self.conn.getresponse()
            data = response.read()
            status = response.status
            for header in response.headers.get_all("set-cookie") or []:
                name, _, rest = header.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        except (OSError, http.client.HTTPException) as exc:
            self.conn.close()
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
            status, data = 599, type(exc).__name__.encode()
        self.tally.add(time.perf_counter() - started, status, f"{method} {path} {data[:120]!r}")
        return status, data

    def json(self, method: str, path: str, body: Any, headers: dict[str, str]) -> Any:
        status, data = self.call(
            method, path, json.dumps(body).encode(), {"Content-Type": "application/json", **headers}
        )
        return json.loads(data) if 200 <= status < 300 else None


@dataclass(frozen=True)
class Store:
    """What the clients need to know of the seeded store."""

    token: str  # an admin API token
    agent: tuple[str, str]  # an agent's e-mail and password
    skus: list[str]
    order_ids: list[int]
    ticket_ids: list[int]
    shopify_secret: str


_numbers = itertools.count(1)


def _shopify_body(skus: list[str], rng: random.Random) -> bytes:
    order = copy.deepcopy(json.loads(SHOPIFY_ORDER.read_text())["order"])
    number = next(_numbers)
    order["id"] = 900_000_000 + number
    order["name"], order["order_number"] = f"#SOAK{number}", 50_000 + number
    for line, sku in zip(
        order["line_items"], rng.sample(skus, len(order["line_items"])), strict=True
    ):
        line["sku"], line["quantity"] = sku, 1
    return json.dumps(order).encode()


def webhook_loop(client: Client, store: Store, rng: random.Random) -> Callable[[], None]:
    def step() -> None:
        body = _shopify_body(store.skus, rng)
        digest = hmac.new(store.shopify_secret.encode(), body, hashlib.sha256).digest()
        headers = {
            "Content-Type": "application/json",
            "X-Shopify-Topic": "orders/create",
            "X-Shopify-Webhook-Id": str(uuid.uuid4()),
            "X-Shopify-Hmac-Sha256": base64.b64encode(digest).decode(),
        }
        client.call("POST", "/api/v1/webhooks/shopify", body, headers)

    return step


def chat_loop(client: Client, store: Store, rng: random.Random) -> Callable[[], None]:
    def step() -> None:
        chat = client.json("POST", "/api/v1/chat/sessions", {"store": "demo"}, {})
        if chat is None:
            return
        headers = {"X-Chat-Token": chat["token"]}
        for text in rng.sample(CHAT_LINES, 2):
            path = f"/api/v1/chat/sessions/{chat['id']}/messages"
            client.json("POST", path, {"text": text}, headers)

    return step


def agent_loop(client: Client, store: Store, rng: random.Random) -> Callable[[], None]:
    status, page = client.call("GET", "/login")
    found = CSRF_FIELD.search(page.decode())
    if status != 200 or found is None:
        raise RuntimeError(f"no login form: {status}")
    email, password = store.agent
    form = urlencode({"email": email, "password": password, "csrf": found.group(1)}).encode()
    status, _ = client.call(
        "POST", "/login", form, {"Content-Type": "application/x-www-form-urlencoded"}
    )
    if status != 303:
        raise RuntimeError(f"login failed: {status}")

    def step() -> None:
        client.call("GET", f"/workspace?view={rng.choice(VIEWS)}")
        client.call("GET", f"/workspace/tickets/{rng.choice(store.ticket_ids)}")

    return step


def order_loop(client: Client, store: Store, rng: random.Random) -> Callable[[], None]:
    headers = {"Authorization": f"Bearer {store.token}"}

    def step() -> None:
        client.call("GET", f"/api/v1/orders/{rng.choice(store.order_ids)}", headers=headers)

    return step


KINDS: dict[str, Callable[[Client, Store, random.Random], Callable[[], None]]] = {
    "shopify webhook": webhook_loop,
    "chat": chat_loop,
    "agent pages": agent_loop,
    "order read": order_loop,
}
