"""The ``opsdesk`` command. Each sub-module adds its commands to :data:`app`."""

from __future__ import annotations

from opsdesk.cli import (
    assistant,
    boxes,
    demand,
    evaluate,
    forecast,
    fx,
    importer,
    seed,
    server,
    staff,
    stock,
    support,
    tone,
    worker,
)
from opsdesk.cli.base import app


def main() -> None:
    app()


__all__ = [
    "app",
    "assistant",
    "boxes",
    "demand",
    "evaluate",
    "forecast",
    "fx",
    "importer",
    "main",
    "seed",
    "server",
    "staff",
    "stock",
    "support",
    "tone",
    "worker",
]
