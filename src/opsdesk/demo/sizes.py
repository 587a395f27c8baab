"""How big a generated store is."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StoreSize:
    name: str
    products: int
    customers: int
    orders: int
    days: int
    chunk_orders: int  # orders generated and written per batch (bounds memory)


SIZES: dict[str, StoreSize] = {
    # Tests: every table filled in a second or two.
    "tiny": StoreSize("tiny", 40, 150, 600, 120, 200),
    # `opsdesk demo`: a year of a small shop.
    "small": StoreSize("small", 200, 2_000, 6_000, 365, 2_000),
    "medium": StoreSize("medium", 600, 25_000, 100_000, 365, 10_000),
    # Benchmarks at scale: at least a million orders placed whatever the time of day
    # (the plan's orders after `now` on its last day are not placed yet).
    "large": StoreSize("large", 2_000, 200_000, 1_010_000, 365, 10_000),
}


def size_named(name: str) -> StoreSize:
    try:
        return SIZES[name]
    except KeyError:
        raise ValueError(f"unknown size {name!r}; choose one of {', '.join(SIZES)}") from None
