"""JSON logs: one object per line, each with the request id of the work it belongs to.

The standard library's loggers stay the API (``logging.getLogger("opsdesk.x")``, and
uvicorn's own); structlog's ``ProcessorFormatter`` only renders their records, so no
module needs to know the format. The configuration is a ``dictConfig`` dict, the form
uvicorn applies in each of its worker processes (``serve --workers``).
"""

from __future__ import annotations

import logging
import logging.config
from typing import Any

import structlog
from structlog.typing import EventDict, WrappedLogger

from opsdesk.kernel import request_id

FORMATS = ("json", "text")
_ACCESS_FIELDS = ("client", "method", "path", "http_version", "status")


def add_request_id(_logger: WrappedLogger, _method: str, event: EventDict) -> EventDict:
    rid = request_id.current()
    if rid is not None:
        event.setdefault("request_id", rid)
    return event


def access_fields(_logger: WrappedLogger, _method: str, event: EventDict) -> EventDict:
    """uvicorn's access line as fields (path already redacted by ``web.access_log``);
    other records' arguments are in their message already."""
    args = event.pop("positional_args", None)
    record = event.get("_record")
    is_access = record is not None and record.name == "uvicorn.access"
    if is_access and isinstance(args, tuple) and len(args) == len(_ACCESS_FIELDS):
        event.update(zip(_ACCESS_FIELDS, args, strict=True))
    return event


def _pre_chain() -> list[Any]:
    return [
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True, key="ts"),
        add_request_id,
        access_fields,
    ]


def json_formatter() -> logging.Formatter:
    """Referenced by name from the dictConfig (``"()"``), so each process builds its own."""
    return structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=_pre_chain(),
        pass_foreign_args=True,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(),
        ],
    )


def text_formatter() -> logging.Formatter:
    return structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=_pre_chain(),
        pass_foreign_args=True,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.dev.ConsoleRenderer(colors=False),
        ],
    )


def config(fmt: str = "json", level: str = "INFO") -> dict[str, Any]:
    """A ``logging.config.dictConfig`` for the web process (as uvicorn's ``log_config``) and
    the worker: everything to stderr through one handler, uvicorn's loggers included."""
    if fmt not in FORMATS:
        raise ValueError(f"log format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    handler = {"class": "logging.StreamHandler", "formatter": fmt, "stream": "ext://sys.stderr"}
    quiet = {"handlers": [], "propagate": True}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {"()": "opsdesk.kernel.logs.json_formatter"},
            "text": {"()": "opsdesk.kernel.logs.text_formatter"},
        },
        "handlers": {"default": handler},
        "root": {"handlers": ["default"], "level": level},
        "loggers": {
            "uvicorn": quiet,
            "uvicorn.error": quiet,
            "uvicorn.access": quiet,
            # "Context impl SQLiteImpl." on every readiness probe is noise.
            "alembic": {"level": "WARNING"},
        },
    }


def configure(fmt: str = "json", level: str = "INFO") -> None:
    """For processes that do not hand the config to uvicorn (the worker)."""
    logging.config.dictConfig(config(fmt, level))
