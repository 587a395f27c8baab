"""Pure checks of what an admin asks for."""

from __future__ import annotations

from urllib.parse import urlsplit

from opsdesk.kernel.errors import InvalidInput
from opsdesk.webhooks.catalog import TOPIC_NAMES, unknown_topics

MAX_URL = 2000


def checked_url(url: str) -> str:
    """An absolute http(s) URL without credentials in it (they would show in the log)."""
    url = url.strip()
    parts = urlsplit(url)
    if len(url) > MAX_URL:
        raise InvalidInput(f"url: at most {MAX_URL} characters")
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise InvalidInput("url: an absolute http:// or https:// address is required")
    if parts.username or parts.password:
        raise InvalidInput("url: put no user name or password in it; requests are signed")
    return url


def checked_topics(topics: list[str]) -> list[str]:
    if not topics:
        raise InvalidInput("topics: choose at least one", details={"known": sorted(TOPIC_NAMES)})
    if unknown := unknown_topics(topics):
        raise InvalidInput(
            f"topics: unknown {', '.join(unknown)}", details={"known": sorted(TOPIC_NAMES)}
        )
    return sorted(set(topics))
