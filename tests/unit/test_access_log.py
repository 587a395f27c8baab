"""Signed customer links are redacted in the access log."""

from __future__ import annotations

import logging

import pytest

from opsdesk.web.access_log import RedactTokens, redact

TOKEN = "eyJvIjo0Mn0.Z3xYkQ.abcdefghijklmnopqrstuvwxyz"


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        (f"/t/{TOKEN}", "/t/eyJvIj…[redacted]"),
        (f"/t/{TOKEN}/returns?lang=de", "/t/eyJvIj…[redacted]/returns?lang=de"),
        (f"/survey/{TOKEN}/thanks", "/survey/eyJvIj…[redacted]/thanks"),
        (f"/chat/invoice/{TOKEN}", "/chat/invoice/eyJvIj…[redacted]"),
        ("/track?lang=de", "/track?lang=de"),
        ("/workspace/tickets/12", "/workspace/tickets/12"),
    ],
)
def test_paths_with_tokens_keep_their_shape_not_their_token(path: str, shown: str) -> None:
    assert redact(path) == shown


def test_the_filter_rewrites_uvicorns_access_record() -> None:
    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", f"/t/{TOKEN}", "1.1", 200), None,
    )  # fmt: skip
    assert RedactTokens().filter(record) is True
    assert TOKEN not in record.getMessage()
    assert '"GET /t/eyJvIj…[redacted] HTTP/1.1" 200' in record.getMessage()
