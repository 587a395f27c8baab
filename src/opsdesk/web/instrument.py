"""Every request gets an id (``X-Request-ID``) and is counted and timed by route.

A pure ASGI middleware, outermost, so the id is bound before anything logs and the
count includes answers that other middleware gave (a 413, a 503 from admission
control). The route label is the matched template (``/api/v1/orders/{order_id}``), not
the path: labels stay few whatever callers send, and no order number or token ends up
in the metrics.
"""

from __future__ import annotations

import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from opsdesk.kernel import request_id
from opsdesk.kernel.metrics import metrics

UNMATCHED = "<unmatched>"
_HEADER = request_id.HEADER.lower().encode("latin-1")


def route_label(scope: Scope) -> str:
    """The template of the route that answered, with its router's prefix.

    FastAPI (0.137 and later) puts the included route itself in ``scope["route"]``,
    without the prefix it was included under; the prefixed template is in its own part
    of the scope. Read defensively: a FastAPI that lacks it still gives the route's."""
    fastapi_scope = scope.get("fastapi")
    context = (
        fastapi_scope.get("effective_route_context") if isinstance(fastapi_scope, dict) else None
    )
    for candidate in (context, scope.get("route")):
        template = getattr(candidate, "path_format", None)
        if isinstance(template, str) and template:
            return template
    return UNMATCHED


def _offered_id(scope: Scope) -> str | None:
    for name, value in scope.get("headers", ()):
        if name == _HEADER:
            return bytes(value).decode("latin-1")
    return None


class Instrument:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = request_id.accept(_offered_id(scope))
        status = 500  # what the client sees when the app fails before answering
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", ()))
                headers.append((_HEADER, rid.encode("latin-1")))
                message = {**message, "headers": headers}
            await send(message)

        with request_id.bound(rid):
            try:
                await self.app(scope, receive, send_with_id)
            finally:
                _count(scope, status, time.perf_counter() - started)


def _count(scope: Scope, status: int, seconds: float) -> None:
    m = metrics()
    method, route = scope.get("method", "GET"), route_label(scope)
    m.requests.labels(method, route, str(status)).inc()
    m.request_seconds.labels(method, route).observe(seconds)
