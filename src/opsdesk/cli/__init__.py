"""The ``opsdesk`` command. Each sub-module adds its commands to :data:`app`."""

from __future__ import annotations

from opsdesk.cli import evaluate, seed, server, staff
from opsdesk.cli.base import app


def main() -> None:
    app()


__all__ = ["app", "evaluate", "main", "seed", "server", "staff"]
