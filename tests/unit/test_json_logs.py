"""Log lines are JSON objects carrying the request id; request ids are checked."""

from __future__ import annotations

import json
import logging

import pytest

from opsdesk.kernel import logs, request_id
from opsdesk.web.access_log import RedactTokens


def render(record: logging.LogRecord) -> dict[str, object]:
    line = logs.json_formatter().format(record)
    assert "\n" not in line
    parsed: dict[str, object] = json.loads(line)
    return parsed


def record(name: str, msg: str, *args: object, level: int = logging.INFO) -> logging.LogRecord:
    return logging.LogRecord(name, level, __file__, 1, msg, args, None)


@pytest.mark.parametrize(
    "offered", ["0b5e6f5a2c1d4e3f9a8b7c6d5e4f3a2b", "req-2026.12.07:abc", "trace=ab/cd+ef@lb-1"]
)
def test_a_plain_request_id_from_the_caller_is_kept(offered: str) -> None:
    assert request_id.accept(offered) == offered


@pytest.mark.parametrize(
    "offered", [None, "", "short", "has spaces in it", 'quote"injection"here', "x" * 129,
                "line\nbreak-forged-field", "ünïcödé-request-id"],
)  # fmt: skip
def test_an_odd_request_id_is_replaced_by_a_fresh_one(offered: str | None) -> None:
    fresh = request_id.accept(offered)
    assert fresh != offered
    assert len(fresh) == 32
    assert int(fresh, 16) >= 0


def test_a_line_is_one_json_object_with_level_logger_time_and_request_id() -> None:
    with request_id.bound("req-0123456789"):
        line = render(record("opsdesk.orders", "order %s placed", "SO-1001"))
    assert line["event"] == "order SO-1001 placed"
    assert line["level"] == "info"
    assert line["logger"] == "opsdesk.orders"
    assert line["request_id"] == "req-0123456789"
    assert str(line["ts"]).endswith("Z")


def test_work_outside_a_request_has_no_request_id() -> None:
    assert "request_id" not in render(record("opsdesk.worker", "worker started"))


def test_an_exception_is_rendered_into_the_same_line() -> None:
    try:
        raise ValueError("carrier said no")
    except ValueError:
        import sys

        failed = logging.LogRecord(
            "opsdesk.x", logging.ERROR, __file__, 1, "boom", (), sys.exc_info()
        )
    line = render(failed)
    assert line["level"] == "error"
    assert "ValueError: carrier said no" in str(line["exception"])


def test_access_lines_become_fields_with_signed_links_redacted() -> None:
    access = record(
        "uvicorn.access", '%s - "%s %s HTTP/%s" %d',
        "203.0.113.9:5000", "GET", "/t/eyJvIjoxMjM0NTZ9.signature/returns", "1.1", 200,
    )  # fmt: skip
    RedactTokens().filter(access)
    line = render(access)
    assert line["method"] == "GET"
    assert line["status"] == 200
    assert line["path"] == "/t/eyJvIj…[redacted]/returns"
    assert "signature" not in json.dumps(line)


def test_the_logging_config_names_only_known_formats() -> None:
    with pytest.raises(ValueError, match="json, text"):
        logs.config("xml")
    conf = logs.config("text", "WARNING")
    assert conf["handlers"]["default"]["formatter"] == "text"
    assert conf["root"]["level"] == "WARNING"
