"""Posting one signed document to a subscriber's URL."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Protocol

import httpx

import opsdesk

SNIPPET = 200  # of a failed answer's body, kept in the error for the admin


@dataclass(frozen=True)
class Answer:
    status: int | None  # None: no HTTP answer at all (refused, timed out)
    latency_ms: int
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    def describe(self) -> str:
        if self.status is None:
            return f"no answer after {self.latency_ms} ms: {self.detail}"
        return f"HTTP {self.status} after {self.latency_ms} ms: {self.detail}".rstrip(": ")


class Poster(Protocol):
    def post(self, url: str, body: str, headers: dict[str, str]) -> Answer: ...


@dataclass
class HttpPoster:
    """Redirects are not followed (a 3xx is a failure): the subscriber's URL is the one
    the admin entered, and a redirect must not carry signed data elsewhere."""

    timeout: float = 10.0

    def post(self, url: str, body: str, headers: dict[str, str]) -> Answer:
        sent = {"Content-Type": "application/json", "User-Agent": f"OpsDesk/{opsdesk.__version__}"}
        started = time.perf_counter()
        try:
            response = httpx.post(
                url, content=body.encode(), headers=sent | headers, timeout=self.timeout,
                follow_redirects=False,
            )  # fmt: skip
        except httpx.HTTPError as exc:
            return Answer(None, _ms_since(started), f"{type(exc).__name__}: {exc}"[:SNIPPET])
        detail = "" if response.is_success else response.text[:SNIPPET]
        return Answer(response.status_code, _ms_since(started), detail)


def _ms_since(started: float) -> int:
    return round((time.perf_counter() - started) * 1000)
