"""Alembic environment and revisions.

Hand-written revisions create objects the models do not describe (full-text search
tables, triggers and expression indexes of ``0002_ticket_search``); :func:`include_object`
keeps autogenerate and the schema test from reporting them as strays.
"""

from __future__ import annotations

from typing import Any

from opsdesk.support.search import SEARCH_INDEXES, SEARCH_TABLES

HAND_WRITTEN_PREFIXES: tuple[str, ...] = (*SEARCH_TABLES, *SEARCH_INDEXES)


def include_object(
    _object: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """False for database objects that only hand-written revisions create."""
    hand_written = bool(name) and str(name).startswith(HAND_WRITTEN_PREFIXES)
    return not (reflected and compare_to is None and hand_written)
