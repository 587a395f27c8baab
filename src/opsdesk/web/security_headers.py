"""Security headers on every response: a Content-Security-Policy, no framing, no sniffing,
no full URLs in the ``Referer``.

Pages (HTML) get a policy allowing only the app's own scripts, styles, images, fonts and
calls: no inline script or style, no ``eval`` (htmx is configured without it in
``base.html``), no plugins, forms posting only to the app, and no framing by anyone
(``frame-ancestors 'none'`` and ``X-Frame-Options: DENY``, so a page cannot be laid under
another site's clicks). Anything else — JSON, the chat API, static files — gets
``default-src 'none'``: it is data, never a document to run. A route that sets its own
policy keeps it (the API docs, which need their inline start-up scripts by hash).

The chat widget runs on the shop's pages, another origin: its script and stylesheet say
``Cross-Origin-Resource-Policy: cross-origin`` so they load there, and its API answers
by CORS (``chat.cors``); none of that makes a page of the workspace framable.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

PAGE_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))  # fmt: skip
DATA_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
EMBEDDABLE = ("/chat/widget.js", "/chat/widget.css")
HSTS = "max-age=31536000"

ALWAYS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


def headers_for(path: str, content_type: str, *, https: bool) -> dict[str, str]:
    """The headers a response to ``path`` of ``content_type`` gets when it has none."""
    html = content_type.split(";")[0].strip().lower() == "text/html"
    chosen = ALWAYS | {"Content-Security-Policy": PAGE_POLICY if html else DATA_POLICY}
    if path in EMBEDDABLE:
        chosen["Cross-Origin-Resource-Policy"] = "cross-origin"
    if https:
        chosen["Strict-Transport-Security"] = HSTS
    return chosen


class SecurityHeaders:
    """ASGI middleware adding ``headers_for`` to every HTTP response that lacks them."""

    def __init__(self, app: ASGIApp, *, https: bool = False) -> None:
        self.app = app
        self.https = https

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                wanted = headers_for(path, headers.get("content-type", ""), https=self.https)
                for name, value in wanted.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)
