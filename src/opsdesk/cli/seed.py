"""seed: a generated, deterministic demo store (filled in by the demo-data work)."""

from __future__ import annotations


def seed_if_empty() -> None:
    """Seed the default demo store when the database has no orders yet."""
