"""Signed customer links stay out of the access log.

A tracking link (``/t/<token>``) opens an order for a year, a survey or invoice link its
own page: whoever reads the log could open them. The filter keeps the path's shape and
the first characters of the token (enough to tell two requests apart), nothing more.
"""

from __future__ import annotations

import logging
import re

# The routes whose path carries a signed token (web/portal, web/survey, web/chat).
_TOKEN_PATH = re.compile(r"^(/t/|/survey/|/chat/invoice/)([^/?#]+)")
SHOWN = 6


def redact(path: str) -> str:
    """``/t/eyJvIjo…xyz/returns?lang=de`` → ``/t/eyJvIj…[redacted]/returns?lang=de``."""
    return _TOKEN_PATH.sub(lambda m: f"{m.group(1)}{m.group(2)[:SHOWN]}…[redacted]", path)


class RedactTokens(logging.Filter):
    """For ``uvicorn.access`` records: (client, method, path, http version, status)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], redact(args[2]), *args[3:])
        return True


def install() -> None:
    """Add the filter to uvicorn's access logger once per process."""
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, RedactTokens) for f in access.filters):
        access.addFilter(RedactTokens())
