"""Cross-origin access for the chat API alone, for a shop that embeds the widget.

The widget (`/chat/widget.js`) runs on the shop's pages and calls `/api/v1/chat` on
OpsDesk's origin; a browser lets it only when the answer names the shop's origin
(CORS). Starlette's ``CORSMiddleware`` does the protocol (preflight, `Vary: Origin`);
this wrapper applies it to the chat API's paths only, so no other endpoint becomes
readable from another origin. No credentials: the chat authenticates by its own token
header, never by cookies.
"""

from __future__ import annotations

from collections.abc import Sequence

from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

CHAT_API_PREFIX = "/api/v1/chat"
CHAT_HEADERS = ("Content-Type", "X-Chat-Token")


class ChatCors:
    """ASGI middleware: CORS for ``/api/v1/chat…`` from ``origins``; other paths untouched."""

    def __init__(self, app: ASGIApp, origins: Sequence[str]) -> None:
        self.app = app
        self.cors = CORSMiddleware(
            app, allow_origins=list(origins), allow_methods=["GET", "POST"],
            allow_headers=list(CHAT_HEADERS), allow_credentials=False, max_age=600,
        )  # fmt: skip

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "")
        if scope["type"] == "http" and (
            path == CHAT_API_PREFIX or path.startswith(CHAT_API_PREFIX + "/")
        ):
            await self.cors(scope, receive, send)
        else:
            await self.app(scope, receive, send)
