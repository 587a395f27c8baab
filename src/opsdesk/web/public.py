"""Helpers shared by the pages customers open without logging in (tracking, surveys)."""

from __future__ import annotations

from datetime import datetime

from fastapi import Request

from opsdesk.config import Settings
from opsdesk.kernel.clock import Clock, system_clock

# Pages behind a signed link: never cached, never indexed, and the token never leaks
# to the sites they link to (a carrier's tracking page) through the Referer header.
PRIVATE_HEADERS = {
    "Cache-Control": "private, no-store",
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex, nofollow",
}


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def now_of(request: Request) -> datetime:
    """The app's clock when a test or simulation set one, else the system clock."""
    clock: Clock = getattr(request.app.state, "clock", None) or system_clock
    return clock()


def accepted_language(request: Request) -> str | None:
    """The browser's first preferred language (``Accept-Language``), if it sent one."""
    first = request.headers.get("accept-language", "").split(",")[0].split(";")[0].strip()
    return first or None
